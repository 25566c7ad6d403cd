"""``framing validate SHEETS…``: precision, recall and F1 of the lexicon against coding sheets."""

from __future__ import annotations

import argparse


def add_coding_arguments(parser: argparse.ArgumentParser) -> None:
    """SHEETS and the options that find their texts, sample and gold codes (shared with ``lexicon suggest``)."""
    parser.add_argument("sheets", nargs="+", metavar="SHEET", help="coding sheets (CSV) of one or more coders")
    parser.add_argument("--lexicon", default=None, help="lexicon YAML file (default: the bundled lexicon)")
    parser.add_argument("--texts", default=None,
                        help="texts of the units when the sheets have none: CSV with unit_id,text, or a "
                             "tab-separated id/rating/text file")
    parser.add_argument("--sample", default=None, help="the sample table (unit_id, weight, …) written with the sheet")
    parser.add_argument("--gold", default=None,
                        help="adjudicated codes (unit_id and a 0/1 column per frame); default: the coders' majority")
    parser.add_argument("--part", default=None,
                        help="only the units of this part of the sample (e.g. development); a sample with a "
                             "'part' column needs it")
    parser.add_argument("--shared-units", action="store_true",
                        help="coders share the units out (each unit needs two coders) instead of each coding all")


def load_sheets(args: argparse.Namespace):
    from framing.validation.texts import load_coding

    sample = args.sample
    if sample is not None and args.part is None:
        import pandas as pd

        if "part" in pd.read_csv(sample, nrows=0).columns:
            from framing.errors import CodingError

            raise CodingError(f"{sample}: the sample is split into parts; choose one with --part (e.g. --part development)")
    return load_coding(*args.sheets, texts=args.texts, sample=sample, gold=args.gold, part=args.part,
                       complete="unit" if args.shared_units else "coder")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help="precision, recall and F1 of the lexicon against coding sheets",
        description="Score the lexicon's frames against human codes (see docs/codebook.md): per frame the "
                    "confusion counts and precision, recall and F1 with bootstrap intervals, weighted by the "
                    "sample's weights when --sample is given.")
    add_coding_arguments(parser)
    parser.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap (default 0)")
    parser.add_argument("--diagnostics", action="store_true",
                        help="also print the entries, false negatives and false positives")
    parser.add_argument("-o", "--output", default=None, help="also write the score table (.csv, .parquet, .jsonl)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.cli.output import write_table
    from framing.lexicon import load_lexicon
    from framing.validation.agreement import agreement
    from framing.validation.validate import validate

    lexicon = load_lexicon(args.lexicon)
    data = load_sheets(args)
    result = validate(data.articles, data.gold, weights=data.weights, n_boot=args.n_boot, seed=args.seed,
                      lexicon=lexicon, strata=data.strata)
    print(result)
    weighted = "weighted by the sample's weights" if data.weights is not None else "unweighted"
    if data.strata is not None:
        weighted += ", resampled within strata"
    print(f"\n{len(data.units)} units, lexicon {lexicon.name} {lexicon.version} ({lexicon.fingerprint}); "
          f"{weighted}; 95% percentile bootstrap intervals ({args.n_boot} resamples, seed {args.seed})")
    if data.codes["coder"].nunique() > 1:
        alpha = agreement(data.codes, pairs=False)
        print("coders' agreement: " + ", ".join(f"{r.frame} alpha {r.alpha:.2f}" for r in alpha.itertuples()))
    if args.diagnostics:
        for title, table in (("entries", result.entries), ("false negatives", result.false_negatives),
                             ("false positives", result.false_positives)):
            print(f"\n{title}:")
            write_table(table, "-", float_digits=2)
    if args.output:
        write_table(result.scores, args.output)
    return 0
