import sys

import pandas as pd
import pytest

from framing.cli import main
from framing.errors import OptionalDependencyError
from framing.load import load_articles
from framing.measures import score
from framing.stream import stream_scores
from framing.load.scores import load_scores
from test_stream import write_jsonl

NEEDS_DASK = 'needs the optional extra: pip install "framing[dask]"'


def articles():
    return pd.DataFrame({
        "id": [f"n{i}" for i in range(8)],
        "outlet": list("ABABABAB"),
        "text": ["Energy security matters. We thank our partners.", "Troops massed. The threat grew.",
                 "Talks resumed.", "", "The minister balanced ties.", "A strategic partnership was signed.",
                 "Nothing here.", "Security talks with partners resumed."],
    })


def test_dask_without_the_extra_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    source = write_jsonl(tmp_path / "a.jsonl")
    for name in ("dask", "dask.dataframe", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)  # import of these now raises ImportError
    assert main(["score", str(source), "-o", str(tmp_path / "out.parquet"), "--dask", "local"]) == 2
    assert 'install the optional extra with: pip install "framing[dask]"' in capsys.readouterr().err
    from framing.distributed import require_dask

    with pytest.raises(OptionalDependencyError, match=r'--dask needs Dask, which is not installed'):
        require_dask("--dask")


def test_score_of_a_dask_dataframe_is_lazy_and_equals_pandas():
    dd = pytest.importorskip("dask.dataframe", reason=NEEDS_DASK)
    frame = dd.from_pandas(articles(), npartitions=3)
    lazy = score(frame)
    assert type(lazy).__module__.startswith("dask")
    assert_same_scores(lazy.compute(scheduler="sync"), frame.compute())


def assert_same_scores(result, rows):
    """``result`` equals pandas' scores of ``rows``, dtypes included, and the scores of the original table
    (whose text columns dask turned into its own string dtype)."""
    result = result.reset_index(drop=True)
    result.attrs = {}
    expected = score(rows.reset_index(drop=True))
    expected.attrs = {}
    pd.testing.assert_frame_equal(result, expected)
    original = score(articles())
    original.attrs = {}
    pd.testing.assert_frame_equal(result, original, check_dtype=False)


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed", reason=NEEDS_DASK)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def test_local_cluster_with_two_workers_gives_the_pandas_scores(client, tmp_path):
    dd = pytest.importorskip("dask.dataframe", reason=NEEDS_DASK)
    from framing.distributed import dask_analyser

    assert len(client.scheduler_info()["workers"]) == 2
    assert all(address.startswith("tcp://127.0.0.1:") for address in client.scheduler_info()["workers"])
    frame = dd.from_pandas(articles(), npartitions=4)
    assert_same_scores(score(frame).compute(), frame.compute())

    source = write_jsonl(tmp_path / "a.jsonl")
    done = stream_scores(source, tmp_path / "scores.parquet", chunk_size=2, progress=False,
                         analyser=dask_analyser(client))
    assert (done.n_chunks, done.n_written) == (4, 4)
    pd.testing.assert_frame_equal(load_scores(tmp_path / "scores.parquet"), score(load_articles(source)),
                                  check_like=False, check_exact=True)


def test_batch_on_a_local_cluster_isolates_failures_and_caches(client, tmp_path):
    from _batch_support import COMPARE, REPORT, make_set
    from framing.batch.run import run_batch

    sets = [make_set(tmp_path / "sets", "good"), make_set(tmp_path / "sets", "bad", title="broken")]
    options = dict(notebook=REPORT, out=tmp_path / "reports", compare_notebook=COMPARE, progress=False,
                   dask=client.scheduler.address)
    runs = run_batch(sets, **options)
    assert runs.set_index("set")["status"].to_dict() == {"good": "ok", "bad": "failed"}
    assert runs.attrs["compare"]["status"] == "ok"  # the comparison runs here, not on the cluster
    assert (tmp_path / "reports" / "good" / "report.html").is_file()
    assert "ValueError" in runs.set_index("set").loc["bad", "error"]
    again = run_batch(sets, **options)
    assert again.set_index("set")["status"].to_dict() == {"good": "cached", "bad": "failed"}
