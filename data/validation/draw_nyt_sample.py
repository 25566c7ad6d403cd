"""Draw the stratified coding sample of the VADER New York Times sentences (run once, kept for the record).

The sentences live in ``../shared/validation/vader_nyt`` (Hutto & Gilbert 2014) and are never copied
here: this script writes only ids, strata, sampling probabilities, weights and the development/test
split to ``nyt_sample.csv``.

Design, in two phases:

1. Sentences that use broad vocabulary of world affairs, conflict, government and negotiation (a
   list chosen for this purpose, deliberately *not* the lexicon's entries) form the ``topical``
   stratum (600 drawn); all other sentences the ``other`` stratum (200 drawn).
2. The first coding found few sentences of the rarest frame, balance. Every not-topical sentence
   with contrastive vocabulary (``CONTRASTIVE_WORDS``: while, between, compromise, weigh, ...) was
   then added: a census of that ``contrastive`` stratum. The phase-1 ``other`` draw was a simple
   random sample, so the sentences of each post-stratum are a simple random sample of it, and
   weight = stratum size / sentences coded in it (1 for the census).

The development/test split is by article (never splitting an article), drawn once with the first
phase, before any revision of the lexicon.

3. After lexicon 2.1 was scored once on the test part, a fresh test sample was drawn from the
   not-yet-coded sentences of the test-part articles (``--fresh-test``; see :func:`draw_fresh_test`).

    python data/validation/draw_nyt_sample.py [--fresh-test] [path/to/nytEditorialSnippets_GroundTruth.txt]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[2] / "shared" / "validation" / "vader_nyt" / "nytEditorialSnippets_GroundTruth.txt"
SEED = 20261127
N_TOPICAL = 600
N_OTHER = 200
N_FRESH_OTHER = 300
TOPICAL_WORDS = (
    r"nation|nations|national|country|countries|foreign|international|world|global|government|"
    r"president|congress|senate|administration|minister|diplomat\w*|embassy|talks|negotiat\w*|"
    r"peace|attack\w*|terror\w*|police|crime\w*|kill\w*|violen\w*|fight\w*|forces|soldier\w*|"
    r"nuclear|bomb\w*|guns?|border\w*|immigra\w*|republican\w*|democrat\w*|bipartisan|compromise|"
    r"union|unions|budget|deficit|aid|soviet\w*|russia\w*|china|chinese|iraq\w*|iran\w*|israel\w*|"
    r"palestin\w*|europe\w*|japan\w*|korea\w*|afghan\w*|pakistan\w*|mexic\w*|cuba\w*|syria\w*|arab\w*|"
    r"africa\w*|u\.n\.|united nations|washington|moscow|beijing|allied|enemy|enemies|rebel\w*|regime"
)
CONTRASTIVE_WORDS = (
    r"while|whereas|compromise\w*|weigh\w*|between|both|either|neither|middle|moderat\w*|on the other hand|"
    r"at the same time|instead|trade|choice|choose|cho(?:ose|sen)|pressure\w*|tension\w*|competing|rival\w*|extreme\w*"
)


def draw(source: Path) -> pd.DataFrame:
    sentences = pd.read_csv(source, sep="\t", header=None, names=["unit_id", "rating", "text"],
                            quoting=3, dtype={"unit_id": str})
    sentences["article"] = sentences["unit_id"].str.split("_").str[0]
    topical = sentences["text"].str.contains(rf"\b(?:{TOPICAL_WORDS})\b", case=False, regex=True)
    sentences["stratum"] = np.where(topical, "topical", "other")
    rng = np.random.default_rng(SEED)
    parts = []
    for stratum, n in (("topical", N_TOPICAL), ("other", N_OTHER)):
        pool = sentences[sentences["stratum"] == stratum]
        chosen = pool.iloc[np.sort(rng.choice(len(pool), size=n, replace=False))].copy()
        chosen["p_sample"] = n / len(pool)
        chosen["weight"] = len(pool) / n
        parts.append(chosen)
    sample = pd.concat(parts)
    sample["phase"] = 1
    contrastive = ~topical & sentences["text"].str.contains(rf"\b(?:{CONTRASTIVE_WORDS})\b", case=False, regex=True)
    sentences["stratum"] = np.where(topical, "topical", np.where(contrastive, "contrastive", "other"))
    added = sentences[contrastive & ~sentences["unit_id"].isin(sample["unit_id"])].copy()
    added["phase"] = 2
    sample = pd.concat([sample.drop(columns="stratum"), added.drop(columns="stratum")])
    sample = sample.merge(sentences[["unit_id", "stratum"]], on="unit_id")
    size = sentences["stratum"].value_counts()
    coded = sample["stratum"].value_counts()
    sample["weight"] = sample["stratum"].map(size / coded)
    sample["p_sample"] = 1 / sample["weight"]
    articles = np.array(sorted(sentences["article"].unique(), key=int))
    test_articles = set(rng.choice(articles, size=len(articles) // 2, replace=False))
    sample["part"] = np.where(sample["article"].isin(test_articles), "test", "development")
    sample = sample.sort_values("unit_id", key=lambda ids: ids.str.split("_").map(lambda p: (int(p[0]), int(p[1]))))
    return sample[["unit_id", "article", "stratum", "phase", "p_sample", "weight", "part"]]


def draw_fresh_test(source: Path, n_other: int = N_FRESH_OTHER) -> pd.DataFrame:
    """A second test sample, drawn after lexicon 2.1 was scored once on the first test part: sentences
    of the test-part articles that were not coded before (all the topical ones, ``n_other`` of the
    rest), part ``fresh-test``. It measures later revisions, which may use only the development part;
    weights are relative to the uncoded sentences of the test articles."""
    sentences = pd.read_csv(source, sep="\t", header=None, names=["unit_id", "rating", "text"],
                            quoting=3, dtype={"unit_id": str})
    sentences["article"] = sentences["unit_id"].str.split("_").str[0]
    first = pd.read_csv(HERE / "nyt_sample.csv", dtype={"unit_id": str, "article": str})
    first = first[first["phase"] < 3]
    test_articles = _test_articles(sentences)  # articles with no coded sentence belong to a part too
    pool = sentences[sentences["article"].isin(test_articles) & ~sentences["unit_id"].isin(first["unit_id"])].copy()
    topical = pool["text"].str.contains(rf"\b(?:{TOPICAL_WORDS})\b", case=False, regex=True)
    pool["stratum"] = np.where(topical, "topical", "other")
    rng = np.random.default_rng(SEED + 1)
    other = pool[pool["stratum"] == "other"]
    chosen = pd.concat([pool[pool["stratum"] == "topical"],
                        other.iloc[np.sort(rng.choice(len(other), size=n_other, replace=False))]])
    size = pool["stratum"].value_counts()
    chosen["weight"] = chosen["stratum"].map(size / chosen["stratum"].value_counts())
    chosen["p_sample"] = 1 / chosen["weight"]
    chosen["phase"] = 3
    chosen["part"] = "fresh-test"
    chosen = chosen.sort_values("unit_id", key=lambda ids: ids.str.split("_").map(lambda p: (int(p[0]), int(p[1]))))
    return chosen[["unit_id", "article", "stratum", "phase", "p_sample", "weight", "part"]]


def _test_articles(sentences: pd.DataFrame) -> set[str]:
    """The test half of all articles, as :func:`draw` chose it (same seed, same order of draws)."""
    rng = np.random.default_rng(SEED)
    topical = sentences["text"].str.contains(rf"\b(?:{TOPICAL_WORDS})\b", case=False, regex=True)
    for stratum, n in (("topical", N_TOPICAL), ("other", N_OTHER)):
        rng.choice(int((np.where(topical, "topical", "other") == stratum).sum()), size=n, replace=False)
    articles = np.array(sorted(sentences["article"].unique(), key=int))
    return set(rng.choice(articles, size=len(articles) // 2, replace=False))


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--fresh-test"]
    source = Path(arguments[0]) if arguments else DEFAULT_SOURCE
    if "--fresh-test" in sys.argv:
        fresh = draw_fresh_test(source)
        first = pd.read_csv(HERE / "nyt_sample.csv", dtype={"unit_id": str, "article": str})
        sample = pd.concat([first[first["phase"] < 3], fresh])
    else:
        sample = draw(source)
    sample.to_csv(HERE / "nyt_sample.csv", index=False, float_format="%.6f")
    print(sample.groupby(["stratum", "part"]).size())
