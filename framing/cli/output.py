"""Shared command-line plumbing: the articles a command reads, and the tables it writes or prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING


from framing.errors import FramingError

if TYPE_CHECKING:
    import pandas as pd

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
    from framing.load import load_articles

    options = {k: v for k, v in {"text": args.text, "encoding": args.encoding}.items() if v is not None}
    return load_articles(args.input, **options)


def write_table(table: pd.DataFrame, destination: str, *, float_digits: int = 3) -> None:
    """Write ``table`` to ``destination`` (``.csv``, ``.parquet``, ``.jsonl``) or print it (``-``).

    Files are written whole (:func:`framing.files.write_table`).

    >>> write_table(pd.DataFrame({"a": [1]}), "-")  # doctest: +SKIP
    """
    if destination == "-":
        import pandas as pd

        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                               "display.float_format", lambda v: f"{v:.{float_digits}f}"):
            print(table.to_string(index=False))
        return
    from framing.files import write_table as write_file

    path = write_file(table, destination)
    print(f"wrote {len(table)} rows to {path}", file=sys.stderr)
