"""Segmentation: sentences and word tokens, with NLTK, offline, keeping offsets into the original text.

Sentences come from NLTK's Punkt algorithm with an abbreviation list shipped in this package (so
``U.S.``, ``Mr.``, ``Jan.``, ``No.`` and initials such as ``J. R.`` never end a sentence), never from
downloaded model data: the same text splits the same way on every machine. Word tokens come from
the pattern and flags of NLTK's ``RegexpTokenizer``, run by the ``regex`` engine as NLTK does (but
without NLTK's per-call timeout wrapper, as are Punkt's patterns), over a normalized copy of the
text (:mod:`framing.characters`: case-folded, curly quotes and dashes made plain; diacritics removed
only on request) whose characters map back to the original offsets.

>>> [text for _, _, text in split_sentences("Mr. Vučić met U.S. envoys. Talks went well.")]
['Mr. Vučić met U.S. envoys.', 'Talks went well.']
>>> tokenize("Serbia’s “energy-security” plan")
["serbia's", 'energy', 'security', 'plan']
"""

from __future__ import annotations

import string
from functools import lru_cache
from importlib import resources

import regex
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

from framing.characters import normalize

SENTENCE_SPLITTER = "nltk Punkt (untrained parameters) + framing abbreviation list"
TOKEN_PATTERN = r"(?:[^\W\d_]\.){2,}|\w+(?:'\w+)*"  # "u.s." stays one token


def _unwrapped(pattern) -> regex.Pattern:
    """The same pattern compiled by the ``regex`` engine itself, without NLTK's per-call timeout
    wrapper (a third of the splitting time); our patterns are fixed, so they cannot be made to
    backtrack without end."""
    return regex.compile(pattern.pattern, pattern.flags)


class _NewsPunctuation(PunktLanguageVars):
    # Closing quotes and brackets may follow the full stop: “No.” ends a sentence.
    sent_end_chars = (".", "?", "!")
    re_boundary_realignment = _unwrapped(PunktLanguageVars.re_boundary_realignment)

    @lru_cache(maxsize=1)
    def _word_tokenizer_re(self):
        return _unwrapped(super()._word_tokenizer_re())

    @lru_cache(maxsize=1)
    def period_context_re(self):
        return _unwrapped(super().period_context_re())


class _Token(PunktToken):
    """Punkt's token with its patterns run by ``regex`` directly (same patterns, same answers)."""

    __slots__ = ()
    _RE_ELLIPSIS = _unwrapped(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _unwrapped(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _unwrapped(PunktToken._RE_INITIAL)
    _RE_ALPHA = _unwrapped(PunktToken._RE_ALPHA)
    _RE_NON_PUNCT = regex.compile(r"[^\W\d]", regex.UNICODE)  # as nltk.tokenize.punkt._re_non_punct

    @property
    def is_non_punct(self):
        return self._RE_NON_PUNCT.search(self.type)


def _abbreviations() -> set[str]:
    listed = resources.files("framing").joinpath("resources/abbreviations.txt").read_text(encoding="utf-8")
    words = {line.strip().lower().rstrip(".") for line in listed.splitlines()
             if line.strip() and not line.startswith("#")}
    return words | set(string.ascii_lowercase)  # initials: "J. R. Tolkien"


# A candidate break of the commonest kind: a word of two or more letters, its full stop, a space, a next word
_PLAIN_BREAK = regex.compile(r"([^\W\d_]{2,})\.\s+\S+")


class _NewsSentenceTokenizer(PunktSentenceTokenizer):
    def text_contains_sentbreak(self, text: str) -> bool:
        """Punkt's answer; for "word. Next" with no abbreviation it is known without annotating tokens:
        the word is no initial, number, ellipsis or abbreviation, and these parameters hold no
        collocations, so its full stop is a break and a token follows it."""
        plain = _PLAIN_BREAK.fullmatch(text)
        if plain is not None and plain.group(1).lower() not in self._params.abbrev_types:
            return True
        return super().text_contains_sentbreak(text)


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> PunktSentenceTokenizer:
    parameters = PunktParameters()
    parameters.abbrev_types = _abbreviations()
    return _NewsSentenceTokenizer(parameters, lang_vars=_NewsPunctuation(), token_cls=_Token)


# NLTK's RegexpTokenizer flags, without its per-call timeout wrapper
_WORDS = regex.compile(TOKEN_PATTERN, regex.UNICODE | regex.MULTILINE | regex.DOTALL)


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Split ``text`` into sentences: ``(start, end, sentence_text)`` with ``text[start:end]``.

    Line breaks also end sentences (headlines and datelines have no full stop), and a split
    before a lower-case word is undone (``“Really?” he asked.`` is one sentence). Empty or
    whitespace-only text gives ``[]``.

    >>> split_sentences("No. 5 won. It was Jan. 3.")
    [(0, 10, 'No. 5 won.'), (11, 25, 'It was Jan. 3.')]
    """
    if not isinstance(text, str) or not text.strip():
        return []
    tokenizer = _sentence_tokenizer()
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for block in text.splitlines(keepends=True):
        stripped = block.strip()
        if stripped:
            first_in_block = len(spans)
            for start, end in tokenizer.span_tokenize(block):
                if not block[start:end].strip():
                    continue
                # News sentences do not start in lower case: “Really?” he asked. is one sentence.
                if len(spans) > first_in_block and block[start].islower():
                    previous_start = spans[-1][0]
                    spans[-1] = (previous_start, offset + end, text[previous_start:offset + end])
                else:
                    spans.append((offset + start, offset + end, block[start:end]))
        offset += len(block)
    return spans


def token_spans(text: str, fold_diacritics: bool = False) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` as ``(start, end, token)``: offsets into ``text``, tokens normalized.

    >>> token_spans("Vučić’s call")
    [(0, 7, "vučić's"), (8, 12, 'call')]
    """
    normalized, origin = normalize(text, fold_diacritics)
    spans = []
    position = 0
    # findall is much faster than finditer; each token is found again with str.find, which gives
    # its match offset because the text between matches holds no word character
    for token in _WORDS.findall(normalized):
        start = normalized.find(token, position)
        position = end = start + len(token)
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        spans.append((start, end, token))
    return spans


def tokenize(text: str, fold_diacritics: bool = False) -> list[str]:
    """Normalized word tokens of ``text``: the tokens every measure counts.

    >>> tokenize("U.S. and EU")
    ['u.s.', 'and', 'eu']
    """
    if not isinstance(text, str):
        return []
    return [token for _, _, token in token_spans(text, fold_diacritics)]
