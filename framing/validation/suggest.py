"""Candidate lexicon entries from coded units: words and bigrams typical of units coded 1 for a frame.

Keyness is the Fightin' Words statistic of :mod:`framing.analysis.keyness` (coded-positive against
coded-negative units). Terms the lexicon already matches for the frame are left out. Nothing is
added to a lexicon: a person reads the contexts and decides.

>>> import pandas as pd
>>> units = pd.DataFrame({"unit_id": list("abcd"), "security": [1, 1, 0, 0],
...     "text": ["Gunmen raided the market.", "Gunmen raided a depot.", "The market opened.", "A depot opened."]})
>>> suggest_entries(units, "security", min_count=2)["term"].tolist()
['raided']
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from framing.analysis.keyness import DEFAULT_PRIOR_SCALE, load_stopwords, log_odds_dirichlet, sentence_tokens
from framing.errors import CodingError
from framing.lexicon import Lexicon, load_lexicon
from framing.match import compile_lexicon, match_tokens
from framing.text import token_spans
from framing.validation.sheets import CODER, TEXT, UNIT, consensus

SUGGEST_COLUMNS = ["term", "n_words", "count_pos", "count_neg", "units_pos", "log_odds", "z", "examples"]


def _terms(text: str, stopwords: frozenset[str]) -> list[str]:
    """Words (no stopwords) and bigrams (not both stopwords) of ``text``, as the measures tokenize it."""
    tokens = sentence_tokens(text)
    words = [t for t in tokens if t not in stopwords and any(c.isalpha() for c in t)]
    pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:])
             if not (a in stopwords and b in stopwords) and any(c.isalpha() for c in a + b)]
    return words + pairs


def _coded_units(codes: pd.DataFrame, frame: str, texts) -> pd.DataFrame:
    if frame not in codes.columns:
        raise CodingError(f"suggest_entries: no column {frame!r} in the codes (columns: {', '.join(codes.columns)})")
    units = consensus(codes, [frame]) if CODER in codes.columns else codes[[UNIT, frame]].copy()
    if texts is not None:
        lookup = texts.drop_duplicates(UNIT).set_index(UNIT)[TEXT] if isinstance(texts, pd.DataFrame) else pd.Series(texts)
        units[TEXT] = units[UNIT].astype(str).map(lookup)
    elif TEXT in codes.columns:
        units[TEXT] = units[UNIT].map(codes.drop_duplicates(UNIT).set_index(UNIT)[TEXT])
    else:
        raise CodingError("suggest_entries: the codes have no text column; pass texts= (a table of unit_id and text)")
    return units[units[frame].notna() & units[TEXT].notna()]


def _example(text: str, term: str, width: int = 60) -> str:
    """``text`` shortened to about ``width`` characters either side of the first occurrence of ``term``."""
    spans = token_spans(text)
    words = term.split()
    for i in range(len(spans) - len(words) + 1):
        if [t for _, _, t in spans[i:i + len(words)]] == words:
            start, end = spans[i][0], spans[i + len(words) - 1][1]
            left = max(0, start - width)
            right = min(len(text), end + width)
            return (("…" if left else "") + text[left:start] + "[" + text[start:end] + "]" + text[end:right]
                    + ("…" if right < len(text) else ""))
    return text


def suggest_entries(codes: pd.DataFrame, frame: str, lexicon: Lexicon | str | None = None, texts=None,
                    top: int = 30, min_count: int = 3, n_examples: int = 2,
                    prior_scale: float = DEFAULT_PRIOR_SCALE) -> pd.DataFrame:
    """Words and bigrams most typical of units coded 1 for ``frame`` against units coded 0.

    ``codes``: one row per unit and coder (:func:`framing.read_coding`; the majority code decides,
    even splits are left out) or a gold table (``unit_id``, a 0/1 column per frame); texts from its
    ``text`` column or ``texts`` (a table of ``unit_id`` and ``text``, or a Series by unit id).
    Keeps terms with ``count_pos >= min_count`` and ``z > 0`` that the lexicon's ``frame`` does not
    already match, ``top`` of them, ranked by ``z``. Columns: ``term``, ``n_words``, ``count_pos``,
    ``count_neg``, ``units_pos`` (positive units using it), ``log_odds``, ``z`` and ``examples``
    (contexts from positive units, the term in brackets, ``" | "`` between them).

    >>> suggest_entries(read_coding("sheets/ana.csv", "sheets/ben.csv"), "cooperation")  # doctest: +SKIP
    """
    lexicon = load_lexicon(lexicon)
    if frame not in lexicon.frames:
        raise CodingError(f"suggest_entries: no frame {frame!r} in lexicon {lexicon.name!r}; frames are: "
                          f"{', '.join(lexicon.frames)}")
    units = _coded_units(codes, frame, texts)
    positive = units[frame].astype(int) == 1
    if not positive.any() or positive.all():
        raise CodingError(f"suggest_entries: the codes need units coded 1 and units coded 0 for {frame!r} "
                          f"({int(positive.sum())} of {len(units)} are 1)")
    stopwords = load_stopwords()
    per_unit = [_terms(text, stopwords) for text in units[TEXT]]
    count_pos, count_neg, units_pos = Counter(), Counter(), Counter()
    for terms, is_positive in zip(per_unit, positive):
        (count_pos if is_positive else count_neg).update(terms)
        if is_positive:
            units_pos.update(set(terms))
    candidates = sorted(set(count_pos) | set(count_neg))
    y_a = np.array([count_pos[t] for t in candidates], dtype=float)
    y_b = np.array([count_neg[t] for t in candidates], dtype=float)
    # Words and bigrams are counted in the same positive and negative totals (n_a, n_b).
    n_a, n_b = y_a.sum(), y_b.sum()
    delta, z = log_odds_dirichlet(y_a, y_b, prior_scale * (y_a + y_b), n_a, n_b, prior_scale * (n_a + n_b))
    table = pd.DataFrame({"term": candidates, "n_words": [len(t.split()) for t in candidates],
                          "count_pos": y_a.astype("int64"), "count_neg": y_b.astype("int64"),
                          "units_pos": [units_pos[t] for t in candidates], "log_odds": delta, "z": z})
    table = table[(table["count_pos"] >= min_count) & (table["z"] > 0)]
    compiled = compile_lexicon(lexicon)
    known = [any(hit.frame == frame for hit in match_tokens(term, token_spans(term), compiled)) for term in table["term"]]
    table = table[~np.array(known, dtype=bool)]
    table = table.sort_values("term", kind="stable").sort_values("z", ascending=False, kind="stable").head(top)
    positive_texts = list(dict.fromkeys(units.loc[positive, TEXT]))
    positive_terms = [set(_terms(text, stopwords)) for text in positive_texts]
    table["examples"] = [" | ".join([_example(text, term) for text, terms in zip(positive_texts, positive_terms)
                                     if term in terms][:n_examples]) for term in table["term"]]
    table.attrs.update({"frame": frame, "lexicon": lexicon.name, "n_positive": int(positive.sum()),
                        "n_negative": int((~positive).sum())})
    return table.reset_index(drop=True)[SUGGEST_COLUMNS]
