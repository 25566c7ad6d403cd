"""Characters: the normalized copy of a text every measure reads (case-folded, curly quotes and dashes
made plain, diacritics dropped on request), with a map back to the original offsets.

Kept apart from :mod:`framing.text` so that reading a lexicon (its patterns are normalized the same
way) does not import NLTK.

>>> normalize("Vučić’s DEAL – signed")
("vučić's deal - signed", None)
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Characters news text uses that should match their plain forms.
_PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
}
_PLAIN_TABLE = str.maketrans(_PLAIN)
_DIACRITIC_EXTRAS = {"đ": "d", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}


@lru_cache(maxsize=4096)
def _fold_char(char: str, fold_diacritics: bool) -> str:
    char = _PLAIN.get(char, char)
    folded = char.casefold()
    # Cyrillic letters keep their marks: й, ї, ё are letters of their own, not и, і, е with an accent
    if fold_diacritics and not folded.isascii() and not unicodedata.name(char, "").startswith("CYRILLIC"):
        folded = "".join(_DIACRITIC_EXTRAS.get(c, c) for c in folded)
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return folded


def normalize(text: str, fold_diacritics: bool = False) -> tuple[str, list[int] | None]:
    """Case-fold ``text``, make quotes and dashes plain and (optionally) drop diacritics.

    Returns the normalized text and, when lengths differ, a list giving for every normalized
    character the offset of the original character it came from (``None`` means one-to-one).

    >>> normalize("Vučić’s")
    ("vučić's", None)
    >>> normalize("Vučić’s", fold_diacritics=True)
    ("vucic's", None)
    """
    if text.isascii():
        return text.lower(), None
    if not fold_diacritics and "\u200b" not in text:
        # case folding is letter by letter; when no letter is dropped (only U+200B is) and the length is
        # kept, no letter grew either, so the offsets are one-to-one
        normalized = text.translate(_PLAIN_TABLE).casefold()
        if len(normalized) == len(text):
            return normalized, None
    pieces = [_fold_char(char, fold_diacritics) for char in text]
    normalized = "".join(pieces)
    if len(normalized) == len(text) and all(len(piece) == 1 for piece in pieces):
        return normalized, None
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    return normalized, origin


def strip_diacritics(token: str) -> str:
    """``token`` without diacritics (``"vučić"`` → ``"vucic"``).

    >>> strip_diacritics("đoković")
    'dokovic'
    """
    if token.isascii():
        return token
    return "".join(_fold_char(char, True) for char in token)
