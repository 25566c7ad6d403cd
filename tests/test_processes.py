import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pandas as pd
import pytest

from framing.errors import AnalysisError
from framing.processes import chunk_bounds, map_chunks


def test_chunks_hold_about_equal_lengths():
    # a chunk costs about its length: one long row is a chunk of its own, short ones are grouped
    assert chunk_bounds(np.array([1] * 8 + [100]), 2) == [(0, 8), (8, 9)]
    assert chunk_bounds(np.array([10, 10, 10, 10, 40]), 2) == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert chunk_bounds(np.array([5] * 16), 2) == [(k, k + 2) for k in range(0, 16, 2)]
    assert chunk_bounds(np.array([0, 0, 0]), 2) == [(0, 3)]  # nothing to weigh: one chunk


def _rows_and_process(rows: pd.DataFrame, offset: int) -> tuple[list[int], int]:
    return [x + offset for x in rows["x"]], os.getpid()


@pytest.mark.parametrize("n_jobs", [2, 3])
def test_every_chunk_is_done_once_in_order_by_the_caller_and_the_workers(n_jobs):
    table = pd.DataFrame({"x": range(40)})
    chunks = chunk_bounds(np.ones(40), n_jobs)
    results = map_chunks(_rows_and_process, table, chunks, n_jobs, 100)
    assert [x for rows, _ in results for x in rows] == list(range(100, 140))
    processes = {pid for _, pid in results}
    assert os.getpid() in processes  # the caller took chunks itself
    assert len(processes) == n_jobs  # each worker is given a chunk before the caller starts on its own


def test_one_job_is_done_in_this_process_and_a_bad_count_is_refused():
    table = pd.DataFrame({"x": range(4)})
    assert map_chunks(_rows_and_process, table, [(0, 3), (3, 4)], 1, 0) == [([0, 1, 2], os.getpid()), ([3], os.getpid())]
    with pytest.raises(AnalysisError, match="map_chunks: n_jobs=0 must be a positive whole number"):
        map_chunks(len, table, [(0, 4)], 0)


def _dies_in_a_worker(rows: pd.DataFrame) -> int:
    if multiprocessing.parent_process() is not None:
        os._exit(1)  # a worker killed, as by the out-of-memory killer
    return len(rows)


def test_a_worker_that_dies_stops_the_work_with_an_error():
    with pytest.raises(BrokenProcessPool):
        map_chunks(_dies_in_a_worker, pd.DataFrame({"x": range(8)}), [(k, k + 1) for k in range(8)], 2)
