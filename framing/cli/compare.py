"""``framing compare SCORES --by outlet``: group means with bootstrap intervals, or pairwise contrasts.

Example::

    framing score data/article_sets/belgrade_moscow_call -o scores.csv
    framing compare scores.csv --by outlet
    framing compare scores.csv --by outlet --contrast --measures security_per_1k -o contrasts.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.cli.output import write_table
from framing.errors import FramingError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare groups: means with bootstrap intervals, or contrasts with p-values and effect sizes",
        description="Compare groups of a score table (from `framing score -o scores.csv`): each group's mean "
                    "per measure with a bootstrap interval, or with --contrast the differences between groups "
                    "with bootstrap intervals, permutation p-values (Holm-adjusted) and effect sizes.",
    )
    parser.add_argument("scores", metavar="SCORES",
                        help="score table: .csv, .parquet or .jsonl, or a score dataset folder (framing score --chunk-size)")
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
    from framing.analysis.compare import compare
    from framing.analysis.contrast import contrast

    from framing.load.scores import load_scores

    scores = load_scores(args.scores)
    options = {"measures": args.measures, "ci": args.ci, "n_boot": args.n_boot, "seed": args.seed, "method": args.method}
    if args.b is not None and args.a is None:
        raise FramingError("--b needs --a: name the group to contrast, e.g. --a 'Outlet A' --b rest")
    if args.contrast or args.a is not None:
        table = contrast(scores, args.by, a=args.a, b=args.b if args.b is not None or args.a is None else "each", n_perm=args.n_perm, **options)
    else:
        table = compare(scores, args.by, **options)
    write_table(table, args.output)
    return 0
