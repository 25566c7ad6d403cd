"""Lexicons: frames defined by patterns, loaded from YAML, checked, fingerprinted.

A lexicon file::

    name: my-frames            # optional
    version: "1"               # optional
    description: ...           # optional
    frames:
      security:
        definition: Military, energy and territorial threats and protection.
        entries: [secur*, threat*, "energy security", {pattern: deterrence, weight: 2}]
        exclude: ["security council"]

Patterns are case-insensitive; ``*`` matches any run of letters inside one word and ``?`` one
letter; words separated by a space match words separated by spaces or a hyphen, words joined by
a hyphen only hyphenated words. A pattern written
without diacritics (``vucic``) also matches text with them (``Vučić``); one written with
diacritics matches only that spelling. A pattern word holds at most ``MAX_GLOB_STARS`` ``*``
(``*a*a*a*b`` is refused): more make matching slow on long words.

>>> lexicon = load_lexicon()
>>> lexicon.frames
('cooperation', 'balance', 'security')
>>> len(lexicon.fingerprint)
16
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import yaml

from framing.errors import FramingError, LexiconError, quoted
from framing.lexicon_entries import (MAX_GLOB_STARS, Entry, language_problem, normalize_pattern,  # noqa: F401
                                     parse_entries, parse_exclude, pattern_problem, sections)
from framing.load.yamlfile import parse_yaml

DEFAULT_LEXICON = "default.yaml"
TOP_LEVEL_KEYS = ("name", "version", "description", "language", "notes", "frames", "validation")
DEFAULT_LANGUAGE = "en"
FRAME_KEYS = ("definition", "entries", "exclude")


@dataclass(frozen=True)
class Frame:
    name: str
    definition: str
    entries: tuple[Entry, ...]  # in the lexicon's own language
    exclude: tuple[str, ...] = ()
    # entries and exclude in further languages: (language, entries, exclude), sorted by language
    others: tuple[tuple[str, tuple[Entry, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """An immutable set of frames. Build one with :func:`load_lexicon`.

    >>> load_lexicon().frame("balance").definition[:20]
    'Balance is evoked wh'
    """

    frame_defs: tuple[Frame, ...]
    name: str = "custom"
    version: str = ""
    description: str = ""
    source: str = "<dict>"
    # Figures from a validation against human coding (the YAML key ``validation``); kept beside the
    # frames, outside the fingerprint, because they describe the lexicon rather than define it.
    validation: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)
    language: str = DEFAULT_LANGUAGE  # the language of ``Frame.entries``
    # what the file says about each language (inflection, senses): documentation, not in the fingerprint
    notes: Any = field(default=None, compare=False, hash=False)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the lexicon covers: its own first, then the others alphabetically.

        >>> load_lexicon().languages
        ('en', 'de', 'ru', 'sr', 'uk')
        """
        others = sorted({tag for frame in self.frame_defs for tag, _, _ in frame.others})
        return (self.language, *others)

    def covers(self, language: str) -> bool:
        """Whether ``language`` (a BCP 47 tag; Croatian, Bosnian, Montenegrin as ``sr``) has entries.

        >>> load_lexicon().covers("hr"), load_lexicon().covers("cs")
        (True, False)
        """
        return self.section(language) is not None

    def section(self, language: str) -> "Lexicon | None":
        """The lexicon of one language (its frames with that language's entries), ``None`` if not covered.

        >>> load_lexicon().section("sr-Cyrl").frame("security").entries[0].pattern
        'bezbedn*'
        """
        from framing.language import lexicon_language, parse_tag

        try:
            tag = lexicon_language(parse_tag(language)[0])
        except FramingError:
            return None
        return self._sections.get(tag)

    @cached_property
    def _sections(self) -> dict[str, "Lexicon"]:
        found: dict[str, Lexicon] = {self.language: self}
        for tag in self.languages[1:]:
            frames = []
            for frame in self.frame_defs:
                entries, exclude = next(((e, x) for t, e, x in frame.others if t == tag), ((), ()))
                frames.append(Frame(frame.name, frame.definition, entries, exclude))
            found[tag] = Lexicon(tuple(frames), self.name, self.version, self.description,
                                 f"{self.source} ({tag})", None, tag)
        return found

    @property
    def frames(self) -> tuple[str, ...]:
        return tuple(frame.name for frame in self.frame_defs)

    def frame(self, name: str) -> Frame:
        for frame in self.frame_defs:
            if frame.name == name:
                return frame
        raise LexiconError(f"{self.source}: no frame {name!r}; the lexicon has {', '.join(self.frames)}")

    def __hash__(self) -> int:
        # Computed once: compile_lexicon's cache hashes the lexicon on every call, and hashing every
        # entry of a large lexicon per article was a fifth of the scoring time.
        if "_hash" not in self.__dict__:
            object.__setattr__(self, "_hash", hash((self.frame_defs, self.name, self.version, self.description,
                                                    self.source, self.language)))
        return self.__dict__["_hash"]

    def __getstate__(self) -> dict[str, Any]:
        # string hashes differ between processes: a worker computes its own
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @cached_property
    def fingerprint(self) -> str:
        """First 16 hex digits of the SHA-256 of the lexicon's content (not its file name or layout)."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The lexicon as plain data, in the YAML schema (entries with weight 1 written bare; entries
        by language only where a frame has further languages, ``language`` only when not English)."""
        def plain(entries: tuple[Entry, ...]) -> list:
            return [e.pattern if e.weight == 1 else {"pattern": e.pattern, "weight": e.weight} for e in entries]

        frames = {}
        for frame in self.frame_defs:
            entries, exclude = plain(frame.entries), list(frame.exclude)
            if frame.others:
                entries = {self.language: entries, **{t: plain(e) for t, e, _ in frame.others}}
                exclude = {self.language: exclude, **{t: list(x) for t, _, x in frame.others}}
            frames[frame.name] = {"definition": frame.definition, "entries": entries, "exclude": exclude}
        data = {"name": self.name, "version": self.version, "description": self.description, "frames": frames}
        if self.language != DEFAULT_LANGUAGE:
            data["language"] = self.language
        return data

    def without_entry(self, frame: str, pattern: str) -> "Lexicon":
        """A copy of the lexicon with one entry of ``frame`` removed (for leave-one-out checks).

        >>> load_lexicon().without_entry("security", "secur*").frame("security").entries[0].pattern
        'energy security'
        """
        target = self.frame(frame)
        kept = tuple(e for e in target.entries if e.pattern != pattern)
        if len(kept) == len(target.entries):
            raise LexiconError(f"{self.source}: frame {frame!r} has no entry {pattern!r}")
        frames = tuple(Frame(f.name, f.definition, kept, f.exclude, f.others) if f.name == frame else f
                       for f in self.frame_defs)
        return Lexicon(frames, self.name, self.version, self.description, self.source, None, self.language)

    def summary(self) -> "Any":
        """One row per frame: entries, multi-word entries, globs, excludes, definition."""
        import pandas as pd

        return pd.DataFrame(
            [{"frame": f.name, "entries": len(f.entries),
              "multi_word": sum(len(e.words) > 1 for e in f.entries),
              "globs": sum(("*" in e.pattern or "?" in e.pattern) for e in f.entries),
              "weighted": sum(e.weight != 1 for e in f.entries), "exclude": len(f.exclude),
              "definition": f.definition} for f in self.frame_defs]
        )


