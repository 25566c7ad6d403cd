"""Measures over time: score-table measures aggregated by calendar period (and optionally by group).

>>> weekly = over_time(scores, freq="W", by="outlet")                          # doctest: +SKIP
>>> weekly.pivot_table(index="period", columns="measure", values="value")     # doctest: +SKIP
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.columns import default_measures, frames_in, resolve_by, resolve_measures, split_measure
from framing.errors import AnalysisError
from framing.measures import as_scores

OVER_TIME_COLUMNS = ("period", "measure", "n", "value")
POOLED = "_per_1k_pooled"


def over_time(scores, freq: str = "W", by: str | Sequence[str] | None = None,
              measures: Sequence[str] | None = None, date: str = "date", *,
              frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Aggregate measures by period: a tidy long table, one row per measure × group × period.

    Columns: the ``by`` columns (if any), ``period`` (start of the period, a Timestamp), ``measure``,
    ``n`` (articles with a value) and ``value``. For a score column, ``value`` is the mean over the
    period's articles (NaNs dropped, so ``n`` differs between measures). For ``<frame>_per_1k_pooled``
    it is the pooled rate 1000 · Σ ``<frame>_hits`` / Σ ``n_tokens``, which weighs long articles more
    than the mean of per-article rates does. Measures default to those of
    :func:`framing.compare` plus each frame's pooled rate. Every period between the first
    and last date appears for every group (``n = 0``, ``value`` NaN when empty), so gaps show.
    ``freq`` is a pandas period alias (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``, or a multiple
    such as ``"2W"``). Rows without a date are dropped with a warning giving their count.

    Pivot to wide with ``table.pivot_table(index="period", columns="measure", values="value")``.

    >>> over_time(scores, freq="M", measures=["security_per_1k_pooled"])  # doctest: +SKIP
          period                 measure   n  value
    0 2024-01-01  security_per_1k_pooled  12  4.210
    """
    scores = as_scores(scores)
    if date not in scores.columns:
        raise AnalysisError(
            f"over_time: no date column {date!r}; the score table has columns: "
            f"{', '.join(map(str, scores.columns))}; pass date= the column with publication dates"
        )
    by = [] if by is None else resolve_by(scores, by, "over_time")
    plain, pooled = _split_measures(scores, measures, by, frames)
    dates = _as_dates(scores[date], date)
    missing = dates.isna()
    if missing.any():
        warnings.warn(f"over_time: dropped {int(missing.sum())} of {len(scores)} rows with no date in {date!r}",
                      UserWarning, stacklevel=2)
    if missing.all():
        raise AnalysisError(f"over_time: no row has a usable date in {date!r}; check the column's values")
    periods, multiple = _periods(dates[~missing], freq)
    data = scores.loc[~missing, by].copy()
    data["period"] = pd.Series(periods, index=data.index)
    missing_group = data[by].isna().any(axis=1)
    if missing_group.any():
        warnings.warn(f"over_time: dropped {int(missing_group.sum())} rows with no value in "
                      f"{', '.join(map(repr, by))}", UserWarning, stacklevel=2)
    keys = [*by, "period"]
    source = scores.loc[~missing]
    parts = []
    for measure in plain:
        values = source[measure].astype(float).replace([np.inf, -np.inf], np.nan)
        grouped = values.groupby([data[k] for k in keys], sort=True, observed=True, dropna=True)
        parts.append(pd.DataFrame({"measure": measure, "n": grouped.count(), "value": grouped.mean()}))
    for frame in pooled:
        hits = source[f"{frame}_hits"].astype(float)
        tokens = source["n_tokens"].astype(float)
        usable = hits.notna() & tokens.notna()
        frame_data = pd.DataFrame({"hits": hits.where(usable), "tokens": tokens.where(usable)})
        grouped = frame_data.groupby([data[k] for k in keys], sort=True, observed=True, dropna=True)
        sums = grouped.sum(min_count=1)
        rate = 1000 * sums["hits"] / sums["tokens"].where(sums["tokens"] > 0)
        parts.append(pd.DataFrame({"measure": f"{frame}{POOLED}", "n": grouped["hits"].count(), "value": rate}))
    order = [*plain, *(f"{frame}{POOLED}" for frame in pooled)]
    all_periods = pd.PeriodIndex.from_ordinals(np.arange(periods.asi8.min(), periods.asi8.max() + 1, multiple),
                                               freq=periods.freq)
    table = _complete(parts, order, data, by, all_periods)
    table.attrs.update({"by": list(by), "freq": freq, "date": date})
    return table


