"""Checking articles: load them and report what was found (the report behind ``framing articles check``).

>>> check = check_articles("data/article_sets/belgrade_moscow_call")  # doctest: +SKIP
>>> check.ok, check.n_articles  # doctest: +SKIP
(True, 13)

Loading is :func:`framing.load_articles`; its errors become ``errors`` (``ok`` False) and its
warnings ``warnings``, so a check never raises on bad input. ``ArticleCheck.report()`` is the
plain-text report, ``ArticleCheck.to_dict()`` the same findings as plain data (dates as ISO strings).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from framing.load import load_articles
from framing.load.duplicates import NEAR_DUPLICATE_THRESHOLD, near_duplicates
from framing.errors import ArticleSetError


@dataclass(frozen=True)
class ArticleCheck:
    """What :func:`check_articles` found; ``ok`` is False when the articles could not be loaded."""

    source: str
    n_articles: int = 0
    set_name: str | None = None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    date_min: pd.Timestamp | None = None
    date_max: pd.Timestamp | None = None
    n_missing_dates: int | None = None
    words: dict[str, int] = field(default_factory=dict)
    empty_texts: tuple[str, ...] = ()
    duplicate_texts: tuple[tuple[str, str], ...] = ()  # (id, id of the earlier identical text)
    near_duplicates: tuple[tuple[str, str, float], ...] = ()  # (id, earlier id, similarity), exact copies not included
    near_threshold: float = NEAR_DUPLICATE_THRESHOLD
    column_mapping: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    articles: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """The findings as plain data (without the articles), e.g. for JSON."""
        return {
            "source": self.source, "ok": self.ok, "n_articles": self.n_articles, "set_name": self.set_name,
            "counts": self.counts, "date_min": _iso(self.date_min), "date_max": _iso(self.date_max),
            "n_missing_dates": self.n_missing_dates, "words": self.words,
            "empty_texts": list(self.empty_texts), "duplicate_texts": [list(p) for p in self.duplicate_texts],
            "near_duplicates": [list(p) for p in self.near_duplicates], "near_threshold": self.near_threshold,
            "column_mapping": self.column_mapping, "warnings": list(self.warnings), "errors": list(self.errors),
        }

    def report(self) -> str:
        """A readable, plain-text report."""
        lines = [f"articles check: {self.source}"]
        if self.set_name:
            lines.append(f"article set: {self.set_name}")
        if self.ok:
            lines.append(f"articles: {self.n_articles}")
            if self.words:
                lines.append(f"words per article: min {self.words['min']}, median {self.words['median']}, "
                             f"max {self.words['max']}")
            for column in ("outlet", "country", "language", "script"):
                if column in self.counts:
                    counts = self.counts[column]
                    listed = ", ".join(f"{name} {n}" for name, n in counts.items())
                    lines.append(f"{column} ({len(counts)}): {listed}")
                else:
                    lines.append(f"{column}: no {column} column")
            if self.n_missing_dates is None:
                lines.append("dates: no date column")
            elif self.date_min is None:
                lines.append(f"dates: none ({self.n_missing_dates} missing)")
            else:
                lines.append(f"dates: {_iso(self.date_min)} to {_iso(self.date_max)} "
                             f"({self.n_missing_dates} missing)")
            lines.append(f"empty texts: {len(self.empty_texts)}"
                         + (f" ({', '.join(self.empty_texts[:10])})" if self.empty_texts else ""))
            lines.append(f"duplicate texts: {len(self.duplicate_texts)}")
            lines.extend(f"  {article} duplicates {original}" for article, original in self.duplicate_texts)
            lines.append(f"near-duplicate texts (similarity >= {self.near_threshold:g}): {len(self.near_duplicates)}")
            lines.extend(f"  {article} nearly duplicates {original} (similarity {similarity:.2f})"
                         for article, original, similarity in self.near_duplicates)
            mapped = ", ".join(f"{canonical} <- {column!r}" for canonical, column in self.column_mapping.items())
            lines.append(f"mapped columns: {mapped or 'none'}")
        lines.append(f"warnings: {len(self.warnings) or 'none'}")
        lines.extend(f"  {message}" for message in self.warnings)
        lines.append(f"errors: {len(self.errors) or 'none'}")
        lines.extend(f"  {message}" for message in self.errors)
        lines.append("result: OK" if self.ok else "result: FAILED")
        return "\n".join(lines)


def check_articles(source: Any, near_threshold: float = NEAR_DUPLICATE_THRESHOLD, lexicon: Any = None,
                   **options: Any) -> ArticleCheck:
    """Load ``source`` like :func:`load_articles` and report counts (outlet, country, language and
    script: from the ``language`` column, else detected), dates, empty, duplicate and
    near-duplicate texts (Jaccard similarity of word shingles at least ``near_threshold``:
    :mod:`framing.load.duplicates`); warn on languages ``lexicon`` (default: the bundled one) does not cover.

    Loading errors are reported (``ok`` False), not raised; warnings are collected, not printed.

    >>> check = check_articles(pd.DataFrame({"text": ["A.", "A.", " "], "outlet": ["X", "Y", "X"]}))
    >>> check.ok, check.counts["outlet"], len(check.empty_texts), len(check.duplicate_texts), check.near_duplicates
    (True, {'X': 2, 'Y': 1}, 1, 1, ())
    """
    label = source.attrs.get("source", "<DataFrame>") if isinstance(source, pd.DataFrame) else str(source)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            articles = load_articles(source, **options)
        except ArticleSetError as error:
            articles, failure = None, str(error)
    messages = tuple(str(w.message) for w in caught if issubclass(w.category, UserWarning))
    if articles is None:
        return ArticleCheck(source=label, warnings=messages, errors=(failure,))
    if not len(articles):
        messages += (f"{label}: no articles (only a header?)",)
    counts = {column: _value_counts(articles[column]) for column in ("outlet", "country") if column in articles}
    language_counts, language_warnings = _languages(articles, lexicon)
    counts.update(language_counts)
    messages += language_warnings
    n_words = articles["text"].str.split().str.len()
    empty = articles["text"].str.strip() == ""
    dupes = articles["duplicate_of"].notna()
    near = near_duplicates(articles, threshold=near_threshold)
    near = near[~near["id"].isin(set(articles.loc[dupes, "id"]))]
    dates = articles["date"] if "date" in articles else None
    return ArticleCheck(
        source=label,
        n_articles=len(articles),
        set_name=articles.attrs.get("set_name"),
        counts=counts,
        date_min=None if dates is None or dates.isna().all() else dates.min(),
        date_max=None if dates is None or dates.isna().all() else dates.max(),
        n_missing_dates=None if dates is None else int(dates.isna().sum()),
        words={"min": int(n_words.min()), "median": int(n_words.median()), "max": int(n_words.max())}
        if len(articles) else {},
        empty_texts=tuple(articles.loc[empty, "id"]),
        duplicate_texts=tuple(zip(articles.loc[dupes, "id"], articles.loc[dupes, "duplicate_of"])),
        near_duplicates=tuple(zip(near["id"], near["duplicate_of"], near["similarity"].astype(float))),
        near_threshold=near_threshold,
        column_mapping=dict(articles.attrs.get("column_mapping", {})),
        warnings=messages,
        articles=articles,
    )


# ---------------------------------------------------------------------------------------------
# small helpers


def _languages(articles: pd.DataFrame, lexicon: Any) -> tuple[dict[str, dict[str, int]], tuple[str, ...]]:
    """Counts per language and script, and a warning for languages the lexicon does not cover."""
    from framing.errors import FramingError
    from framing.language import resolve_languages
    from framing.lexicon import load_lexicon
    from framing.uncovered import _counts

    if not len(articles):
        return {}, ()
    try:
        table = resolve_languages(articles)
    except FramingError as error:
        return {}, (str(error),)
    counts = {"language": _value_counts(table["language"]), "script": _value_counts(table["script"])}
    lexicon = load_lexicon(lexicon)
    uncovered = ~table["lexicon_language"].map(lexicon.covers)
    if not uncovered.any():
        return counts, ()
    return counts, (f"no lexicon for: {_counts(table.loc[uncovered, 'language'])}; their frame measures will be "
                    f"NaN (not 0); lexicon {lexicon.name} covers {', '.join(lexicon.languages)}",)


def _value_counts(values: pd.Series) -> dict[str, int]:
    counts = values.fillna("(missing)").value_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return {str(name): int(n) for name, n in ordered}


def _iso(value: pd.Timestamp | None) -> str | None:
    if value is None or pd.isna(value):
        return None
    return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
