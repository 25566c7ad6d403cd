"""Near-duplicate articles (wire copy reprinted by several outlets): find them, then keep, drop or weight them.

>>> articles = pd.DataFrame({"id": ["a", "b", "c"], "text": [
...     "one two three four five six seven eight nine ten",
...     "one two three four five six seven eight nine ten!",
...     "Something else entirely."]})
>>> near_duplicates(articles)
  id duplicate_of  similarity
0  b            a         1.0

Similarity is the exact Jaccard index of the two texts' sets of shingles: runs of
``SHINGLE_WORDS`` consecutive words, lower-cased (a text shorter than that is one shingle). Two
texts are near-duplicates when it is at least ``threshold`` (default ``NEAR_DUPLICATE_THRESHOLD``,
0.8: an edited copy of a 200-word story with a few words changed or a line added scores about
0.85-0.95; two different stories on the same event stay far below 0.3). Each near-duplicate points
to the earliest earlier article it matches, as ``duplicate_of`` does for exact copies. Candidate
pairs come from an index of shingles; a shingle shared by more than ``MAX_SHARED`` articles
(boilerplate) does not make pairs by itself but still counts in the similarity.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from framing.errors import ArticleSetError
from framing.load.articles import _string_series

NEAR_DUPLICATE_THRESHOLD = 0.8
SHINGLE_WORDS = 5
MAX_SHARED = 1000
_WORD = re.compile(r"\w+")


def near_duplicates(articles: pd.DataFrame, threshold: float = NEAR_DUPLICATE_THRESHOLD,
                    shingle_words: int = SHINGLE_WORDS) -> pd.DataFrame:
    """One row per article that nearly repeats an earlier one: ``id``, ``duplicate_of``, ``similarity``.

    Exact copies are included (similarity 1.0). See the module docstring for the measure.
    """
    if not 0 < threshold <= 1:
        raise ArticleSetError(f"threshold={threshold!r}: a near-duplicate threshold is a Jaccard similarity "
                              f"in (0, 1], e.g. 0.8")
    if shingle_words < 1:
        raise ArticleSetError(f"shingle_words={shingle_words!r}: use a whole number of words, 1 or more")
    ids = articles["id"].tolist()
    shingles = [_shingles(text, shingle_words) for text in articles["text"].tolist()]
    posting: dict[int, int | list[int]] = {}
    rows = []
    for i, own in enumerate(shingles):
        if not own:
            continue
        shared: dict[int, int] = {}
        for shingle in own:
            earlier = posting.get(shingle)
            if earlier is None:
                posting[shingle] = i  # most shingles occur once: an int, not a list the garbage collector tracks
            elif type(earlier) is int:
                shared[earlier] = shared.get(earlier, 0) + 1
                posting[shingle] = [earlier, i]
            else:
                if len(earlier) <= MAX_SHARED:
                    for j in earlier:
                        shared[j] = shared.get(j, 0) + 1
                earlier.append(i)
        best = None
        for j in sorted(shared):
            # a candidate needs enough common shingles before the exact count is worth doing
            if shared[j] >= threshold * max(len(own), len(shingles[j])):
                similarity = len(own & shingles[j]) / len(own | shingles[j])
                if similarity >= threshold:
                    best = (j, similarity)
                    break
        if best is not None:
            rows.append({"id": ids[i], "duplicate_of": ids[best[0]], "similarity": round(best[1], 4)})
    return pd.DataFrame(rows, columns=["id", "duplicate_of", "similarity"])


def mark_near_duplicates(articles: pd.DataFrame, threshold: float = NEAR_DUPLICATE_THRESHOLD,
                         shingle_words: int = SHINGLE_WORDS) -> pd.DataFrame:
    """A copy of ``articles`` whose ``duplicate_of`` also names near-duplicates, with their
    ``duplicate_similarity`` (1.0 for exact copies, missing for originals) right after it.

    >>> marked = mark_near_duplicates(pd.DataFrame({"id": ["a", "b"], "text": ["Gas deal signed.", "Gas deal signed"],
    ...                                             "duplicate_of": [None, None]}))
    >>> marked["duplicate_of"].tolist(), marked["duplicate_similarity"].tolist()
    ([nan, 'a'], [nan, 1.0])
    """
    found = near_duplicates(articles, threshold, shingle_words).set_index("id")
    result = articles.drop(columns=["duplicate_similarity"], errors="ignore").copy()
    result.attrs = dict(articles.attrs)
    exact = result["duplicate_of"] if "duplicate_of" in result else pd.Series(None, index=result.index)
    near = result["id"].map(found["duplicate_of"])
    combined = [e if isinstance(e, str) else n if isinstance(n, str) else None for e, n in zip(exact, near)]
    result["duplicate_of"] = _string_series(combined).to_numpy()
    similarity = result["id"].map(found["similarity"]).astype(float)
    similarity[exact.notna().to_numpy()] = 1.0
    result.insert(result.columns.get_loc("duplicate_of") + 1, "duplicate_similarity", similarity)
    return result


def drop_duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles without those marked in ``duplicate_of`` (each story kept once, as first seen).

    >>> drop_duplicates(pd.DataFrame({"id": ["a", "b"], "duplicate_of": [None, "a"]}))["id"].tolist()
    ['a']
    """
    return articles[articles["duplicate_of"].isna().to_numpy()].reset_index(drop=True)


def duplicate_weights(articles: pd.DataFrame) -> pd.Series:
    """A weight per article, 1 / (number of copies of its story), so each story weighs 1 in total.

    A story is an article without ``duplicate_of`` and every article whose ``duplicate_of`` leads to it.

    >>> duplicate_weights(pd.DataFrame({"id": ["a", "b", "c", "d"], "duplicate_of": [None, "a", "a", None]})).tolist()
    [0.3333, 0.3333, 0.3333, 1.0]
    """
    parent = dict(zip(articles["id"], articles["duplicate_of"]))

    def root(article_id: str) -> str:
        seen = set()
        while isinstance(parent.get(article_id), str) and article_id not in seen:
            seen.add(article_id)
            article_id = parent[article_id]
        return article_id

    roots = articles["id"].map(root)
    sizes = roots.map(roots.value_counts())
    return pd.Series(np.round(1.0 / sizes.to_numpy(dtype=float), 4), index=articles.index, name="weight")


def _shingles(text: str, size: int) -> frozenset[int]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if not words:
        return frozenset()
    if len(words) <= size:
        return frozenset({hash(tuple(words))})
    return frozenset(map(hash, zip(*(words[k:] for k in range(size)))))
