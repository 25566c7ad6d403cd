"""Read coding sheets back: one row per unit and coder, a 0/1 code per frame, every problem named.

A sheet is a CSV with ``unit_id``, ``coder``, one column per frame and optionally ``text`` and
``note`` (not read). One file may hold one coder or several (one row per unit and coder).

>>> import pandas as pd
>>> sheet = pd.DataFrame({"unit_id": ["u1", "u2"], "coder": ["ana", "ana"], "security": ["1", "0"]})
>>> read_coding(sheet)
  unit_id coder  security
0      u1   ana         1
1      u2   ana         0
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import CodingError, first_few
from framing.lexicon import Lexicon

UNIT, TEXT, CODER, NOTE = "unit_id", "text", "coder", "note"
# Columns of a sheet that are not frames.
NOT_FRAMES = (UNIT, TEXT, CODER, NOTE)
SHAPES = ("wide", "long")
COMPLETE = ("coder", "unit")


def _read_csv(source, name: str) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source.astype(object).where(source.notna(), "").astype(str)
    path = Path(source)
    if not path.is_file():
        raise CodingError(f"{path}: no such coding sheet; give the path of a CSV file")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CodingError(f"{path}: not UTF-8 text (byte {error.start}); save the sheet as UTF-8 CSV") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise CodingError(f"{path}: cannot be read as CSV ({error}); save the sheet as CSV with a header row") from None


def _frames_of(table: pd.DataFrame, name: str, frames) -> list[str]:
    present = [c for c in table.columns if c not in NOT_FRAMES]
    if frames is None:
        if not present:
            raise CodingError(f"{name}: no frame columns (columns: {first_few(table.columns)}); "
                              "a sheet needs one 0/1 column per frame")
        return present
    wanted = list(frames.frames if isinstance(frames, Lexicon) else frames)
    unknown = [c for c in present if c not in wanted]
    if unknown:
        raise CodingError(f"{name}: column {unknown[0]!r} is not a known frame (frames: {', '.join(wanted)}); "
                          "rename or delete the column, or pass frames= with every frame coded")
    missing = [f for f in wanted if f not in present]
    if missing:
        raise CodingError(f"{name}: no column for frame {missing[0]!r}; add it with a 0 or 1 on every row")
    return wanted


def _codes(column: pd.Series, name: str, frame: str, allow_missing: bool) -> pd.Series:
    text = column.str.strip()
    codes = pd.Series(np.nan, index=column.index)
    codes[text.isin(("1", "1.0"))] = 1
    codes[text.isin(("0", "0.0"))] = 0
    blank = text == ""
    bad = codes.isna() & ~blank
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise CodingError(f"{name}: row {row}, column {frame!r}: {column[bad].iloc[0]!r} is not a code; "
                          "write 1 (the unit evokes the frame) or 0 (it does not)")
    if blank.any() and not allow_missing:
        row = int(np.flatnonzero(blank.to_numpy())[0]) + 1
        raise CodingError(f"{name}: row {row}, column {frame!r} is empty ({int(blank.sum())} empty cell(s) in the "
                          "column); every cell gets 0 or 1 (pass allow_missing=True to read an unfinished sheet)")
    return codes.astype("Int64")


def _sample_units(sample) -> pd.Index:
    if isinstance(sample, (str, os.PathLike)):
        sample = _read_csv(sample, str(sample))
    if isinstance(sample, pd.DataFrame):
        if UNIT not in sample.columns:
            raise CodingError(f"sample has no {UNIT!r} column (columns: {first_few(sample.columns)})")
        return pd.Index(sample[UNIT].astype(str))
    return pd.Index([str(u) for u in sample])


def _read_one(source, name: str, frames, allow_missing: bool) -> pd.DataFrame:
    table = _read_csv(source, name)
    for column in (UNIT, CODER):
        if column not in table.columns:
            raise CodingError(f"{name}: no {column!r} column (columns: {first_few(table.columns)}); "
                              f"a coding sheet needs {UNIT!r}, {CODER!r} and one column per frame")
    names = _frames_of(table, name, frames)
    for column, what in ((UNIT, "a unit id"), (CODER, "the coder's name or code")):
        empty = table[column].str.strip() == ""
        if empty.any():
            row = int(np.flatnonzero(empty.to_numpy())[0]) + 1
            raise CodingError(f"{name}: row {row}, column {column!r} is empty; write {what} on every row")
    result = pd.DataFrame({UNIT: table[UNIT].str.strip(), CODER: table[CODER].str.strip()})
    if TEXT in table.columns:
        result[TEXT] = table[TEXT]
    for frame in names:
        result[frame] = _codes(table[frame], name, frame, allow_missing)
    repeated = result[result.duplicated([UNIT, CODER], keep=False)]
    if len(repeated):
        first = repeated.iloc[0]
        rows = [int(i) + 1 for i in repeated.index[(repeated[UNIT] == first[UNIT]) & (repeated[CODER] == first[CODER])]]
        raise CodingError(f"{name}: unit {first[UNIT]!r} is coded twice by {first[CODER]!r} (rows "
                          f"{', '.join(map(str, rows))}); keep one row per unit and coder")
    result.attrs["frames"] = names
    return result


def read_coding(*paths, frames: Sequence[str] | Lexicon | None = None, sample=None,
                allow_missing: bool = False, shape: str = "wide", complete: str = "coder") -> pd.DataFrame:
    """Read coding sheets (CSV paths or DataFrames) of one or more coders into one table.

    ``shape="wide"``: ``unit_id``, ``coder``, ``text`` (when the sheets have it) and one 0/1 column
    per frame (nullable integers); ``shape="long"``: ``unit_id``, ``coder``, ``frame``, ``code``.
    ``frames`` (names or a Lexicon) fixes the frame columns; otherwise every column but ``unit_id``,
    ``text``, ``coder`` and ``note`` is a frame and all sheets must have the same ones. ``sample``
    (the sample table, its CSV, or unit ids) makes the rows match it: no unit outside the sample, and
    with ``complete="coder"`` every coder codes every unit, with ``complete="unit"`` (coders sharing
    the units out) every unit has the codes of at least two coders. Empty cells
    are an error unless ``allow_missing=True`` (they become missing codes, which :func:`agreement`
    accepts). Problems raise :class:`framing.CodingError` naming the file, row and column.

    >>> read_coding("sheets/ana.csv", "sheets/ben.csv", sample="sheets/round1.sample.csv")  # doctest: +SKIP
    """
    if not paths:
        raise CodingError("read_coding: give at least one coding sheet")
    if complete not in COMPLETE:
        raise CodingError(f"read_coding: complete={complete!r} is unknown; use 'coder' or 'unit'")
    if shape not in SHAPES:
        raise CodingError(f"read_coding: shape={shape!r} is unknown; use 'wide' or 'long'")
    wanted = None if sample is None else _sample_units(sample)
    parts, seen, names = [], {}, None
    for number, source in enumerate(paths, 1):
        name = f"<table {number}>" if isinstance(source, pd.DataFrame) else str(source)
        part = _read_one(source, name, frames if frames is not None else names, allow_missing)
        names = names or part.attrs["frames"]
        for coder, rows in part.groupby(CODER, sort=False):
            if coder in seen:
                raise CodingError(f"{name}: coder {coder!r} already has a sheet ({seen[coder]}); give each coder's "
                                  "codes once, or use different coder names")
            seen[coder] = name
            if wanted is not None and complete == "coder":
                missing = wanted.difference(rows[UNIT], sort=False)
                if len(missing):
                    raise CodingError(f"{name}: coder {coder!r} has no row for {len(missing)} unit(s) of the sample: "
                                      f"{first_few(missing)}; restore the missing rows from the sample sheet")
            if wanted is not None:
                extra = pd.Index(rows[UNIT]).difference(wanted, sort=False)
                if len(extra):
                    rows_at = [int(i) + 1 for i in rows.index[rows[UNIT].isin(extra)]]
                    raise CodingError(f"{name}: row {rows_at[0]}, unit {extra[0]!r} of coder {coder!r} is not in the "
                                      f"sample ({len(extra)} such unit(s)); delete the row or fix the unit id")
        parts.append(part)
    codes = pd.concat(parts, ignore_index=True)
    if wanted is not None and complete == "unit":
        counts = codes[UNIT].value_counts().reindex(wanted, fill_value=0)
        short = counts[counts < 2]
        if len(short):
            raise CodingError(f"{len(short)} unit(s) of the sample have fewer than two coders' codes in "
                              f"{first_few(paths, limit=3)}: {first_few(short.index)}; add the missing sheets or rows")
    if TEXT in codes.columns:
        codes = codes[[UNIT, CODER, TEXT, *names]]
    codes.attrs["frames"] = list(names)
    if shape == "long":
        codes = codes.melt(id_vars=[UNIT, CODER], value_vars=names, var_name="frame", value_name="code")
        codes["code"] = codes["code"].astype("Int64")
    return codes


def frames_of(codes: pd.DataFrame, frames: Sequence[str] | None = None) -> list[str]:
    """The frame columns of a table of codes: ``frames`` when given (checked), else every column but the
    unit, coder, text and note columns (and the weights and strata that gold tables may carry)."""
    if frames is not None:
        missing = [f for f in frames if f not in codes.columns]
        if missing:
            raise CodingError(f"no column for frame {missing[0]!r} in the codes (columns: {first_few(codes.columns)})")
        return list(frames)
    skip = set(NOT_FRAMES) | {"weight", "p_sample", "stratum", "part", "adjudicated", "id", "sentence", "article",
                              "phase", "rating"}
    return [c for c in codes.columns if c not in skip]


def consensus(codes: pd.DataFrame, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """A gold table from several coders without adjudication: per unit and frame the majority code;
    units where the coders split evenly get a missing code (adjudicate them, then pass the adjudicated
    table to :func:`framing.validate` instead).

    >>> codes = pd.DataFrame({"unit_id": ["u", "u", "v", "v"], "coder": ["a", "b", "a", "b"],
    ...                       "security": [1, 1, 1, 0]})
    >>> consensus(codes)
      unit_id  security
    0       u         1
    1       v      <NA>
    """
    names = frames_of(codes, frames)
    means = codes.groupby(UNIT, sort=False)[names].mean()
    gold = pd.DataFrame(index=means.index)
    for frame in names:
        gold[frame] = pd.Series(np.where(means[frame] > 0.5, 1, np.where(means[frame] < 0.5, 0, -1)),
                                index=means.index).astype("Int64").replace(-1, pd.NA)
        gold.loc[means[frame].isna(), frame] = pd.NA
    return gold.reset_index()
