"""Analyses of an article set from the shell: ``framing keyness``, ``kwic``, ``sensitivity``, ``actors``.

Example::

    framing keyness data/article_sets/belgrade_moscow_call --by outlet --a "Baltic Sentinel" --stopwords
    framing kwic data/article_sets/belgrade_moscow_call --frame security --term "secur*"
    framing sensitivity data/article_sets/belgrade_moscow_call --by outlet --frame security -o loo.csv
    framing actors data/article_sets/belgrade_moscow_call --by outlet -o actors.csv
"""

from __future__ import annotations

import argparse
import sys

from framing.cli.output import add_input_arguments, load_input
from framing.errors import FramingError


def register(subparsers: argparse._SubParsersAction) -> None:
    keyness = subparsers.add_parser(
        "keyness", help="distinctive words of one group (log-odds ratio, informative Dirichlet prior)",
        description="Words (or, with --frame, lexicon entries) that distinguish group A from group B (default: all "
                    "other groups): log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn "
                    "2008), sorted by z. On stdout, the --top most distinctive terms of each side.")
    add_input_arguments(keyness)
    keyness.add_argument("--by", required=True, metavar="COLUMN", help="column that defines the groups, e.g. outlet")
    keyness.add_argument("--a", required=True, metavar="GROUP", help="the group to describe")
    keyness.add_argument("--b", default=None, metavar="GROUP", help="the group to compare with (default: all others)")
    keyness.add_argument("--frame", default=None, help="compare the entries of this frame instead of all words")
    keyness.add_argument("--prior-scale", type=float, default=0.01,
                         help="prior weight relative to the compared texts (default 0.01; 1 = counts of A and B)")
    keyness.add_argument("--min-count", type=int, default=None,
                         help="drop terms seen fewer times in A and B together (default 5 for words, 1 for entries)")
    keyness.add_argument("--stopwords", action="store_true", help="drop the bundled English stopword list")
    keyness.add_argument("--top", type=int, default=20, help="terms per side printed on stdout (default 20)")
    keyness.set_defaults(func=run_keyness)

    kwic = subparsers.add_parser(
        "kwic", help="keyword in context: every hit of a frame, an entry or a pattern, with its context",
        description="Keyword-in-context rows for lexicon hits (--frame, --term) or a free --pattern "
                    "(lexicon syntax: * any letters, ? one letter, multi-word).")
    add_input_arguments(kwic)
    kwic.add_argument("--frame", default=None, help="hits of this frame")
    kwic.add_argument("--term", default=None, help="hits of this lexicon entry, as written in the lexicon (e.g. 'secur*')")
    kwic.add_argument("--pattern", default=None, help="free search pattern instead of lexicon hits")
    kwic.add_argument("--window", type=int, default=8, help="tokens of context on each side (default 8)")
    kwic.add_argument("--limit", type=int, default=50, help="rows printed on stdout (default 50)")
    kwic.set_defaults(func=run_kwic)

    sensitivity = subparsers.add_parser(
        "sensitivity", help="leave-one-entry-out: does a group difference in a frame hang on one entry?",
        description="For each entry of FRAME with hits, the contrast between groups recomputed without it; "
                    "flags entries whose removal flips the sign or the significance of the difference.")
    add_input_arguments(sensitivity)
    sensitivity.add_argument("--by", required=True, metavar="COLUMN", help="column that defines the groups")
    sensitivity.add_argument("--frame", required=True, help="the frame whose entries are left out in turn")
    sensitivity.add_argument("--measure", default="per_1k", choices=("per_1k", "share", "tone", "hits"),
                             help="measure of the frame (default per_1k)")
    sensitivity.add_argument("--a", default=None, metavar="GROUP", help="contrast this group …")
    sensitivity.add_argument("--b", default=None, metavar="GROUP",
                             help="… against this group, or 'rest' for all others (default: each other group)")
    sensitivity.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    sensitivity.add_argument("--n-perm", type=int, default=2000, help="permutations for p-values (default 2000)")
    sensitivity.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    sensitivity.set_defaults(func=run_sensitivity)

    actors = subparsers.add_parser(
        "actors", help="which actors co-occur with which frames, sentence by sentence, and with what tone",
        description="Actor × frame table: sentences naming each actor, the share of them evoking each frame, "
                    "and their mean tone.")
    add_input_arguments(actors)
    actors.add_argument("--actors", default=None, help="actor list YAML (default: the bundled list)")
    actors.add_argument("--by", default=None, metavar="COLUMN", help="one table per group of this column")
    actors.set_defaults(func=run_actors)


