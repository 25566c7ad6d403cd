"""Actors: which countries, institutions and people co-occur with which frames, and with what tone.

An actor list is YAML, shaped like a lexicon whose "frames" are actors::

    name: my-actors        # optional
    actors:
      Russia:
        kind: country      # country | institution | person | company
        aliases: [Russia, Russian*, Moscow, Kremlin]
        exclude: []        # optional: phrases that must not count
      Aleksandar Vučić: {kind: person, aliases: [vucic]}

Aliases use the lexicon pattern syntax and are matched by the same machinery (:mod:`framing.match`).
A sentence with Cyrillic letters is read as written and also in Serbian Latin letters
(:func:`framing.scripts.matching_tokens`), so ``vucic*`` names Vučić in Вучић, Vucic and Vuçiç, and
``putin*`` Putin in Путина; Russian and Ukrainian forms the Serbian letters do not cover (Вучич,
Сербия) are aliases of their own.
The bundled list is ``framing/resources/actors.yaml``.

>>> actors = load_actors()
>>> actors.kind("Russia"), "Moscow".lower() in actors.aliases("Russia")
('country', True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.columns import resolve_by
from framing.errors import AnalysisError, LexiconError
from framing.lexicon import Entry, Frame, Lexicon, load_lexicon, normalize_pattern, pattern_problem, read_yaml
from framing.match import compile_lexicon, match_tokens
from framing.scripts import matching_tokens
from framing.text import token_spans

KINDS = ("country", "institution", "person", "company")
TOP_LEVEL_KEYS = ("name", "version", "description", "actors")
ACTOR_KEYS = ("kind", "aliases", "exclude")
BUNDLED = "resources/actors.yaml"
ACTOR_COLUMNS = ["actor", "kind", "frame", "n_sentences", "n_actor_sentences", "share", "tone"]


@dataclass(frozen=True)
class ActorList:
    """Actors with their kinds and alias patterns; ``lexicon`` matches them like frames.

    >>> load_actors({"actors": {"EU": {"kind": "institution", "aliases": ["EU", "Brussels"]}}}).names
    ('EU',)
    """

    lexicon: Lexicon
    kinds: tuple[str, ...]
    name: str = "custom"
    source: str = "<dict>"

    @property
    def names(self) -> tuple[str, ...]:
        return self.lexicon.frames

    def kind(self, actor: str) -> str:
        return self.kinds[self._position(actor)]

    def aliases(self, actor: str) -> tuple[str, ...]:
        return tuple(entry.pattern for entry in self.lexicon.frame_defs[self._position(actor)].entries)

    def _position(self, actor: str) -> int:
        if actor not in self.names:
            raise AnalysisError(f"{self.source}: no actor {actor!r}; actors are: {', '.join(self.names)}")
        return self.names.index(actor)

    def summary(self) -> pd.DataFrame:
        """One row per actor: ``actor``, ``kind``, ``aliases`` (joined by ", ")."""
        return pd.DataFrame({"actor": list(self.names), "kind": list(self.kinds),
                             "aliases": [", ".join(self.aliases(n)) for n in self.names]})


def _patterns(raw: Any, here: str, what: str, problems: list[str], required: bool) -> tuple[str, ...]:
    if raw is None or (isinstance(raw, list) and not raw):
        if required:
            problems.append(f"{here}: has no {what}; list at least one pattern, e.g. {what}: [Russia, Moscow]")
        return ()
    if not isinstance(raw, list):
        problems.append(f"{here}: {what} must be a list of patterns")
        return ()
    patterns: list[str] = []
    for position, pattern in enumerate(raw, start=1):
        problem = pattern_problem(pattern)
        if problem:
            item = {"aliases": "alias"}.get(what, f"{what} pattern")
            problems.append(f"{here}: {item} {position} ({pattern!r}) {problem}")
            continue
        normalized = normalize_pattern(pattern)
        if normalized in patterns:
            problems.append(f"{here}: {what} {pattern!r} is listed twice")
            continue
        patterns.append(normalized)
    return tuple(patterns)


def actor_problems(data: Any, where: str = "<dict>") -> tuple[ActorList | None, list[str]]:
    """Parse actor-list ``data`` (the YAML schema as Python objects): the list and every problem found."""
    if not isinstance(data, Mapping):
        return None, [f"{where}: an actor list must be a mapping with an 'actors' key"]
    problems = [f"{where}: unknown top-level key {key!r}; allowed keys are {', '.join(TOP_LEVEL_KEYS)}"
                for key in data if key not in TOP_LEVEL_KEYS]
    spec = data.get("actors")
    if not isinstance(spec, Mapping) or not spec:
        return None, problems + [f"{where}: 'actors' must map each actor name to its kind and aliases"]
    frames, kinds = [], []
    for name, actor in spec.items():
        here = f"{where}: actor {name!r}"
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{here}: actor names must be text")
            continue
        if not isinstance(actor, Mapping):
            problems.append(f"{here}: must be a mapping with kind and aliases")
            continue
        problems.extend(f"{here}: unknown key {key!r}; allowed keys are {', '.join(ACTOR_KEYS)}"
                        for key in actor if key not in ACTOR_KEYS)
        kind = actor.get("kind")
        if kind not in KINDS:
            problems.append(f"{here}: kind {kind!r} must be one of {', '.join(KINDS)}")
        aliases = _patterns(actor.get("aliases"), here, "aliases", problems, required=True)
        exclude = _patterns(actor.get("exclude"), here, "exclude", problems, required=False)
        frames.append(Frame(name.strip(), str(kind), tuple(Entry(a) for a in aliases), exclude))
        kinds.append(str(kind))
    if problems:
        return None, problems
    name = str(data.get("name", "custom"))
    lexicon = Lexicon(tuple(frames), name, str(data.get("version", "")), str(data.get("description", "")).strip(), where)
    return ActorList(lexicon, tuple(kinds), name, where), []


def load_actors(source: str | Path | Mapping | ActorList | None = None) -> ActorList:
    """Load an actor list: ``None`` for the bundled list, a YAML path, or a mapping.

    Raises :class:`framing.LexiconError` listing every problem (file, actor, alias).

    >>> load_actors({"actors": {"NATO": {"kind": "institution", "aliases": ["NATO"]}}}).kind("NATO")
    'institution'
    """
    if isinstance(source, ActorList):
        return source
    if isinstance(source, Mapping):
        data, where = source, "<dict>"
    elif source is None:
        data, where = read_yaml(Path(str(resources.files("framing").joinpath(BUNDLED))), "actor list"), f"framing/{BUNDLED}"
    else:
        data, where = read_yaml(Path(source), "actor list"), str(source)
    actors, problems = actor_problems(data, where)
    if problems:
        raise LexiconError(problems[0] if len(problems) == 1 else
                           f"{len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems))
    return actors


def actor_mentions(sentence_table: pd.DataFrame, actors: ActorList) -> pd.DataFrame:
    """``(id, sentence, actor)`` for every sentence of a :func:`framing.sentences` table naming an actor
    (one row per actor and sentence, however often it is named there)."""
    compiled = compile_lexicon(actors.lexicon)
    rows = []
    for article_id, index, text in zip(sentence_table["id"], sentence_table["sentence"], sentence_table["text"]):
        named = {hit.frame for hit in match_tokens(text, token_spans(text), compiled)}
        if any("\u0400" <= char <= "\u04ff" for char in text):  # Cyrillic: also read in Serbian Latin (Вучић = vucic*)
            named |= {hit.frame for hit in match_tokens(text, matching_tokens(text, "sr"), compiled)}
        rows.extend((article_id, index, actor) for actor in actors.names if actor in named)
    return pd.DataFrame(rows, columns=["id", "sentence", "actor"]).astype({"id": str, "sentence": "int64", "actor": str})


def actor_frames(articles, actors: ActorList | str | Path | Mapping | None = None,
                 lexicon: Lexicon | str | None = None, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Sentence-level co-occurrence of actors and frames, with tone.

    ``articles`` is a table of articles or an :class:`~framing.measures.Analysis` (used as it is).

    One row per actor × frame (× group of ``by``, a column or a list of columns, when given; those
    columns come first), for the actors named at least once in ``articles``, most named first. Columns: ``actor``, ``kind``,
    ``frame``, ``n_sentences`` (sentences naming the actor that evoke the frame),
    ``n_actor_sentences`` (sentences naming the actor), ``share`` (= n_sentences /
    n_actor_sentences; NaN where the actor is not named in the group) and ``tone`` (mean VADER
    compound of the n_sentences sentences; NaN where none).

    >>> actor_frames(articles)                    # doctest: +SKIP
    >>> actor_frames(articles, by="outlet")       # doctest: +SKIP
    >>> actor_frames(articles, by=["outlet", "country"])  # doctest: +SKIP
    """
    from framing.measures import as_analysis

    analysis = as_analysis(articles, lexicon)
    articles, lexicon, sentence_table = analysis.articles, analysis.lexicon, analysis.sentences
    actors = load_actors(actors)
    columns = resolve_by(articles, by, "actor_frames") if by is not None else []
    mentions = actor_mentions(sentence_table, actors)
    named = mentions.merge(sentence_table, on=["id", "sentence"], how="left")
    totals = mentions["actor"].value_counts()
    order = sorted(totals.index, key=lambda actor: (-totals[actor], actors.names.index(actor)))
    if not columns:
        groups = [((), named)]
    else:
        first = articles.loc[~articles["id"].astype(str).duplicated().to_numpy(), ["id", *columns]].astype({"id": str})
        named = named.merge(first, on="id", how="left")
        parts = dict(iter(named.groupby(columns, sort=False, dropna=True)))
        values = sorted(set(first[columns].dropna().itertuples(index=False, name=None)),
                        key=lambda value: tuple(map(str, value)))
        groups = [(value, parts.get(value, named.iloc[:0])) for value in values]
    rows = []
    for key, part in groups:
        per_actor = part.groupby("actor")
        n_actor = per_actor.size()
        for actor in order:
            count = int(n_actor.get(actor, 0))
            sentences = per_actor.get_group(actor) if count else part.iloc[:0]
            for frame in lexicon.frames:
                evoking = sentences[sentences[f"{frame}_hits"] > 0]
                n = len(evoking)
                rows.append((*key, actor, actors.kind(actor), frame, n, count,
                             n / count if count else np.nan, evoking["compound"].mean() if n else np.nan))
    table = pd.DataFrame(rows, columns=[*columns, *ACTOR_COLUMNS])
    table = table.astype({"n_sentences": "int64", "n_actor_sentences": "int64", "share": "float64", "tone": "float64"})
    table.attrs.update({"actors": actors.name, "lexicon": lexicon.name, "lexicon_fingerprint": lexicon.fingerprint,
                        "by": by})
    return table
