"""The summaries of a batch: every set's ``summary.json`` stacked into one table, and the sets compared.

A report notebook writes ``summary.json`` into its ``output_dir`` (``reports/<set>/tables/``) with
one row per group and frame; the batch stacks those rows, adding ``set`` and ``title``, into
``reports/summary.csv`` and ``reports/summary.parquet``. ``notebooks/compare_sets.ipynb`` reads them
back with :func:`read_summary` and compares the sets with :func:`compare_sets` and :func:`leading_groups`.

>>> summary = read_summary("reports")                        # doctest: +SKIP
>>> compare_sets(summary)[["frame", "group", "n_sets", "verdict"]]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.batch.inputs import TABLES_DIR
from framing.errors import BatchError
from framing.batch.index import RUNS_FILE
from framing.files import write_table
from framing.report import SUMMARY_FILE

ROW_COLUMNS = ("group", "frame", "n", "per_1k", "per_1k_low", "per_1k_high", "share", "tone")
SUMMARY_COLUMNS = ("set", "title", *ROW_COLUMNS)
SUMMARY_TABLES = ("summary.csv", "summary.parquet")


def read_set_summary(output_dir: str | os.PathLike) -> dict[str, Any] | None:
    """A run's ``summary.json`` (``None`` when it is missing or not valid JSON)."""
    try:
        summary = json.loads((Path(output_dir) / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return summary if isinstance(summary, dict) else None


def stack_summaries(summaries: Iterable[tuple[str, str, Mapping[str, Any]]]) -> pd.DataFrame:
    """Stack the ``rows`` of ``(set, title, summary)`` triples: ``set``, ``title``, then the row columns.

    >>> stack_summaries([("a", "A", {"rows": [{"group": "X", "frame": "security", "n": 3, "per_1k": 1.5}]})])
    ... # doctest: +NORMALIZE_WHITESPACE
      set title group     frame  n  per_1k  per_1k_low  per_1k_high  share  tone
    0   a     A     X  security  3     1.5         NaN          NaN    NaN   NaN
    """
    records = []
    for name, title, summary in summaries:
        for row in summary.get("rows") or []:
            if isinstance(row, Mapping):
                records.append({"set": name, "title": title, **row})
    table = pd.DataFrame.from_records(records)
    for column in SUMMARY_COLUMNS:
        if column not in table.columns:
            table[column] = np.nan if column not in ("set", "title", "group", "frame") else pd.Series(dtype=object)
    extra = [c for c in table.columns if c not in SUMMARY_COLUMNS]
    table = table[[*SUMMARY_COLUMNS, *extra]]
    for column in ("set", "title", "group", "frame"):
        table[column] = table[column].astype(object).where(table[column].notna(), None)
        table[column] = table[column].map(lambda v: v if v is None else str(v))
    table["n"] = pd.to_numeric(table["n"], errors="coerce").astype("Int64")
    for column in ("per_1k", "per_1k_low", "per_1k_high", "share", "tone"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    return table.reset_index(drop=True)


def write_summary_tables(table: pd.DataFrame, reports_dir: str | os.PathLike) -> list[Path]:
    """Write ``summary.csv`` and ``summary.parquet`` into ``reports_dir``, each whole (temporary file, rename)."""
    paths = []
    for name in SUMMARY_TABLES:
        paths.append(write_table(table, Path(reports_dir) / name))
    return paths


def read_summary(reports_dir: str | os.PathLike = "reports") -> pd.DataFrame:
    """The stacked summary of a batch (``summary.parquet``, else ``summary.csv``) from ``reports_dir``.

    >>> read_summary("reports").groupby("set").size()  # doctest: +SKIP
    """
    folder = Path(reports_dir)
    for name in ("summary.parquet", "summary.csv"):
        path = folder / name
        if path.is_file():
            return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    raise BatchError(f"{folder}: no summary.parquet or summary.csv; run `framing batch --out {folder}` first")


def read_runs(reports_dir: str | os.PathLike = "reports") -> pd.DataFrame:
    """The runs table of a batch (``batch.json``): one row per set with its status, duration, links."""
    path = Path(reports_dir) / RUNS_FILE
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BatchError(f"{path}: missing or unreadable; run `framing batch --out {reports_dir}` first") from None
    return pd.DataFrame.from_records(runs)


def compare_sets(summary: pd.DataFrame, measure: str = "per_1k") -> pd.DataFrame:
    """For every frame and group found in two sets or more: how far the sets are apart.

    Columns: ``frame``, ``group``, ``n_sets``, ``low_set`` and ``low`` (the set where the measure is
    lowest), ``high_set`` and ``high``, ``spread`` (high − low), and — when the summary has intervals
    for the measure (``per_1k_low``/``per_1k_high``) — ``overlap`` (do all the sets' intervals share a
    value?) and ``verdict``: ``"agree"`` when they do, ``"differ"`` when they do not. Sorted with the
    differences first, largest spread first.

    >>> compare_sets(read_summary("reports"))  # doctest: +SKIP
    """
    _require(summary, ("set", "group", "frame", measure))
    low_col, high_col = f"{measure}_low", f"{measure}_high"
    has_ci = low_col in summary.columns and high_col in summary.columns
    rows = []
    for (frame, group), part in summary.dropna(subset=[measure]).groupby(["frame", "group"], sort=True):
        if part["set"].nunique() < 2:
            continue
        low, high = part.loc[part[measure].idxmin()], part.loc[part[measure].idxmax()]
        row = {"frame": frame, "group": group, "n_sets": int(part["set"].nunique()),
               "low_set": low["set"], "low": float(low[measure]), "high_set": high["set"],
               "high": float(high[measure]), "spread": float(high[measure] - low[measure])}
        if has_ci:
            overlap = bool(part[low_col].max() <= part[high_col].min()) if part[[low_col, high_col]].notna().all().all() \
                else None
            row.update(overlap=overlap, verdict=None if overlap is None else ("agree" if overlap else "differ"))
        rows.append(row)
    columns = ["frame", "group", "n_sets", "low_set", "low", "high_set", "high", "spread"]
    table = pd.DataFrame(rows, columns=columns + (["overlap", "verdict"] if has_ci else []))
    if has_ci and len(table):
        table = table.assign(_order=table["verdict"].map({"differ": 0, "agree": 1}).fillna(2))
        table = table.sort_values(["_order", "spread"], ascending=[True, False]).drop(columns="_order")
    else:
        table = table.sort_values("spread", ascending=False)
    return table.reset_index(drop=True)


def leading_groups(summary: pd.DataFrame, measure: str = "per_1k") -> pd.DataFrame:
    """For every set and frame, the group where the measure is highest; ``same_leader`` marks frames
    whose leading group is the same in every set that has the frame.

    >>> leading_groups(read_summary("reports")).pivot(index="frame", columns="set", values="leader")  # doctest: +SKIP
    """
    _require(summary, ("set", "group", "frame", measure))
    valid = summary.dropna(subset=[measure])
    rows = []
    for (name, frame), part in valid.groupby(["set", "frame"], sort=False):
        best = part.loc[part[measure].idxmax()]
        rows.append({"set": name, "frame": frame, "leader": best["group"], measure: float(best[measure])})
    table = pd.DataFrame(rows, columns=["set", "frame", "leader", measure])
    table["same_leader"] = table.groupby("frame")["leader"].transform("nunique").eq(1)
    return table


def profile_table(summary: pd.DataFrame, set_name: str) -> pd.DataFrame:
    """One set's rows shaped like :func:`framing.compare` output (``group``, ``measure`` = ``<frame>_per_1k``,
    ``n``, ``mean``, ``ci_low``, ``ci_high``, ``method``), ready for :func:`framing.plots.frame_profile`."""
    _require(summary, ("set", "group", "frame", "n", "per_1k", "per_1k_low", "per_1k_high"))
    part = summary[summary["set"] == set_name]
    if part.empty:
        raise BatchError(f"no summary rows for set {set_name!r}; sets in the summary: "
                         f"{', '.join(map(str, summary['set'].unique()))}")
    table = pd.DataFrame({"group": part["group"].to_numpy(), "measure": (part["frame"] + "_per_1k").to_numpy(),
                          "n": part["n"].to_numpy(), "mean": part["per_1k"].to_numpy(float),
                          "ci_low": part["per_1k_low"].to_numpy(float), "ci_high": part["per_1k_high"].to_numpy(float),
                          "method": "summary"})
    table.attrs["by"] = ["group"]
    return table


def _require(table: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise BatchError(f"the summary table lacks column(s) {', '.join(missing)}; pass the table of "
                         f"read_summary(reports_dir) (summary rows need {', '.join(ROW_COLUMNS)})")


def read_overview(reports_dir: str | os.PathLike = "reports", sets: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per set of a batch, from each ``<set>/tables/summary.json``: ``set``, ``title``,
    ``n_articles``, ``n_groups``, ``group_by``, ``date_min``, ``date_max``, ``headline`` (text).

    ``sets`` defaults to the sets of the stacked summary, in its order.

    >>> read_overview("reports")  # doctest: +SKIP
    """
    folder = Path(reports_dir)
    names = list(dict.fromkeys(read_summary(folder)["set"])) if sets is None else list(sets)
    rows = []
    for name in names:
        summary = read_set_summary(folder / name / TABLES_DIR) or {}
        headline = summary.get("headline") or []
        rows.append({"set": name, "title": summary.get("title"), "n_articles": summary.get("n_articles"),
                     "n_groups": summary.get("n_groups"), "group_by": summary.get("group_by"),
                     "date_min": summary.get("date_min"), "date_max": summary.get("date_max"),
                     "headline": "; ".join(map(str, headline)) if isinstance(headline, list) else str(headline)})
    return pd.DataFrame(rows, columns=["set", "title", "n_articles", "n_groups", "group_by", "date_min", "date_max",
                                       "headline"])
