"""Reading a score table back: what ``framing score`` (or :func:`framing.files.write_table`) wrote.

>>> load_scores("scores.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from framing.errors import FramingError
from framing.files import TABLE_FORMATS


def load_scores(path: str | os.PathLike) -> pd.DataFrame:
    """Read a score table (.csv, .parquet, .jsonl) or a streamed score dataset (a folder written by
    ``framing score --chunk-size``); ``id`` stays text and ``date`` is parsed to datetimes.

    >>> load_scores("scores.parquet")  # doctest: +SKIP
    """
    path = Path(path)
    if path.is_dir():
        return _parse_dates(_read_dataset(path))
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise FramingError(f"{path}: unsupported score table extension {suffix or '(none)'!r}; "
                           f"use {', '.join(TABLE_FORMATS)} (write one with `framing score INPUT -o scores.csv`)")
    if not path.is_file():
        raise FramingError(f"{path}: no such file; write a score table with `framing score INPUT -o {path.name}`")
    try:
        if suffix == ".csv":
            table = pd.read_csv(path, dtype={"id": str})
        elif suffix == ".parquet":
            table = pd.read_parquet(path)
        else:
            table = pd.read_json(path, lines=True, dtype={"id": str})
    except (ValueError, OSError, pd.errors.ParserError) as error:
        raise FramingError(f"{path}: cannot read as a score table ({error})") from None
    return _parse_dates(table)


def _read_dataset(folder: Path) -> pd.DataFrame:
    """The parts of a streamed score dataset, stacked in chunk order."""
    from framing.stream import dataset_parts

    parts = dataset_parts(folder)
    if not parts:
        raise FramingError(f"{folder}: a folder without score parts (part-*.parquet); write a score dataset with "
                           f"`framing score INPUT -o {folder.name} --chunk-size 10000`")
    try:
        return pd.concat([pd.read_parquet(part) for part in parts], ignore_index=True)
    except (ValueError, OSError) as error:
        raise FramingError(f"{folder}: cannot read the score parts ({error})") from None


def _parse_dates(table: pd.DataFrame) -> pd.DataFrame:
    if "date" in table.columns and not pd.api.types.is_datetime64_any_dtype(table["date"]):
        try:
            table["date"] = pd.to_datetime(table["date"], errors="coerce", format="mixed")
        except (TypeError, ValueError):  # mixed time zones
            table["date"] = pd.to_datetime(table["date"], errors="coerce", format="mixed", utc=True)
    return table
