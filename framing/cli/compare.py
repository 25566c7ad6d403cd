"""``framing compare SCORES --by outlet``: group means with bootstrap intervals, or pairwise contrasts.

Example::

    framing score data/article_sets/belgrade_moscow_call -o scores.csv
    framing compare scores.csv --by outlet
    framing compare scores.csv --by outlet --contrast --measures security_per_1k -o contrasts.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.cli.output import TABLE_FORMATS, write_table
from framing.errors import FramingError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare groups: means with bootstrap intervals, or contrasts with p-values and effect sizes",
        description="Compare groups of a score table (from `framing score -o scores.csv`): each group's mean "
                    "per measure with a bootstrap interval, or with --contrast the differences between groups "
                    "with bootstrap intervals, permutation p-values (Holm-adjusted) and effect sizes.",
    )
    parser.add_argument("scores", metavar="SCORES", help="score table: .csv, .parquet or .jsonl")
    parser.add_argument("--by", nargs="+", required=True, metavar="COLUMN", help="column(s) that define the groups")
    parser.add_argument("--measures", nargs="+", metavar="MEASURE",
                        help="measure columns (default: every frame's _per_1k, _share, _tone, and sentiment)")
    parser.add_argument("--contrast", action="store_true", help="print differences between groups instead of means")
    parser.add_argument("--a", dest="a", metavar="GROUP", help="contrast this group (implies --contrast) …")
    parser.add_argument("--b", dest="b", metavar="GROUP",
                        help="… against this group, or 'rest' for all others (default: each other group)")
    parser.add_argument("--ci", type=float, default=0.95, help="confidence level (default 0.95)")
    parser.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    parser.add_argument("--n-perm", type=int, default=5000, help="permutations for p-values (default 5000)")
    parser.add_argument("--method", choices=("bca", "percentile"), default="bca", help="bootstrap interval (default bca)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--output", default="-", help="output table: .csv, .parquet, .jsonl, or - for stdout (default)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.groups import compare, contrast

    scores = read_scores(args.scores)
    options = {"measures": args.measures, "ci": args.ci, "n_boot": args.n_boot, "seed": args.seed, "method": args.method}
    if args.b is not None and args.a is None:
        raise FramingError("--b needs --a: name the group to contrast, e.g. --a 'Outlet A' --b rest")
    if args.contrast or args.a is not None:
        table = contrast(scores, args.by, a=args.a, b=args.b, n_perm=args.n_perm, **options)
    else:
        table = compare(scores, args.by, **options)
    write_table(table, args.output)
    return 0


def read_scores(path: str | Path) -> "pd.DataFrame":
    """Read a score table written by ``framing score`` (.csv, .parquet, .jsonl); ``date`` parsed to datetimes.

    >>> read_scores("scores.csv")  # doctest: +SKIP
    """
    import pandas as pd

    path = Path(path)
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
    if "date" in table.columns and not pd.api.types.is_datetime64_any_dtype(table["date"]):
        try:
            table["date"] = pd.to_datetime(table["date"], errors="coerce", format="mixed")
        except (TypeError, ValueError):  # mixed time zones
            table["date"] = pd.to_datetime(table["date"], errors="coerce", format="mixed", utc=True)
    return table
