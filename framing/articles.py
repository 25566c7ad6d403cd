"""Reading articles from whatever an archive exported: one call, clear errors, nothing dropped.

>>> articles = load_articles("data/article_sets/belgrade_moscow_call")  # doctest: +SKIP
>>> list(articles.columns[:2])  # doctest: +SKIP
['id', 'text']

The result always starts with ``id`` (str, unique) and ``text`` (str), then the metadata found
(``title``, ``outlet``, ``country``, ``date``, ``language``, ``url``, in that order), then every
other input column in its original order, and last ``duplicate_of``. Rules, in one place:

- Columns are taken by their canonical name, else by the first alias of ``COLUMN_ALIASES`` present
  (case-insensitive), unless given explicitly (``text="body"``). Renamings are logged (logger
  ``framing.articles``) and kept in ``result.attrs["column_mapping"]`` (canonical -> source column).
- Missing ids become ``content_id(text, title)``: ``"a-"`` + the first 12 hex digits of the SHA-256
  of the stripped, NFC-normalized title and text (``title + "\\n" + text``, line ends as ``\\n``).
  Rows with the same title and text get ``-2``, ``-3``… in row order, so ids stay deterministic.
- ``duplicate_of`` is always present: for a text equal to an earlier one (after NFC and collapsing
  whitespace) it holds the earlier article's id, otherwise it is missing. Empty texts are kept,
  become ``""``, and are never marked as duplicates.
- ``date`` becomes timezone-naive ``datetime64[ns]``: timezone-aware values are converted to UTC and
  the zone dropped; naive values are kept as written. Unparseable values (and dates outside
  1677-2262, e.g. a day without a year) become NaT, with one ``FramingWarning``.
- ``title``, ``outlet``, ``country``, ``language``, ``url`` become stripped strings (blank = missing).
- Files must be UTF-8 (a BOM is fine) unless ``encoding=`` is given; bad bytes are an error with
  their byte offset, never mojibake.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import gzip
import hashlib
import io
import json
import logging
import math
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import yaml

from framing.errors import ArticleSetError, FramingWarning

logger = logging.getLogger("framing.articles")

METADATA_COLUMNS = ("title", "outlet", "country", "date", "language", "url")
CANONICAL_COLUMNS = ("id", "text") + METADATA_COLUMNS

# Tried in this order, after the canonical name itself; matching ignores case and surrounding spaces.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("article_id", "doc_id", "document_id"),
    "text": ("body", "content", "article", "full_text"),
    "title": ("headline",),
    "outlet": ("source", "publication", "media_name", "publisher"),
    "country": ("country_code",),
    "date": ("published", "publish_date", "published_at", "publication_date", "pub_date"),
    "language": ("lang",),
    "url": ("link",),
}

# File suffix -> reader; ``format=`` takes the same names.
FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".txt": "text",
    ".md": "text",
}
TEXT_SUFFIXES = (".txt", ".md")
COMPRESSIBLE_FORMATS = ("csv", "tsv", "json", "jsonl")

SUPPORTED_INPUTS = """\
  .csv, .tsv        a table with a header row (read_options go to pandas.read_csv)
  .json             a JSON array of objects, one per article
  .jsonl, .ndjson   JSON Lines: one object per line
  .parquet          a Parquet table (read_options go to pandas.read_parquet)
  .txt, .md         one article per file, optional YAML front matter between '---' lines
  a folder          of .txt/.md files (file name = id), or an article set (a folder with set.yaml)
  .gz               gzip-compressed .csv, .tsv, .json or .jsonl
  a DataFrame       with a text column"""

# pandas.read_csv options that change which lines are records; with them the quoting check is skipped.
_CSV_LAYOUT_OPTIONS = frozenset({
    "header", "names", "skiprows", "skipfooter", "nrows", "usecols", "index_col", "comment",
    "quoting", "escapechar", "doublequote", "lineterminator", "skip_blank_lines", "engine",
    "chunksize", "iterator", "skipinitialspace",
})
_DATE_MIN = pd.Timestamp("1677-09-22", tz="UTC")
_DATE_MAX = pd.Timestamp("2262-04-11", tz="UTC")


class _Table(NamedTuple):
    frame: pd.DataFrame
    locations: Sequence[str] | None  # where each row came from ("line 4", "b.txt"); None: "row i"


# ---------------------------------------------------------------------------------------------
# public entry points


def load_articles(
    source: Any,
    *,
    text: str | None = None,
    id: str | None = None,  # noqa: A002 - the column is called id
    title: str | None = None,
    outlet: str | None = None,
    country: str | None = None,
    date: str | None = None,
    language: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    format: str | None = None,  # noqa: A002 - mirrors pandas' vocabulary
    **read_options: Any,
) -> pd.DataFrame:
    """Read articles from a file, a folder, an article set or a DataFrame into the standard table.

    Column keywords name the input column for a canonical column (``text="body"``); ``encoding``
    decodes non-UTF-8 files; ``format`` overrides the file suffix (one of ``FORMATS`` values);
    ``read_options`` go to ``pandas.read_csv`` / ``pandas.read_parquet``.

    >>> frame = pd.DataFrame({"body": ["Gas talks resume."], "source": ["Daily"]})
    >>> articles = load_articles(frame)
    >>> list(articles.columns), articles.attrs["column_mapping"]
    (['id', 'text', 'outlet', 'duplicate_of'], {'text': 'body', 'outlet': 'source'})
    """
    explicit = {"id": id, "text": text, "title": title, "outlet": outlet, "country": country,
                "date": date, "language": language, "url": url}
    if isinstance(source, pd.DataFrame):
        if format is not None or read_options:
            raise TypeError("format= and read options apply to files, not to a DataFrame")
        return normalize_articles(source, source="<DataFrame>", explicit=explicit, attrs=dict(source.attrs))
    if not isinstance(source, (str, Path)) and not hasattr(source, "__fspath__"):
        raise ArticleSetError(
            f"cannot read articles from a {type(source).__name__}; supported inputs:\n{SUPPORTED_INPUTS}")
    path = Path(source).expanduser()
    if not path.exists():
        raise ArticleSetError(f"{path}: no such file or folder; supported inputs:\n{SUPPORTED_INPUTS}")
    if path.is_dir() and (path / "set.yaml").is_file():
        from framing.article_sets import load_article_set

        options = {key: value for key, value in explicit.items() if value is not None}
        return load_article_set(path, encoding=encoding, format=format, **options, **read_options).articles
    table = _read_path(path, explicit=explicit, encoding=encoding, format=format, read_options=read_options)
    return normalize_articles(table.frame, source=str(path), explicit=explicit, locations=table.locations)


def content_id(text: str, title: str | None = None) -> str:
    """The stable id of an article without one: same title and text, same id, on every machine.

    >>> content_id("Gas talks resume.", "Talks")
    'a-8d56b4c3c04f'
    """
    key = _canonical_text(title if isinstance(title, str) else "") + "\n" + _canonical_text(text)
    return "a-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def resolve_columns(
    columns: Sequence[Any],
    *,
    explicit: Mapping[str, str | None] | None = None,
    source: str = "<input>",
) -> dict[str, str]:
    """Map each canonical column to the input column that provides it (explicit, name, or alias).

    >>> resolve_columns(["Body", "media_name", "views"])
    {'text': 'Body', 'outlet': 'media_name'}
    """
    explicit = {key: value for key, value in (explicit or {}).items() if value is not None}
    unknown = sorted(set(explicit) - set(CANONICAL_COLUMNS))
    if unknown:
        raise TypeError(f"unknown column keyword(s) {unknown}; use {', '.join(CANONICAL_COLUMNS)}")
    names = [column for column in columns if isinstance(column, str)]
    mapping: dict[str, str] = {}
    for canonical, column in explicit.items():
        if column not in names:
            raise ArticleSetError(
                f"{source}: {canonical}={column!r} names no column; columns present: {_listing(names)}")
        if column != canonical and canonical in names and canonical not in explicit.values():
            raise ArticleSetError(
                f"{source}: {canonical}={column!r} was given but there is also a column {canonical!r}; "
                f"rename or drop one of them before loading")
        mapping[canonical] = column
    used = list(mapping.values())
    if len(set(used)) < len(used):
        raise ArticleSetError(f"{source}: one column given for two roles in {explicit}; give each role its own column")
    for canonical in CANONICAL_COLUMNS:
        if canonical in mapping:
            continue
        found = _find_column(names, (canonical,) + COLUMN_ALIASES[canonical], taken=set(mapping.values()))
        if found is not None:
            mapping[canonical] = found
    return {canonical: mapping[canonical] for canonical in CANONICAL_COLUMNS if canonical in mapping}


def normalize_articles(
    frame: pd.DataFrame,
    *,
    source: str = "<DataFrame>",
    explicit: Mapping[str, str | None] | None = None,
    locations: Sequence[str] | None = None,
    attrs: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Validate and normalize a table of articles (the second half of :func:`load_articles`).

    ``locations`` names where each row came from, for error messages (default ``row <i>``).

    >>> normalize_articles(pd.DataFrame({"text": ["A.", "A."], "id": ["x", "y"]}))["duplicate_of"].tolist()
    [nan, 'x']
    """
    if frame.columns.has_duplicates:
        repeated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise ArticleSetError(f"{source}: repeated column names {repeated}; give every column its own name")
    # a named index (e.g. ids) is kept as a column; unnamed row labels (e.g. after filtering) are not data
    frame = frame.reset_index(drop=not any(name is not None for name in frame.index.names))
    if len(frame.columns) == 0:
        raise ArticleSetError(f"{source}: no articles found (no records, no columns)")
    mapping = resolve_columns(list(frame.columns), explicit=explicit, source=source)
    if "text" not in mapping:
        raise ArticleSetError(
            f"{source}: no text column; columns present: {_listing(frame.columns)}; tried: "
            f"{', '.join(('text',) + COLUMN_ALIASES['text'])} (any case). Pass text='<column>' "
            f"(or --text COLUMN on the command line)")
    renamed = {canonical: column for canonical, column in mapping.items() if column != canonical}
    _log_mapping(source, renamed, frame.columns)
    where = _Where(locations)
    frame = frame.rename(columns={column: canonical for canonical, column in renamed.items()})

    texts = _text_values(frame["text"], source=source, where=where)
    given = [_id_value(value) for value in frame["id"].tolist()] if "id" in frame else [None] * len(frame)
    columns: dict[str, Any] = {"text": texts}
    for name in ("title", "outlet", "country", "language", "url"):
        if name in frame:
            columns[name] = _string_values(frame[name])
    titles = columns.get("title", [None] * len(frame))
    ids = _assign_ids(given, texts, titles, source=source, where=where)
    result = pd.DataFrame({"id": _string_series(ids)})
    result["text"] = _string_series(texts)
    for name in METADATA_COLUMNS:
        if name == "date" and "date" in frame:
            result["date"] = parse_dates(frame["date"], source=source, where=where,
                                         column=mapping["date"]).to_numpy()
        elif name in columns:
            result[name] = _string_series(columns[name])
    for column in frame.columns:
        if column not in CANONICAL_COLUMNS and column != "duplicate_of":
            result[column] = frame[column]  # both indexes are 0..n-1; keeps the column's dtype
    result["duplicate_of"] = _string_series(duplicate_of(ids, texts))

    result.attrs = dict(attrs or {})
    result.attrs.setdefault("source", str(source))
    if renamed or "column_mapping" not in result.attrs:
        result.attrs["column_mapping"] = renamed
    return result


