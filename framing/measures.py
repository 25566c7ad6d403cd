"""Measures: per-sentence tone and frame hits, the evidence behind them, and per-article scores.

>>> import pandas as pd
>>> articles = pd.DataFrame({"id": ["a1"], "text": ["Energy security matters. We thank our partners."]})
>>> score(articles)[["id", "n_sentences", "security_hits", "cooperation_hits", "dominant_frame"]]
   id  n_sentences  security_hits  cooperation_hits dominant_frame
0  a1            2            2.0               2.0    cooperation
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from framing.errors import ArticleSetError
from framing.lexicon import Lexicon, load_lexicon
from framing.match import compile_lexicon, match_tokens
from framing.text import split_sentences, token_spans
from framing.tone import sentence_tone

MATCH_COLUMNS = ["id", "sentence", "frame", "term", "match", "start", "end", "weight"]


def _require_articles(articles: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(articles, pd.DataFrame):
        raise ArticleSetError(f"articles must be a pandas DataFrame with 'id' and 'text' columns, "
                              f"not {type(articles).__name__}; load files with framing.load_articles(path)")
    missing = [c for c in ("id", "text") if c not in articles.columns]
    if missing:
        raise ArticleSetError(f"articles table has no {' or '.join(repr(c) for c in missing)} column "
                              f"(columns: {', '.join(map(str, articles.columns))}); "
                              "rename the columns or load the file with framing.load_articles(path, text=...)")
    return articles


def _analyse(articles: pd.DataFrame, lexicon: Lexicon) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sentences table and the matches table of ``articles``, in one pass over the texts."""
    compiled = compile_lexicon(lexicon)
    frames = lexicon.frames
    rows: dict[str, list] = {k: [] for k in ("id", "sentence", "start", "end", "text", "n_tokens")}
    hits = {frame: [] for frame in frames}
    found: list[tuple] = []
    for article_id, text in zip(articles["id"].astype(str), articles["text"]):
        text = text if isinstance(text, str) else ""
        for index, (start, end, sentence) in enumerate(split_sentences(text)):
            tokens = token_spans(sentence)
            counts = dict.fromkeys(frames, 0.0)
            for hit in match_tokens(sentence, tokens, compiled):
                counts[hit.frame] += hit.weight
                found.append((article_id, index, hit.frame, hit.term, sentence[hit.start:hit.end],
                              start + hit.start, start + hit.end, hit.weight))
            for key, value in zip(rows, (article_id, index, start, end, sentence, len(tokens))):
                rows[key].append(value)
            for frame in frames:
                hits[frame].append(counts[frame])
    table = pd.DataFrame(rows)
    table["sentence"] = table["sentence"].astype("int64")
    table.insert(5, "compound", np.asarray(sentence_tone(rows["text"]), dtype="float64"))
    for frame in frames:
        table[f"{frame}_hits"] = np.asarray(hits[frame], dtype="float64")
    table["id"] = table["id"].astype(str)
    found_table = pd.DataFrame(found, columns=MATCH_COLUMNS)
    found_table = found_table.astype({"id": str, "sentence": "int64", "frame": str, "term": str, "match": str,
                                      "start": "int64", "end": "int64", "weight": "float64"})
    return table, found_table.reset_index(drop=True)


def sentences(articles: pd.DataFrame, lexicon: Lexicon | str | None = None) -> pd.DataFrame:
    """One row per sentence: ``id``, ``sentence`` (0-based), ``start``, ``end``, ``text``, ``n_tokens``,
    ``compound`` (VADER) and the weighted hits of each frame (``<frame>_hits``).

    >>> sentences(pd.DataFrame({"id": ["x"], "text": ["Mr. Ivanov spoke. No deal."]}))["text"].tolist()
    ['Mr. Ivanov spoke.', 'No deal.']
    """
    return _analyse(_require_articles(articles), load_lexicon(lexicon))[0]


