"""``framing articles check PATH``: load articles and report counts, dates, empty and duplicate texts.

Exit status: 0 when the articles load (warnings are reported, not fatal), 1 when they cannot be
loaded; 2 comes from ``framing.cli.main`` for other errors (e.g. an unsupported ``-o`` extension).

Example::

    framing articles check data/article_sets/belgrade_moscow_call
    framing articles check export.csv --encoding cp1252 --text body -o clean.jsonl
    framing articles check wire.jsonl --near-threshold 0.7 --near-duplicates drop -o unique.jsonl
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "articles",
        help="check article files and sets",
        description="Work with article files, folders and article sets.",
    )
    commands = parser.add_subparsers(dest="articles_command", metavar="SUBCOMMAND")
    check = commands.add_parser(
        "check",
        help="load articles and report counts, dates, empty and duplicate texts, problems",
        description="Load PATH as articles and print a report; exit 1 if it cannot be loaded.",
    )
    check.add_argument("path", help="articles: .csv/.tsv/.json/.jsonl/.parquet, a folder of .txt/.md, or an article set")
    check.add_argument("--encoding", default=None, help="file encoding, when it is not UTF-8 (e.g. cp1252)")
    check.add_argument("--text", default=None, help="name of the text column, when it is not found automatically")
    check.add_argument("--near-threshold", type=float, default=None, metavar="J",
                       help="report texts whose word-shingle Jaccard similarity to an earlier text is at least J "
                            "as near-duplicates (default 0.8)")
    check.add_argument("--near-duplicates", choices=("keep", "mark", "drop"), default="keep",
                       help="with -o: keep every article (default), mark near-duplicates in duplicate_of with "
                            "duplicate_similarity, or drop exact and near-duplicates")
    check.add_argument("-o", "--output", default=None,
                       help="also write the loaded, normalized articles: .csv, .parquet, .jsonl, or - for stdout")
    check.add_argument("--lexicon", default=None,
                       help="lexicon whose languages are checked (default: the bundled one): warns on languages it lacks")
    check.set_defaults(func=run_check)
    parser.set_defaults(func=lambda args: _help(parser))


def run_check(args: argparse.Namespace) -> int:
    from framing.load.check import check_articles
    from framing.load.duplicates import NEAR_DUPLICATE_THRESHOLD, drop_duplicates, mark_near_duplicates
    from framing.cli.output import write_table

    options = {key: value for key, value in {"text": args.text, "encoding": args.encoding}.items() if value is not None}
    threshold = NEAR_DUPLICATE_THRESHOLD if args.near_threshold is None else args.near_threshold
    result = check_articles(args.path, near_threshold=threshold, lexicon=args.lexicon, **options)
    # with -o - the table goes to stdout, so the report moves to stderr
    print(result.report(), file=sys.stderr if args.output == "-" else sys.stdout)
    if result.ok and args.output is not None:
        articles = result.articles
        if args.near_duplicates != "keep":
            articles = mark_near_duplicates(articles, threshold=threshold)
        if args.near_duplicates == "drop":
            articles = drop_duplicates(articles).drop(columns="duplicate_similarity")
        write_table(articles, args.output)
    return 0 if result.ok else 1


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2
