"""Dates: every input form to timezone-naive ``datetime64[ns]``, with one warning for what could not be read.

>>> parse_dates(pd.Series(["20/10/2024", "21/10/2024"])).dt.day.tolist()
[20, 21]

- Timezone-aware values are converted to UTC and the zone dropped; naive values are kept as written.
- ISO 8601 is tried first, then other common forms ("20 October 2024", RFC 2822).
- Numeric dates such as ``10/11/2024`` are read day-first when the column shows it (some first part
  over 12, no second part over 12), else month-first as pandas does; when some could be read both
  ways and the column does not settle it, one ``FramingWarning`` lists them.
- Unparseable values and dates outside 1677-2262 (e.g. Parquet timestamps of year 1 or 9999, which
  have no nanosecond value) become NaT with one ``FramingWarning``.

``where`` names row ``i`` in messages: a callable, a sequence of locations (``"line 4"``), or None
for ``row i``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import FramingWarning, first_few
from framing.load.readers import is_missing

_DATE_MIN = pd.Timestamp("1677-09-22", tz="UTC")
_DATE_MAX = pd.Timestamp("2262-04-11", tz="UTC")
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b")  # 10/11/2024, 10.11.24


def parse_dates(
    values: pd.Series,
    *,
    source: str = "<input>",
    where: Any = None,
    column: str = "date",
) -> pd.Series:
    """Parse dates to timezone-naive ``datetime64[ns]`` (aware values: converted to UTC, zone dropped).

    ISO 8601 is tried first, then other common forms ("20 October 2024", RFC 2822). Values that
    still fail become NaT and are reported in one ``FramingWarning``.

    >>> parse_dates(pd.Series(["2024-10-20", "2024-10-20T23:30:00-02:00"])).tolist()
    [Timestamp('2024-10-20 00:00:00'), Timestamp('2024-10-21 01:30:00')]
    """
    where = where if callable(where) else (lambda i: f"row {i}") if where is None else where.__getitem__
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values.reset_index(drop=True)
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        outside = ((parsed < _DATE_MIN.tz_localize(None)) | (parsed > _DATE_MAX.tz_localize(None))).to_numpy()
        if outside.any():  # e.g. Parquet timestamps in microseconds: year 1 or 9999 has no nanosecond value
            shown = ", ".join(f"{where(int(i))}: {parsed[int(i)]}" for i in np.flatnonzero(outside)[:5])
            warnings.warn(f"{source}: {int(outside.sum())} of {len(parsed)} dates in column {column!r} lie outside "
                          f"1677-2262 and are NaT ({shown}); check those values", FramingWarning, stacklevel=3)
            parsed = parsed.where(~outside)
        return parsed.astype("datetime64[ns]")
    raw = pd.Series([_date_value(value) for value in values], dtype=object)
    parsed = pd.to_datetime(raw, format="ISO8601", utc=True, errors="coerce").astype("datetime64[ns, UTC]")
    retry = parsed.isna() & raw.notna()
    if retry.any():
        dayfirst = _day_first(raw[retry], source=source, where=where, column=column)
        again = pd.to_datetime(raw[retry], format="mixed", dayfirst=dayfirst, utc=True, errors="coerce")
        again = again.where((again >= _DATE_MIN) & (again <= _DATE_MAX))  # "October 20" parses to year 1
        parsed[retry] = again.astype("datetime64[ns, UTC]")
    bad = np.flatnonzero((parsed.isna() & raw.notna()).to_numpy())
    if len(bad):
        shown = first_few(f"{where(int(i))}: {raw[int(i)]!r}" for i in bad)
        warnings.warn(
            f"{source}: {len(bad)} of {len(raw)} dates in column {column!r} could not be parsed and are "
            f"NaT ({shown}); write dates as YYYY-MM-DD",
            FramingWarning,
            stacklevel=3,
        )
    return parsed.dt.tz_localize(None).astype("datetime64[ns]")


def _day_first(raw: pd.Series, *, source: str, where: Callable[[int], str], column: str) -> bool:
    """Whether numeric dates such as ``20/10/2024`` are day-first: yes when some have a first part
    over 12 and none a second part over 12. Dates that fit both orders (``10/11/2024``) are read
    month-first, as pandas does, unless the column shows day-first, with one ``FramingWarning``."""
    parts = [(i, m) for i, value in raw.items() if isinstance(value, str)
             and (m := _NUMERIC_DATE.match(value)) is not None]
    day_first = any(int(m[1]) > 12 for _, m in parts)
    month_first = any(int(m[2]) > 12 for _, m in parts)
    ambiguous = [i for i, m in parts if int(m[1]) <= 12 and int(m[2]) <= 12 and m[1].lstrip("0") != m[2].lstrip("0")]
    if ambiguous and day_first == month_first:
        shown = first_few(f"{where(int(i))}: {raw[i]!r}" for i in ambiguous)
        warnings.warn(f"{source}: {len(ambiguous)} dates in column {column!r} read month-first (MM/DD/YYYY) "
                      f"though they could be day-first ({shown}); write dates as YYYY-MM-DD to be sure",
                      FramingWarning, stacklevel=4)
    return day_first and not month_first


def _date_value(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "year"):
        return value
    text = str(value).strip()
    return text or None
