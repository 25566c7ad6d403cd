"""Scale: streaming throughput and peak memory by input size, pandas vs a Dask LocalCluster, Dask's overhead.

Articles are made of real text: sentences of the New York Times editorials in
../shared/validation/vader_nyt (when present) and of the bundled article sets, drawn with a fixed seed,
5 to 25 sentences each, every article with its own id. Each measurement runs in a fresh process, which
reports its own peak RSS (ru_maxrss), so sizes do not inherit each other's memory.

    .venv/bin/python bench/scale_bench.py stream 10000 100000          # articles/s and peak RSS, one core
    .venv/bin/python bench/scale_bench.py dask 100000                  # pandas vs LocalCluster(2 workers)
    .venv/bin/python bench/scale_bench.py overhead 200                 # Dask's overhead on a small input
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the repository; from a git worktree under /work/wt/, the one two levels up
NYT = next((p for p in (REPO.parent / "shared", REPO.parents[1] / "shared") if p.is_dir()), REPO.parent / "shared") \
    / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt"
OUTLETS = ("Daily A", "Weekly B", "Wire C", "Evening D")


def sentence_pool() -> list[str]:
    import framing

    pool = []
    for path in framing.list_article_sets(REPO / "data" / "article_sets")["path"]:
        for text in framing.load_article_set(path).articles["text"]:
            pool.extend(s for _, _, s in framing.split_sentences(text))
    if NYT.exists():
        for line in NYT.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and parts[2].strip():
                pool.append(parts[2].strip())
    return pool


def generate(n: int, path: Path, seed: int = 0) -> None:
    """Write ``n`` articles to a JSON Lines file, a block at a time."""
    pool = sentence_pool()
    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8") as handle:
        for start in range(0, n, 10_000):
            lines = []
            for i in range(start, min(n, start + 10_000)):
                picked = rng.integers(0, len(pool), rng.integers(5, 26))
                lines.append(json.dumps({"id": f"b{i:08d}", "outlet": OUTLETS[i % 4],
                                         "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                         "text": " ".join(pool[j] for j in picked)}))
            handle.write("\n".join(lines) + "\n")


def child(argv: list[str]) -> dict:
    """Run this script's ``_child`` mode in a fresh process; its JSON answer."""
    done = subprocess.run([sys.executable, __file__, "_child", *argv], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child(mode: str, source: str, out: str, extra: str) -> None:
    from framing.stream import stream_scores

    started, cpu = time.perf_counter(), time.process_time()
    if mode == "stream":
        result = stream_scores(source, out, chunk_size=int(extra), progress=False)
        n = result.n_articles
    elif mode == "dask":
        from framing.distributed import connect, dask_analyser

        with connect("local", n_workers=2) as client:
            ready = time.perf_counter()
            result = stream_scores(source, out, chunk_size=int(extra), progress=False, analyser=dask_analyser(client))
        n = result.n_articles
        started = ready  # the cluster's start is measured by the overhead mode
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds = time.perf_counter() - started
    print(json.dumps({"n": n, "seconds": seconds, "cpu_s": time.process_time() - cpu,
                      "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def overhead(n: int) -> None:
    import dask.dataframe as dd
    import pandas as pd

    import framing
    from framing.distributed import connect

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "small.jsonl"
        generate(n, path)
        articles = framing.load_articles(path)
    framing.score(articles.head(5))  # warm up: lexicon compiled, VADER loaded
    started = time.perf_counter()
    framing.score(articles)
    pandas_s = time.perf_counter() - started
    started = time.perf_counter()
    with connect("local", n_workers=2) as client:
        up = time.perf_counter() - started
        frame = dd.from_pandas(articles, npartitions=2)
        framing.score(frame).compute()  # first run: workers import framing and load VADER
        started = time.perf_counter()
        framing.score(frame).compute()
        warm = time.perf_counter() - started
    print(f"{n} articles: pandas {pandas_s:.2f} s; Dask LocalCluster(2) start {up:.1f} s, "
          f"then score(ddf) on the warm cluster {warm:.2f} s = {warm / pandas_s:.2f}x pandas", flush=True)
    del pd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("stream", "dask", "overhead", "_child"))
    parser.add_argument("args", nargs="*")
    parser.add_argument("--chunk-size", type=int, default=10_000)
    options = parser.parse_args()
    if options.mode == "_child":
        run_child(*options.args)
        return
    if options.mode == "overhead":
        overhead(int(options.args[0]) if options.args else 200)
        return
    sizes = [int(a) for a in options.args] or ([10_000, 100_000] if options.mode == "stream" else [100_000])
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as folder:
        for n in sizes:
            source = Path(folder) / f"articles-{n}.jsonl"
            generate(n, source)
            mib = source.stat().st_size / 2**20
            local = child(["stream", str(source), str(Path(folder) / f"local-{n}"), str(options.chunk_size)])
            print(f"{n} articles ({mib:.0f} MiB JSON Lines), one core: {local['n'] / local['seconds']:.0f} articles/s "
                  f"({local['seconds']:.0f} s wall), {local['n'] / local['cpu_s']:.0f} articles per CPU second "
                  f"({local['cpu_s']:.0f} s CPU), peak RSS {local['rss_mib']:.0f} MiB", flush=True)
            if options.mode == "dask":
                remote = child(["dask", str(source), str(Path(folder) / f"dask-{n}"), str(options.chunk_size)])
                print(f"{n} articles, Dask LocalCluster (2 workers x 1 thread): "
                      f"{remote['n'] / remote['seconds']:.0f} articles/s, {remote['seconds']:.0f} s "
                      f"(= {local['seconds'] / remote['seconds']:.2f}x the single-core run; client peak RSS "
                      f"{remote['rss_mib']:.0f} MiB)", flush=True)


if __name__ == "__main__":
    main()
