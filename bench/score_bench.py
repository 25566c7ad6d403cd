"""Throughput of framing.score() against the naive loop a user would write, in the same process.

The naive baseline splits sentences with a regular expression, calls NLTK's VADER on each sentence
and counts each frame with one compiled regex per frame (the lexicon's patterns OR-ed together).
Articles: the 498 New York Times editorials of ../shared/validation/vader_nyt (re-assembled from
their sentences) when present, plus the bundled article sets.

    .venv/bin/python bench/score_bench.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pandas as pd

import framing
from framing.tone import analyzer

REPO = Path(__file__).resolve().parents[1]
NYT = REPO.parent / "shared" / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt"


def bench_articles() -> pd.DataFrame:
    sets = [framing.load_article_set(path).articles[["id", "text"]]
            for path in framing.list_article_sets(REPO / "data" / "article_sets")["path"]]
    if NYT.exists():
        table = pd.read_csv(NYT, sep="\t", header=None, names=["id", "rating", "text"], quoting=3, dtype={"id": str})
        table["article"] = "nyt-" + table["id"].str.split("_").str[0]
        sets.append(table.groupby("article", sort=False)["text"].agg(" ".join).reset_index()
                    .rename(columns={"article": "id"}))
    return pd.concat(sets, ignore_index=True)


def naive_regex(lexicon: framing.Lexicon) -> dict[str, re.Pattern]:
    def one(pattern: str) -> str:
        return r"\b" + re.escape(pattern).replace(r"\*", r"\w*").replace(r"\?", r"\w").replace(r"\ ", r"[\s-]+") + r"\b"

    return {f.name: re.compile("|".join(one(e.pattern) for e in f.entries), re.IGNORECASE) for f in lexicon.frame_defs}


def naive_score(articles: pd.DataFrame, regexes: dict[str, re.Pattern]) -> pd.DataFrame:
    vader = analyzer()
    rows = []
    for article_id, text in zip(articles["id"], articles["text"]):
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
        compounds = [vader.polarity_scores(s)["compound"] for s in sentences]
        row = {"id": article_id, "n_tokens": len(text.split()), "sentiment": sum(compounds) / max(len(compounds), 1)}
        for frame, regex in regexes.items():
            row[f"{frame}_hits"] = sum(len(regex.findall(s)) for s in sentences)
        rows.append(row)
    return pd.DataFrame(rows)


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles = bench_articles()
    lexicon = framing.load_lexicon()
    regexes = naive_regex(lexicon)
    words = int(articles["text"].str.split().str.len().sum())
    framing.score(articles.head(2), lexicon), naive_score(articles.head(2), regexes)  # warm up engines
    # framing remembers sentence compounds; clear that memory so both sides score every sentence anew
    from framing.tone import _compound
    naive, ours, parallel = [], [], []
    for _ in range(args.repeat):
        naive.append(timed(naive_score, articles, regexes))
        _compound.cache_clear()
        ours.append(timed(framing.score, articles, lexicon))
        _compound.cache_clear()
        parallel.append(timed(lambda: framing.score(articles, lexicon, n_jobs=2)))
    print(f"articles: {len(articles)}  words: {words}  (best of {args.repeat})")
    best_naive = min(naive)
    for label, runs in (("naive loop", naive), ("score()", ours), ("score(n_jobs=2)", parallel)):
        best = min(runs)
        print(f"{label:16}: {best:6.2f} s  {len(articles) / best:7.1f} articles/s  {words / best:9.0f} words/s"
              f"  ratio to naive {best / best_naive:.2f}")


if __name__ == "__main__":
    main()
