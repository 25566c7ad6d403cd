"""Reading articles from whatever an archive exported: one call, clear errors, nothing dropped.

>>> articles = read_articles("articles.jsonl")  # doctest: +SKIP
>>> list(articles.columns[:2])  # doctest: +SKIP
['id', 'text']

The result always starts with ``id`` (str, unique) and ``text`` (str), then the metadata found
(``title``, ``outlet``, ``country``, ``date``, ``language``, ``url``, in that order), then every
other input column in its original order, and last ``duplicate_of``. Rules, in one place:

- Columns are taken by their canonical name, else by the first alias of ``COLUMN_ALIASES`` present
  (case-insensitive), unless given explicitly (``text="body"``). Renamings are logged (logger
  ``framing.load.articles``) and kept in ``result.attrs["column_mapping"]`` (canonical -> source column).
- Missing ids become ``content_id(text, title)``: ``"a-"`` + the first 12 hex digits of the SHA-256
  of the stripped, NFC-normalized title and text (``title + "\\n" + text``, line ends as ``\\n``).
  Rows with the same title and text get ``-2``, ``-3``… in row order, so ids stay deterministic.
- ``duplicate_of`` is always present: for a text equal to an earlier one (after NFC and collapsing
  whitespace) it holds the earlier article's id, otherwise it is missing. Empty texts are kept,
  become ``""``, and are never marked as duplicates. A text longer than ``MAX_TEXT_CHARS``
  (1,000,000 characters) is an error naming its row. Near-duplicates (edited wire copy) are found,
  marked, dropped or weighted by :mod:`framing.load.duplicates`.
- ``date`` becomes timezone-naive ``datetime64[ns]`` (:func:`framing.load.dates.parse_dates`:
  time zones, ambiguous ``10/11/2024``, dates outside 1677-2262, each with one ``FramingWarning``).
- ``title``, ``outlet``, ``country``, ``language``, ``url`` become stripped strings (blank = missing).
- Binary cells (a Parquet ``binary`` column) are decoded as UTF-8, never kept as ``"b'...'"``;
  bytes that are not UTF-8 are an error naming the row and column.
- Files are read by :mod:`framing.load.readers` (formats, encodings, CSV quoting, front matter): UTF-8
  (a BOM is fine) unless ``encoding=`` is given; bad bytes are an error with their byte offset.

:func:`framing.load.check.check_articles` reports on what :func:`framing.load_articles` returns.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import ArticleSetError, first_few
from framing.load.dates import parse_dates
from framing.load.readers import SUPPORTED_INPUTS, id_value, is_missing, listing, read_path

logger = logging.getLogger(__name__)

SET_FILE = "set.yaml"

# Longest text accepted (about 150,000 words). The sentence splitter gives up on texts of a few
# megabytes, and no news article comes near this.
MAX_TEXT_CHARS = 1_000_000
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



# ---------------------------------------------------------------------------------------------
# public entry points


def read_articles(
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
    """Read articles from a file, a folder of texts or a DataFrame into the standard table
    (:func:`framing.load_articles` also reads article-set folders).

    Column keywords name the input column for a canonical column (``text="body"``); ``encoding``
    decodes non-UTF-8 files; ``format`` overrides the file suffix (one of ``readers.FORMATS`` values);
    ``read_options`` go to ``pandas.read_csv`` / ``pandas.read_parquet``.

    >>> frame = pd.DataFrame({"body": ["Gas talks resume."], "source": ["Daily"]})
    >>> articles = read_articles(frame)
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
    if path.is_dir() and (path / SET_FILE).is_file():
        raise ArticleSetError(f"{path}: an article set folder; read it with framing.load_articles "
                              f"or framing.load_article_set")
    resolve = functools.partial(resolve_columns, explicit=explicit)
    table = read_path(path, resolve=resolve, encoding=encoding, format=format, read_options=read_options)
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
                f"{source}: {canonical}={column!r} names no column; columns present: {listing(names)}")
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
            f"{source}: no text column; columns present: {listing(frame.columns)}; tried: "
            f"{', '.join(('text',) + COLUMN_ALIASES['text'])} (any case). Pass text='<column>' "
            f"(or --text COLUMN on the command line)")
    renamed = {canonical: column for canonical, column in mapping.items() if column != canonical}
    _log_mapping(source, renamed, frame.columns)
    where = _Where(locations)
    frame = frame.rename(columns={column: canonical for canonical, column in renamed.items()})

    texts = _text_values(frame["text"], source=source, where=where)
    given = [id_value(value) for value in frame["id"].tolist()] if "id" in frame else [None] * len(frame)
    columns: dict[str, Any] = {"text": texts}
    for name in ("title", "outlet", "country", "language", "url"):
        if name in frame:
            columns[name] = _string_values(frame[name], source=source, where=where, column=mapping[name])
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


