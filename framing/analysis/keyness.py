"""Keyness: which words (or lexicon entries) distinguish one group of articles from another.

The statistic is the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi &
Quinn (2008, "Fightin' Words", *Political Analysis* 16(4), 372–403). With ``y_a`` the counts of
each word in group A, ``n_a = Σ y_a``, a prior ``α_w`` per word and ``α_0 = Σ α_w``::

    δ_w = log((y_aw + α_w) / (n_a + α_0 − y_aw − α_w)) − log((y_bw + α_w) / (n_b + α_0 − y_bw − α_w))
    var(δ_w) ≈ 1 / (y_aw + α_w) + 1 / (y_bw + α_w)          z_w = δ_w / √var(δ_w)

The prior of a word is ``prior_scale`` times its count in the compared texts (A and B together),
so ``α_0 = prior_scale · (n_a + n_b)``: the prior weighs ``prior_scale`` times as much as the data.
The default, ``prior_scale=0.01``, keeps ``log_odds`` close to the observed log-odds ratio for words
both groups use, yet finite for words one group never uses; ``z`` is what ranks. With
``prior_scale=1``, ``α_w = count_a + count_b``, the setting of many implementations of the paper.

>>> import pandas as pd
>>> articles = pd.DataFrame({"id": ["1", "2"], "outlet": ["A", "B"],
...                          "text": ["Gas gas gas and talks.", "Talks and talks and sanctions."]})
>>> keyness(articles, by="outlet", a="A", min_count=1)["term"].tolist()
['gas', 'sanctions', 'and', 'talks']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from framing.checks import require_whole
from framing.columns import LABEL_SEPARATOR, group_label, resolve_by
from framing.errors import AnalysisError
from framing.lexicon import Lexicon, load_lexicon
from framing.characters import normalize
from framing.text import split_sentences, token_spans

KEYNESS_COLUMNS = ["term", "count_a", "count_b", "rate_a", "rate_b", "log_odds", "z"]
DEFAULT_PRIOR_SCALE = 0.01
REST = "rest"
# A term the background never uses counts as half an occurrence there, so its prior stays positive.
_BACKGROUND_FLOOR = 0.5


# --- stopwords and counting -------------------------------------------------------------------

@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    """The stopword list shipped with the package (common English function words, case-folded).

    >>> "the" in load_stopwords() and "sanctions" not in load_stopwords()
    True
    """
    listed = resources.files("framing").joinpath("resources/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in listed.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


def _stopword_set(stopwords: bool | Iterable[str] | None) -> frozenset[str]:
    if stopwords is None or stopwords is False:
        return frozenset()
    if stopwords is True:
        return load_stopwords()
    if isinstance(stopwords, str):
        raise AnalysisError(f"stopwords={stopwords!r}: pass True for the bundled list, False for none, "
                            "or a list of words")
    return frozenset(normalize(str(word).strip())[0] for word in stopwords)


def sentence_tokens(text: str) -> list[str]:
    """The tokens of ``text`` exactly as the measures count them: sentence by sentence.

    >>> sentence_tokens("Mr. Ivanov spoke. No deal.")
    ['mr', 'ivanov', 'spoke', 'no', 'deal']
    """
    if not isinstance(text, str):
        return []
    return [token for _, _, sentence in split_sentences(text) for _, _, token in token_spans(sentence)]


def sentence_term_counts(sentence_texts: Iterable[str], stopwords: bool | Iterable[str] | None = False) -> Counter:
    """Token counts over texts already split into sentences (the ``text`` of a sentences table).

    >>> sentence_term_counts(["The gas.", "The gas."], stopwords=True)
    Counter({'gas': 2})
    """
    drop = _stopword_set(stopwords)
    counts: Counter = Counter()
    for sentence in sentence_texts:
        counts.update(token for _, _, token in token_spans(sentence) if token not in drop)
    return counts


def _group_counts(data, mask, stopwords) -> Counter:
    """Token counts of the articles of ``data`` (articles or an Analysis) chosen by ``mask``."""
    from framing.measures import Analysis

    if isinstance(data, Analysis):
        ids = set(data.articles["id"].astype(str)[mask])
        return sentence_term_counts(data.sentences.loc[data.sentences["id"].isin(ids), "text"], stopwords)
    return term_counts(_texts(data, "keyness")[mask], stopwords)


def term_counts(texts: Iterable[str], stopwords: bool | Iterable[str] | None = False) -> Counter:
    """Token counts over ``texts`` (same tokens as the measures), without ``stopwords``.

    >>> term_counts(["The gas, the gas."], stopwords=True)
    Counter({'gas': 2})
    """
    drop = _stopword_set(stopwords)
    counts: Counter = Counter()
    for text in texts:
        counts.update(token for token in sentence_tokens(text) if token not in drop)
    return counts


# --- the statistic --------------------------------------------------------------------------

def log_odds_dirichlet(count_a, count_b, alpha, n_a: float, n_b: float, alpha_0: float) -> tuple[np.ndarray, np.ndarray]:
    """``(δ, z)`` of Monroe et al. (2008) for arrays of counts and priors (see the module docstring).

    >>> delta, z = log_odds_dirichlet([2], [1], [3], n_a=4, n_b=4, alpha_0=8)
    >>> round(float(delta[0]), 4), round(float(z[0]), 4)
    (0.3567, 0.5317)
    """
    y_a = np.asarray(count_a, dtype=float)
    y_b = np.asarray(count_b, dtype=float)
    alpha = np.asarray(alpha, dtype=float)
    delta = (np.log(y_a + alpha) - np.log(n_a + alpha_0 - y_a - alpha)
             - np.log(y_b + alpha) + np.log(n_b + alpha_0 - y_b - alpha))
    z = delta / np.sqrt(1.0 / (y_a + alpha) + 1.0 / (y_b + alpha))
    return delta, z


def _check_scale(prior_scale, min_count, caller: str) -> None:
    if isinstance(prior_scale, bool) or not isinstance(prior_scale, (int, float)) or not np.isfinite(prior_scale) \
            or prior_scale <= 0:
        raise AnalysisError(f"{caller}: prior_scale={prior_scale!r} must be a positive number, e.g. 0.01 (the default) or 1")
    require_whole(min_count, "min_count", caller)


def _table(terms, count_a, count_b, alpha, n_a, n_b, alpha_0, min_count) -> pd.DataFrame:
    count_a = np.asarray(count_a, dtype=float)
    count_b = np.asarray(count_b, dtype=float)
    delta, z = log_odds_dirichlet(count_a, count_b, alpha, n_a, n_b, alpha_0)
    table = pd.DataFrame({
        "term": list(terms),
        "count_a": count_a.astype("int64"),
        "count_b": count_b.astype("int64"),
        "rate_a": 1000.0 * count_a / n_a,
        "rate_b": 1000.0 * count_b / n_b,
        "log_odds": delta,
        "z": z,
    })
    table = table[table["count_a"] + table["count_b"] >= max(int(min_count), 1)]
    # Ties in z keep alphabetical order, so the same input gives the same table.
    table = table.sort_values("term", kind="stable").sort_values("z", ascending=False, kind="stable")
    return table.reset_index(drop=True)


# --- groups -----------------------------------------------------------------------------------

def group_masks(articles: pd.DataFrame, by, a, b=None, caller: str = "keyness"):
    """Boolean masks of the rows of group ``a`` and group ``b`` (``None`` or ``"rest"``: every other
    group), and their labels (``None`` for "all other groups"). Groups are compared as text; ``by``
    is a column or a list of columns (labels joined by " / ", as in :func:`framing.contrast`).

    >>> t = pd.DataFrame({"outlet": ["A", "B", "C"]})
    >>> [m.tolist() for m in group_masks(t, "outlet", "A")[:2]]
    [[True, False, False], [False, True, True]]
    """
    if not isinstance(articles, pd.DataFrame):
        raise AnalysisError(f"{caller}: articles must be a DataFrame with 'id', 'text' and the column {by!r}")
    columns = resolve_by(articles, by, caller)
    if a is None:
        raise AnalysisError(f"{caller}: a= is required: name the group to describe, e.g. a='Outlet A'")
    present = articles[columns].notna().all(axis=1)
    values = articles[columns].astype(str).agg(LABEL_SEPARATOR.join, axis=1).where(present)
    groups = sorted(values.dropna().unique())
    label_a = group_label(tuple(a)) if isinstance(a, (tuple, list)) else str(a)
    if label_a not in groups:
        raise AnalysisError(f"{caller}: no group {label_a!r} in column {by!r}; groups are: {', '.join(groups)}")
    mask_a = (values == label_a).to_numpy()
    if b is None or (isinstance(b, str) and b == REST and REST not in groups):
        mask_b = (present & (values != label_a)).to_numpy()
        label_b = None
        if not mask_b.any():
            raise AnalysisError(f"{caller}: {label_a!r} is the only group in column {by!r}; nothing to compare with")
    else:
        label_b = group_label(tuple(b)) if isinstance(b, (tuple, list)) else str(b)
        if label_b not in groups:
            raise AnalysisError(f"{caller}: no group {label_b!r} in column {by!r}; groups are: {', '.join(groups)}")
        if label_b == label_a:
            raise AnalysisError(f"{caller}: a and b are the same group ({label_a!r}); pick two different groups")
        mask_b = (values == label_b).to_numpy()
    return mask_a, mask_b, label_a, label_b


def _articles_of(data) -> pd.DataFrame:
    """The articles table of ``data`` (articles, or an :class:`~framing.measures.Analysis`)."""
    from framing.measures import Analysis

    return data.articles if isinstance(data, Analysis) else data


def _texts(articles: pd.DataFrame, caller: str) -> pd.Series:
    if "text" not in articles.columns:
        raise AnalysisError(f"{caller}: the articles have no 'text' column (columns: "
                            f"{', '.join(map(str, articles.columns))}); load them with framing.load_articles()")
    return articles["text"]


def _background_counts(background, stopwords) -> Counter:
    from framing.measures import Analysis

    if isinstance(background, Analysis):
        return sentence_term_counts(background.sentences["text"], stopwords)
    if isinstance(background, pd.DataFrame):
        return term_counts(_texts(background, "keyness background"), stopwords)
    if isinstance(background, (pd.Series, Mapping)):
        drop = _stopword_set(stopwords)
        counts: Counter = Counter()
        for word, count in dict(background).items():
            if isinstance(count, bool) or not isinstance(count, (int, float, np.integer, np.floating)) \
                    or not np.isfinite(count) or count < 0:
                raise AnalysisError(f"keyness: background count of {word!r} is {count!r}; counts must be "
                                    "finite non-negative numbers")
            term = normalize(str(word).strip())[0]
            if term and term not in drop:
                counts[term] += float(count)
        if sum(counts.values()) <= 0:
            raise AnalysisError("keyness: the background has no counts; pass articles or word counts")
        return counts
    raise AnalysisError(f"keyness: background must be a DataFrame of articles or a Series/dict of word counts, "
                        f"not {type(background).__name__}")


# --- the two verbs ----------------------------------------------------------------------------

def keyness(articles, by, a, b=None, prior: str = "corpus",
            prior_scale: float = DEFAULT_PRIOR_SCALE, min_count: int = 5,
            stopwords: bool | Iterable[str] = False, background=None) -> pd.DataFrame:
    """Words that distinguish group ``a`` from group ``b`` (default: all other groups) of column ``by``.

    ``articles`` is a table of articles or an :class:`~framing.measures.Analysis` (its sentences are
    tokenized without splitting the texts again; same table).

    Columns: ``term``, ``count_a``, ``count_b``, ``rate_a``/``rate_b`` (per 1,000 tokens of the
    group), ``log_odds`` (δ, > 0: more in A) and ``z``, sorted by ``z`` descending (most typical of
    A first, of B last). Tokens are those of the measures (:func:`framing.text.tokenize`, sentence
    by sentence). ``stopwords=True`` drops the bundled list (``framing/resources/stopwords.txt``)
    or pass your own words; dropped words count nowhere, not even in ``n_a``/``n_b``.
    ``min_count`` keeps terms with ``count_a + count_b >= min_count`` (after computing; the prior
    still covers every term).

    Prior (``prior="corpus"``): ``α_w = prior_scale × (count_a + count_b)``. With ``background``
    (a DataFrame of articles or a Series/dict of word counts; ``prior="background"``) the prior
    follows the background's relative frequencies instead, rescaled to the size of the compared
    texts, so ``α_0 = prior_scale · (n_a + n_b)`` either way; terms absent from the background count
    as half an occurrence there. The table's ``attrs`` record ``a``, ``b``, ``n_a``, ``n_b``,
    ``alpha_0`` and the options.

    >>> keyness(articles, by="outlet", a="RT", stopwords=True).head(10)   # doctest: +SKIP
    """
    caller = "keyness"
    _check_scale(prior_scale, min_count, caller)
    if prior not in ("corpus", "background"):
        raise AnalysisError(f"{caller}: prior={prior!r} is unknown; use 'corpus' (counts in the compared texts) "
                            "or 'background' (with background=)")
    if prior == "background" and background is None:
        raise AnalysisError(f"{caller}: prior='background' needs background= (articles or word counts)")
    table = _articles_of(articles)
    mask_a, mask_b, label_a, label_b = group_masks(table, by, a, b, caller)
    counts_a = _group_counts(articles, mask_a, stopwords)
    counts_b = _group_counts(articles, mask_b, stopwords)
    n_a, n_b = sum(counts_a.values()), sum(counts_b.values())
    for label, n in ((label_a, n_a), (label_b or "all other groups", n_b)):
        if n == 0:
            raise AnalysisError(f"{caller}: group {label!r} has no tokens{' left after stopwords' if stopwords else ''}; "
                                "nothing to compare")
    terms = sorted(set(counts_a) | set(counts_b))
    y_a = np.array([counts_a[t] for t in terms], dtype=float)
    y_b = np.array([counts_b[t] for t in terms], dtype=float)
    n_total = float(n_a + n_b)
    if background is None:
        alpha = prior_scale * (y_a + y_b)
        alpha_0 = prior_scale * n_total
    else:
        reference = _background_counts(background, stopwords)
        vocabulary = set(reference) | set(terms)
        floor = {t: max(reference.get(t, 0.0), 0.0) or _BACKGROUND_FLOOR for t in vocabulary}
        per_count = prior_scale * n_total / sum(floor.values())
        alpha = np.array([floor[t] for t in terms]) * per_count
        alpha_0 = prior_scale * n_total
    table = _table(terms, y_a, y_b, alpha, n_a, n_b, alpha_0, min_count)
    table.attrs.update({"by": by, "a": label_a, "b": label_b, "n_a": int(n_a), "n_b": int(n_b),
                        "prior": "background" if background is not None else "corpus",
                        "prior_scale": prior_scale, "alpha_0": alpha_0, "min_count": min_count,
                        "stopwords": bool(stopwords)})
    return table


def frame_keyness(articles, by, a, b=None, frame: str | None = None,
                  lexicon: Lexicon | str | None = None, prior_scale: float = DEFAULT_PRIOR_SCALE,
                  min_count: int = 1) -> pd.DataFrame:
    """Which lexicon entries drive a frame's difference between group ``a`` and ``b`` (default: the rest).

    The statistic of :func:`keyness`, with each entry's hits (unweighted, from
    :func:`framing.measures.matches`) as its count and every token of the group in ``n``, so an entry
    that is a single literal word gets the same ``z`` as that word in :func:`keyness`. Columns:
    ``frame``, ``term`` (the entry), ``count_a``, ``count_b``, ``rate_a``/``rate_b`` (hits per 1,000
    tokens), ``log_odds``, ``z``; sorted by frame (lexicon order), then ``z`` descending. Only entries
    with at least ``min_count`` hits in A and B together. ``frame=None`` gives every frame.

    >>> frame_keyness(articles, by="outlet", a="RT", frame="security").head()   # doctest: +SKIP
    """
    from framing.measures import Analysis, analyse, as_analysis

    caller = "frame_keyness"
    _check_scale(prior_scale, min_count, caller)
    if isinstance(articles, Analysis):
        lexicon = as_analysis(articles, lexicon).lexicon
    else:
        lexicon = load_lexicon(lexicon)
    if frame is not None and frame not in lexicon.frames:
        raise AnalysisError(f"{caller}: no frame {frame!r} in lexicon {lexicon.name!r}; frames are: "
                            f"{', '.join(lexicon.frames)}")
    mask_a, mask_b, label_a, label_b = group_masks(_articles_of(articles), by, a, b, caller)
    if isinstance(articles, Analysis):
        chosen_analysis = articles.select(mask_a | mask_b)
    else:
        chosen_analysis = analyse(articles[mask_a | mask_b], lexicon)
    chosen, sentence_table, found = chosen_analysis.articles, chosen_analysis.sentences, chosen_analysis.matches
    ids = chosen["id"].astype(str)
    ids_a, ids_b = set(ids[mask_a[mask_a | mask_b]]), set(ids[mask_b[mask_a | mask_b]])
    tokens = sentence_table.groupby("id")["n_tokens"].sum()
    n_a, n_b = float(tokens[tokens.index.isin(ids_a)].sum()), float(tokens[tokens.index.isin(ids_b)].sum())
    for label, n in ((label_a, n_a), (label_b or "all other groups", n_b)):
        if n == 0:
            raise AnalysisError(f"{caller}: group {label!r} has no tokens; nothing to compare")
    parts = []
    for name in ([frame] if frame is not None else lexicon.frames):
        hits = found[found["frame"] == name]
        per_a = hits[hits["id"].isin(ids_a)]["term"].value_counts()
        per_b = hits[hits["id"].isin(ids_b)]["term"].value_counts()
        terms = [e.pattern for e in lexicon.frame(name).entries if e.pattern in per_a.index or e.pattern in per_b.index]
        y_a = per_a.reindex(terms, fill_value=0).to_numpy(dtype=float)
        y_b = per_b.reindex(terms, fill_value=0).to_numpy(dtype=float)
        table = _table(terms, y_a, y_b, prior_scale * (y_a + y_b), n_a, n_b, prior_scale * (n_a + n_b), min_count)
        table.insert(0, "frame", name)
        parts.append(table)
    result = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["frame", *KEYNESS_COLUMNS])
    result.attrs.update({"by": by, "a": label_a, "b": label_b, "n_a": int(n_a), "n_b": int(n_b), "frame": frame,
                         "lexicon": lexicon.name, "lexicon_fingerprint": lexicon.fingerprint,
                         "prior": "corpus", "prior_scale": prior_scale, "min_count": min_count})
    return result