def _parse_frame(name: str, spec: Any, where: str, language: str, problems: list[str]) -> Frame | None:
    here = f"{where}: frame {quoted(name)}"
    if not isinstance(spec, Mapping):
        problems.append(f"{here}: must be a mapping with definition, entries and exclude")
        return None
    for key in spec:
        if key not in FRAME_KEYS:
            problems.append(f"{here}: unknown key {quoted(key)}; allowed keys are {', '.join(FRAME_KEYS)}")
    definition = spec.get("definition", "")
    if not isinstance(definition, str):
        problems.append(f"{here}: definition must be text")
        definition = ""
    raw_entries = sections(spec.get("entries"), language, here, "entries", problems)
    raw_exclude = sections(spec.get("exclude"), language, here, "exclude", problems)
    if language not in raw_entries:
        raw_entries[language] = None  # reported as "has no entries" below
    for tag in raw_exclude:
        if tag not in raw_entries:
            problems.append(f"{here}: exclude has a section for {quoted(tag)} but entries has none; "
                            f"add entries for {quoted(tag)} or remove its excludes")
    parsed = {}
    for tag, raw in raw_entries.items():
        where_tag = here if tag == language else f"{here} ({tag})"
        parsed[tag] = (parse_entries(raw, where_tag, problems),
                       parse_exclude(raw_exclude.get(tag), where_tag, problems))
    entries, exclude = parsed.pop(language)
    others = tuple((tag, *parsed[tag]) for tag in sorted(parsed))
    return Frame(str(name), definition.strip(), entries, exclude, others)


