"""Tone: the VADER compound score of each sentence, from NLTK's analyzer, offline.

NLTK's ``SentimentIntensityAnalyzer`` normally loads ``vader_lexicon`` from downloaded NLTK data.
This package never downloads anything: it feeds the same analyzer the VADER lexicon file that the
``vaderSentiment`` package ships (Hutto & Gilbert 2014), so every machine scores the same text
the same way, whatever NLTK data happens to be installed. :func:`tone_engine` says which file.

>>> round(sentence_tone(["A good, constructive call.", ""])[0], 4)
0.4404
"""

from __future__ import annotations

import hashlib
import math
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from framing.errors import FramingError


def vader_lexicon_path() -> Path:
    """The VADER lexicon file used: the one inside the installed ``vaderSentiment`` package."""
    try:
        path = Path(str(resources.files("vaderSentiment").joinpath("vader_lexicon.txt")))
    except ModuleNotFoundError:
        raise FramingError("the vaderSentiment package is not installed; run `pip install vaderSentiment` "
                           "(it ships the VADER lexicon that framing feeds to NLTK offline)") from None
    if not path.is_file():
        raise FramingError(f"{path}: VADER lexicon missing from the vaderSentiment package; reinstall it")
    return path


class _OfflineVader(SentimentIntensityAnalyzer):
    """NLTK's analyzer with its lexicon read from a local file instead of NLTK's data path."""

    def __init__(self, lexicon_text: str):  # noqa: D107 - deliberately not calling super().__init__
        self.lexicon_file = lexicon_text
        self.lexicon = self.make_lex_dict()
        self.constants = VaderConstants()


@lru_cache(maxsize=1)
def analyzer() -> SentimentIntensityAnalyzer:
    """The shared, read-only NLTK VADER analyzer fed with :func:`vader_lexicon_path`."""
    return _OfflineVader(vader_lexicon_path().read_text(encoding="utf-8"))


@lru_cache(maxsize=200_000)
def _compound(sentence: str) -> float:
    return float(analyzer().polarity_scores(sentence)["compound"])


def sentence_tone(sentences: list[str]) -> list[float]:
    """VADER compound (-1..1) of each sentence; NaN for an empty one.

    Repeated sentences (wire copy, boilerplate) are scored once and remembered.

    >>> sentence_tone(["   "])
    [nan]
    """
    return [_compound(s) if isinstance(s, str) and s.strip() else math.nan for s in sentences]


@lru_cache(maxsize=1)
def tone_engine() -> dict[str, str]:
    """Which tone engine and lexicon file are in use, with the file's SHA-256 (for provenance)."""
    path = vader_lexicon_path()
    return {
        "tone_engine": f"nltk {metadata.version('nltk')} SentimentIntensityAnalyzer (VADER compound per sentence)",
        "vader_lexicon": f"vaderSentiment {metadata.version('vaderSentiment')} package file {path.name}",
        "vader_lexicon_path": str(path),
        "vader_lexicon_sha256": hashlib.sha256(path.read_bytes()).hexdigest()[:16],
    }
