"""Time of near-duplicate detection against loading the same articles, in the same run.

Synthetic 300-word articles (words drawn from a 5,000-word vocabulary, seed 0), every tenth one
reprinted with three words added. Prints the seconds of ``load_articles`` (which finds exact
copies) and of ``near_duplicates``, and their ratio, for each size.

    .venv/bin/python bench/duplicates_bench.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import random
import time

import pandas as pd

from framing.load import load_articles
from framing.load.duplicates import near_duplicates


def articles(n: int) -> pd.DataFrame:
    rng = random.Random(0)
    vocabulary = [f"w{i}" for i in range(5000)]
    texts = [" ".join(rng.choices(vocabulary, k=300)) for _ in range(n)]
    for i in range(0, n - 1, 10):
        texts[i + 1] = texts[i] + " with three more"
    return pd.DataFrame({"id": [str(i) for i in range(n)], "text": texts})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    for n in parser.parse_args().sizes:
        table = articles(n)
        start = time.perf_counter()
        loaded = load_articles(table)
        load_seconds = time.perf_counter() - start
        start = time.perf_counter()
        found = near_duplicates(loaded)
        near_seconds = time.perf_counter() - start
        print(f"{n} articles: load {load_seconds:.2f}s, near_duplicates {near_seconds:.2f}s "
              f"(x{near_seconds / load_seconds:.1f} the load), {len(found)} found")


if __name__ == "__main__":
    main()
