"""Matching: find lexicon hits among the word tokens of one sentence.

Rules, applied per frame:
- an entry matches consecutive word tokens; a space in the pattern matches spaces or a hyphen
  (``energy security`` matches ``energy-security``), a hyphen only a hyphen (``trade-off*`` never
  matches ``trade official``);
- a candidate that overlaps a match of one of the frame's ``exclude`` patterns is dropped;
- overlaps are resolved longest first (most words, then most characters, then earliest start), so
  the words of ``energy security`` count once, for that entry, never again for ``secur*``; when two
  entries cover the same words, the more specific one (the literal, or the longer pattern, then
  the one listed first) is credited;
- an entry listed in two frames counts in both: frames never compete for words.

>>> from framing.lexicon import load_lexicon
>>> from framing.text import token_spans
>>> text = "Energy security and security ties."
>>> [(h.frame, h.term) for h in match_tokens(text, token_spans(text), compile_lexicon(load_lexicon()))]
[('security', 'energy security'), ('security', 'secur*'), ('cooperation', 'ties')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from framing.lexicon import Lexicon
from framing.characters import strip_diacritics

_GAP = re.compile(r"[\s\-]*")  # a space in a pattern: spaces or hyphens in the text
_HYPHEN_GAP = re.compile(r"\s*-\s*")  # a hyphen in a pattern: a hyphen in the text


@dataclass(frozen=True)
class Hit:
    frame: str
    term: str
    weight: float
    start: int  # character offsets into the text given to match_tokens
    end: int


@dataclass(frozen=True)
class _Pattern:
    frame: str
    term: str
    weight: float
    words: tuple[object, ...]  # each a literal str or a compiled regex
    forms: tuple[int, ...]  # per word, which form of a token it is compared with (_form_index)
    gaps: tuple[re.Pattern, ...]  # per pair of adjacent words, what may stand between them
    order: int
    is_exclude: bool
    second: str | None = None  # the second word when it is a literal: most multi-word candidates fail on it

    def specificity(self) -> tuple[int, int, int]:
        literal = sum(isinstance(w, str) for w in self.words)
        return (literal, len(self.term), -self.order)


_STAR = r"[\w'.]*"  # what ``*`` stands for in a pattern word
_STAR_TAIL = re.compile(_STAR)


@dataclass(frozen=True)
class _Prefix:
    """A glob word ending in its only wildcard (``secur*``): the prefix, then any run of word characters
    (:data:`_STAR`), the tokens a compiled regex of the word would fit, without compiling one per word."""

    prefix: str

    def fullmatch(self, token: str) -> re.Match | None:
        return _STAR_TAIL.fullmatch(token, len(self.prefix)) if token.startswith(self.prefix) else None


@lru_cache(maxsize=65536)  # lexicons are compiled again without one entry (sensitivity): words recur
def _word_matcher(word: str) -> object:
    """A literal word, or a matcher for a glob word: ``*`` any run of word characters, ``?`` one."""
    if "*" not in word and "?" not in word:
        return word
    if "?" not in word and word.index("*") == len(word) - 1:
        return _Prefix(word[:-1])
    parts = [_STAR if c == "*" else r"[\w']" if c == "?" else re.escape(c) for c in word]
    return re.compile("".join(parts))


def _first_key(word: str) -> str | None:
    """The literal prefix of a pattern word before its first wildcard ('' when it starts with one)."""
    cut = min((word.index(c) for c in "*?" if c in word), default=None)
    return word if cut is None else word[:cut]


@dataclass(frozen=True)
class CompiledLexicon:
    lexicon: Lexicon
    literal_first: dict[str, tuple[_Pattern, ...]]
    prefix_first: dict[int, dict[str, tuple[_Pattern, ...]]]  # by prefix length, shortest first
    token_cache: dict = field(default_factory=dict, compare=False, repr=False)


@lru_cache(maxsize=32)
def compile_lexicon(lexicon: Lexicon) -> CompiledLexicon:
    """Index a lexicon's entries and exclude patterns by their first word, for fast matching."""
    literal: dict[str, list[_Pattern]] = {}
    prefix: dict[int, dict[str, list[_Pattern]]] = {}
    order = 0
    for frame in lexicon.frame_defs:
        items = [(e.pattern, e.weight, False) for e in frame.entries] + [(p, 0.0, True) for p in frame.exclude]
        for term, weight, is_exclude in items:
            words = tuple(term.replace("-", " ").split())
            # after each word but the last: was it joined to the next one by a hyphen in the pattern?
            hyphens = tuple(separator.strip() == "-" for separator in re.findall(r"[\s\-]+", term.strip()))
            keeps = not term.isascii()
            matchers = tuple(_word_matcher(w) for w in words)
            second = matchers[1] if len(matchers) > 1 and isinstance(matchers[1], str) else None
            pattern = _Pattern(frame.name, term, weight, matchers, tuple(_form_index(keeps, "'" in w) for w in words),
                               tuple(_HYPHEN_GAP if h else _GAP for h in hyphens), order, is_exclude, second)
            order += 1
            first = words[0]
            if not keeps:
                first = strip_diacritics(first)
            key = _first_key(first)
            if key == first:
                literal.setdefault(key, []).append(pattern)
            else:
                prefix.setdefault(len(key), {}).setdefault(key, []).append(pattern)
    return CompiledLexicon(
        lexicon,
        {k: tuple(v) for k, v in literal.items()},
        {n: {k: tuple(v) for k, v in prefix[n].items()} for n in sorted(prefix)},
    )


