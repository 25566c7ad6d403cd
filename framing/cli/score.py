"""``framing score INPUT -o OUT``: score articles and write (or print) one row per article."""

from __future__ import annotations

import argparse
import sys

from framing.cli.output import add_input_arguments, load_input, write_table
from framing.cli.scale import add_scale_arguments, is_scaled, run_scaled


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score articles: frame hits, rates, shares, tone per article",
        description="Score every article of INPUT (a file, a folder of texts or an article-set folder).",
    )
    add_input_arguments(parser)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for large inputs (default 1)")
    parser.add_argument("--tone", default="vader",
                        help="vader: NLTK's VADER (default); vader+news: with framing's political-news valences")
    parser.add_argument("--tone-lexicon", default=None, metavar="FILE",
                        help="word<TAB>valence lines (-4..4) added to the tone lexicon")
    add_scale_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.lexicon import load_lexicon
    from framing.measures import score
    from framing.provenance import engine_info

    lexicon = load_lexicon(args.lexicon)
    if is_scaled(args):
        return run_scaled(args, lexicon)
    articles = load_input(args)
    table = score(articles, lexicon, n_jobs=args.jobs, tone=args.tone, tone_lexicon=args.tone_lexicon)
    if args.output == "-":
        shown = ["id"] + [c for c in ("outlet", "date") if c in table.columns] + \
                ["n_tokens", "sentiment", "dominant_frame"] + [f"{f}_per_1k" for f in lexicon.frames]
        write_table(table[shown], "-", float_digits=2)
    else:
        write_table(table, args.output)
    info = engine_info(lexicon, args.tone, args.tone_lexicon)
    print(f"{len(table)} articles scored with lexicon {info['lexicon_name']} ({info['lexicon_fingerprint']}); "
          f"tone: {info['tone']} ({info['vader_lexicon']}); sentences: {info['sentence_splitter']}", file=sys.stderr)
    return 0
