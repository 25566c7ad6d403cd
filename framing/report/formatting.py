"""How a report shows its tables: human column labels, one number format per measure, no index
column, long tables capped with a link to the full file, and every user string escaped.

>>> label("cooperation_per_1k")
'cooperation, hits per 1,000 tokens'
>>> number("security_share", 0.375), number("p_holm", 0.0004), number("n", 12.0)
('0.38', '0.0004', '12')
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd

from framing.columns import split_measure

# Column labels a reader understands; measure columns (`<frame>_<kind>`) are labelled by :func:`label`.
LABELS = {
    "group_a": "group a", "group_b": "group b", "measure": "measure", "n": "n", "n_a": "n (a)", "n_b": "n (b)",
    "mean": "mean", "ci_low": "interval low", "ci_high": "interval high", "method": "interval method",
    "mean_a": "mean (a)", "mean_b": "mean (b)", "diff": "difference a − b", "p_value": "p (permutation)",
    "p_holm": "p (Holm-adjusted)", "cliffs_delta": "Cliff's delta", "smd": "Hedges' g",
    "significant": "significant", "entry": "entry left out", "hits_removed": "hits removed",
    "diff_full": "difference, full lexicon", "p_full": "p (Holm), full lexicon", "sign_flips": "sign flips",
    "significance_changes": "significance changes", "term": "term", "count_a": "count (a)",
    "count_b": "count (b)", "rate_a": "per 1,000 tokens (a)", "rate_b": "per 1,000 tokens (b)",
    "log_odds": "log-odds ratio", "z": "z", "n_tokens": "tokens", "n_sentences": "sentences",
    "sentiment": "article tone", "dominant_frame": "dominant frame", "actor": "actor", "kind": "kind",
    "frame": "frame", "n_actor_sentences": "sentences naming the actor", "share": "share", "tone": "tone",
    "period": "period", "value": "value", "articles": "articles", "words": "words", "first": "first date",
    "last": "last date", "group": "group",
}
KIND_LABELS = {"per_1k": "hits per 1,000 tokens", "per_1k_pooled": "hits per 1,000 tokens (pooled)",
               "share": "share of sentences", "tone": "tone of frame sentences", "hits": "weighted hits"}
# Decimal places by kind of number; counts are whole numbers; p-values get 4 places so small ones show.
DECIMALS = {"per_1k": 1, "per_1k_pooled": 1, "share": 2, "tone": 2, "sentiment": 2, "hits": 1,
            "p_value": 4, "p_holm": 4, "p_full": 4, "z": 2, "log_odds": 2, "cliffs_delta": 2, "smd": 2,
            "rate_a": 1, "rate_b": 1}
COUNTS = {"n", "n_a", "n_b", "count_a", "count_b", "hits_removed", "n_tokens", "n_sentences",
          "n_actor_sentences", "articles", "words"}


def label(column: str) -> str:
    """A human label for a column or measure name."""
    if column in LABELS:
        return LABELS[column]
    frame, kind = split_measure(str(column))
    if frame is not None and kind in KIND_LABELS:
        return f"{frame}, {KIND_LABELS[kind]}"
    return str(column).replace("_", " ")


def decimals(column: str, measure: str | None = None) -> int:
    """Decimal places for ``column``; value columns (mean, diff, …) take those of their ``measure``."""
    if column in DECIMALS:
        return DECIMALS[column]
    kind = split_measure(measure or column)[1]
    return DECIMALS.get(kind, 2)


def number(column: str, value: Any, measure: str | None = None) -> str:
    """``value`` written in the one format of ``column`` (and its ``measure``): fixed decimals, never
    e-notation; counts as whole numbers; missing values as an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, (bool,)) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")) == "bool"):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        return value
    if column in COUNTS or isinstance(value, (int, np.integer)):
        return f"{int(round(float(value))):,}"
    places = decimals(column, measure)
    text = f"{float(value):,.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text.replace(",", "")) == 0 else text


def formatted(table: pd.DataFrame, measure_column: str | None = "measure") -> pd.DataFrame:
    """A copy of ``table`` as text: numbers formatted per column (and per row's measure), human labels."""
    out = {}
    measures = table[measure_column] if measure_column in table.columns else None
    for column in table.columns:
        values = table[column]
        if pd.api.types.is_bool_dtype(values):
            out[label(column)] = ["yes" if v else "no" for v in values]
        elif column == measure_column:
            out[label(column)] = [label(v) for v in values]
        elif pd.api.types.is_numeric_dtype(values):
            row_measures = measures if measures is not None else [None] * len(values)
            out[label(column)] = [number(column, v, m) for v, m in zip(values, row_measures)]
        else:
            out[label(column)] = [number(column, v) for v in values]
    return pd.DataFrame(out)


def table_html(table: pd.DataFrame, limit: int | None = 20, full: str | None = None,
               measure_column: str | None = "measure") -> str:
    """An HTML table of the first ``limit`` rows (numbers formatted, human labels, no index, text
    escaped) with a note and a link to ``full`` (the file with every row) when rows were left out.

    >>> page = table_html(pd.DataFrame({"outlet": ["<b>"], "n": [3]}))
    >>> "<td>&lt;b&gt;</td>" in page and "<th>outlet</th>" in page
    True
    """
    if table.empty:
        return "<p><em>No rows.</em></p>"
    shown = table if limit is None else table.head(limit)
    body = formatted(shown, measure_column).to_html(index=False, escape=True, border=0, classes="framing-table")
    if limit is not None and len(table) > limit:
        where = f' The full table: <a href="{html.escape(full)}">{html.escape(full)}</a>.' if full else ""
        body += f"<p><em>The first {limit} of {len(table):,} rows.{where}</em></p>"
    elif full:
        body += f'<p><em>As a file: <a href="{html.escape(full)}">{html.escape(full)}</a>.</em></p>'
    return body


def paragraph(text: str) -> str:
    """``text`` (plain, user strings included) as an escaped HTML paragraph."""
    return f"<p>{html.escape(text)}</p>"


def bullets(items: list[str]) -> str:
    """Plain strings as an escaped HTML list."""
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
