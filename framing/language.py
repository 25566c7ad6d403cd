"""Which language and script each article is in: from the ``language`` column, or detected offline.

Tags are BCP 47 / ISO 639-1 (``en``, ``sr-Latn``, ``sr-Cyrl``, ``de-AT``). Detection uses
``py3langid`` (its model ships inside the wheel; nothing is downloaded) and reports a confidence;
the script is read from the letters themselves. Serbian, Croatian, Bosnian and Montenegrin share
one standard language and one lexicon section (``sr``); :func:`lexicon_language` maps them.

>>> parse_tag("sr-Cyrl-RS")
('sr', 'Cyrl')
>>> detect_script("Вучић и Путин")
'Cyrl'
>>> lexicon_language("hr")
'sr'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import metadata

import numpy as np
import pandas as pd
from scipy import sparse

from framing.errors import ArticleSetError

UNDETERMINED = "und"
MIXED = ("und", "mul")  # tags for articles in several languages or none known: tone per sentence
MIN_LETTERS = 20  # below this many letters a detected language is not trusted
DETECT_CHARS = 500  # detection reads the start of long texts only: single news sentences (median 112
# characters) in sr/ru/uk/de were told right 746 times in 750, and 500 characters gave the same language as
# 3,000 on all 655 bundled and NYT test articles, at a sixth of the cost
SAME_STANDARD = {"hr": "sr", "bs": "sr", "cnr": "sr", "sh": "sr"}
_TAG = re.compile(r"^(?P<language>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?(?:[-_](?:[A-Za-z]{2}|\d{3}))?$")
# MIN_LETTERS letters, as str.isalpha() counts them (give or take signs such as ½), anywhere in the text
_ENOUGH_LETTERS = re.compile(r"(?:[^\W\d_][\W\d_]*){%d}" % MIN_LETTERS)
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_SCRIPTS = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr",
            "CJK": "Hani", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "HANGUL": "Kore", "DEVANAGARI": "Deva"}


def parse_tag(tag: str) -> tuple[str, str | None]:
    """``(language, script)`` of a BCP 47 tag; script is ``None`` when the tag has none.

    >>> parse_tag("EN_us")
    ('en', None)
    """
    match = _TAG.match(str(tag).strip())
    if match is None:
        raise ArticleSetError(f"language {tag!r} is not a BCP 47 tag; write e.g. 'en', 'de', 'ru', 'uk', "
                              f"'sr-Latn' or 'sr-Cyrl' in the language column, or leave it empty to detect it")
    script = match.group("script")
    return match.group("language").lower(), script.title() if script else None


def lexicon_language(language: str) -> str:
    """The lexicon section that serves ``language`` (Croatian, Bosnian, Montenegrin → ``sr``)."""
    return SAME_STANDARD.get(language, language)


def detect_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in (``Latn``, ``Cyrl``, …), ``None`` without letters."""
    if text.isascii():  # the only ASCII letters are Latin
        return "Latn" if _ASCII_LETTER.search(text) else None
    counts: dict[str, int] = {}
    for char, count in Counter(text).items():  # each distinct character looked up once
        script = _script_of(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + count
    return max(counts, key=counts.get) if counts else None


@lru_cache(maxsize=4096)
def _script_of(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "").split(" ")[0]
    return _SCRIPTS.get(name, name.title()[:4])


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


_MODEL_PARTS = ("tk_nextmove", "_rowbase", "tk_output", "nb_ptc", "nb_pc", "nb_classes", "_alias_pairs", "_encode")


@lru_cache(maxsize=1)
def _model() -> tuple | None:
    """py3langid's byte automaton as arrays: next state, row offsets, and the feature each state emits
    (``None`` when this py3langid keeps its model otherwise: then its ``classify`` runs text by text)."""
    identifier = _identifier()
    if not all(hasattr(identifier, part) for part in _MODEL_PARTS):
        return None
    return (np.frombuffer(identifier.tk_nextmove, dtype=np.uint32),  # a view: 39 MB not copied
            np.asarray(identifier._rowbase, dtype=np.int64), np.asarray(identifier.tk_output, dtype=np.int64))


def _features(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """``(text index, feature)`` of every feature the automaton emits, walking all texts at once."""
    nextmove, rowbase, output = _model()
    order = sorted(range(len(encoded)), key=lambda i: -len(encoded[i]))
    lengths = np.array([len(encoded[i]) for i in order], dtype=np.int64)
    width = int(lengths[0]) if len(lengths) else 0
    matrix = np.zeros((len(order), width), dtype=np.uint8)
    for row, i in enumerate(order):
        matrix[row, :lengths[row]] = np.frombuffer(encoded[i], dtype=np.uint8)
    state = np.zeros(len(order), dtype=np.int64)
    rows, features = [], []
    active = len(order)
    for position in range(width):
        while lengths[active - 1] <= position:  # texts sorted longest first: the active ones are a prefix
            active -= 1
        state[:active] = nextmove[rowbase[state[:active]] + matrix[:active, position]]
        emitted = output[state[:active]]
        hit = np.flatnonzero(emitted >= 0)
        rows.append(hit)
        features.append(emitted[hit])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.asarray(order, dtype=np.int64)[np.concatenate(rows)], np.concatenate(features)


def _classify_all(texts: list[str]) -> list[tuple[str, float]]:
    """py3langid's ``classify`` (probabilities normalized) of many texts at once."""
    identifier = _identifier()
    encoded = [identifier._encode(text) for text in texts]
    text_index, feature = _features(encoded)
    used = np.flatnonzero(np.bincount(feature, minlength=len(identifier.nb_ptc)))
    column = np.empty(len(identifier.nb_ptc), dtype=np.int64)
    column[used] = np.arange(len(used))
    # counts per text and feature (duplicates summed, columns sorted within each row), then log(1 + count)
    weights = sparse.csr_matrix((np.ones(len(feature), dtype=np.float32), (text_index, column[feature])),
                                shape=(len(texts), len(used)), dtype=np.float32)
    np.log1p(weights.data, out=weights.data)
    # naive Bayes: the log-probabilities of the features seen, weighted by log(1 + count), plus the prior
    scores = np.asarray(weights @ identifier.nb_ptc[used].astype(np.float32), dtype=np.float32) + identifier.nb_pc
    scores[np.diff(weights.indptr) == 0] = 0.0  # no features: every language equally likely
    scores *= (1.0 / np.sqrt(np.maximum([len(e) for e in encoded], 1)))[:, None].astype(np.float32)
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    scores /= scores.sum(axis=1, keepdims=True)
    for first, alias in identifier._alias_pairs:  # one label in two columns (e.g. Serbian in two scripts)
        scores[:, first] += scores[:, alias]
        scores[:, alias] = 0.0
    best = scores.argmax(axis=1)
    return [(identifier.nb_classes[b], float(scores[row, b])) for row, b in enumerate(best)]


def detect_language(text: str) -> tuple[str, float]:
    """``(language, confidence)`` detected offline; ``("und", 0.0)`` for text with too few letters.

    >>> detect_language("Die Regierung verhandelt mit den Nachbarn über die Gaslieferungen.")[0]
    'de'
    >>> detect_language("OK")
    ('und', 0.0)
    """
    return detect_languages([text])[0]


def detect_languages(texts: list[str], batch_size: int = 2000) -> list[tuple[str, float]]:
    """:func:`detect_language` of many texts: the answers of py3langid's ``classify`` (the same
    language; the confidence, rounded to 4 decimals, within 0.0001 of its own), with the model run
    over all texts at once rather than byte by byte in Python.

    >>> detect_languages(["Die Regierung verhandelt mit den Nachbarn über Gas.", "OK"])
    [('de', 0.9979), ('und', 0.0)]
    """
    starts = [text[:DETECT_CHARS] if isinstance(text, str) else "" for text in texts]
    readable = [i for i, start in enumerate(starts) if _ENOUGH_LETTERS.search(start)]
    found: list[tuple[str, float]] = [(UNDETERMINED, 0.0)] * len(starts)
    for first in range(0, len(readable), batch_size):
        chunk = readable[first:first + batch_size]
        answers = (_classify_all([starts[i] for i in chunk]) if _model() is not None
                   else [_identifier().classify(starts[i]) for i in chunk])
        for i, (language, confidence) in zip(chunk, answers):
            found[i] = (str(language), round(float(confidence), 4))
    return found


def detector_info() -> dict[str, str]:
    """Which detector this is, for provenance.

    >>> detector_info()["language_detector"].startswith("py3langid ")
    True
    """
    return {"language_detector": f"py3langid {metadata.version('py3langid')}"}


def article_languages(articles: pd.DataFrame, column: str = "language", detect: bool = True) -> pd.DataFrame:
    """One row per article: ``id``, ``language``, ``script``, ``language_source`` (``column``,
    ``detected`` or ``none``) and ``language_confidence`` (1 for a given tag).

    >>> article_languages(pd.DataFrame({"id": ["a"], "text": ["Вучић"], "language": ["sr"]}))[["language", "script"]].iloc[0].tolist()
    ['sr', 'Cyrl']
    """
    given = articles[column] if column in articles.columns else pd.Series([None] * len(articles), index=articles.index)
    texts = [text if isinstance(text, str) else "" for text in articles["text"]]
    tagged = [isinstance(tag, str) and bool(tag.strip()) for tag in given]
    untagged = [i for i, has_tag in enumerate(tagged) if not has_tag]
    detected = dict(zip(untagged, detect_languages([texts[i] for i in untagged]))) if detect else {}
    rows = []
    for i, (article_id, text, tag) in enumerate(zip(articles["id"].astype(str), texts, given)):
        if tagged[i]:
            language, script = parse_tag(tag)
            rows.append((article_id, language, script or detect_script(text), "column", 1.0))
        elif detect:
            language, confidence = detected[i]
            rows.append((article_id, language, detect_script(text), "detected" if confidence else "none", confidence))
        else:
            rows.append((article_id, UNDETERMINED, detect_script(text), "none", 0.0))
    return pd.DataFrame(rows, columns=["id", "language", "script", "language_source", "language_confidence"])


def resolve_languages(articles: pd.DataFrame, default: str = "en", column: str = "language") -> pd.DataFrame:
    """:func:`article_languages` with the language each article is matched in: ``lexicon_language``
    (``hr`` → ``sr``), and ``default`` (the lexicon's own language, source ``default``) for texts
    without a ``language`` tag that are too short to detect.

    >>> resolve_languages(pd.DataFrame({"id": ["a", "b"], "text": ["OK.", "Вучић"], "language": [None, "bs"]}))["lexicon_language"].tolist()
    ['en', 'sr']
    """
    table = article_languages(articles, column)
    short = table["language_source"].eq("none") & table["language"].eq(UNDETERMINED)
    table.loc[short, "language"] = default
    table.loc[short, "language_source"] = "default"
    table["lexicon_language"] = table["language"].map(lexicon_language)
    return table
