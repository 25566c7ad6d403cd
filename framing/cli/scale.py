"""``framing score`` options for large inputs: ``--chunk-size``, ``--resume``, ``--sentences``, ``--matches``
(bounded memory, :mod:`framing.stream`) and ``--dask`` (a Dask cluster, :mod:`framing.distributed`).

Example::

    framing score archive.jsonl -o scores.parquet --chunk-size 10000 --sentences sentences.parquet
    framing score archive.jsonl -o scores.parquet --resume
    framing score archive.jsonl -o scores.parquet --dask tcp://scheduler:8786
"""

from __future__ import annotations

import argparse
import sys


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chunk-size", type=int, default=None, metavar="N",
                        help="read and score N articles at a time into a Parquet dataset folder -o OUT "
                             "(memory bounded by N; .jsonl, .csv, .tsv, .parquet inputs)")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted chunked run: chunks already written are skipped")
    parser.add_argument("--sentences", metavar="FOLDER", help="chunked runs: also write the sentences dataset here")
    parser.add_argument("--matches", metavar="FOLDER", help="chunked runs: also write the matches dataset here")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="score the chunks on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' "
                             "for a LocalCluster on this machine (needs pip install \"framing[dask]\")")


def is_scaled(args: argparse.Namespace) -> bool:
    """True when the arguments ask for a chunked (or Dask) run."""
    return any((args.chunk_size is not None, args.resume, args.sentences, args.matches, args.dask))


def run_scaled(args: argparse.Namespace, lexicon) -> int:
    """Score ``args.input`` chunk by chunk into the dataset folder ``args.output``."""
    from framing.errors import FramingError
    from framing.load.chunks import DEFAULT_CHUNK_SIZE
    from framing.stream import stream_scores

    if args.output == "-":
        raise FramingError("chunked scoring writes a Parquet dataset folder: pass -o OUT (e.g. -o scores.parquet)")
    options = dict(chunk_size=args.chunk_size or DEFAULT_CHUNK_SIZE, lexicon=lexicon, sentences=args.sentences,
                   matches=args.matches, resume=args.resume, text=args.text, encoding=args.encoding,
                   n_jobs=args.jobs)
    if args.dask:
        from framing.distributed import connect, dask_analyser

        with connect(args.dask) as client:
            result = stream_scores(args.input, args.output, analyser=dask_analyser(client), **options)
    else:
        result = stream_scores(args.input, args.output, **options)
    print(f"{result.n_articles} articles in {result.n_chunks} chunks: {result.n_written} written, "
          f"{result.n_skipped} already there; dataset {args.output}", file=sys.stderr)
    return 0
