"""Measures: per-sentence tone and frame hits, the evidence behind them, and per-article scores.

>>> import pandas as pd
>>> articles = pd.DataFrame({"id": ["a1"], "text": ["Energy security matters. We thank our partners."]})
>>> score(articles)[["id", "n_sentences", "security_hits", "cooperation_hits", "dominant_frame"]]
   id  n_sentences  security_hits  cooperation_hits dominant_frame
0  a1            2            2.0               2.0    cooperation
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from framing.checks import require_whole
from framing.errors import AnalysisError, ArticleSetError
from framing.language import MIXED, detect_languages, resolve_languages
from framing.lexicon import Lexicon, load_lexicon
from framing.load.articles import MAX_TEXT_CHARS
from framing.match import compile_lexicon, match_tokens
from framing.processes import chunk_bounds, map_chunks
from framing.scripts import matching_tokens
from framing.text import split_sentences, token_spans
from framing.tone import TONES, prepare_tone, sentence_tone, tone_engine, tone_files
from framing.uncovered import NO_LEXICON, mark_uncovered

MATCH_COLUMNS = ["id", "sentence", "frame", "term", "match", "start", "end", "weight"]
SENTENCE_COLUMNS = ["id", "sentence", "start", "end", "text", "n_tokens"]  # then compound, then <frame>_hits


def text_lengths(texts: pd.Series) -> pd.Series:
    """The number of characters of each text (0 for a missing one).

    >>> text_lengths(pd.Series(["Talks.", None])).tolist()
    [6, 0]
    """
    return texts.map(lambda text: len(text) if isinstance(text, str) else 0)


def require_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` itself when it is a DataFrame with ``id`` and ``text``; otherwise ArticleSetError."""
    if not isinstance(articles, pd.DataFrame):
        raise ArticleSetError(f"articles must be a pandas DataFrame with 'id' and 'text' columns, "
                              f"not {type(articles).__name__}; load files with framing.load_articles(path)")
    missing = [c for c in ("id", "text") if c not in articles.columns]
    if missing:
        raise ArticleSetError(f"articles table has no {' or '.join(repr(c) for c in missing)} column "
                              f"(columns: {', '.join(map(str, articles.columns))}); "
                              "rename the columns or load the file with framing.load_articles(path, text=...)")
    ids = articles["id"].astype(str)
    repeated = ids[ids.duplicated(keep=False)]
    if len(repeated):
        shown = ", ".join(f"{value!r} (rows {', '.join(map(str, rows))})"
                          for value, rows in list(repeated.groupby(repeated, sort=False).groups.items())[:3])
        raise ArticleSetError(f"article ids must be unique; repeated: {shown}; "
                              "drop the duplicates or load the data with framing.load_articles, which checks them")
    lengths = text_lengths(articles["text"])
    if (lengths > MAX_TEXT_CHARS).any():
        where = ", ".join(f"id {i!r}: {n:,} characters" for i, n in zip(ids[lengths > MAX_TEXT_CHARS][:3],
                                                                        lengths[lengths > MAX_TEXT_CHARS][:3]))
        raise ArticleSetError(f"texts longer than {MAX_TEXT_CHARS:,} characters, far longer than an article ({where}); "
                              "a whole archive in one cell? Split it into one row per article")
    return articles


def _sentence_tones(texts: list[str], language: str, tone: str, tone_lexicon) -> list[float]:
    """Tone of one article's sentences: by its language, or per sentence when it is mixed (``und``/``mul``:
    sentences detected as English get VADER, the others NaN)."""
    if language not in MIXED:
        return sentence_tone(texts, tone, tone_lexicon, language)
    return [sentence_tone([t], tone, tone_lexicon, detected)[0] for t, (detected, _) in zip(texts, detect_languages(texts))]