def parse_dates(
    values: pd.Series,
    *,
    source: str = "<input>",
    where: Any = None,
    column: str = "date",
) -> pd.Series:
    """Parse dates to timezone-naive ``datetime64[ns]`` (aware values: converted to UTC, zone dropped).

    ISO 8601 is tried first, then other common forms ("20 October 2024", RFC 2822). Values that
    still fail become NaT and are reported in one ``FramingWarning``.

    >>> parse_dates(pd.Series(["2024-10-20", "2024-10-20T23:30:00-02:00"])).tolist()
    [Timestamp('2024-10-20 00:00:00'), Timestamp('2024-10-21 01:30:00')]
    """
    where = where if isinstance(where, _Where) else _Where(where)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values.reset_index(drop=True)
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        return parsed.astype("datetime64[ns]")
    raw = pd.Series([_date_value(value) for value in values], dtype=object)
    parsed = pd.to_datetime(raw, format="ISO8601", utc=True, errors="coerce").astype("datetime64[ns, UTC]")
    retry = parsed.isna() & raw.notna()
    if retry.any():
        again = pd.to_datetime(raw[retry], format="mixed", utc=True, errors="coerce")
        again = again.where((again >= _DATE_MIN) & (again <= _DATE_MAX))  # "October 20" parses to year 1
        parsed[retry] = again.astype("datetime64[ns, UTC]")
    bad = np.flatnonzero((parsed.isna() & raw.notna()).to_numpy())
    if len(bad):
        shown = ", ".join(f"{where(int(i))}: {raw[int(i)]!r}" for i in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        warnings.warn(
            f"{source}: {len(bad)} of {len(raw)} dates in column {column!r} could not be parsed and are "
            f"NaT ({shown}{more}); write dates as YYYY-MM-DD",
            FramingWarning,
            stacklevel=3,
        )
    return parsed.dt.tz_localize(None).astype("datetime64[ns]")


def duplicate_of(ids: Sequence[str], texts: Sequence[str]) -> list[str | None]:
    """For each text equal to an earlier one (NFC, whitespace collapsed), the earlier id; else None.

    >>> duplicate_of(["a", "b", "c", "d"], ["Same  text.", "Other.", "Same text.", ""])
    [None, None, 'a', None]
    """
    first: dict[bytes, str] = {}
    result: list[str | None] = []
    for article_id, text in zip(ids, texts):
        key = " ".join(_nfc(text).split())
        if not key:
            result.append(None)
            continue
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()  # keys, not whole texts
        result.append(first.get(digest))
        first.setdefault(digest, article_id)
    return result


def decode_bytes(data: bytes, *, name: str = "<bytes>", encoding: str | None = None) -> str:
    """Decode a file's bytes: UTF-8 (a BOM is dropped) unless ``encoding`` is given; never guesses.

    >>> decode_bytes("café".encode("cp1252"), name="a.csv", encoding="cp1252")
    'café'
    """
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise ArticleSetError(f"{name}: unknown encoding {encoding!r}; use a Python codec name such as "
                                  f"'cp1252', 'latin-1' or 'utf-16'") from None
    else:
        codec = "utf-8"
    start = len(codecs.BOM_UTF8) if codec == "utf-8" and data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode(codec)
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        found = f"byte 0x{data[offset]:02x} at byte offset {offset} (line {line}, byte {column} of the line)"
        if encoding is not None:
            raise ArticleSetError(f"{name}: cannot be decoded as {encoding}: {found}; "
                                  f"check the file's encoding") from None
        hint = ("the file starts with a UTF-16 byte order mark: pass encoding='utf-16'; "
                if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "")
        raise ArticleSetError(
            f"{name}: not valid UTF-8: {found}; {hint}pass encoding='cp1252' (or the file's encoding), "
            f"e.g. load_articles(path, encoding='cp1252') or --encoding cp1252") from None


def split_front_matter(content: str, *, name: str = "<text>") -> tuple[dict[str, Any], str]:
    """Split optional YAML front matter (between ``---`` lines at the top) from the article body.

    >>> split_front_matter("---\\noutlet: Daily\\n---\\nGas talks resume.\\n")
    ({'outlet': 'Daily'}, 'Gas talks resume.')
    """
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if content.split("\n", 1)[0].rstrip() != "---":
        return {}, content.strip()
    closing = re.search(r"^(?:---|\.\.\.)[ \t]*$", content[4:], flags=re.M)
    if closing is None:
        raise ArticleSetError(f"{name}:1: front matter opened with '---' is never closed; "
                              f"end it with a line '---' before the article text")
    block = content[4:4 + closing.start()]
    try:
        meta = yaml.safe_load(block)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 2  # +1 for 1-based, +1 for the opening '---'
        raise ArticleSetError(f"{name}:{line}: front matter is not valid YAML ({error.problem}); "
                              f"fix the metadata block at the top of the file") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ArticleSetError(f"{name}:2: front matter must be 'key: value' lines, found a {type(meta).__name__}")
    if "text" in meta:
        raise ArticleSetError(f"{name}: front matter sets 'text'; the text is the body after the closing "
                              f"'---', remove the key")
    body = content[4 + closing.end():]
    return {str(key): value for key, value in meta.items()}, body.strip()


# ---------------------------------------------------------------------------------------------
# check_articles: the report behind ``framing articles check``


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
            for column in ("outlet", "country"):
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
            mapped = ", ".join(f"{canonical} <- {column!r}" for canonical, column in self.column_mapping.items())
            lines.append(f"mapped columns: {mapped or 'none'}")
        lines.append(f"warnings: {len(self.warnings) or 'none'}")
        lines.extend(f"  {message}" for message in self.warnings)
        lines.append(f"errors: {len(self.errors) or 'none'}")
        lines.extend(f"  {message}" for message in self.errors)
        lines.append("result: OK" if self.ok else "result: FAILED")
        return "\n".join(lines)


def check_articles(source: Any, **options: Any) -> ArticleCheck:
    """Load ``source`` like :func:`load_articles` and report counts, dates, empty and duplicate texts.

    Loading errors are reported (``ok`` False), not raised; warnings are collected, not printed.

    >>> check = check_articles(pd.DataFrame({"text": ["A.", "A.", " "], "outlet": ["X", "Y", "X"]}))
    >>> check.ok, check.counts["outlet"], len(check.empty_texts), len(check.duplicate_texts)
    (True, {'X': 2, 'Y': 1}, 1, 1)
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
    n_words = articles["text"].str.split().str.len()
    empty = articles["text"].str.strip() == ""
    dupes = articles["duplicate_of"].notna()
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
        column_mapping=dict(articles.attrs.get("column_mapping", {})),
        warnings=messages,
        articles=articles,
    )


# ---------------------------------------------------------------------------------------------
# readers: each returns the raw table and where each row came from


def _read_path(path: Path, *, explicit, encoding, format, read_options) -> _Table:
    if path.is_dir():
        if read_options:
            raise TypeError(f"read options {sorted(read_options)} apply to tables, not to a folder of text files")
        return _read_text_folder(path, explicit=explicit, encoding=encoding)
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    suffix = suffixes[-2] if compressed and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    kind = format or FORMATS.get(suffix)
    if kind not in set(FORMATS.values()) or (compressed and kind not in COMPRESSIBLE_FORMATS):
        what = f"format={format!r}" if format else f"extension {''.join(path.suffixes[-2:]) or '(none)'!r}"
        raise ArticleSetError(f"{path}: unsupported {what}; supported inputs:\n{SUPPORTED_INPUTS}\n"
                              f"(pass format='csv', 'tsv', 'json', 'jsonl', 'parquet' or 'text' to override)")
    if kind == "parquet":
        try:
            return _Table(pd.read_parquet(path, **read_options), None)
        except (OSError, ValueError) as error:
            raise ArticleSetError(f"{path}: cannot be read as Parquet ({error})") from None
    if read_options and kind not in ("csv", "tsv"):
        raise TypeError(f"read options {sorted(read_options)} apply to CSV, TSV and Parquet files only")
    data = path.read_bytes()
    if compressed:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise ArticleSetError(f"{path}: not a readable gzip file ({error})") from None
    content = decode_bytes(data, name=str(path), encoding=encoding)
    if kind in ("csv", "tsv"):
        return _read_delimited(content, name=str(path), sep="," if kind == "csv" else "\t",
                               explicit=explicit, read_options=read_options)
    if kind == "json":
        return _read_json(content, name=str(path))
    if kind == "jsonl":
        return _read_jsonl(content, name=str(path))
    return _text_table([(path.stem, path.name, content)], explicit=explicit, name=str(path))


def _read_delimited(content: str, *, name: str, sep: str, explicit, read_options) -> _Table:
    options = dict(read_options)
    sep = options.pop("sep", options.pop("delimiter", sep))
    checked = not (_CSV_LAYOUT_OPTIONS & options.keys()) and isinstance(sep, str) and len(sep) == 1
    starts: list[int] | None = None
    if checked:
        header, starts = _scan_delimited(content, name=name, sep=sep, quotechar=options.get("quotechar", '"'))
        mapping = resolve_columns(header, explicit=explicit, source=name)
        # ids like "007" stay strings; texts stay strings even when they look like numbers
        options.setdefault("dtype", {mapping[c]: str for c in ("id", "text") if c in mapping})
    try:
        frame = pd.read_csv(io.StringIO(content), sep=sep, **options)
    except (pd.errors.ParserError, ValueError) as error:
        raise ArticleSetError(f"{name}: cannot be read as a {'comma' if sep == ',' else repr(sep)}-separated "
                              f"table ({error})") from None
    if starts is not None and len(frame) != len(starts):
        raise ArticleSetError(f"{name}: pandas read {len(frame)} rows but the file holds {len(starts)} records; "
                              f"check the quoting of multi-line fields")
    return _Table(frame, None if starts is None else [f"line {n}" for n in starts])


def _scan_delimited(content: str, *, name: str, sep: str, quotechar: str) -> tuple[list[str], list[int]]:
    """Check quoting with the csv module (strict) and return the header and each record's first line.

    pandas' C parser silently keeps text after a closing quote and lets an unclosed quote swallow
    the following lines; the strict csv reader stops there instead.
    """
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=sep, quotechar=quotechar, strict=True)
    header: list[str] | None = None
    starts: list[int] = []
    ragged: list[tuple[int, int]] = []
    start = 1  # first line of the record being read
    try:
        for record in reader:
            if record:  # pandas skips blank lines too
                if header is None:
                    header = record
                else:
                    starts.append(start)
                    if len(record) != len(header):
                        ragged.append((start, len(record)))
            start = reader.line_num + 1
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise ArticleSetError(
                f"{name}:{start}: a quoted field in the record starting at line {start} is never closed "
                f"(the file ends at line {reader.line_num}); close the quote, and double quotes inside "
                f'quoted fields ("")') from None
        raise ArticleSetError(
            f"{name}:{reader.line_num}: malformed quoting ({error}) in the record starting at line {start}; "
            f"a quote that opens a field there is probably never closed, swallowing the lines after it. "
            f'Quote fields that contain {sep!r}, quotes or line breaks, and double quotes inside them ("")') from None
    if header is None:
        raise ArticleSetError(f"{name}: the file is empty; expected a header row and one row per article")
    if ragged:
        listed = ", ".join(f"line {line} has {n}" for line, n in ragged[:5])
        more = f" and {len(ragged) - 5} more" if len(ragged) > 5 else ""
        raise ArticleSetError(
            f"{name}:{ragged[0][0]}: {len(ragged)} record(s) do not have the header's {len(header)} fields "
            f"({listed}{more}); quote fields that contain {sep!r}")
    return header, starts


def _read_json(content: str, *, name: str) -> _Table:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        hint = ("; it looks like JSON Lines (one object per line): name the file .jsonl or pass format='jsonl'"
                if error.msg == "Extra data" else "")
        raise ArticleSetError(f"{name}:{error.lineno}:{error.colno}: malformed JSON ({error.msg}){hint}") from None
    if not isinstance(data, list):
        keys = f" with keys {_listing(list(data)[:10])}" if isinstance(data, dict) else ""
        raise ArticleSetError(f"{name}: expected a JSON array of article objects, found a "
                              f"{type(data).__name__}{keys}; put the articles in a top-level [...] array")
    lines = _json_item_lines(content)
    bad = [i for i, item in enumerate(data) if not isinstance(item, dict)]
    if bad:
        listed = ", ".join(f"line {lines[i]} ({type(data[i]).__name__})" for i in bad[:5])
        raise ArticleSetError(f"{name}:{lines[bad[0]]}: {len(bad)} array item(s) are not objects: {listed}; "
                              f"each article must be an object like {{\"id\": ..., \"text\": ...}}")
    return _Table(pd.DataFrame.from_records(data) if data else pd.DataFrame(), [f"line {n}" for n in lines])


def _json_item_lines(content: str) -> list[int]:
    """The line on which each item of a (valid) top-level JSON array starts."""
    decoder = json.JSONDecoder()
    newlines = [m.start() for m in re.finditer("\n", content)]
    space = re.compile(r"[ \t\n\r]*")
    position = space.match(content, 0).end() + 1  # past '['
    lines: list[int] = []
    while True:
        position = space.match(content, position).end()
        if content[position] == "]":
            return lines
        lines.append(bisect.bisect_left(newlines, position) + 1)
        _, position = decoder.raw_decode(content, position)
        position = space.match(content, position).end()
        if content[position] == ",":
            position += 1


def _read_jsonl(content: str, *, name: str) -> _Table:
    records: list[dict] = []
    locations: list[str] = []
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            bad.append((number, f"{error.msg} at column {error.colno}"))
            continue
        if not isinstance(value, dict):
            bad.append((number, f"a {type(value).__name__}, not an object"))
            continue
        records.append(value)
        locations.append(f"line {number}")
    if bad:
        listed = "; ".join(f"line {line}: {why}" for line, why in bad[:5])
        more = f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise ArticleSetError(
            f"{name}:{bad[0][0]}: malformed JSON Lines ({listed}{more}); {len(bad)} line(s) malformed, "
            f"{len(records)} line(s) fine. Each line must be one complete JSON object")
    return _Table(pd.DataFrame.from_records(records) if records else pd.DataFrame(), locations)


def _read_text_folder(folder: Path, *, explicit, encoding) -> _Table:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                   and not p.name.startswith("."))
    others = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and p not in files)
    if not files:
        raise ArticleSetError(f"{folder}: a folder without .txt/.md files or set.yaml "
                              f"(contains: {_listing(others) or 'nothing'}); supported inputs:\n{SUPPORTED_INPUTS}")
    if others:
        warnings.warn(f"{folder}: ignored {len(others)} entr{'y' if len(others) == 1 else 'ies'} that are not "
                      f".txt/.md files: {_listing(others[:10])}", FramingWarning, stacklevel=4)
    entries = [(p.stem, p.name, decode_bytes(p.read_bytes(), name=str(p), encoding=encoding)) for p in files]
    return _text_table(entries, explicit=explicit, name=str(folder))


def _text_table(entries: Sequence[tuple[str, str, str]], *, explicit, name: str) -> _Table:
    """One row per text file: front matter keys, then ``text``; the file name (no suffix) as default id."""
    records = []
    for stem, file_name, content in entries:
        meta, body = split_front_matter(content, name=f"{name}/{file_name}" if len(entries) > 1 else name)
        records.append({**meta, "text": body})
    frame = pd.DataFrame.from_records(records)
    id_column = resolve_columns(list(frame.columns), explicit=explicit, source=name).get("id")
    stems = [stem for stem, _, _ in entries]
    if id_column is None:
        frame.insert(0, "id", stems)
    else:
        frame[id_column] = [s if _id_value(v) is None else v for s, v in zip(stems, frame[id_column])]
    return _Table(frame, [file_name for _, file_name, _ in entries])


# ---------------------------------------------------------------------------------------------
# small helpers


class _Where:
    """Names row ``i`` in messages: its recorded location, or ``row i`` (0-based position)."""

    def __init__(self, locations: Sequence[str] | None):
        self.locations = locations

    def __call__(self, i: int) -> str:
        return self.locations[i] if self.locations is not None else f"row {i}"


def _find_column(names: Sequence[str], candidates: Sequence[str], *, taken: set[str]) -> str | None:
    for candidate in candidates:
        if candidate in names and candidate not in taken:
            return candidate
        for name in names:
            if name not in taken and name.strip().casefold() == candidate:
                return name
    return None


def _log_mapping(source: str, renamed: Mapping[str, str], columns: Sequence[Any]) -> None:
    if renamed:
        logger.info("%s: columns mapped: %s", source,
                    ", ".join(f"{canonical} <- {column!r}" for canonical, column in renamed.items()))
    names = [c for c in columns if isinstance(c, str)]
    for canonical, column in renamed.items():
        others = [n for n in names if n != column and n.strip().casefold() in COLUMN_ALIASES[canonical]]
        if others:
            logger.info("%s: %s taken from %r; %s kept as other column(s)", source, canonical, column, others)


def _text_values(values: pd.Series, *, source: str, where: _Where) -> list[str]:
    texts: list[str] = []
    for i, value in enumerate(values.tolist()):
        if type(value) is str:  # the common case, kept fast
            texts.append(value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value)
        elif isinstance(value, (list, tuple, dict, np.ndarray)):
            raise ArticleSetError(f"{source}: {where(i)}: the text is a {type(value).__name__}, not a string; "
                                  f"join the paragraphs into one string before loading")
        elif _is_missing(value):
            texts.append("")
        else:
            texts.append(str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return texts


def _string_values(values: pd.Series) -> list[str | None]:
    result: list[str | None] = []
    for value in values.tolist():
        text = value.strip() if type(value) is str else None if _is_missing(value) else str(value).strip()
        result.append(text or None)
    return result


def _string_series(values: Sequence[str | None]) -> pd.Series:
    return pd.Series(list(values), dtype=object).astype(_str_dtype())


def _str_dtype() -> Any:
    # pandas >= 3 infers its "str" dtype (missing = NaN); pandas 2 keeps Python str in object columns.
    return pd.Series(["x"]).dtype


def _id_value(value: Any) -> str | None:
    if type(value) is str:
        return value.strip() or None
    if _is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # ids read as floats because of a missing value (1.0 -> "1")
    text = str(value).strip()
    return text or None


def _assign_ids(given: list[str | None], texts: list[str], titles: Sequence[Any], *, source: str,
                where: _Where) -> list[str]:
    rows: dict[str, list[int]] = {}
    for i, value in enumerate(given):
        if value is not None:
            rows.setdefault(value, []).append(i)
    repeated = [(value, positions) for value, positions in rows.items() if len(positions) > 1]
    if repeated:
        listed = "; ".join(f"{value!r} at {', '.join(where(i) for i in positions[:5])}"
                           for value, positions in repeated[:5])
        more = f"; and {len(repeated) - 5} more" if len(repeated) > 5 else ""
        raise ArticleSetError(f"{source}: {len(repeated)} id(s) occur more than once: {listed}{more}; "
                              f"make the ids unique (or remove the id column to get content-derived ids)")
    taken = set(rows)
    ids: list[str] = []
    for value, text, title in zip(given, texts, titles):
        if value is None:
            base = content_id(text, title if isinstance(title, str) else None)
            value, n = base, 2
            while value in taken:
                value, n = f"{base}-{n}", n + 1
            taken.add(value)
        ids.append(value)
    return ids


def _date_value(value: Any) -> Any:
    if _is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "year"):
        return value
    text = str(value).strip()
    return text or None


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (np.floating, np.datetime64)):
        return bool(np.isnat(value) if isinstance(value, np.datetime64) else np.isnan(value))
    return False


def _canonical_text(value: str) -> str:
    return _nfc(value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _nfc(value: str) -> str:
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _value_counts(values: pd.Series) -> dict[str, int]:
    counts = values.fillna("(missing)").value_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return {str(name): int(n) for name, n in ordered}


def _listing(names: Sequence[Any]) -> str:
    return ", ".join(repr(n) for n in names)


def _iso(value: pd.Timestamp | None) -> str | None:
    if value is None or pd.isna(value):
        return None
    return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
