"""Wall time of ``framing batch --jobs 2`` on the bundled article sets against the naive loop a user
would write, in the same run, plus the cached rerun; with the CPU time each used (child processes,
kernels included).

The naive loop runs, for each set one after the other::

    papermill notebooks/report.ipynb OUT/<set>/report.ipynb -p article_set <set> -p output_dir OUT/<set>/tables
    jupyter nbconvert --to html OUT/<set>/report.ipynb

``framing batch --force`` does the same work and more (the comparison notebook, the index, the summary
tables); it runs once before the naive loop and once after it (this machine's speed drifts over
minutes, and the mean of the two cancels a steady drift), then again with nothing changed (every
set cached).

    .venv/bin/python bench/batch_bench.py [--jobs 2] [--notebook notebooks/report.ipynb] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by the finished child processes, grandchildren included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list, **options) -> float:
    """Run ``command`` from the repository root; its wall time in seconds (raises if it fails)."""
    start = time.perf_counter()
    done = subprocess.run([str(c) for c in command], cwd=REPO, capture_output=True, text=True, **options)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(map(str, command))}\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def naive_loop(sets: list[Path], notebook: Path, out: Path) -> float:
    start = time.perf_counter()
    for folder in sets:
        target = out / folder.name
        target.mkdir(parents=True)
        run([BIN / "papermill", notebook, target / "report.ipynb", "-p", "article_set", folder,
             "-p", "output_dir", target / "tables"])
        run([BIN / "jupyter", "nbconvert", "--to", "html", target / "report.ipynb"])
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="framing batch --jobs (default 2)")
    parser.add_argument("--notebook", default="notebooks/report.ipynb", help="report notebook")
    parser.add_argument("--keep", default=None, help="write the outputs here and keep them (default: a temporary folder)")
    parser.add_argument("--copies", type=int, default=1,
                        help="run on K copies of each bundled set (default 1: the bundled sets as they are), "
                             "to see how the batch scales to more sets than cores")
    args = parser.parse_args(argv)

    notebook = (REPO / args.notebook).resolve()
    if not notebook.is_file():
        sys.exit(f"{notebook} not found: the benchmark needs the report notebook")
    sets = sorted(p.parent for p in (REPO / "data" / "article_sets").glob("*/set.yaml"))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="batch-bench-"))
    for name in ("naive", "reports", "sets"):
        shutil.rmtree(work / name, ignore_errors=True)
    if args.copies > 1:
        # Copies live outside the repository, so a set's optional external article is not found there.
        copies = []
        for folder in sets:
            for k in range(1, args.copies + 1):
                copies.append(work / "sets" / f"{folder.name}_{k}")
                shutil.copytree(folder, copies[-1])
        sets = copies
    batch = [BIN / "framing", "batch", *sets, "--jobs", args.jobs, "--out", work / "reports", "--notebook", notebook,
             "--quiet"]
    forced = [*batch, "--force"]
    print(f"{len(sets)} article sets ({', '.join(s.name for s in sets)}); {os.cpu_count()} cores; outputs in {work}")
    try:
        # This machine's speed drifts over minutes: the batch runs before and after the naive loop, and
        # the ratio uses the mean of the two, which cancels a steady drift.
        cpu = children_cpu()
        before = run(forced)
        before_cpu, cpu = children_cpu() - cpu, children_cpu()
        naive = naive_loop(sets, notebook, work / "naive")
        naive_cpu, cpu = children_cpu() - cpu, children_cpu()
        after = run(forced)
        after_cpu = children_cpu() - cpu
        print(f"naive loop (papermill, then jupyter nbconvert, per set): {naive:6.1f} s  "
              f"(CPU {naive_cpu:.1f} s)", flush=True)
        print(f"framing batch --jobs {args.jobs} --force, before and after it: {before:.1f} s (CPU {before_cpu:.1f} s), "
              f"{after:.1f} s (CPU {after_cpu:.1f} s)")
        print(f"  ratio {(before + after) / 2 / naive:.2f} of the naive loop (target <= 0.40; "
              f"{before / naive:.2f} and {after / naive:.2f} run by run)", flush=True)
        cached = run(batch)
        print(f"framing batch --jobs {args.jobs}, nothing changed (cached): {cached:6.1f} s   (target < 2 s)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
