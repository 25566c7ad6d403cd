"""Writing result tables from the command line: by extension, or a readable table on stdout."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from framing.errors import FramingError

TABLE_FORMATS = (".csv", ".parquet", ".jsonl")


def write_table(table: pd.DataFrame, destination: str, *, float_digits: int = 3) -> None:
    """Write ``table`` to ``destination`` (``.csv``, ``.parquet``, ``.jsonl``) or print it (``-``).

    Files are written to a temporary name beside the target and moved into place, so a failure
    never leaves a half-written file.

    >>> write_table(pd.DataFrame({"a": [1]}), "-")  # doctest: +SKIP
    """
    if destination == "-":
        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                               "display.float_format", lambda v: f"{v:.{float_digits}f}"):
            print(table.to_string(index=False))
        return
    path = Path(destination)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise FramingError(
            f"{destination}: unsupported output extension {suffix or '(none)'!r}; "
            f"use one of {', '.join(TABLE_FORMATS)} or '-' for a table on stdout"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(handle)
    try:
        if suffix == ".csv":
            table.to_csv(temporary, index=False)
        elif suffix == ".parquet":
            table.to_parquet(temporary, index=False)
        else:
            table.to_json(temporary, orient="records", lines=True, date_format="iso", force_ascii=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    print(f"wrote {len(table)} rows to {path}", file=sys.stderr)