def lexicon_problems(data: Any, where: str = "<dict>") -> tuple[Lexicon | None, list[str]]:
    """Parse lexicon ``data`` (the YAML schema as Python objects): the lexicon and every problem found."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        return None, [f"{where}: a lexicon must be a mapping with a 'frames' key"]
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.append(f"{where}: unknown top-level key {quoted(key)}; allowed keys are {', '.join(TOP_LEVEL_KEYS)}")
    frames_spec = data.get("frames")
    if not isinstance(frames_spec, Mapping) or not frames_spec:
        problems.append(f"{where}: 'frames' must map each frame name to its definition, entries and exclude")
        return None, problems
    language = data.get("language", DEFAULT_LANGUAGE)
    problem = language_problem(language)
    if problem:
        problems.append(f"{where}: {problem}")
        language = DEFAULT_LANGUAGE
    frames = []
    for name, spec in frames_spec.items():
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            problems.append(f"{where}: frame name {quoted(name)} must be a word (letters, digits, underscore), "
                            "because it becomes column names such as '<frame>_hits'")
            continue
        frame = _parse_frame(name, spec, where, language, problems)
        if frame is not None:
            frames.append(frame)
    validation = data.get("validation")
    if validation is not None and not isinstance(validation, Mapping):
        problems.append(f"{where}: 'validation' must be a mapping, e.g. validation: {{corpus: ..., "
                        "f1: {cooperation: 0.71}, alpha: {...}, doc: docs/validity.md}")
    covered = [{tag for tag, _, _ in frame.others} for frame in frames]
    for frame, tags in zip(frames, covered):
        missing = sorted(set().union(*covered) - tags)
        if missing:
            problems.append(f"{where}: frame {quoted(frame.name)} has no entries for {', '.join(missing)}, which "
                            "other frames have; give every frame a section for each language (a language "
                            "without entries for a frame would score a silent zero)")
    if problems:
        return None, problems
    lexicon = Lexicon(tuple(frames), str(data.get("name", "custom")), str(data.get("version", "")),
                      str(data.get("description", "")).strip(), where,
                      dict(validation) if validation is not None else None, language, data.get("notes"))
    return lexicon, []


def read_yaml(path: Path, what: str = "lexicon file") -> Any:
    """Parse a UTF-8 YAML file (:func:`framing.load.yamlfile.parse_yaml`: aliases to lists or mappings
    are refused); LexiconError naming the file (and line and column) otherwise."""
    if path.is_dir():
        raise LexiconError(f"{path}: a folder, not a {what}; pass the YAML file itself (e.g. {path}/lexicon.yaml)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such {what}; pass a YAML file path, or None for the bundled one") from None
    except UnicodeDecodeError as error:
        raise LexiconError(f"{path}: not UTF-8 (bad byte at offset {error.start}); save the file as UTF-8") from None
    except OSError as error:
        raise LexiconError(f"{path}: cannot read the {what} ({error.strerror or error}); check the path "
                           f"and its permissions") from None
    try:
        return parse_yaml(text)[0]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        problem = getattr(error, "problem", None) or str(error)
        raise LexiconError(f"{path}: malformed YAML at {place}: {problem}; fix the YAML syntax there") from None


def _locate(source: str | Path | None) -> tuple[Path, str]:
    """The file a lexicon source names, and how messages name it."""
    if source is None:
        return Path(str(resources.files("framing").joinpath("lexicons", DEFAULT_LEXICON))), f"framing/lexicons/{DEFAULT_LEXICON}"
    path = Path(source)
    if not path.exists() and path.suffix == "" and resources.files("framing").joinpath("lexicons", f"{source}.yaml").is_file():
        return Path(str(resources.files("framing").joinpath("lexicons", f"{source}.yaml"))), f"framing/lexicons/{source}.yaml"
    return path, str(path)


def _resolve(source: str | Path | None) -> tuple[Any, str]:
    path, where = _locate(source)
    return read_yaml(path), where


@lru_cache(maxsize=16)
def _load_file(path: Path, where: str, modified_ns: int, size: int) -> Lexicon:
    """The lexicon in a file, parsed once per version of the file (``modified_ns`` and ``size`` change
    when it is edited): a report loads the same lexicon several times."""
    return _checked(read_yaml(path), where)


def _checked(data: Any, where: str) -> Lexicon:
    """The lexicon ``data`` describes; LexiconError listing every problem (file, frame, entry)."""
    lexicon, problems = lexicon_problems(data, where)
    if problems:
        raise LexiconError("\n".join(problems) if len(problems) == 1 else
                           f"{len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems))
    return lexicon


def check_lexicon(source: str | Path | Mapping | None = None) -> list[str]:
    """Every problem in a lexicon file (or mapping), as messages; ``[]`` when it is valid.

    >>> check_lexicon({"frames": {"x": {"entries": ["*"]}}})
    ["<dict>: frame 'x': entry 1 ('*') has no letters or digits (it would match every word)"]
    """
    if isinstance(source, Mapping):
        return lexicon_problems(source)[1]
    try:
        data, where = _resolve(source)
    except LexiconError as error:
        return [str(error)]
    return lexicon_problems(data, where)[1]


def load_lexicon(source: str | Path | Mapping | Lexicon | None = None) -> Lexicon:
    """Load a lexicon: ``None`` for the bundled default, a YAML path, a bundled name, or a mapping.

    Raises :class:`LexiconError` listing every problem (file, frame, entry).

    >>> load_lexicon({"frames": {"risk": {"entries": ["risk*"]}}}).frames
    ('risk',)
    """
    if isinstance(source, Lexicon):
        return source
    if not isinstance(source, Mapping):
        path, where = _locate(source)
        if path.is_file():
            state = path.stat()
            return _load_file(path.resolve(), where, state.st_mtime_ns, state.st_size)
        return _checked(read_yaml(path), where)  # read_yaml says what is wrong with the path
    return _checked(source, "<dict>")
