"""``framing lexicon show [FILE]``, ``framing lexicon check FILE`` and ``framing lexicon suggest --frame F SHEETS…``."""

from __future__ import annotations

import argparse
import sys
import textwrap

from framing.cli.validate import add_coding_arguments, load_sheets


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lexicon", help="show or check a frame lexicon, or suggest entries from coding")
    actions = parser.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print frames, definitions and entry counts")
    show.add_argument("file", nargs="?", default=None, help="lexicon YAML (default: the bundled lexicon)")
    show.add_argument("--entries", action="store_true", help="also list every entry with its weight")
    show.set_defaults(func=run_show)
    check = actions.add_parser("check", help="report every problem in a lexicon file; exit 1 if any")
    check.add_argument("file", help="lexicon YAML file")
    check.set_defaults(func=run_check)
    suggest = actions.add_parser("suggest", help="candidate entries for a frame from coding sheets (never added)",
                                 description="Words and bigrams typical of units coded 1 for the frame against "
                                             "units coded 0 (Fightin' Words z), that the lexicon does not already "
                                             "match, with example contexts. Read them and decide: nothing is added.")
    suggest.add_argument("--frame", required=True, help="the frame to suggest entries for")
    add_coding_arguments(suggest)
    suggest.add_argument("--top", type=int, default=30, help="how many candidates (default 30)")
    suggest.add_argument("--min-count", type=int, default=3, help="fewest uses in positive units (default 3)")
    suggest.add_argument("-o", "--output", default="-", help="output table (.csv, .parquet, .jsonl) or - (default)")
    suggest.set_defaults(func=run_suggest)


def run_show(args: argparse.Namespace) -> int:
    from framing.lexicon import load_lexicon

    lexicon = load_lexicon(args.file)
    print(f"{lexicon.name} {lexicon.version}  ({lexicon.source}, fingerprint {lexicon.fingerprint})")
    if lexicon.description:
        print(textwrap.fill(lexicon.description, 100))
    print(f"languages: {', '.join(lexicon.languages)} (entries below: {lexicon.language})")
    for frame, row in zip(lexicon.frame_defs, lexicon.summary().itertuples()):
        print(f"\n{frame.name}: {row.entries} entries ({row.multi_word} multi-word, {row.globs} glob, "
              f"{row.weighted} weighted), {row.exclude} exclude")
        print(textwrap.fill(frame.definition or "(no definition)", 100, initial_indent="  ", subsequent_indent="  "))
        if args.entries:
            listed = ", ".join(e.pattern if e.weight == 1 else f"{e.pattern} (×{e.weight:g})" for e in frame.entries)
            print(textwrap.fill("entries: " + listed, 100, initial_indent="  ", subsequent_indent="    "))
            if frame.exclude:
                print(textwrap.fill("exclude: " + ", ".join(frame.exclude), 100, initial_indent="  ", subsequent_indent="    "))
            for language, entries, exclude in frame.others:
                listed = ", ".join(e.pattern if e.weight == 1 else f"{e.pattern} (×{e.weight:g})" for e in entries)
                print(textwrap.fill(f"entries ({language}): " + listed, 100, initial_indent="  ", subsequent_indent="    "))
                if exclude:
                    print(textwrap.fill(f"exclude ({language}): " + ", ".join(exclude), 100, initial_indent="  ",
                                        subsequent_indent="    "))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from framing.lexicon import check_lexicon, load_lexicon

    problems = check_lexicon(args.file)
    if problems:
        print(f"{args.file}: {len(problems)} problem{'s' if len(problems) > 1 else ''}", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    lexicon = load_lexicon(args.file)
    counts = ", ".join(f"{f.name} {len(f.entries)}" for f in lexicon.frame_defs)
    print(f"{args.file}: ok — {len(lexicon.frames)} frames ({counts} entries), fingerprint {lexicon.fingerprint}")
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    from framing.cli.output import write_table
    from framing.validation.suggest import suggest_entries

    data = load_sheets(args)
    table = suggest_entries(data.gold, args.frame, lexicon=args.lexicon, texts=data.units, top=args.top,
                            min_count=args.min_count)
    write_table(table, args.output, float_digits=2)
    if args.output == "-":
        print(f"{len(table)} candidates for {args.frame} from {table.attrs['n_positive']} units coded 1 and "
              f"{table.attrs['n_negative']} coded 0; none is added to the lexicon", file=sys.stderr)
    return 0
