"""Lexicon entries: one pattern and its weight, checked and normalized, and the per-language
sections of a frame (``entries:`` as a list for the lexicon's own language, or a mapping
``{en: [...], sr: [...]}``).

>>> Entry("energy security", 2.0).words
('energy', 'security')
>>> problems = []
>>> sorted(sections({"en": ["a"], "sr": ["b"]}, "en", "lexicon.yaml: frame 'x'", "entries", problems))
['en', 'sr']
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Mapping

from framing.characters import normalize
from framing.errors import quoted

ENTRY_KEYS = ("pattern", "weight")
_PATTERN_CHARS = re.compile(r"^[\w'*?.\- ]+$")
MAX_GLOB_STARS = 3  # per word: each '*' multiplies the backtracking a regex may do on a long word
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Entry:
    """One lexicon pattern with its weight. ``words`` is the pattern split into words."""

    pattern: str
    weight: float = 1.0

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.pattern.replace("-", " ").split())


def pattern_problem(pattern: Any) -> str | None:
    if not isinstance(pattern, str):
        return f"is a {type(pattern).__name__}, not text"
    if not pattern.strip():
        return "is empty"
    if not _PATTERN_CHARS.match(pattern.strip()):
        bad = sorted({c for c in pattern if not re.match(r"[\w'*?.\- ]", c)})
        return f"contains {quoted(''.join(bad))}; patterns use letters, digits, spaces, hyphens, apostrophes, '*' and '?'"
    if all(c in "*?.-' " for c in pattern):
        return "has no letters or digits (it would match every word)"
    starred = max(pattern.replace("-", " ").split(), key=lambda word: word.count("*"))
    if starred.count("*") > MAX_GLOB_STARS:
        word = "" if starred == pattern.strip() else f" ({quoted(starred)})"
        return (f"has {starred.count('*')} '*' in one word{word}; at most {MAX_GLOB_STARS} are allowed per word "
                f"(more make matching exponentially slow): list the spellings instead")
    return None


def normalize_pattern(pattern: str) -> str:
    return " ".join(normalize(pattern.strip())[0].split())


def language_problem(tag: Any) -> str | None:
    """Why ``tag`` cannot name a lexicon language (``None`` when it can: a lower-case ISO 639 code)."""
    if isinstance(tag, str) and _LANGUAGE.match(tag):
        return None
    return (f"language {quoted(tag)} is not a BCP 47 language subtag; write a two- or three-letter "
            "ISO 639 code in lower case such as en, sr, ru, uk or de")


def sections(raw: Any, default: str, here: str, what: str, problems: list[str]) -> dict[str, Any]:
    """``raw`` entries or excludes by language: a list belongs to ``default``, a mapping is already by language."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        return {default: raw}
    result = {}
    for tag, items in raw.items():
        problem = language_problem(tag)
        if problem:
            problems.append(f"{here}: {what}: {problem}")
        else:
            result[tag] = items
    return result


def parse_entries(raw_entries: Any, here: str, problems: list[str]) -> tuple[Entry, ...]:
    """The checked, normalized entries of one frame in one language; problems are appended."""
    if raw_entries is None or (isinstance(raw_entries, list) and not raw_entries):
        problems.append(f"{here}: has no entries; add at least one pattern under 'entries'")
        return ()
    if not isinstance(raw_entries, list):
        problems.append(f"{here}: entries must be a list of patterns or {{pattern, weight}} mappings")
        return ()
    entries: list[Entry] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_entries, start=1):
        weight: Any = 1.0
        if isinstance(raw, Mapping):
            unknown = [k for k in raw if k not in ENTRY_KEYS]
            if unknown:
                problems.append(f"{here}: entry {position}: unknown key {quoted(unknown[0])}; allowed keys are pattern, weight")
            pattern, weight = raw.get("pattern"), raw.get("weight", 1.0)
        else:
            pattern = raw
        problem = pattern_problem(pattern)
        if problem:
            problems.append(f"{here}: entry {position} ({quoted(pattern)}) {problem}")
            continue
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight <= 0:
            problems.append(f"{here}: entry {quoted(pattern)}: weight {quoted(weight)} is not a finite positive number")
            continue
        normalized = normalize_pattern(pattern)
        if normalized in seen:
            problems.append(f"{here}: entry {quoted(pattern)} is listed twice")
            continue
        seen.add(normalized)
        entries.append(Entry(normalized, float(weight)))
    return tuple(entries)


def parse_exclude(raw_exclude: Any, here: str, problems: list[str]) -> tuple[str, ...]:
    """The checked, normalized exclude patterns of one frame in one language."""
    raw_exclude = raw_exclude or []
    if not isinstance(raw_exclude, list):
        problems.append(f"{here}: exclude must be a list of patterns")
        return ()
    exclude = []
    for pattern in raw_exclude:
        problem = pattern_problem(pattern)
        if problem:
            problems.append(f"{here}: exclude pattern {quoted(pattern)} {problem}")
        else:
            exclude.append(normalize_pattern(pattern))
    return tuple(exclude)