def _analyse_texts(ids: list[str], texts: list, lexicon: Lexicon, tone: str = "vader", tone_lexicon=None,
                   languages: list[str] | None = None) -> tuple[list[tuple], list[float], list[tuple]]:
    """Sentence rows (:data:`SENTENCE_COLUMNS` then one hits column per frame), their tones and match
    rows of some articles, each matched with its language's section of the lexicon (hits NaN where
    the lexicon has none)."""
    frames = lexicon.frames
    records: list[tuple] = []  # one per sentence: SENTENCE_COLUMNS, then the hits of each frame
    compounds: list[float] = []
    found: list[tuple] = []
    languages = languages or [lexicon.language] * len(ids)
    # one lookup per language: in a worker process the lexicon arrives as a new (equal) object, and
    # compile_lexicon's cache would compare it entry by entry with the cached one for every article
    sections = {language: lexicon.section(language) if language not in MIXED else None for language in set(languages)}
    compiled_by_language = {language: compile_lexicon(section) if section is not None else None
                            for language, section in sections.items()}
    for article_id, text, language in zip(ids, texts, languages):
        text = text if isinstance(text, str) else ""
        section, compiled = sections[language], compiled_by_language[language]
        none_found = (0.0 if compiled is not None else math.nan,) * len(frames)
        spans = split_sentences(text)
        for index, (start, end, sentence) in enumerate(spans):
            tokens = matching_tokens(sentence, section.language if section is not None else language)
            hits = match_tokens(sentence, tokens, compiled) if compiled is not None else ()
            counts = none_found
            if hits:
                totals = dict.fromkeys(frames, 0.0)
                for hit in hits:
                    totals[hit.frame] += hit.weight
                    found.append((article_id, index, hit.frame, hit.term, sentence[hit.start:hit.end],
                                  start + hit.start, start + hit.end, hit.weight))
                counts = tuple(totals.values())
            records.append((article_id, index, start, end, sentence, len(tokens), *counts))
        compounds.extend(_sentence_tones([s for _, _, s in spans], language, tone, tone_lexicon))
    return records, compounds, found


def _analyse_chunk(articles: pd.DataFrame, lexicon: Lexicon, tone: str,
                   tone_lexicon) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The sentences, matches and languages tables of some articles, languages resolved first. With
    ``n_jobs > 1`` each process runs it on its chunks, so building the tables is shared out too."""
    languages = resolve_languages(articles, lexicon.language)
    records, compounds, found = _analyse_texts(articles["id"].astype(str).tolist(), articles["text"].tolist(),
                                               lexicon, tone, tone_lexicon, languages["lexicon_language"].tolist())
    hits = [f"{f}_hits" for f in lexicon.frames]
    table = pd.DataFrame.from_records(records, columns=SENTENCE_COLUMNS + hits)
    table.insert(len(SENTENCE_COLUMNS), "compound", compounds)
    table = table.astype({"id": str, "sentence": "int64", "start": "int64", "end": "int64", "text": str,
                          "n_tokens": "int64", "compound": "float64",
                          **dict.fromkeys(hits, "float64")})
    found_table = pd.DataFrame(found, columns=MATCH_COLUMNS)
    found_table = found_table.astype({"id": str, "sentence": "int64", "frame": str, "term": str, "match": str,
                                      "start": "int64", "end": "int64", "weight": "float64"})
    return table, found_table, languages


def analyse_tables(articles: pd.DataFrame, lexicon: Lexicon, n_jobs: int = 1, tone: str = "vader",
                   tone_lexicon=None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The sentences, matches and languages tables of ``articles``, in one pass over the texts; each
    article is matched with its language's section of the lexicon (see :func:`resolve_languages`).

    With ``n_jobs > 1`` the articles are split into contiguous chunks of about equal text length,
    analysed (language detection included) by this process and ``n_jobs - 1`` worker processes, which
    also build their part of the tables; the result is identical to ``n_jobs=1``.
    """
    require_whole(n_jobs, "n_jobs", "analyse", 1)
    if n_jobs == 1 or len(articles) < 2 * n_jobs:
        return _analyse_chunk(articles, lexicon, tone, tone_lexicon)
    needed = articles[[c for c in ("id", "text", "language") if c in articles.columns]]
    lengths = text_lengths(needed["text"]).to_numpy()
    # Compiled here, once: forked workers inherit the compiled lexicon and the tone lexicon instead
    # of each building its own (and the articles and lexicon are not pickled for every chunk).
    compile_lexicon(lexicon.section(lexicon.language) or lexicon)
    prepare_tone(tone, tone_lexicon, lexicon.language)
    parts = map_chunks(_analyse_chunk, needed, chunk_bounds(lengths, n_jobs), n_jobs, lexicon, tone, tone_lexicon)
    # empty parts left out: their object columns would change the dtypes of a concatenation
    return tuple(pd.concat([part[k] for part in parts if len(part[k])] or [parts[0][k]], ignore_index=True)
                 for k in range(3))


