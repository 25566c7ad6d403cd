"""Measure columns of a score table and the groups of a table: the one owner of these names.

A score table has, per frame ``f``, the columns ``f_hits``, ``f_per_1k``, ``f_share`` and ``f_tone``
(see :func:`framing.score`); group labels join the values of several ``by`` columns with ``" / "``.

>>> split_measure("security_per_1k")
('security', 'per_1k')
>>> group_label(("Danube Courier", "RS"))
'Danube Courier / RS'
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.checks import require_column
from framing.errors import AnalysisError

MEASURE_KINDS = ("per_1k", "share", "tone")
COMPARE_COLUMNS = ("measure", "n", "mean", "ci_low", "ci_high", "method")
CONTRAST_COLUMNS = (
    "group_a", "group_b", "measure", "n_a", "n_b", "mean_a", "mean_b", "diff", "ci_low", "ci_high",
    "p_value", "p_holm", "cliffs_delta", "smd", "significant", "method",
)
LABEL_SEPARATOR = " / "
REST = "rest"
EACH = "each"

def frames_in(scores: pd.DataFrame) -> list[str]:
    """Frame names of a score table, read from its ``<frame>_per_1k`` columns, in column order.

    >>> frames_in(pd.DataFrame(columns=["id", "security_per_1k", "security_share"]))
    ['security']
    """
    suffix = "_per_1k"
    return [c[: -len(suffix)] for c in scores.columns
            if isinstance(c, str) and c.endswith(suffix) and len(c) > len(suffix)]


def default_measures(scores: pd.DataFrame, frames: Sequence[str] | None = None) -> list[str]:
    """Every frame's ``_per_1k``, ``_share`` and ``_tone`` column (grouped by kind), then ``sentiment``.

    >>> default_measures(pd.DataFrame(columns=["a_per_1k", "a_share", "a_tone", "sentiment"]))
    ['a_per_1k', 'a_share', 'a_tone', 'sentiment']
    """
    explicit = frames is not None
    frames = frames_in(scores) if frames is None else [frames] if isinstance(frames, str) else list(frames)
    measures = []
    for kind in MEASURE_KINDS:
        for frame in frames:
            column = f"{frame}_{kind}"
            if column in scores.columns:
                measures.append(column)
            elif explicit:
                raise AnalysisError(
                    f"frame {frame!r} has no column {column!r} in the score table; frames found: "
                    f"{', '.join(frames_in(scores)) or '(none)'}; pass frames= from that list"
                )
    if "sentiment" in scores.columns:
        measures.append("sentiment")
    return measures


def split_measure(measure: str) -> tuple[str | None, str]:
    """Split a measure name into ``(frame, kind)``; kind is ``per_1k``, ``per_1k_pooled``, ``share``,
    ``tone``, ``hits``, ``sentiment`` or the name itself for any other column.

    >>> split_measure("security_per_1k")
    ('security', 'per_1k')
    >>> split_measure("sentiment")
    (None, 'sentiment')
    """
    for kind in ("per_1k_pooled", "per_1k", "share", "tone", "hits"):
        suffix = f"_{kind}"
        if measure.endswith(suffix) and len(measure) > len(suffix):
            return measure[: -len(suffix)], kind
    return None, measure


def resolve_by(scores: pd.DataFrame, by: str | Sequence[str], caller: str = "compare") -> list[str]:
    """Check ``by`` (a column name or a list of them) against the table; return it as a list."""
    columns = [by] if isinstance(by, str) else list(by) if by is not None else []
    if not columns:
        raise AnalysisError(f"{caller}: by= is empty; pass the column(s) that define the groups, e.g. by='outlet'")
    for column in columns:
        require_column(scores, column, caller)
    if len(set(columns)) != len(columns):
        raise AnalysisError(f"{caller}: by={columns!r} names a column twice")
    return columns


def resolve_measures(scores: pd.DataFrame, measures: str | Sequence[str] | None, by: Sequence[str] = (),
                     frames: Sequence[str] | None = None, caller: str = "compare") -> list[str]:
    """Check ``measures`` (default: :func:`default_measures`) are numeric columns; return them as a list."""
    if measures is None:
        measures = default_measures(scores, frames)
        if not measures:
            raise AnalysisError(
                f"{caller}: the score table has no measure columns (no '<frame>_per_1k' columns and no "
                "'sentiment'); pass measures= a list of numeric columns or a table made by framing.score()"
            )
        return measures
    measures = [measures] if isinstance(measures, str) else list(dict.fromkeys(measures))
    if not measures:
        raise AnalysisError(f"{caller}: measures= is empty; leave it out for the defaults or name numeric columns")
    numeric = [c for c in scores.columns if _is_numeric(scores[c]) and c not in by]
    for measure in measures:
        if measure not in scores.columns or measure in by:
            raise AnalysisError(
                f"{caller}: no measure column {measure!r}; numeric columns are: {', '.join(map(str, numeric))}"
            )
        if not _is_numeric(scores[measure]):
            raise AnalysisError(
                f"{caller}: measure {measure!r} is not numeric (dtype {scores[measure].dtype}); "
                f"pass one of: {', '.join(map(str, numeric))}"
            )
    return measures


def group_label(key: tuple) -> str:
    """The label of a group: its ``by`` values joined by ``" / "``.

    >>> group_label(("RT", "Russia"))
    'RT / Russia'
    """
    return LABEL_SEPARATOR.join(str(value) for value in key)


def split_groups(scores: pd.DataFrame, by: Sequence[str], caller: str = "compare") -> list[tuple[tuple, str, pd.DataFrame]]:
    """``(key, label, rows)`` for each group, sorted by key; rows with a missing group value are dropped
    with a warning."""
    if scores.empty:
        raise AnalysisError(f"{caller}: the score table is empty; score some articles first")
    missing = scores[list(by)].isna().any(axis=1)
    if missing.any():
        warnings.warn(
            f"{caller}: dropped {int(missing.sum())} of {len(scores)} rows with no value in "
            f"{', '.join(repr(c) for c in by)}", UserWarning, stacklevel=3,
        )
    kept = scores.loc[~missing]
    if kept.empty:
        raise AnalysisError(f"{caller}: every row has a missing value in {', '.join(map(repr, by))}; nothing to group")
    groups = []
    for key, rows in kept.groupby(list(by), sort=True, observed=True, dropna=True):
        key = key if isinstance(key, tuple) else (key,)
        groups.append((key, group_label(key), rows))
    return groups


def _is_numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_datetime64_any_dtype(column)
