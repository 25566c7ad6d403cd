"""Dask: score a dask DataFrame lazily, score a file's chunks on a cluster, run a batch's notebooks there.

Needs the optional extra: ``pip install "framing[dask]"`` (dask[dataframe] and distributed).

>>> import dask.dataframe as dd                                    # doctest: +SKIP
>>> scores = framing.score(dd.read_parquet("archive/"))            # doctest: +SKIP
>>> scores.groupby("outlet")["security_per_1k"].mean().compute()   # doctest: +SKIP

What is sent to workers: the lexicon once (one task every partition depends on, or one scattered
copy per worker), then each partition's (or chunk's) rows: ``id``, ``text`` and metadata. What comes
back: the score table of the partition (and, from a file, its sentences and matches).
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from framing.errors import FramingError, OptionalDependencyError
from framing.lexicon import Lexicon, load_lexicon

INSTALL = 'pip install "framing[dask]"'
IN_FLIGHT_PER_THREAD = 2  # chunks queued per worker thread: enough to keep workers busy, few enough to bound memory


def require_dask(what: str = "Dask support") -> None:
    """Import dask.dataframe and distributed, or raise OptionalDependencyError saying how to install them.

    >>> require_dask()  # doctest: +SKIP
    """
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as error:
        raise OptionalDependencyError(f"{what} needs Dask, which is not installed ({error.name or error}); install "
                                      f"the optional extra with: {INSTALL}") from None


def score_dask(articles, lexicon: Lexicon | str | None = None):
    """The per-article score table of a dask DataFrame (``id``, ``text``, metadata), lazily: one
    :func:`framing.score` per partition, same columns and values as pandas on the same rows.

    Ids are checked within each partition; make them unique across partitions upstream.

    >>> score_dask(dd.from_pandas(articles, npartitions=4)).compute()  # doctest: +SKIP
    """
    require_dask("framing.score on a dask DataFrame")
    import dask

    lexicon = load_lexicon(lexicon)
    meta = _score_partition(articles._meta, lexicon)
    shipped = dask.delayed(lexicon, pure=True)  # one task: each worker receives the lexicon once
    return articles.map_partitions(_score_partition, shipped, meta=meta, enforce_metadata=False)


def _score_partition(part: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    from framing.measures import score

    result = score(part, lexicon)
    result.attrs = {}  # attrs differ per partition (lexicon source paths); dask compares them
    return result


@contextlib.contextmanager
def connect(address: str, n_workers: int | None = None, threads_per_worker: int = 1) -> Iterator[Any]:
    """A ``distributed.Client``: on the scheduler at ``address`` (``tcp://host:8786``), or on a
    ``LocalCluster`` on this machine (``"local"``: ``n_workers`` processes, default one per core, on
    127.0.0.1). The local cluster is closed on exit; a remote one is left running.

    >>> with connect("local", n_workers=2) as client:  # doctest: +SKIP
    ...     print(len(client.scheduler_info()["workers"]))
    2
    """
    require_dask("--dask")
    from distributed import Client, LocalCluster

    if address == "local":
        with LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=threads_per_worker,
                          processes=True, host="127.0.0.1", dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as error:
        raise FramingError(f"--dask {address}: cannot reach a Dask scheduler there ({error}); start one "
                                      f"(dask scheduler) or pass --dask local") from None
    with client:
        yield client


def dask_analyser(client):
    """An analyser for :func:`framing.stream.stream_scores` that analyses each chunk on the cluster of
    ``client``: the lexicon is scattered once to every worker, chunks go out in order with a bounded
    number in flight, and results come back in chunk order."""
    from distributed import wait

    def run(chunks, lexicon: Lexicon):
        shipped = client.scatter(lexicon, broadcast=True, hash=False)
        threads = sum(client.nthreads().values()) or 1
        pending: deque = deque()
        for chunk in chunks:
            articles = client.scatter(chunk.articles, hash=False)
            pending.append((chunk, client.submit(_analyse_chunk, articles, shipped, pure=False)))
            while len(pending) >= IN_FLIGHT_PER_THREAD * threads:
                yield _first(pending, wait)
        while pending:
            yield _first(pending, wait)

    return run


@dataclass(frozen=True)
class _Scored:
    """What a worker sends back for a chunk: its tables, without the articles' texts."""

    sentences: pd.DataFrame
    matches: pd.DataFrame
    scores: pd.DataFrame

    def score(self) -> pd.DataFrame:
        return self.scores


def _analyse_chunk(articles: pd.DataFrame, lexicon: Lexicon) -> _Scored:
    from framing.measures import analyse

    analysis = analyse(articles, lexicon)
    return _Scored(analysis.sentences, analysis.matches, analysis.score())


def _first(pending: deque, wait):
    chunk, future = pending.popleft()
    wait([future])
    return chunk, future.result()


class DaskPool:
    """The interface of :class:`framing.batch.pool.WorkerPool`, on a Dask cluster: each job runs
    :func:`framing.batch.worker.run_job` (papermill, then HTML) as a Dask task. Paths in the jobs
    must be visible to the workers (a shared file system, or a LocalCluster)."""

    def __init__(self, client, size: int | None = None):
        self.client = client
        self.size = size or sum(client.nthreads().values()) or 1
        self._running: dict[str, Any] = {}

    @property
    def busy(self) -> list[str]:
        return list(self._running)

    def has_room(self) -> bool:
        return len(self._running) < self.size

    def submit(self, name: str, job: Mapping[str, Any], hard_timeout: float | None = None) -> None:
        from framing.batch.worker import run_job

        self._running[name] = self.client.submit(run_job, dict(job), key=f"framing-batch-{name}-{os.urandom(4).hex()}",
                                                 pure=False)

    def wait(self, timeout: float = 0.5) -> list[tuple[str, dict[str, Any]]]:
        from distributed import wait

        if not self._running:
            return []
        with contextlib.suppress(TimeoutError):
            wait(list(self._running.values()), timeout=timeout, return_when="FIRST_COMPLETED")
        finished = []
        for name, future in list(self._running.items()):
            if future.done():
                del self._running[name]
                finished.append((name, _job_result(future)))
        return finished

    def close(self, grace: float = 10.0) -> None:
        for future in self._running.values():
            future.cancel()
        self._running.clear()

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _job_result(future) -> dict[str, Any]:
    """The job's answer; a task that raised (a worker lost, say) is a failed job, as in the local pool."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - any failure of the task fails this set only
        return {"status": "failed", "duration_s": None, "html": False,
                "error": {"cell": None, "execution_count": None, "ename": type(error).__name__,
                          "evalue": f"the Dask task failed: {error}"}}


@contextlib.contextmanager
def dask_pool(address: str) -> Iterator[DaskPool]:
    """A :class:`DaskPool` on the cluster at ``address`` (or ``"local"``), closed on exit."""
    with connect(address) as client, DaskPool(client) as pool:
        yield pool