def duplicate_of(ids: Sequence[str], texts: Sequence[str], first: dict[bytes, str] | None = None) -> list[str | None]:
    """For each text equal to an earlier one (NFC, whitespace collapsed), the earlier id; else None.
    ``first`` carries the texts seen from one call to the next (reading in chunks).

    >>> duplicate_of(["a", "b", "c", "d"], ["Same  text.", "Other.", "Same text.", ""])
    [None, None, 'a', None]
    """
    first = {} if first is None else first
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
        if isinstance(value, (bytes, bytearray)):
            value = _decoded(value, source=source, where=where(i), column="text")
        if type(value) is str:  # the common case, kept fast
            texts.append(value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value)
        elif isinstance(value, (list, tuple, dict, np.ndarray)):
            raise ArticleSetError(f"{source}: {where(i)}: the text is a {type(value).__name__}, not a string; "
                                  f"join the paragraphs into one string before loading")
        elif is_missing(value):
            texts.append("")
        else:
            texts.append(str(value).replace("\r\n", "\n").replace("\r", "\n"))
    long = [i for i, text in enumerate(texts) if len(text) > MAX_TEXT_CHARS]
    if long:
        listed = ", ".join(f"{where(i)}: {len(texts[i]):,} characters" for i in long[:5])
        raise ArticleSetError(
            f"{source}: {len(long)} text(s) longer than {MAX_TEXT_CHARS:,} characters, far longer than an article "
            f"({listed}); a whole archive in one cell? Split it into one row per article before loading")
    return texts


def _decoded(value: bytes, *, source: str, where: str, column: str) -> str:
    """Binary cells (Parquet ``binary`` columns) hold UTF-8 text; anything else is an error."""
    try:
        return bytes(value).decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleSetError(f"{source}: {where}: column {column!r} holds bytes that are not UTF-8 text (byte "
                              f"0x{value[error.start]:02x} at offset {error.start}); store the column as UTF-8 "
                              f"strings") from None


def _string_values(values: pd.Series, *, source: str = "<input>", where: Any = None,
                   column: str = "") -> list[str | None]:
    where = where if isinstance(where, _Where) else _Where(where)
    result: list[str | None] = []
    for i, value in enumerate(values.tolist()):
        if isinstance(value, (bytes, bytearray)):
            value = _decoded(value, source=source, where=where(i), column=column)
        text = value.strip() if type(value) is str else None if is_missing(value) else str(value).strip()
        result.append(text or None)
    return result


def _string_series(values: Sequence[str | None]) -> pd.Series:
    return pd.Series(list(values), dtype=object).astype(_str_dtype())


def _str_dtype() -> Any:
    # pandas >= 3 infers its "str" dtype (missing = NaN); pandas 2 keeps Python str in object columns.
    return pd.Series(["x"]).dtype


def _assign_ids(given: list[str | None], texts: list[str], titles: Sequence[Any], *, source: str,
                where: _Where) -> list[str]:
    rows: dict[str, list[int]] = {}
    for i, value in enumerate(given):
        if value is not None:
            rows.setdefault(value, []).append(i)
    repeated = [(value, positions) for value, positions in rows.items() if len(positions) > 1]
    if repeated:
        listed = first_few([f"{value!r} at {', '.join(where(i) for i in positions[:5])}"
                            for value, positions in repeated], "; ")
        raise ArticleSetError(f"{source}: {len(repeated)} id(s) occur more than once: {listed}; "
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


def _canonical_text(value: str) -> str:
    return _nfc(value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _nfc(value: str) -> str:
    return value if value.isascii() else unicodedata.normalize("NFC", value)
