"""Shared command-line plumbing: the articles a command reads, and the tables it writes or prints."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING


from framing.errors import FramingError

if TYPE_CHECKING:
    import pandas as pd

TABLE_FORMATS = (".csv", ".parquet", ".jsonl")


def add_input_arguments(parser: argparse.ArgumentParser, lexicon: bool = True) -> None:
    """INPUT, ``--lexicon``, ``--text``, ``--encoding`` and ``-o`` for a command that reads articles."""
    parser.add_argument("input", metavar="INPUT",
                        help="articles: .csv/.tsv/.json/.jsonl/.parquet, a folder of .txt/.md, or an article set")
    if lexicon:
        parser.add_argument("--lexicon", default=None, help="lexicon YAML file (default: the bundled lexicon)")
    parser.add_argument("--text", default=None, help="name of the text column, when it is not found automatically")
    parser.add_argument("--encoding", default=None, help="file encoding, when it is not UTF-8")
    parser.add_argument("-o", "--output", default="-",
                        help="output table: .csv, .parquet, .jsonl, or - for stdout (default)")


def load_input(args: argparse.Namespace) -> pd.DataFrame:
    """The articles named by the arguments of :func:`add_input_arguments`."""
    from framing.articles import load_articles

    options = {k: v for k, v in {"text": args.text, "encoding": args.encoding}.items() if v is not None}
    return load_articles(args.input, **options)


def write_table(table: pd.DataFrame, destination: str, *, float_digits: int = 3) -> None:
    """Write ``table`` to ``destination`` (``.csv``, ``.parquet``, ``.jsonl``) or print it (``-``).

    Files are written to a temporary name beside the target and moved into place, so a failure
    never leaves a half-written file.

    >>> write_table(pd.DataFrame({"a": [1]}), "-")  # doctest: +SKIP
    """
    if destination == "-":
        import pandas as pd

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
