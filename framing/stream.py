"""Scoring an archive in bounded memory: chunk by chunk, into a resumable Parquet dataset.

>>> for scores in score_chunks("archive.jsonl", chunk_size=10_000):  # doctest: +SKIP
...     print(len(scores))
>>> stream_scores("archive.jsonl", "scores.parquet", resume=True)  # doctest: +SKIP
StreamResult(n_articles=250000, n_chunks=25, n_written=7, n_skipped=18)

A dataset is a folder of ``part-000000.parquet``, ``part-000001.parquet``… (one per chunk, each written
whole by :func:`framing.files.write_table`) and ``_stream.json`` (the input and settings it was made
with). Sentences and matches go to datasets of their own, laid out the same way. A chunk counts as
done when its score part exists (it is written last), so a run that was interrupted resumes by
skipping those chunks; :func:`framing.load_scores` reads the whole dataset back.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import FramingError
from framing.files import write_table, write_text
from framing.lexicon import Lexicon, load_lexicon
from framing.load.chunks import DEFAULT_CHUNK_SIZE, Chunk, read_chunks
from framing.measures import Analysis, analyse

MANIFEST = "_stream.json"
PART = "part-{:06d}.parquet"

# Analyses chunks: each chunk in, the chunk and its Analysis (or anything with .sentences, .matches and
# .score()) out, in order; framing.distributed supplies one that runs on a Dask cluster.
Analyser = Callable[[Iterator[Chunk], Lexicon], Iterator[tuple[Chunk, Analysis]]]


@dataclass(frozen=True)
class StreamResult:
    """What :func:`stream_scores` did: articles read, chunks read, chunks written now, chunks already there."""

    n_articles: int
    n_chunks: int
    n_written: int
    n_skipped: int


def score_chunks(path: str | os.PathLike, chunk_size: int = DEFAULT_CHUNK_SIZE, lexicon: Lexicon | str | None = None,
                 *, text: str | None = None, encoding: str | None = None, n_jobs: int = 1) -> Iterator[pd.DataFrame]:
    """Yield the score table (:func:`framing.score`) of each chunk of ``chunk_size`` articles of ``path``.

    Concatenated, the chunks equal ``framing.score(framing.load_articles(path))`` row for row.

    >>> sum(len(s) for s in score_chunks("archive.jsonl", chunk_size=5000))  # doctest: +SKIP
    120000
    """
    lexicon = load_lexicon(lexicon)
    for chunk in read_chunks(path, chunk_size, text=text, encoding=encoding):
        yield analyse(chunk.articles, lexicon, n_jobs).score()


def local_analyser(n_jobs: int = 1) -> Analyser:
    """Score each chunk in this process (``n_jobs`` worker processes share a chunk)."""
    def run(chunks: Iterator[Chunk], lexicon: Lexicon) -> Iterator[tuple[Chunk, Analysis]]:
        for chunk in chunks:
            yield chunk, analyse(chunk.articles, lexicon, n_jobs)
    return run


def stream_scores(path: str | os.PathLike, output: str | os.PathLike, chunk_size: int = DEFAULT_CHUNK_SIZE,
                  lexicon: Lexicon | str | None = None, *, sentences: str | os.PathLike | None = None,
                  matches: str | os.PathLike | None = None, resume: bool = False, text: str | None = None,
                  encoding: str | None = None, n_jobs: int = 1, progress: bool = True,
                  analyser: Analyser | None = None) -> StreamResult:
    """Score ``path`` chunk by chunk into the Parquet dataset folder ``output`` (and the sentences and
    matches into ``sentences`` / ``matches`` folders when given).

    With ``resume=True`` a dataset made from the same input and settings is continued: chunks already
    written are skipped (their ids still count for the duplicate check). Without it, an existing
    dataset is an error, so nothing written is lost.

    >>> stream_scores("archive.jsonl", "scores.parquet", chunk_size=10_000)  # doctest: +SKIP
    """
    lexicon = load_lexicon(lexicon)
    source = Path(path).expanduser()
    folders = {"scores": Path(output)} | {k: Path(v) for k, v in (("sentences", sentences), ("matches", matches)) if v}
    manifest = _manifest(source, chunk_size, lexicon, text, encoding, {k: str(v) for k, v in folders.items()})
    for kind, folder in folders.items():
        _prepare(folder, manifest, kind, resume)
    done = {int(p.name[5:11]) for p in folders["scores"].glob("part-*.parquet")}
    bar = _progress(progress)
    counts = {"articles": 0, "chunks": 0, "written": 0, "scored": 0}
    started = time.monotonic()
    todo = _skipping(read_chunks(source, chunk_size, text=text, encoding=encoding), done, counts, bar, started)
    try:
        for chunk, analysis in (analyser or local_analyser(n_jobs))(todo, lexicon):
            if "sentences" in folders:
                write_table(analysis.sentences, folders["sentences"] / PART.format(chunk.index))
            if "matches" in folders:
                write_table(analysis.matches, folders["matches"] / PART.format(chunk.index))
            write_table(analysis.score(), folders["scores"] / PART.format(chunk.index))  # last: marks the chunk done
            counts["written"] += 1
            counts["scored"] += len(chunk.articles)
            _advance(bar, chunk, counts, started)
    finally:
        bar.close()
    if counts["chunks"] == 0:
        raise FramingError(f"{source}: no articles to score")
    return StreamResult(counts["articles"], counts["chunks"], counts["written"], counts["chunks"] - counts["written"])


def dataset_parts(folder: str | os.PathLike) -> list[Path]:
    """The part files of a dataset folder written by :func:`stream_scores`, in chunk order.

    >>> dataset_parts("scores.parquet")[:1]  # doctest: +SKIP
    [PosixPath('scores.parquet/part-000000.parquet')]
    """
    return sorted(Path(folder).glob("part-*.parquet"))


def _skipping(chunks: Iterator[Chunk], done: set[int], counts: dict[str, int], bar, started: float) -> Iterator[Chunk]:
    """The chunks not written yet; every chunk read is counted."""
    for chunk in chunks:
        counts["chunks"] += 1
        counts["articles"] += len(chunk.articles)
        if chunk.index in done:
            _advance(bar, chunk, counts, started)
            continue
        yield chunk


def _manifest(source: Path, chunk_size: int, lexicon: Lexicon, text, encoding, outputs: dict[str, str]) -> dict[str, Any]:
    from framing import __version__

    if not source.is_file():
        raise FramingError(f"{source}: no such file")
    stat = source.stat()
    return {"input": str(source.resolve()), "input_bytes": stat.st_size, "input_mtime_ns": stat.st_mtime_ns,
            "chunk_size": chunk_size, "text": text, "encoding": encoding, "lexicon": lexicon.fingerprint,
            "framing_version": __version__, "outputs": outputs}


def _prepare(folder: Path, manifest: dict[str, Any], kind: str, resume: bool) -> None:
    """Check that ``folder`` may receive this run's parts; write its manifest."""
    if folder.exists() and not folder.is_dir():
        raise FramingError(f"{folder}: a file; streamed {kind} go to a folder of Parquet parts: remove the file "
                           f"or choose another name")
    recorded = folder / MANIFEST
    if recorded.is_file():
        if not resume:
            raise FramingError(f"{folder}: already holds streamed {kind}; pass --resume (resume=True) to continue "
                               f"that run, or remove the folder to start again")
        previous = json.loads(recorded.read_text(encoding="utf-8"))
        changed = [key for key in manifest if previous.get(key) != manifest[key]]
        if changed:
            raise FramingError(f"{folder}: cannot resume: {', '.join(changed)} differ from the run that wrote it "
                               f"({', '.join(f'{k}={previous.get(k)!r}' for k in changed)}); use the same input and "
                               f"settings, or remove the folder to start again")
    elif folder.is_dir() and any(folder.iterdir()):
        raise FramingError(f"{folder}: a folder that is not a streamed {kind} dataset (no {MANIFEST}); choose an "
                           f"empty or new folder")
    write_text(folder / MANIFEST, json.dumps(manifest, indent=1) + "\n")


def _progress(enabled: bool):
    from tqdm import tqdm

    return tqdm(total=None, desc="framing score", unit="B", unit_scale=True, file=sys.stderr,
                disable=not enabled, dynamic_ncols=True)


def _advance(bar, chunk: Chunk, counts: dict[str, int], started: float) -> None:
    if bar.disable:
        return
    if chunk.total is not None and bar.total != chunk.total:
        bar.total = chunk.total
        if chunk.locations and chunk.locations[0].startswith("row"):
            bar.unit, bar.unit_scale = "article", False
    bar.update(chunk.done - bar.n)
    rate = counts["scored"] / max(time.monotonic() - started, 1e-9)
    bar.set_postfix_str(f"{counts['articles']} articles read, {rate:.0f} scored/s", refresh=True)
