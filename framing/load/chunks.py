"""Reading a large article file in chunks of bounded size, each normalized like :func:`framing.load_articles`.

>>> for chunk in read_chunks("archive.jsonl", chunk_size=10_000):  # doctest: +SKIP
...     print(chunk.index, len(chunk.articles), chunk.locations[0])
0 10000 line 1

Formats: JSON Lines (``.jsonl``, ``.ndjson``), CSV/TSV and Parquet, text formats optionally gzip-compressed.
Parquet is read with pyarrow's batch reader; JSON Lines and CSV are read line by line here, because
pyarrow's streaming text readers do not say which line a record came from, and every error must.
Each chunk goes through :func:`framing.load.articles.normalize_articles` (aliases, ids, dates), and
across chunks ids must stay unique (an error names the chunk and line) and ``duplicate_of`` points
to the first article with the same text, in whichever chunk it was.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from framing.checks import require_whole
from framing.errors import ArticleSetError
from framing.load.articles import duplicate_of, normalize_articles, resolve_columns
from framing.load.readers import FORMATS

STREAM_FORMATS = ("jsonl", "csv", "tsv", "parquet")
DEFAULT_CHUNK_SIZE = 10_000


@dataclass(frozen=True)
class Chunk:
    """One chunk: its number (from 0), the normalized articles, where each row came from, and the
    progress made in the input (``done`` of ``total``, bytes or rows; ``total`` None when unknown)."""

    index: int
    articles: pd.DataFrame
    locations: list[str]
    done: int
    total: int | None


def stream_format(path: str | os.PathLike, format: str | None = None) -> str:  # noqa: A002
    """The streamable format of ``path`` (``jsonl``, ``csv``, ``tsv``, ``parquet``), or ArticleSetError.

    >>> stream_format("archive.jsonl.gz")
    'jsonl'
    """
    suffixes = [s.lower() for s in Path(path).suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    suffix = suffixes[-2] if compressed and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    kind = format or FORMATS.get(suffix)
    if kind not in STREAM_FORMATS or (compressed and kind == "parquet"):
        raise ArticleSetError(f"{path}: cannot be read in chunks; chunked reading takes .jsonl, .ndjson, .csv, .tsv "
                              f"(optionally .gz) and .parquet files. Convert the input, or score it whole "
                              f"(without --chunk-size)")
    return kind


def read_chunks(path: str | os.PathLike, chunk_size: int = DEFAULT_CHUNK_SIZE, *, text: str | None = None,
                id: str | None = None, encoding: str | None = None,  # noqa: A002 - the column is called id
                format: str | None = None) -> Iterator[Chunk]:  # noqa: A002
    """Yield the articles of ``path`` in chunks of ``chunk_size`` rows; memory is bounded by the chunk.

    ``text=`` and ``id=`` name the columns when they are not found automatically.
    """
    require_whole(chunk_size, "chunk_size", "score_chunks", 1, ArticleSetError)
    path = Path(path).expanduser()
    kind = stream_format(path, format)
    if not path.is_file():
        raise ArticleSetError(f"{path}: no such file")
    explicit = {"text": text, "id": id}
    raw = (_parquet_batches(path, chunk_size) if kind == "parquet" else
           _jsonl_batches(path, chunk_size, encoding) if kind == "jsonl" else
           _delimited_batches(path, chunk_size, encoding, "," if kind == "csv" else "\t", explicit))
    seen: dict[str, int] = {}
    first_text: dict[bytes, str] = {}
    for index, (frame, locations, done, total) in enumerate(raw):
        articles = normalize_articles(frame, source=f"{path} (chunk {index})", explicit=explicit, locations=locations)
        ids = articles["id"].tolist()  # one list: both memories below keep the same string objects
        for position, article_id in enumerate(ids):
            earlier = seen.setdefault(article_id, index)
            if earlier != index:
                raise ArticleSetError(
                    f"{path}: id {article_id!r} at {locations[position]} (chunk {index}) was already used in chunk "
                    f"{earlier}; make the ids unique (or remove the id column to get content-derived ids)")
        # duplicate_of across chunks: the state of the first texts seen is carried from chunk to chunk
        articles["duplicate_of"] = pd.array(duplicate_of(ids, articles["text"].tolist(), first=first_text),
                                            dtype=articles["duplicate_of"].dtype)
        yield Chunk(index, articles, locations, done, total)


# -- raw readers: (table as found, locations, progress done, progress total) per chunk ---------------


def _parquet_batches(path: Path, chunk_size: int) -> Iterator[tuple[pd.DataFrame, list[str], int, int | None]]:
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
        total = source.metadata.num_rows
        start = 0
        for batch in source.iter_batches(batch_size=chunk_size):
            frame = batch.to_pandas()
            yield frame, [f"row {start + i + 1}" for i in range(len(frame))], start + len(frame), total
            start += len(frame)
    except (OSError, ValueError) as error:  # pyarrow's errors derive from these
        raise ArticleSetError(f"{path}: cannot be read as Parquet ({error})") from None


def _lines(path: Path, encoding: str | None) -> Iterator[tuple[int, str, int, int | None]]:
    """(line number, decoded line, bytes read, total bytes) for each line of a (gzip-compressed) text file."""
    compressed = path.suffix.lower() == ".gz"
    total = None if compressed else path.stat().st_size
    codec = encoding or "utf-8"
    done = 0
    with (gzip.open(path, "rb") if compressed else open(path, "rb")) as handle:
        for number, data in enumerate(handle, start=1):
            done += len(data)
            if number == 1 and codec.replace("_", "-").lower() in ("utf-8", "utf8"):
                data = data.removeprefix(b"\xef\xbb\xbf")
            try:
                line = data.decode(codec)
            except UnicodeDecodeError as error:
                raise ArticleSetError(f"{path}:{number}: cannot be decoded as {codec} (byte 0x{data[error.start]:02x} "
                                      f"at byte {error.start + 1} of the line); pass the file's encoding, e.g. "
                                      f"--encoding cp1252") from None
            except LookupError:
                raise ArticleSetError(f"{path}: unknown encoding {codec!r}; use a Python codec name such as "
                                      f"'cp1252' or 'latin-1'") from None
            yield number, line, done, total


def _jsonl_batches(path: Path, chunk_size: int, encoding: str | None):
    records: list[dict] = []
    locations: list[str] = []
    done, total, yielded = 0, None, False
    for number, line, done, total in _lines(path, encoding):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise ArticleSetError(f"{path}:{number}: malformed JSON Lines ({error.msg} at column {error.colno}); "
                                  f"each line must be one complete JSON object") from None
        if not isinstance(value, dict):
            raise ArticleSetError(f"{path}:{number}: a {type(value).__name__}, not an object; each line must be "
                                  f"one JSON object like {{\"id\": ..., \"text\": ...}}")
        records.append(value)
        locations.append(f"line {number}")
        if len(records) == chunk_size:
            yield pd.DataFrame.from_records(records), locations, done, total
            records, locations, yielded = [], [], True
    if records:
        yield pd.DataFrame.from_records(records), locations, done, total
    elif not yielded:
        raise ArticleSetError(f"{path}: the file holds no articles; expected one JSON object per line")


def _delimited_batches(path: Path, chunk_size: int, encoding: str | None, sep: str, explicit: Mapping[str, Any]):
    """CSV records checked by the strict csv reader (as :mod:`framing.load.readers` does), each chunk then read
    by pandas from its own lines, so values are typed as a whole-file read types them."""
    progress = {"done": 0, "total": None, "line": 0}
    kept: list[str] = []

    def feed() -> Iterator[str]:
        for number, line, done, total in _lines(path, encoding):
            progress.update(done=done, total=total, line=number)
            kept.append(line)
            yield line

    reader = csv.reader(feed(), delimiter=sep, strict=True)
    header_text, header, dtype = "", None, {}
    locations: list[str] = []
    start = 1
    try:
        for record in reader:
            if not record:  # a blank line: pandas skips it too
                start = reader.line_num + 1
                continue
            if header is None:
                header, header_text = record, "".join(kept)
                mapping = resolve_columns(header, explicit=explicit, source=str(path))
                dtype = {mapping[c]: str for c in ("id", "text") if c in mapping}
            else:
                if len(record) != len(header):
                    raise ArticleSetError(f"{path}:{start}: the record has {len(record)} fields, the header "
                                          f"{len(header)}; quote fields that contain {sep!r}")
                locations.append(f"line {start}")
                if len(locations) == chunk_size:
                    yield _read_block(header_text, kept, sep, dtype, path), locations, progress["done"], progress["total"]
                    locations = []
            if header is not None and not locations:
                kept.clear()
            start = reader.line_num + 1
    except csv.Error as error:
        raise ArticleSetError(f"{path}:{start}: malformed quoting ({error}) in the record starting at line {start}; "
                              f'quote fields that contain {sep!r}, quotes or line breaks, and double quotes inside '
                              f'them ("")') from None
    if header is None:
        raise ArticleSetError(f"{path}: the file is empty; expected a header row and one row per article")
    if locations:
        yield _read_block(header_text, kept, sep, dtype, path), locations, progress["done"], progress["total"]


def _read_block(header: str, lines: list[str], sep: str, dtype: Mapping[str, Any], path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(header + "".join(lines)), sep=sep, dtype=dict(dtype))
    except (pd.errors.ParserError, ValueError) as error:
        raise ArticleSetError(f"{path}: cannot be read as a table ({error})") from None
