"""``framing score INPUT -o OUT``: score articles and write (or print) one row per article."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score articles: frame hits, rates, shares, tone per article",
        description="Score every article of INPUT (a file, a folder of texts or an article-set folder).",
    )
    parser.add_argument("input", help="articles: .csv/.tsv/.json/.jsonl/.parquet, a folder of .txt/.md, or an article set")
    parser.add_argument("-o", "--output", default="-", help="output table: .csv, .parquet, .jsonl, or - for stdout (default)")
    parser.add_argument("--lexicon", default=None, help="lexicon YAML file (default: the bundled lexicon)")
    parser.add_argument("--text", default=None, help="name of the text column, when it is not found automatically")
    parser.add_argument("--encoding", default=None, help="file encoding, when it is not UTF-8")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for large inputs (default 1)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.articles import load_articles
    from framing.cli.output import write_table
    from framing.lexicon import load_lexicon
    from framing.measures import score
    from framing.provenance import engine_info

    lexicon = load_lexicon(args.lexicon)
    options = {k: v for k, v in {"text": args.text, "encoding": args.encoding}.items() if v is not None}
    articles = load_articles(args.input, **options)
    table = score(articles, lexicon, n_jobs=args.jobs)
    if args.output == "-":
        shown = ["id"] + [c for c in ("outlet", "date") if c in table.columns] + \
                ["n_tokens", "sentiment", "dominant_frame"] + [f"{f}_per_1k" for f in lexicon.frames]
        write_table(table[shown], "-", float_digits=2)
    else:
        write_table(table, args.output)
    info = engine_info(lexicon)
    print(f"{len(table)} articles scored with lexicon {info['lexicon_name']} ({info['lexicon_fingerprint']}); "
          f"tone: {info['vader_lexicon']}; sentences: {info['sentence_splitter']}", file=sys.stderr)
    return 0
