"""``framing batch [SETS...]``: run the report notebook over article sets and write ``reports/index.html``.

Example::

    framing batch --jobs 2 -p n_boot=500 --no-input
    framing batch data/article_sets/winter_gas_terms --force
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="run the report notebook over article sets: HTML reports, index, summary, comparison",
        description="Run NOTEBOOK once per article set with papermill (in parallel, each run with its own kernel "
                    "and working directory), render each to HTML, run the comparison notebook over the results, "
                    "and write OUT/index.html, OUT/summary.csv/.parquet and OUT/batch.json. Sets whose inputs "
                    "are unchanged are skipped (cached). Exits 1 when a set failed.",
    )
    parser.add_argument("sets", nargs="*", metavar="SETS",
                        help="article-set folders (default: every set under data/article_sets/)")
    parser.add_argument("--notebook", default=None,
                        help="report notebook (default: report.ipynb shipped with framing, as in notebooks/)")
    parser.add_argument("--out", default="reports",
                        help="reports folder (default: reports/); never an input set folder, nor inside one")
    parser.add_argument("--jobs", "-j", type=int, default=None, help="sets run at the same time (default: cores)")
    parser.add_argument("-p", "--parameter", dest="parameters", action="append", default=[], metavar="KEY=VALUE",
                        help="notebook parameter for every set, value read as YAML (repeatable): -p n_boot=500")
    parser.add_argument("--no-input", action="store_true", help="hide the code in the HTML reports")
    parser.add_argument("--force", action="store_true", help="rerun every set and the comparison, even unchanged ones")
    parser.add_argument("--timeout", type=float, default=None, metavar="S",
                        help="seconds a set may run before it is stopped and marked failed (default: no limit)")
    parser.add_argument("--compare-notebook", default=None,
                        help="notebook run over the summaries (default: compare_sets.ipynb shipped with framing)")
    parser.add_argument("--no-compare", action="store_true", help="do not run the comparison notebook")
    parser.add_argument("--dask", metavar="ADDRESS", help="run each set as a task on a Dask cluster (tcp://host:8786, "
                        "or 'local'); the workers must see the same paths. Needs pip install \"framing[dask]\"")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no final line")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.batch.inputs import COMPARE_NOTEBOOK, REPORT_NOTEBOOK, parse_parameters
    from framing.batch.run import execute_batch

    result = execute_batch(
        args.sets or None, notebook=args.notebook or REPORT_NOTEBOOK, out=args.out, jobs=args.jobs,
        parameters=parse_parameters(args.parameters), no_input=args.no_input, force=args.force,
        timeout=args.timeout, compare_notebook=None if args.no_compare else args.compare_notebook or COMPARE_NOTEBOOK,
        progress=not args.quiet, dask=args.dask,
    )
    for problem in result.problems:
        print(f"failed: {problem}", file=sys.stderr)
    for run in result.failed:
        where = run.get("html") or run.get("notebook") or run.get("log")
        print(f"failed: {run['set']}: {run['error']}" + (f" (see {where})" if where else ""), file=sys.stderr)
    compare = result.compare
    if compare.get("status") == "failed":
        print(f"failed: comparison of the sets: {compare.get('error')} (see {compare.get('html')})", file=sys.stderr)
    return 1 if result.failed or result.problems or compare.get("status") == "failed" else 0
