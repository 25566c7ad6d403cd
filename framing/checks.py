"""Argument checks shared by every function: one rule and one message per kind of mistake.

>>> require_flag(True, "stopwords", "keyness")
True
>>> require_column(pd.DataFrame({"outlet": []}), "country", "keyness")
Traceback (most recent call last):
...
framing.errors.AnalysisError: keyness: no column 'country' to group by; the table has columns: outlet; pass by= one of them
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import AnalysisError


def require_flag(value, name: str, caller: str) -> bool:
    """``value`` when it is ``True`` or ``False`` (not 0, 1 or a string)."""
    if not isinstance(value, bool):
        raise AnalysisError(f"{caller}: {name}={value!r} must be True or False")
    return value


def require_column(table: pd.DataFrame, column, caller: str, parameter: str = "by") -> str:
    """``column`` when ``table`` has it; else the one message for a grouping column that is not there."""
    if not isinstance(column, str) or column not in table.columns:
        raise AnalysisError(f"{caller}: no column {column!r} to group by; the table has columns: "
                            f"{', '.join(map(str, table.columns))}; pass {parameter}= one of them")
    return column


def require_columns(table, columns: Sequence[str], caller: str, source: str) -> None:
    """Every one of ``columns`` is in ``table`` (a DataFrame); else say which are missing and where
    such a table comes from (``source``, e.g. ``"framing.compare()"``)."""
    if not isinstance(table, pd.DataFrame):
        raise AnalysisError(f"{caller}: expected the DataFrame returned by {source}, not {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise AnalysisError(f"{caller}: the table lacks columns {', '.join(map(repr, missing))}; "
                            f"pass the table returned by {source}")


def require_whole(value, name: str, caller: str, minimum: int = 0, error: type[Exception] = AnalysisError) -> int:
    """``value`` when it is a whole number (not a bool) of at least ``minimum``; else ``error`` (a
    :class:`framing.FramingError` subclass: the one of the caller's stage).

    >>> require_whole(8, "window", "kwic")
    8
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        what = "a non-negative" if minimum == 0 else "a positive" if minimum == 1 else f"a (>= {minimum})"
        raise error(f"{caller}: {name}={value!r} must be {what} whole number")
    return int(value)
