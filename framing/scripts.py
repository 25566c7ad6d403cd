"""Scripts: Serbian Cyrillic to Latin, letter for letter, with a map back to the original offsets,
and the word tokens each language is matched on.

Serbian is written in both scripts, one-to-one (Вучић = Vučić), so Serbian text is matched in
Latin and the evidence still points into the original text. Three letters become two Latin
letters (љ → lj, њ → nj, џ → dž). Diacritics are then folded where the lexicon's pattern has none
(``vucic`` matches Vučić, see :mod:`framing.match`); Cyrillic letters are never folded (й, ї, ё
stay themselves), so Russian and Ukrainian patterns are compared with the token as written.

>>> transliterate("Љубав и џем")[0]
'Ljubav i džem'
>>> text = "Вучић и Путин"
>>> [(text[s:e], token) for s, e, token in matching_tokens(text, "sr")]
[('Вучић', 'vučić'), ('и', 'i'), ('Путин', 'putin')]
"""

from __future__ import annotations

from framing.text import token_spans

SERBIAN_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}
_TABLE = {**SERBIAN_CYRILLIC_TO_LATIN,
          **{c.upper(): (l[0].upper() + l[1:]) for c, l in SERBIAN_CYRILLIC_TO_LATIN.items()}}
TRANSLITERATED = ("sr",)  # languages whose Cyrillic text is matched in Latin


def transliterate(text: str) -> tuple[str, list[int] | None]:
    """``text`` in Latin script and, when lengths differ, for every output character the offset of
    the input character it came from (``None`` when every letter maps to one letter).

    >>> transliterate("Њ")
    ('Nj', [0, 0])
    """
    pieces = [_TABLE.get(char, char) for char in text]
    latin = "".join(pieces)
    if len(latin) == len(text):
        return latin, None
    return latin, [i for i, piece in enumerate(pieces) for _ in piece]


def matching_tokens(text: str, language: str = "en") -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` as :func:`framing.text.token_spans` gives them (offsets into ``text``),
    with Serbian Cyrillic read in Latin letters (``language`` is a lexicon language such as ``sr``).

    >>> matching_tokens("Њујорк", "sr")
    [(0, 6, 'njujork')]
    """
    if language not in TRANSLITERATED or not any(char in _TABLE for char in text):
        return token_spans(text)
    latin, origin = transliterate(text)
    if origin is None:
        return token_spans(latin)
    return [(origin[start], origin[end - 1] + 1, token) for start, end, token in token_spans(latin)]