def _positive(name: str, value: int) -> None:
    if value < 1:
        raise FramingError(f"{name} {value} must be a positive integer")


def run_keyness(args: argparse.Namespace) -> int:
    from framing.cli.output import write_table
    from framing.analysis.keyness import frame_keyness, keyness

    _positive("--top", args.top)
    articles = load_input(args)
    options = {"prior_scale": args.prior_scale}
    if args.min_count is not None:
        options["min_count"] = args.min_count
    if args.frame is not None:
        if args.stopwords:
            raise FramingError("--stopwords applies to words, not to the entries of --frame; leave one of them out")
        table = frame_keyness(articles, args.by, args.a, args.b, frame=args.frame, lexicon=args.lexicon, **options)
    else:
        table = keyness(articles, args.by, args.a, args.b, stopwords=args.stopwords, **options)
    attrs = dict(table.attrs)
    if args.output == "-" and len(table) > 2 * args.top:
        import pandas as pd

        table = pd.concat([table.head(args.top), table.tail(args.top)])
    write_table(table, args.output)
    print(f"keyness: {attrs['a']} ({attrs['n_a']} tokens) vs {attrs['b'] or 'all other groups'} "
          f"({attrs['n_b']} tokens); prior_scale {args.prior_scale:g}; z > 0: more in {attrs['a']}", file=sys.stderr)
    return 0


def run_kwic(args: argparse.Namespace) -> int:
    from framing.cli.output import write_table
    from framing.analysis.kwic import kwic, kwic_text

    _positive("--limit", args.limit)
    if args.pattern is None and args.frame is None and args.term is None:
        raise FramingError("name what to show: --frame F, --term T (a lexicon entry) or --pattern P")
    table = kwic(load_input(args), frame=args.frame, term=args.term, pattern=args.pattern, window=args.window,
                 lexicon=args.lexicon)
    if args.output == "-":
        print(kwic_text(table, n=args.limit))
    else:
        write_table(table, args.output)
    return 0


def run_sensitivity(args: argparse.Namespace) -> int:
    from framing.cli.output import write_table
    from framing.analysis.sensitivity import sensitivity

    if args.b is not None and args.a is None:
        raise FramingError("--b needs --a: name the group to contrast, e.g. --a 'Outlet A' --b rest")
    table = sensitivity(load_input(args), args.by, args.frame, kind=args.measure, a=args.a, b=args.b if args.b is not None or args.a is None else "each",
                        lexicon=args.lexicon, n_boot=args.n_boot, n_perm=args.n_perm, seed=args.seed)
    write_table(table, args.output)
    flagged = table[table["sign_flips"] | table["significance_changes"]]
    print(f"sensitivity: {table['entry'].nunique() - 1} entries of {args.frame!r} with hits; "
          f"{flagged['entry'].nunique()} change the sign or significance of a contrast"
          + (f": {', '.join(dict.fromkeys(flagged['entry']))}" if len(flagged) else ""), file=sys.stderr)
    return 0


def run_actors(args: argparse.Namespace) -> int:
    from framing.analysis.actors import actor_frames
    from framing.cli.output import write_table

    table = actor_frames(load_input(args), actors=args.actors, lexicon=args.lexicon, by=args.by)
    write_table(table, args.output)
    return 0