def matches(articles: pd.DataFrame, lexicon: Lexicon | str | None = None) -> pd.DataFrame:
    """One row per lexicon hit: ``id``, ``sentence``, ``frame``, ``term`` (the entry), ``match`` (the
    text), ``start``/``end`` (offsets in the article text, so ``text[start:end] == match``), ``weight``.

    >>> matches(pd.DataFrame({"id": ["x"], "text": ["A strategic partnership."]}))[["term", "start", "end"]]
                        term  start  end
    0  strategic partnership      2   23
    """
    return _analyse(_require_articles(articles), load_lexicon(lexicon))[1]


def score_sentences(articles: pd.DataFrame, sentence_table: pd.DataFrame, frames: Iterable[str]) -> pd.DataFrame:
    """Aggregate a :func:`sentences` table into one row per article of ``articles`` (same order)."""
    frames = tuple(frames)
    ids = articles["id"].astype(str)
    grouped = sentence_table.groupby("id", sort=False)
    n_tokens = grouped["n_tokens"].sum().reindex(ids, fill_value=0).to_numpy()
    n_sentences = grouped.size().reindex(ids, fill_value=0).to_numpy()
    result = articles.drop(columns=["text"]).reset_index(drop=True).copy()
    result["id"] = ids.to_numpy()
    result["n_tokens"] = n_tokens.astype("int64")
    result["n_sentences"] = n_sentences.astype("int64")
    result["sentiment"] = grouped["compound"].mean().reindex(ids).to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        per_1k = {}
        for frame in frames:
            column = f"{frame}_hits"
            evoked = sentence_table[column] > 0
            total = grouped[column].sum().reindex(ids, fill_value=0.0).to_numpy(dtype="float64")
            share = evoked.groupby(sentence_table["id"], sort=False).sum().reindex(ids, fill_value=0).to_numpy()
            tone = sentence_table["compound"].where(evoked).groupby(sentence_table["id"], sort=False).mean()
            per_1k[frame] = np.where(n_tokens > 0, 1000.0 * total / np.maximum(n_tokens, 1), np.nan)
            result[f"{frame}_hits"] = total
            result[f"{frame}_per_1k"] = per_1k[frame]
            result[f"{frame}_share"] = np.where(n_sentences > 0, share / np.maximum(n_sentences, 1), np.nan)
            result[f"{frame}_tone"] = tone.reindex(ids).to_numpy(dtype="float64")
    result.insert(result.columns.get_loc("sentiment") + 1, "dominant_frame", _dominant(per_1k, frames, len(result)))
    return result


def _dominant(per_1k: dict[str, np.ndarray], frames: tuple[str, ...], n: int) -> list[str]:
    """The frame with the highest rate per article; ties go to the frame listed first; "none" if no hits."""
    if not frames:
        return ["none"] * n
    rates = np.nan_to_num(np.column_stack([per_1k[f] for f in frames]), nan=0.0)
    best = rates.argmax(axis=1)  # argmax returns the first maximum: lexicon order breaks ties
    return [frames[b] if rates[i, b] > 0 else "none" for i, b in enumerate(best)]


def score(articles: pd.DataFrame, lexicon: Lexicon | str | None = None) -> pd.DataFrame:
    """One row per article, in the same order: ``id``, the metadata columns, ``n_tokens``,
    ``n_sentences``, ``sentiment`` (mean sentence compound), ``dominant_frame`` and for each frame
    ``f``: ``f_hits`` (weighted), ``f_per_1k``, ``f_share`` (share of sentences evoking it) and
    ``f_tone`` (mean compound of those sentences; NaN where none).

    Empty texts get zero counts, NaN rates and NaN tone.

    >>> score(pd.DataFrame({"id": ["e"], "text": [" "]}))[["n_tokens", "sentiment", "dominant_frame"]]
       n_tokens  sentiment dominant_frame
    0         0        NaN           none
    """
    articles = _require_articles(articles)
    lexicon = load_lexicon(lexicon)
    sentence_table, _ = _analyse(articles, lexicon)
    result = score_sentences(articles, sentence_table, lexicon.frames)
    result.attrs.update(articles.attrs)
    result.attrs["lexicon"] = {"name": lexicon.name, "source": lexicon.source, "fingerprint": lexicon.fingerprint}
    return result
