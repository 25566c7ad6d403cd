"""Work shared out over processes: a table's rows in contiguous chunks, analysed by the calling
process and ``n_jobs - 1`` worker processes, with the results in the order of the chunks.

>>> import numpy as np, pandas as pd
>>> table = pd.DataFrame({"text": ["a", "bb", "cccc", "dddddddd"]})
>>> chunks = chunk_bounds(table["text"].str.len().to_numpy(), n_jobs=1)
>>> chunks
[(0, 2), (2, 3), (3, 4)]
>>> map_chunks(len, table, chunks, n_jobs=2)
[2, 1, 1]
"""

from __future__ import annotations

import collections
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable

import numpy as np
import pandas as pd

from framing.checks import require_whole

CHUNKS_PER_JOB = 4
_WORKER_JOB: tuple = ()  # a worker process's function, table and arguments, set once by _start_worker


def chunk_bounds(lengths: np.ndarray, n_jobs: int) -> list[tuple[int, int]]:
    """Contiguous row ranges of about equal total ``lengths``, ``CHUNKS_PER_JOB * n_jobs`` of them at
    most (a row is never split), so that the processes finish together: a chunk costs about its length.

    >>> chunk_bounds(np.array([1] * 8 + [100]), 2)
    [(0, 8), (8, 9)]
    """
    targets = np.linspace(0, lengths.sum(), CHUNKS_PER_JOB * n_jobs + 1)[1:-1]
    ends = np.searchsorted(np.cumsum(lengths), targets, side="right")
    cuts = [0, *sorted(set(int(e) for e in ends) - {0, len(lengths)}), len(lengths)]
    return list(zip(cuts[:-1], cuts[1:]))


def _start_worker(function: Callable, table: pd.DataFrame, args: tuple) -> None:
    global _WORKER_JOB
    _WORKER_JOB = (function, table, args)


def _run_rows(bounds: tuple[int, int], job: tuple | None = None) -> Any:
    """``function(table.iloc[start:end], *args)`` of ``job`` (this worker's own when not given)."""
    function, table, args = job or _WORKER_JOB
    return function(table.iloc[bounds[0]:bounds[1]], *args)


def map_chunks(function: Callable, table: pd.DataFrame, chunks: list[tuple[int, int]], n_jobs: int,
               *args) -> list:
    """``function(table.iloc[start:end], *args)`` for each ``(start, end)`` of ``chunks``, in their order.

    The calling process takes chunks from the front and starts at once; ``n_jobs - 1`` worker
    processes take them from the back, each given its next chunk as soon as it returns one, so that
    all finish about together. Forked workers inherit ``function``, ``table`` and ``args`` (nothing
    is pickled for them but the row ranges and the results); build anything they should share, such
    as a compiled lexicon, before the call. An error in any chunk stops the work and is raised.
    """
    require_whole(n_jobs, "n_jobs", "map_chunks", 1)
    job = (function, table, args)
    if n_jobs == 1:
        return [_run_rows(bounds, job) for bounds in chunks]
    todo = collections.deque(chunks)
    given: list[tuple[tuple[int, int], Future]] = []
    lock = threading.RLock()  # a chunk done before its callback is added calls give() at once, in give()
    results = {}
    with ProcessPoolExecutor(max_workers=n_jobs - 1, initializer=_start_worker,
                             initargs=job) as pool:

        def give(done: Future | None = None) -> None:
            with lock:  # a chunk taken is in ``given`` before the lock is let go
                if done is not None and (done.cancelled() or done.exception() is not None):
                    todo.clear()  # its error is raised below: no more work for anyone
                if todo:
                    bounds = todo.pop()
                    try:
                        future = pool.submit(_run_rows, bounds)
                    except RuntimeError:  # the pool is broken (a worker died): its error is raised below
                        todo.append(bounds)  # and the caller does this chunk meanwhile
                        return
                    given.append((bounds, future))
                    future.add_done_callback(give)

        for _ in range(n_jobs - 1):
            give()
        try:
            while True:
                with lock:
                    bounds = todo.popleft() if todo else None
                if bounds is None:
                    break
                results[bounds] = _run_rows(bounds, job)
        except BaseException:
            with lock:
                todo.clear()  # the workers finish the chunk they have, then the error goes on
            raise
        with lock:
            taken = list(given)
        for bounds, future in taken:
            results[bounds] = future.result()
    return [results[bounds] for bounds in chunks]