@dataclass(frozen=True, eq=False)
class Analysis:
    """The work done once per article set: the articles, their sentences (tone and hits per frame) and
    matches (the evidence), the lexicon that produced them and the tone (``"vader"`` or
    ``"vader+news"``, plus any ``tone_lexicon`` file). Every analysis function accepts it in place of
    articles, so texts are split, matched and scored once.

    >>> a = analyse(pd.DataFrame({"id": ["x"], "text": ["Troops massed. Talks resumed."]}))
    >>> len(a.sentences), a.frames
    (2, ('cooperation', 'balance', 'security'))
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    matches: pd.DataFrame
    lexicon: Lexicon
    tone: str = "vader"
    tone_lexicon: str | dict | None = None
    # one row per article: id, language, script, language_source, language_confidence, lexicon_language
    languages: pd.DataFrame | None = None

    @property
    def frames(self) -> tuple[str, ...]:
        return self.lexicon.frames

    @property
    def fingerprint(self) -> str:
        """The lexicon's fingerprint: which lexicon these numbers come from."""
        return self.lexicon.fingerprint

    def select(self, rows) -> "Analysis":
        """The analysis of a subset of the articles (a boolean mask over ``articles``), without new work.

        >>> a = analyse(pd.DataFrame({"id": ["x", "y"], "text": ["Talks.", "Troops. Gas."]}))
        >>> len(a.select([False, True]).sentences)
        2
        """
        chosen = self.articles[np.asarray(rows, dtype=bool)]
        ids = set(chosen["id"].astype(str))
        languages = None if self.languages is None else self.languages[self.languages["id"].isin(ids)]
        return dataclasses.replace(self, articles=chosen, languages=languages,
                                   sentences=self.sentences[self.sentences["id"].isin(ids)].reset_index(drop=True),
                                   matches=self.matches[self.matches["id"].isin(ids)].reset_index(drop=True))

    def score(self) -> pd.DataFrame:
        """The per-article score table (:func:`score`) of this analysis."""
        result = score_sentences(self.articles, self.sentences, self.frames)
        if self.languages is not None:
            result = mark_uncovered(result, self.languages, self.lexicon, self.frames)
        result.attrs.update(self.articles.attrs)
        result.attrs["lexicon"] = {"name": self.lexicon.name, "source": self.lexicon.source,
                                   "fingerprint": self.lexicon.fingerprint}
        result.attrs["tone"] = tone_engine(self.tone, self.tone_lexicon)
        return result


def analyse(articles: pd.DataFrame, lexicon: Lexicon | str | None = None, n_jobs: int = 1,
            tone: str | None = None, tone_lexicon: str | Path | dict | None = None) -> Analysis:
    """Split, tokenize, match and score the tone of ``articles`` once: an :class:`Analysis`.

    ``n_jobs`` worker processes share the work on large inputs (same result). ``tone`` is
    ``"vader"`` (NLTK's VADER; the default, also for ``None``) or ``"vader+news"`` (with framing's
    political-news valences); ``tone_lexicon`` a file of ``word<TAB>valence`` lines added on top.

    >>> analyse(pd.DataFrame({"id": ["x"], "text": ["A deal."]})).matches["term"].tolist()
    ['deal']
    """
    articles = require_articles(articles)
    lexicon = load_lexicon(lexicon)
    tone = TONES[0] if tone is None else tone
    tone_lexicon = tone_files(tone_lexicon)
    tone_engine(tone, tone_lexicon)  # a bad tone or file fails here, not in a worker process
    sentence_table, found, languages = analyse_tables(articles, lexicon, n_jobs, tone, tone_lexicon)
    return Analysis(articles, sentence_table, found, lexicon, tone, tone_lexicon, languages)


def as_analysis(data: pd.DataFrame | Analysis, lexicon: Lexicon | str | None = None, n_jobs: int = 1,
                tone: str | None = None, tone_lexicon: str | Path | dict | None = None) -> Analysis:
    """``data`` itself when it is an :class:`Analysis` (its lexicon and tone must be ``lexicon`` and
    ``tone`` when they are given), else the analysis of the articles ``data``."""
    if isinstance(data, Analysis):
        if lexicon is not None and load_lexicon(lexicon).fingerprint != data.fingerprint:
            raise AnalysisError("the Analysis was made with another lexicon than lexicon=; analyse the articles "
                                "again with framing.analyse(articles, lexicon) or leave lexicon= out")
        asked = (tone or data.tone, tone_files(tone_lexicon))
        if (tone is not None or tone_lexicon is not None) and asked != (data.tone, data.tone_lexicon):
            raise AnalysisError(f"the Analysis was made with tone={data.tone!r}, tone_lexicon={data.tone_lexicon!r}; "
                                "analyse the articles again with framing.analyse(articles, tone=..., "
                                "tone_lexicon=...) or leave tone= and tone_lexicon= out")
        return data
    return analyse(data, lexicon, n_jobs, tone, tone_lexicon)


