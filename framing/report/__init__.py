"""The report of one article set. This module is the contract between a report notebook and
``framing batch``: the headline summary (``summary.json``) and the atomic writing of the tables.
:mod:`framing.report.build` computes a report once (``framing.build_report``),
:mod:`framing.report.sections` builds its sections and :mod:`framing.report.formatting` formats its
tables and numbers.

A report notebook calls :func:`set_summary` once and :func:`write_outputs` once (``Report.write``
does both); ``framing batch`` stacks the ``rows`` of every set's ``summary.json`` into one table.

>>> import pandas as pd
>>> profile = pd.DataFrame({"outlet": ["A", "A"], "measure": ["risk_per_1k", "risk_share"], "n": [3, 3],
...                         "mean": [12.0, 0.5], "ci_low": [8.0, 0.3], "ci_high": [15.0, 0.7]})
>>> summary_rows(profile, "outlet")[0]["per_1k"]
12.0
"""

from __future__ import annotations

import html
import io
import json
import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from framing.columns import split_measure
from framing.errors import FramingError
from framing.files import install_folder
from framing.report.formatting import label
from framing.uncovered import no_lexicon_note, no_tone_note

SUMMARY_FILE = "summary.json"
# No creation date or software version in saved figures, so the same report gives the same files.
_FIGURE_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), 4)


def summary_rows(profile: pd.DataFrame, group_by: str) -> list[dict[str, Any]]:
    """One record per group and frame from a :func:`framing.compare` table of ``f_per_1k``,
    ``f_share`` and ``f_tone`` measures: ``group``, ``frame``, ``n``, ``per_1k`` (+ ``_low``/``_high``),
    ``share``, ``tone``."""
    table = profile.copy()
    parts = table["measure"].map(split_measure)
    table["frame"], table["kind"] = parts.str[0], parts.str[1]
    rows = []
    for (group, frame), part in table.dropna(subset=["frame"]).groupby([group_by, "frame"], sort=False):
        values = part.set_index("kind")
        if "per_1k" not in values.index:
            continue
        rows.append({
            "group": str(group), "frame": frame, "n": int(values.loc["per_1k", "n"]),
            "per_1k": _number(values.loc["per_1k", "mean"]),
            "per_1k_low": _number(values.loc["per_1k", "ci_low"]),
            "per_1k_high": _number(values.loc["per_1k", "ci_high"]),
            "share": _number(values["mean"].get("share")),
            "tone": _number(values["mean"].get("tone")),
        })
    return rows


def headlines(rows: list[dict[str, Any]], contrasts: pd.DataFrame | None = None, ci: float = 0.95,
              notes: Mapping[str, str] | None = None) -> list[str]:
    """Short sentences for an index page: each group's leading frame, and the clearest contrast.
    ``notes`` says, per group, which articles no lexicon covers (``"no lexicon for: cs (1)"``): a
    group without measures says that, never "no frame evoked".

    >>> headlines([{"group": "A", "frame": "risk", "per_1k": 12.0, "per_1k_low": 8.0, "per_1k_high": 15.0}])
    ['A leans on risk (12.0 per 1,000 tokens, 95% CI 8.0–15.0)']
    >>> headlines([{"group": "B", "frame": "risk", "per_1k": None}], notes={"B": "no lexicon for: cs (2)"})
    ['B: no lexicon for: cs (2)']
    """
    notes = notes or {}
    lines = []
    by_group: dict[str, list[dict]] = {}
    for row in rows:
        by_group.setdefault(row["group"], []).append(row)
    for group, items in by_group.items():
        best = max(items, key=lambda r: -1 if r["per_1k"] is None else r["per_1k"])
        note = notes.get(group)
        if best["per_1k"] is None:
            lines.append(f"{group}: {note or 'no measures (no text)'}")
            continue
        left_out = f"; left out, {note}" if note else ""
        if not best["per_1k"]:
            lines.append(f"{group}: no frame evoked{left_out}")
            continue
        low, high = best.get("per_1k_low"), best.get("per_1k_high")
        interval = f", {ci:.0%} CI {low:.1f}–{high:.1f}" if low is not None and high is not None else ""
        lines.append(f"{group} leans on {best['frame']} ({best['per_1k']:.1f} per 1,000 tokens{interval}){left_out}")
    if contrasts is not None and len(contrasts):
        top = contrasts.sort_values(["p_holm", "p_value"]).iloc[0]
        verdict = "holds" if bool(top["significant"]) else "does not hold"
        lines.append(f"Clearest contrast: {top['group_a']} vs {top['group_b']} on {label(top['measure'])} "
                     f"(difference {top['diff']:.2f}, Holm-adjusted p = {top['p_holm']:.3f}: {verdict} "
                     f"after adjustment for {len(contrasts)} comparisons)")
    return lines