def _split_measures(scores, measures, by, frames):
    """Plain score columns and frames whose pooled rate is wanted."""
    if measures is None:
        plain = resolve_measures(scores, None, by, frames, "over_time")
        pooled = [f for f in (frames_in(scores) if frames is None else list(frames))
                  if f"{f}_hits" in scores.columns and "n_tokens" in scores.columns]
        return plain, pooled
    measures = [measures] if isinstance(measures, str) else list(dict.fromkeys(measures))
    pooled = [split_measure(m)[0] for m in measures if m.endswith(POOLED) and m not in scores.columns]
    for frame in pooled:
        for needed in (f"{frame}_hits", "n_tokens"):
            if needed not in scores.columns:
                raise AnalysisError(
                    f"over_time: measure '{frame}{POOLED}' needs column {needed!r}, which the score table "
                    f"lacks; use a table made by framing.score() or measure '{frame}_per_1k' instead"
                )
    rest = [m for m in measures if not (m.endswith(POOLED) and m not in scores.columns)]
    plain = resolve_measures(scores, rest, by, None, "over_time") if rest else []
    return plain, pooled


def _as_dates(column: pd.Series, name: str) -> pd.Series:
    if not pd.api.types.is_datetime64_any_dtype(column):
        try:
            column = pd.to_datetime(column, errors="coerce", format="mixed")
        except (TypeError, ValueError):
            column = pd.to_datetime(column, errors="coerce", format="mixed", utc=True)
    if getattr(column.dt, "tz", None) is not None:
        column = column.dt.tz_localize(None)  # keep local wall-clock dates
    return column


def _periods(dates: pd.Series, freq: str) -> tuple[pd.PeriodIndex, int]:
    """Period of each date and the multiple; a multiple like ``2W`` groups consecutive base periods (counted from 1970)."""
    match = re.fullmatch(r"\s*(\d*)\s*([A-Za-z][A-Za-z0-9-]*)\s*", str(freq))
    if not match:
        raise AnalysisError(f"over_time: freq={freq!r} is not a period alias; use e.g. 'D', 'W', 'M', 'Q', 'Y'")
    multiple = int(match.group(1) or 1)
    # Offset aliases for month/quarter/year ends or starts name the same calendar periods.
    base = re.sub(r"^(M|Q|Y|A)[ES](?=$|-)", r"\1", match.group(2))
    try:
        periods = pd.PeriodIndex(dates.dt.to_period(base))
    except (ValueError, TypeError, AttributeError) as error:
        raise AnalysisError(
            f"over_time: freq={freq!r} is not a period frequency ({error}); use e.g. 'D', 'W', 'M', 'Q', 'Y'"
        ) from None
    if multiple < 1:
        raise AnalysisError(f"over_time: freq={freq!r} needs a positive multiple")
    if multiple > 1:
        periods = pd.PeriodIndex.from_ordinals(periods.asi8 // multiple * multiple, freq=periods.freq)
    return periods, multiple


def _complete(parts, order, data, by, all_periods) -> pd.DataFrame:
    """Long table on the full grid of measures × groups × periods."""
    if by:
        groups = data[by].dropna().drop_duplicates().sort_values(by)
        grid = pd.MultiIndex.from_tuples(
            [(*g, p) for g in groups.itertuples(index=False, name=None) for p in all_periods], names=[*by, "period"]
        )
    else:
        grid = pd.Index(all_periods, name="period")
    tables = []
    for measure, part in zip(order, parts):
        part = part[["n", "value"]].reindex(grid)
        part["n"] = part["n"].fillna(0).astype("int64")
        part.insert(0, "measure", measure)
        tables.append(part.reset_index())
    table = pd.concat(tables, ignore_index=True)
    table["period"] = pd.PeriodIndex(table["period"]).start_time
    return table[[*by, *OVER_TIME_COLUMNS]]