def compile_without(lexicon: Lexicon, frame: str, entry: str) -> CompiledLexicon:
    """``compile_lexicon(lexicon.without_entry(frame, entry))``, taken from the compiled whole lexicon by
    leaving that entry out of its index (leave-one-out checks compile one lexicon per entry).

    >>> from framing.lexicon import load_lexicon
    >>> from framing.text import token_spans
    >>> compiled = compile_without(load_lexicon(), "security", "secur*")
    >>> [h.term for h in match_tokens("Security.", token_spans("Security."), compiled)]
    []
    """
    reduced = lexicon.without_entry(frame, entry)  # raises LexiconError when there is no such entry
    whole = compile_lexicon(lexicon)

    def kept(patterns: tuple[_Pattern, ...]) -> tuple[_Pattern, ...]:
        return tuple(p for p in patterns if p.is_exclude or p.frame != frame or p.term != entry)

    literal = {key: rest for key, patterns in whole.literal_first.items() if (rest := kept(patterns))}
    prefix = {length: {key: rest for key, patterns in table.items() if (rest := kept(patterns))}
              for length, table in whole.prefix_first.items()}
    return CompiledLexicon(reduced, literal, {length: table for length, table in prefix.items() if table})


def _word_fits(matcher: object, token: str) -> bool:
    if isinstance(matcher, str):
        return matcher == token
    return matcher.fullmatch(token) is not None


def _without_possessive(token: str) -> str:
    return token[:-2] if token.endswith("'s") and len(token) > 2 else token


def _form_index(keeps_diacritics: bool, apostrophe: bool) -> int:
    """Which form of a token a pattern word is compared with (see :func:`_token_info`)."""
    return 2 * keeps_diacritics + apostrophe


def _token_info(compiled: CompiledLexicon, token: str) -> tuple[tuple[str, ...], tuple[_Pattern, ...]]:
    """The forms of a token and the patterns whose first word matches it, remembered per token.

    Forms: diacritics dropped unless the pattern has them; a possessive 's dropped unless the pattern
    word has an apostrophe itself. Index with :func:`_form_index`.
    """
    info = compiled.token_cache.get(token)
    if info is None:
        if token.isascii() and not token.endswith("'s"):  # most tokens: all four forms are the token
            forms, variants = (token,) * 4, (token,)
        else:
            folded = strip_diacritics(token)
            forms = (_without_possessive(folded), folded, _without_possessive(token), token)
            variants = set(forms)
        options: dict[int, _Pattern] = {}
        for variant in variants:
            for pattern in compiled.literal_first.get(variant, ()):
                options[pattern.order] = pattern
            for length, table in compiled.prefix_first.items():  # shortest first
                if length > len(variant):
                    break
                for pattern in table.get(variant[:length], ()):
                    options[pattern.order] = pattern
        info = (forms, tuple(options[order] for order in sorted(options)
                             if _word_fits(options[order].words[0], forms[options[order].forms[0]])))
        if len(compiled.token_cache) < 500_000:  # bounded memory on huge vocabularies
            compiled.token_cache[token] = info
    return info


def match_tokens(text: str, tokens: list[tuple[int, int, str]], compiled: CompiledLexicon) -> list[Hit]:
    """Lexicon hits among ``tokens`` (``(start, end, token)`` spans into ``text``), sorted by start.

    A possessive ``'s`` never stops a match: ``vucic`` matches ``Vučić’s``.
    """
    if not tokens:
        return []
    known = compiled.token_cache.get
    infos = [known(token) or _token_info(compiled, token) for _, _, token in tokens]
    candidates: dict[str, list[tuple[int, int, _Pattern]]] = {}
    last = len(tokens) - 1
    for index, (_, options) in enumerate(infos):
        for pattern in options:  # most tokens start no pattern: an empty tuple
            if pattern.second is not None and (index == last or infos[index + 1][0][pattern.forms[1]] != pattern.second):
                continue
            end = index + 1 if len(pattern.words) == 1 else _extent(pattern, index, tokens, infos, text)
            if end is not None:
                candidates.setdefault(pattern.frame, []).append((index, end, pattern))
    if not candidates:
        return []
    hits: list[Hit] = []
    for frame in compiled.lexicon.frames:
        hits.extend(_resolve(candidates.get(frame, []), tokens))
    return sorted(hits, key=lambda hit: hit.start)


def _extent(pattern: _Pattern, first: int, tokens, infos, text) -> int | None:
    """Index one past the last token ``pattern`` covers when it matches at ``first``, else None (its
    first word is known to fit: see :func:`_token_info`)."""
    words = pattern.words
    if first + len(words) > len(tokens):
        return None
    for offset in range(1, len(words)):
        position = first + offset
        if not _word_fits(words[offset], infos[position][0][pattern.forms[offset]]):
            return None
        if pattern.gaps[offset - 1].fullmatch(text, tokens[position - 1][1], tokens[position][0]) is None:
            return None
    return first + len(words)


def _resolve(candidates: list[tuple[int, int, _Pattern]], tokens) -> list[Hit]:
    excluded = [(s, e) for s, e, p in candidates if p.is_exclude]
    entries = [(s, e, p) for s, e, p in candidates
               if not p.is_exclude and not any(s < xe and xs < e for xs, xe in excluded)]
    entries.sort(key=lambda c: (-(c[1] - c[0]), -(tokens[c[1] - 1][1] - tokens[c[0]][0]), c[0],
                                tuple(-x for x in c[2].specificity())))
    taken: list[tuple[int, int, _Pattern]] = []
    used: set[int] = set()
    for start, end, pattern in entries:
        if used.isdisjoint(range(start, end)):
            used.update(range(start, end))
            taken.append((start, end, pattern))
    taken.sort(key=lambda c: c[0])
    return [Hit(p.frame, p.term, p.weight, tokens[s][0], tokens[e - 1][1]) for s, e, p in taken]