def set_summary(articles: pd.DataFrame, profile: pd.DataFrame, *, name: str, title: str, group_by: str,
                contrasts: pd.DataFrame | None = None, provenance: Mapping[str, Any] | None = None,
                ci: float = 0.95, scores: pd.DataFrame | None = None) -> dict[str, Any]:
    """The ``summary.json`` content of one report: counts, dates, headline figures, rows, provenance;
    with ``scores``, also ``no_lexicon`` and ``no_tone`` (which articles have no frame measures or
    no tone, and why), per group in the headlines."""
    dates = pd.to_datetime(articles["date"], errors="coerce") if "date" in articles else pd.Series(dtype="datetime64[ns]")
    rows = summary_rows(profile, group_by)
    notes: dict[str, str] = {}
    if scores is not None and group_by in scores:
        for group, part in scores.groupby(group_by, sort=False):
            note = no_lexicon_note(part)
            if note:
                notes[str(group)] = note
    return {
        "article_set": name,
        "title": title,
        "group_by": group_by,
        "n_articles": int(len(articles)),
        "n_groups": int(articles[group_by].nunique()) if group_by in articles else 0,
        "date_min": None if dates.dropna().empty else dates.min().strftime("%Y-%m-%d"),
        "date_max": None if dates.dropna().empty else dates.max().strftime("%Y-%m-%d"),
        "headline": headlines(rows, contrasts, ci, notes) + [n for n in [None if scores is None else no_tone_note(scores)] if n],
        "no_lexicon": None if scores is None else no_lexicon_note(scores),
        "no_tone": None if scores is None else no_tone_note(scores),
        "rows": rows,
        "provenance": dict(provenance or {}),
    }


def figure_png(figure) -> bytes:
    """``figure`` as the PNG a report writes (150 dpi, no software stamp)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata=_FIGURE_METADATA["png"])
    return buffer.getvalue()


def _save_png_and_svg(figure, stem: Path, png: bytes | None = None) -> None:
    """``stem.png`` (``png`` when the figure was rendered already) and ``stem.svg`` of a figure, its
    layout worked out once (for the PNG, and kept for the SVG: the layout engine measures every label,
    a third of the time of saving)."""
    stem.with_suffix(".png").write_bytes(figure_png(figure) if png is None else png)
    engine = figure.get_layout_engine()
    if engine is not None:
        figure.set_layout_engine("none")
    try:
        figure.savefig(stem.with_suffix(".svg"), dpi=150, metadata=_FIGURE_METADATA["svg"])
    finally:
        if engine is not None:
            figure.set_layout_engine(engine)


def write_outputs(output_dir: str | os.PathLike, tables: Mapping[str, pd.DataFrame], summary: Mapping[str, Any],
                  figures: Mapping[str, tuple[Any, str]] | None = None, csv: tuple[str, ...] = (),
                  pngs: Mapping[str, bytes] | None = None) -> Path:
    """Write ``tables`` as ``<name>.parquet`` (those named in ``csv`` also as ``<name>.csv``),
    ``figures`` (name → (Figure, caption)) as ``figures/<name>.png`` and ``.svg`` with their captions
    in ``figures/captions.md`` (``pngs``: figures already rendered by :func:`figure_png`), and
    ``summary.json`` into ``output_dir``, all or nothing.

    Everything is written to a temporary folder beside ``output_dir`` first and swapped in at the end,
    so a failure never leaves a mix of old and new files.
    """
    target = Path(output_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, table in tables.items():
            if not name.isidentifier():
                raise FramingError(f"table name {name!r} must be a plain word (it becomes {name}.parquet)")
            table.to_parquet(staging / f"{name}.parquet", index=False)
            if name in csv:
                table.to_csv(staging / f"{name}.csv", index=False)
        if figures:
            (staging / "figures").mkdir()
            captions = ["# Figures", ""]
            for name, (figure, caption) in figures.items():
                _save_png_and_svg(figure, staging / "figures" / name, (pngs or {}).get(name))
                captions.append(f"- `{name}.png`, `{name}.svg`: {html.escape(caption)}")
            (staging / "figures" / "captions.md").write_text("\n".join(captions) + "\n", encoding="utf-8")
        (staging / SUMMARY_FILE).write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n",
                                            encoding="utf-8")
        install_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
