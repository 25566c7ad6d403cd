"""Reading a file format into a raw table: bytes to text, text to rows, and where each row came from.

>>> table = read_path(Path("export.csv"), resolve=lambda columns, source: {}, encoding=None,
...                   format=None, read_options={})  # doctest: +SKIP
>>> table.locations[:2]  # doctest: +SKIP
['line 2', 'line 3']

``FORMATS`` maps file suffixes to readers (``format=`` takes the same names) and
``COMPRESSIBLE_FORMATS`` may also be gzip-compressed (``.gz``); ``SUPPORTED_INPUTS``, the list shown
in error messages, also names what :func:`framing.load_articles` handles itself (DataFrames,
article sets). Each reader returns the table as found (no columns renamed, no values normalized:
that is :mod:`framing.load.articles`' job) and where each row came from (``"line 4"``, ``"b.txt"``) for
error messages. Rules:

- Files must be UTF-8 (a BOM is fine) unless ``encoding=`` is given; bad bytes are an error with
  their byte offset, never mojibake.
- CSV/TSV quoting is checked with the strict ``csv`` reader first (unless ``read_options`` change the
  record layout), so an unclosed quote or a ragged record is an error naming its line, not a silently
  merged row; id and text columns are read as strings.
- JSON is a top-level array of objects; JSON Lines is one object per line (:mod:`framing.load.jsonfile`).
- A CSV header that repeats a column name is an error (pandas would rename the second ``text.1``);
  fields may be as long as the file (the ``csv`` module's default cap of 131,072 characters is lifted).
- A text file (``.txt``, ``.md``) is one article, with optional YAML front matter between ``---``
  lines; its file name without suffix is the default id.

Column names are resolved by the caller: ``resolve(columns, source=...)`` returns the canonical ->
input column mapping (:func:`framing.load.articles.resolve_columns` with the caller's explicit names), so
this module never imports :mod:`framing.load.articles`.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import yaml

from framing.errors import ArticleSetError, FramingWarning, first_few, quoted
from framing.load.jsonfile import read_json, read_jsonl
from framing.load.yamlfile import parse_yaml

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


class _Table(NamedTuple):
    frame: pd.DataFrame
    locations: Sequence[str] | None  # where each row came from ("line 4", "b.txt"); None: "row i"


# ``resolve(columns, source=...)`` -> {canonical: input column}; see the module docstring.
Resolver = Callable[..., Mapping[str, str]]


# ---------------------------------------------------------------------------------------------
# public entry points


def read_path(path: Path, *, resolve: Resolver, encoding, format, read_options) -> _Table:
    """Read a file or a folder of text files into the raw table (``resolve``: see the module docstring)."""
    if path.is_dir():
        if read_options:
            raise TypeError(f"read options {sorted(read_options)} apply to tables, not to a folder of text files")
        return _read_text_folder(path, resolve=resolve, encoding=encoding)
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
                               resolve=resolve, read_options=read_options)
    if kind == "json":
        return _Table(*read_json(content, name=str(path)))
    if kind == "jsonl":
        return _Table(*read_jsonl(content, name=str(path)))
    return _text_table([(path.stem, path.name, content)], resolve=resolve, name=str(path))


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
        meta = parse_yaml(block)[0]
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
# readers: each returns the raw table and where each row came from


def _read_delimited(content: str, *, name: str, sep: str, resolve: Resolver, read_options) -> _Table:
    options = dict(read_options)
    sep = options.pop("sep", options.pop("delimiter", sep))
    checked = not (_CSV_LAYOUT_OPTIONS & options.keys()) and isinstance(sep, str) and len(sep) == 1
    starts: list[int] | None = None
    if checked:
        header, starts = _scan_delimited(content, name=name, sep=sep, quotechar=options.get("quotechar", '"'))
        mapping = resolve(header, source=name)
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
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(content) + 1))  # no field is longer than the file (default: 131,072)
    try:
        return _scan_records(content, name=name, sep=sep, quotechar=quotechar)
    finally:
        csv.field_size_limit(limit)


def _scan_records(content: str, *, name: str, sep: str, quotechar: str) -> tuple[list[str], list[int]]:
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
    repeated = [column for column, n in Counter(header).items() if n > 1]
    if repeated:
        places = "; ".join(f"{quoted(column)} in columns {', '.join(str(i + 1) for i, c in enumerate(header) if c == column)}"
                           for column in repeated[:5])
        raise ArticleSetError(f"{name}:1: the header repeats column names ({places}); pandas would rename the "
                              f"second one (e.g. 'text.1') and read the wrong column: give every column its own name")
    if ragged:
        listed = first_few(f"line {line} has {n}" for line, n in ragged)
        raise ArticleSetError(
            f"{name}:{ragged[0][0]}: {len(ragged)} record(s) do not have the header's {len(header)} fields "
            f"({listed}); quote fields that contain {sep!r}")
    return header, starts


def _read_text_folder(folder: Path, *, resolve: Resolver, encoding) -> _Table:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                   and not p.name.startswith("."))
    others = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and p not in files)
    if not files:
        raise ArticleSetError(f"{folder}: a folder without .txt/.md files or set.yaml "
                              f"(contains: {listing(others) or 'nothing'}); supported inputs:\n{SUPPORTED_INPUTS}")
    if others:
        warnings.warn(f"{folder}: ignored {len(others)} entr{'y' if len(others) == 1 else 'ies'} that are not "
                      f".txt/.md files: {listing(others[:10])}", FramingWarning, stacklevel=4)
    entries = [(p.stem, p.name, decode_bytes(p.read_bytes(), name=str(p), encoding=encoding)) for p in files]
    return _text_table(entries, resolve=resolve, name=str(folder))


def _text_table(entries: Sequence[tuple[str, str, str]], *, resolve: Resolver, name: str) -> _Table:
    """One row per text file: front matter keys, then ``text``; the file name (no suffix) as default id."""
    records = []
    for stem, file_name, content in entries:
        meta, body = split_front_matter(content, name=f"{name}/{file_name}" if len(entries) > 1 else name)
        records.append({**meta, "text": body})
    frame = pd.DataFrame.from_records(records)
    id_column = resolve(list(frame.columns), source=name).get("id")
    stems = [stem for stem, _, _ in entries]
    if id_column is None:
        frame.insert(0, "id", stems)
    else:
        frame[id_column] = [s if id_value(v) is None else v for s, v in zip(stems, frame[id_column])]
    return _Table(frame, [file_name for _, file_name, _ in entries])


# ---------------------------------------------------------------------------------------------
# small helpers, also used by framing.load.articles


def id_value(value: Any) -> str | None:
    """An id cell as a stripped string (``1.0`` -> ``"1"``), or None when it is missing or blank."""
    if type(value) is str:
        return value.strip() or None
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # ids read as floats because of a missing value (1.0 -> "1")
    text = str(value).strip()
    return text or None


def is_missing(value: Any) -> bool:
    """Whether a cell holds no value: None, NA, NaT or NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (np.floating, np.datetime64)):
        return bool(np.isnat(value) if isinstance(value, np.datetime64) else np.isnan(value))
    return False


def listing(names: Sequence[Any]) -> str:
    """Names for an error message: their reprs, comma-separated."""
    return ", ".join(repr(n) for n in names)
