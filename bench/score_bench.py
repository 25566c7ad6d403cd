"""Throughput of framing.score() against the naive loop a user would write, in the same process.

The naive loop splits sentences with NLTK's ``PunktSentenceTokenizer``, calls NLTK's VADER
``SentimentIntensityAnalyzer`` on each sentence and counts each frame with one compiled regex per
frame (the lexicon's patterns OR-ed together). Articles: the New York Times editorials of
../shared/validation/vader_nyt (re-assembled from their sentences; FRAMING_SHARED=path points
elsewhere) plus the bundled article sets, replicated until there are at least --words words.
framing's memory of sentence compounds is switched off (FRAMING_TONE_MEMO=0, also in the worker
processes), so replicated text is scored anew as in the naive loop, and every cache is cleared
between runs.

    .venv/bin/python bench/score_bench.py [--repeat 7] [--words 500000]
"""

from __future__ import annotations

import os

os.environ["FRAMING_TONE_MEMO"] = "0"  # before framing.tone is imported, and inherited by workers

import argparse  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402
from nltk.tokenize.punkt import PunktSentenceTokenizer  # noqa: E402

import framing  # noqa: E402
from framing.match import compile_lexicon  # noqa: E402
from framing.tone import _analyzer, _compound, analyzer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMING_SHARED", REPO.parent / "shared"))
NYT = SHARED / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt"


def bench_articles() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)  # optional external articles
        sets = [framing.load_article_set(path).articles[["id", "text"]]
                for path in framing.list_article_sets(REPO / "data" / "article_sets")["path"]]
    if NYT.exists():
        table = pd.read_csv(NYT, sep="\t", header=None, names=["id", "rating", "text"], quoting=3, dtype={"id": str})
        table["article"] = "nyt-" + table["id"].str.split("_").str[0]
        sets.append(table.groupby("article", sort=False)["text"].agg(" ".join).reset_index()
                    .rename(columns={"article": "id"}))
    return pd.concat(sets, ignore_index=True)


def replicated(articles: pd.DataFrame, words: int) -> pd.DataFrame:
    """``articles`` repeated (ids made unique) until they hold at least ``words`` words."""
    have = int(articles["text"].str.split().str.len().sum())
    copies = -(-words // have)
    return pd.concat([articles.assign(id=articles["id"] + f"#{k}") for k in range(copies)], ignore_index=True)


def naive_regex(lexicon: framing.Lexicon) -> dict[str, re.Pattern]:
    def one(pattern: str) -> str:
        return r"\b" + re.escape(pattern).replace(r"\*", r"\w*").replace(r"\?", r"\w").replace(r"\ ", r"[\s-]+") + r"\b"

    return {f.name: re.compile("|".join(one(e.pattern) for e in f.entries), re.IGNORECASE) for f in lexicon.frame_defs}


def naive_score(articles: pd.DataFrame, regexes: dict[str, re.Pattern]) -> pd.DataFrame:
    splitter = PunktSentenceTokenizer()
    vader = analyzer()  # NLTK's SentimentIntensityAnalyzer itself, fed the same lexicon file
    rows = []
    for article_id, text in zip(articles["id"], articles["text"]):
        sentences = [s for s in splitter.tokenize(text) if s.strip()]
        compounds = [vader.polarity_scores(s)["compound"] for s in sentences]
        row = {"id": article_id, "n_tokens": len(text.split()), "sentiment": sum(compounds) / max(len(compounds), 1)}
        for frame, regex in regexes.items():
            row[f"{frame}_hits"] = sum(len(regex.findall(s)) for s in sentences)
        rows.append(row)
    return pd.DataFrame(rows)


def plain_loop(n: int = 2_000_000) -> int:
    """Pure-Python work with no input and no output: what this machine's cores do on their own."""
    counts: dict[str, int] = {}
    for i in range(n):
        key = str(i % 5000)
        counts[key] = counts.get(key, 0) + 1
    return len(counts)


def core_scaling(pool: ProcessPoolExecutor) -> float:
    """How much faster two processes run two plain loops than one process runs both (2.0 when the
    second core gives a whole core's work): what this machine's two cores give at that moment, to read
    the ``n_jobs=2`` ratio of the same round against."""
    start = time.perf_counter()
    plain_loop(), plain_loop()
    serial = time.perf_counter() - start
    start = time.perf_counter()
    list(pool.map(plain_loop, [2_000_000] * 2))
    return serial / (time.perf_counter() - start)


def clear_caches() -> None:
    _compound.cache_clear()
    _analyzer.cache_clear()
    compile_lexicon.cache_clear()  # and with it the per-token match memory


def timed(function, *args, **kwargs) -> float:
    clear_caches()
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--words", type=int, default=500_000, help="replicate the articles to at least this many words")
    args = parser.parse_args()
    base = bench_articles()
    articles = replicated(base, args.words)
    lexicon = framing.load_lexicon()
    regexes = naive_regex(lexicon)
    words = int(articles["text"].str.split().str.len().sum())
    framing.score(articles.head(2), lexicon), naive_score(articles.head(2), regexes)  # warm up engines
    naive, ours, parallel, cores = [], [], [], []
    with ProcessPoolExecutor(2) as plain:
        list(plain.map(plain_loop, [10, 10]))  # both processes started
        for _ in range(args.repeat):
            naive.append(timed(naive_score, articles, regexes))
            ours.append(timed(framing.score, articles, lexicon))
            parallel.append(timed(framing.score, articles, lexicon, n_jobs=2))
            cores.append(core_scaling(plain))
    print(f"articles: {len(articles)} ({len(base)} real, {len(articles) // len(base)} copies)  words: {words}  "
          f"(best of {args.repeat}; NYT editorials {'included' if NYT.exists() else 'absent'})")
    best_naive = min(naive)
    for label, runs in (("naive loop", naive), ("score()", ours), ("score(n_jobs=2)", parallel)):
        best = min(runs)
        print(f"{label:16}: {best:6.2f} s  {words / best:9.0f} words/s  {best_naive / best:5.2f}x the naive loop")
    print(f"n_jobs=2 is {min(ours) / min(parallel):.2f}x n_jobs=1")
    # This machine's speed drifts over minutes; the three runs of one round are made back to back,
    # so the ratios within each round are the steadier figures.
    rounds = [(n / o, n / p, o / p) for n, o, p in zip(naive, ours, parallel)]
    for label, k in (("score() / naive", 0), ("n_jobs=2 / naive", 1), ("n_jobs=2 / n_jobs=1", 2)):
        print(f"per round, {label:20}: {', '.join(f'{r[k]:.2f}' for r in rounds)}  "
              f"(median {statistics.median(r[k] for r in rounds):.2f})")
    # This machine's second core does not always give a second core's work: a plain loop shows how
    # much two processes could gain at best in each round.
    print(f"per round, two plain loops, 2 processes / 1: {', '.join(f'{c:.2f}' for c in cores)}  "
          f"(median {statistics.median(cores):.2f})")


if __name__ == "__main__":
    main()