def as_scores(data: pd.DataFrame | Analysis) -> pd.DataFrame:
    """A score table: ``data`` itself, or the :meth:`Analysis.score` of an :class:`Analysis`."""
    return data.score() if isinstance(data, Analysis) else data


def match_sentences(sentence_table: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """The matches table of ``lexicon`` in the sentences of a :func:`sentences` table (no new
    sentence splitting; offsets are into the article texts).

    >>> a = analyse(pd.DataFrame({"id": ["x"], "text": ["Gas. Gas prices rose."]}))
    >>> match_sentences(a.sentences, load_lexicon({"frames": {"p": {"entries": ["gas price*"]}}}))["start"].tolist()
    [5]
    """
    compiled = compile_lexicon(lexicon)
    found = []
    for article_id, index, start, text in zip(sentence_table["id"], sentence_table["sentence"],
                                              sentence_table["start"], sentence_table["text"]):
        for hit in match_tokens(text, token_spans(text), compiled):
            found.append((article_id, index, hit.frame, hit.term, text[hit.start:hit.end],
                          start + hit.start, start + hit.end, hit.weight))
    return pd.DataFrame(found, columns=MATCH_COLUMNS).astype(
        {"id": str, "sentence": "int64", "frame": str, "term": str, "match": str,
         "start": "int64", "end": "int64", "weight": "float64"})


def sentences(articles: pd.DataFrame | Analysis, lexicon: Lexicon | str | None = None, n_jobs: int = 1,
              tone: str | None = None, tone_lexicon: str | Path | dict | None = None) -> pd.DataFrame:
    """One row per sentence: ``id``, ``sentence`` (0-based), ``start``, ``end``, ``text``, ``n_tokens``,
    ``compound`` (VADER, or the ``tone`` chosen as in :func:`analyse`) and the weighted hits of each
    frame (``<frame>_hits``).

    >>> sentences(pd.DataFrame({"id": ["x"], "text": ["Mr. Ivanov spoke. No deal."]}))["text"].tolist()
    ['Mr. Ivanov spoke.', 'No deal.']
    """
    return as_analysis(articles, lexicon, n_jobs, tone, tone_lexicon).sentences


def matches(articles: pd.DataFrame | Analysis, lexicon: Lexicon | str | None = None, n_jobs: int = 1,
            tone: str | None = None, tone_lexicon: str | Path | dict | None = None) -> pd.DataFrame:
    """One row per lexicon hit: ``id``, ``sentence``, ``frame``, ``term`` (the entry), ``match`` (the
    text), ``start``/``end`` (offsets in the article text, so ``text[start:end] == match``), ``weight``.

    >>> matches(pd.DataFrame({"id": ["x"], "text": ["A strategic partnership."]}))[["term", "start", "end"]]
                        term  start  end
    0  strategic partnership      2   23
    """
    return as_analysis(articles, lexicon, n_jobs, tone, tone_lexicon).matches


def score_sentences(articles: pd.DataFrame, sentence_table: pd.DataFrame, frames: Iterable[str]) -> pd.DataFrame:
    """Aggregate a :func:`sentences` table into one row per article of ``articles`` (same order)."""
    frames = tuple(frames)
    ids = articles["id"].astype(str)
    grouped = sentence_table.groupby("id", sort=False)
    n_tokens = grouped["n_tokens"].sum().reindex(ids, fill_value=0).to_numpy()
    n_sentences = grouped.size().reindex(ids, fill_value=0).to_numpy()
    result = articles.drop(columns=["text"]).reset_index(drop=True).copy()
    columns = {"id": ids.to_numpy(), "n_tokens": n_tokens.astype("int64"), "n_sentences": n_sentences.astype("int64"),
               "sentiment": grouped["compound"].mean().reindex(ids).to_numpy(dtype="float64")}
    with np.errstate(divide="ignore", invalid="ignore"):
        per_1k = {}
        for frame in frames:
            column = f"{frame}_hits"
            evoked = sentence_table[column] > 0
            # an article whose sentences all have NaN hits (no lexicon for its language) stays NaN, never 0
            total = grouped[column].sum(min_count=1).reindex(ids).to_numpy(dtype="float64")
            total = np.where(n_sentences > 0, total, 0.0)
            share = evoked.groupby(sentence_table["id"], sort=False).sum().reindex(ids, fill_value=0).to_numpy()
            share = np.where(np.isnan(total), np.nan, share)
            tone = sentence_table["compound"].where(evoked).groupby(sentence_table["id"], sort=False).mean()
            per_1k[frame] = np.where(n_tokens > 0, 1000.0 * total / np.maximum(n_tokens, 1), np.nan)
            columns[f"{frame}_hits"] = total
            columns[f"{frame}_per_1k"] = per_1k[frame]
            columns[f"{frame}_share"] = np.where(n_sentences > 0, share / np.maximum(n_sentences, 1), np.nan)
            columns[f"{frame}_tone"] = tone.reindex(ids).to_numpy(dtype="float64")
    for name in [c for c in columns if c in result.columns]:  # a column the articles have already keeps its place
        result[name] = columns.pop(name)
    # the new columns in one block: added one at a time, hundreds of them (sensitivity's variants) fragment the frame
    attrs = result.attrs
    result = pd.concat([result, pd.DataFrame(columns, index=result.index)], axis=1)
    result.attrs = attrs
    unmeasured = np.zeros(len(result), dtype=bool)
    for frame in frames:
        unmeasured |= np.isnan(result[f"{frame}_hits"].to_numpy(dtype="float64"))
    result.insert(result.columns.get_loc("sentiment") + 1, "dominant_frame",
                  _dominant(per_1k, frames, len(result), unmeasured))
    return result


def _dominant(per_1k: dict[str, np.ndarray], frames: tuple[str, ...], n: int,
              unmeasured: np.ndarray | None = None) -> list[str]:
    """The frame with the highest rate per article; ties go to the frame listed first; "none" if no hits;
    "no lexicon" where ``unmeasured`` (hits NaN: no lexicon section for the article's language)."""
    unmeasured = np.zeros(n, dtype=bool) if unmeasured is None else unmeasured
    if not frames:
        return ["none"] * n
    raw = np.column_stack([per_1k[f] for f in frames])
    rates = np.nan_to_num(raw, nan=0.0)
    best = rates.argmax(axis=1)  # argmax returns the first maximum: lexicon order breaks ties
    return [frames[b] if rates[i, b] > 0 else NO_LEXICON if unmeasured[i] else "none"
            for i, b in enumerate(best)]


def score(articles: pd.DataFrame | Analysis, lexicon: Lexicon | str | None = None, n_jobs: int = 1,
          tone: str | None = None, tone_lexicon: str | Path | dict | None = None) -> pd.DataFrame:
    """One row per article, in the same order: ``id``, the metadata columns, ``n_tokens``,
    ``n_sentences``, ``sentiment`` (mean sentence compound), ``dominant_frame`` and for each frame
    ``f``: ``f_hits`` (weighted), ``f_per_1k``, ``f_share`` (share of sentences evoking it) and
    ``f_tone`` (mean compound of those sentences; NaN where none).

    Empty texts get zero counts, NaN rates and NaN tone. ``n_jobs`` worker processes share the
    work on large inputs (same result); an :class:`Analysis` is scored without new work. ``tone``
    and ``tone_lexicon`` choose the tone as in :func:`analyse`.

    >>> score(pd.DataFrame({"id": ["e"], "text": [" "]}))[["n_tokens", "sentiment", "dominant_frame"]]
       n_tokens  sentiment dominant_frame
    0         0        NaN           none
    """
    if type(articles).__module__.startswith("dask"):  # a dask DataFrame: lazily, partition by partition
        if tone not in (None, "vader") or tone_lexicon is not None:
            raise AnalysisError("a dask DataFrame is scored with tone='vader' only; score it with pandas "
                                "(framing.score_chunks) for another tone")
        from framing.distributed import score_dask

        return score_dask(articles, lexicon)
    return as_analysis(articles, lexicon, n_jobs, tone, tone_lexicon).score()
