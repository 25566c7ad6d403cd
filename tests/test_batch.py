"""``framing batch`` / ``framing.run_batch``: reports, index, summary, cache, failure isolation, bad input.

Kernels are slow (a few seconds each), so the batches here are small: two or three tiny sets run
with the fixture notebook ``tests/fixtures/batch_report.ipynb`` and ``--jobs 2``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import nbformat
import pandas as pd
import pytest

import framing
from _batch_support import CODE_MARKER, COMPARE, REPO, REPORT, make_set
from framing.batch.run import run_batch
from framing.batch.cache import set_key
from framing.batch.inputs import parse_parameter, parse_parameters
from framing.batch.summaries import compare_sets, leading_groups, stack_summaries
from framing.cli import main
from framing.errors import BatchError


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def links_of(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def target_of(page: Path, href: str) -> Path:
    return page.parent / unquote(urlsplit(href).path)


def batch_kwargs(**options):
    return {"notebook": REPORT, "jobs": 2, "progress": False, "compare_notebook": None, **options}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two sets, code hidden, with the comparison notebook: the main job in miniature."""
    root = tmp_path_factory.mktemp("batch")
    sets = [make_set(root / "sets", "alpha", "Alpha coverage"), make_set(root / "sets", "beta", "Beta coverage")]
    out = root / "reports"
    runs = run_batch(sets, out=out, **batch_kwargs(no_input=True, compare_notebook=COMPARE))
    return SimpleNamespace(root=root, sets=sets, out=out, runs=runs)


# -- the main job -----------------------------------------------------------------------------


def test_runs_table_has_one_ok_row_per_set(batch):
    runs = batch.runs
    assert runs["set"].tolist() == ["alpha", "beta"]
    assert runs["status"].tolist() == ["ok", "ok"]
    assert runs["title"].tolist() == ["Alpha coverage", "Beta coverage"]
    assert runs["error"].isna().all() and runs["error_cell"].isna().all()
    assert (runs["duration_s"] > 0).all() and (runs["n_articles"] == 4).all() and (runs["n_groups"] == 2).all()
    assert all(isinstance(h, list) and h for h in runs["headline"])
    for column in ("html", "notebook", "output_dir", "log"):
        assert all(Path(p).exists() for p in runs[column]), column
    assert runs.attrs["compare"]["status"] == "ok"
    assert framing.run_batch is run_batch


def test_layout_of_the_reports_folder(batch):
    out = batch.out
    for name in ("index.html", "summary.csv", "summary.parquet", "batch.json", "compare_sets.html",
                 "compare_sets.ipynb"):
        assert (out / name).is_file(), name
    for name in ("alpha", "beta"):
        for path in ("report.ipynb", "report.html", "run.log", "run.json", ".cache_key", "tables/summary.json",
                     "tables/frames.parquet"):
            assert (out / name / path).is_file(), f"{name}/{path}"
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]
    record = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert [run["status"] for run in record["runs"]] == ["ok", "ok"]
    assert record["compare"]["status"] == "ok" and record["no_input"] is True


def test_index_lists_every_set_with_links_that_exist(batch):
    index = batch.out / "index.html"
    page = index.read_text(encoding="utf-8")
    assert "Alpha coverage" in page and "Beta coverage" in page
    hrefs = links_of(index)
    for name in ("alpha", "beta"):
        for target in ("report.html", "report.ipynb", "tables/", "run.log"):
            assert f"{name}/{target}" in hrefs
    assert {"compare_sets.html", "summary.csv", "summary.parquet", "batch.json"} <= set(hrefs)
    for href in hrefs:
        assert target_of(index, href).exists(), href
    assert "leans on" in page  # headline figures
    assert "<script" not in page


def test_each_report_embeds_its_figures_and_has_no_error(batch):
    for name in ("alpha", "beta"):
        html = (batch.out / name / "report.html").read_text(encoding="utf-8")
        assert "data:image/png;base64" in html
        assert "Traceback" not in html and "papermill-error-cell" not in html
        assert CODE_MARKER not in html  # no_input: the code is hidden
        assert "<script src=" not in html  # nothing loaded from the network
        nb = nbformat.read(batch.out / name / "report.ipynb", as_version=4)
        outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
        assert not [o for o in outputs if o.output_type == "error"]
        assert any("image/png" in o.get("data", {}) for o in outputs)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and "output_dir = \"tables\"" in injected[0].source
        assert str(batch.root / "sets" / name) in injected[0].source


def test_summary_stacks_every_sets_rows(batch):
    csv = pd.read_csv(batch.out / "summary.csv")
    parquet = pd.read_parquet(batch.out / "summary.parquet")
    assert list(csv.columns[:10]) == ["set", "title", "group", "frame", "n", "per_1k", "per_1k_low", "per_1k_high",
                                      "share", "tone"]
    assert len(csv) == len(parquet) == 2 * 2 * 3  # sets × groups × frames
    assert csv.groupby("set").size().to_dict() == {"alpha": 6, "beta": 6}
    assert set(csv["title"]) == {"Alpha coverage", "Beta coverage"}
    assert parquet["per_1k"].tolist() == pytest.approx(csv["per_1k"].tolist())


def test_comparison_notebook_is_rendered_with_figures(batch):
    html = (batch.out / "compare_sets.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64") >= 2  # one frame profile per set
    assert "Traceback" not in html
    assert "Alpha coverage" in html and "agree" in html


def test_rerun_with_nothing_changed_is_cached(batch):
    before = {name: (batch.out / name / "report.html").stat().st_mtime_ns for name in ("alpha", "beta")}
    compare_before = (batch.out / "compare_sets.html").stat().st_mtime_ns
    runs = run_batch(batch.sets, out=batch.out, **batch_kwargs(no_input=True, compare_notebook=COMPARE))
    assert runs["status"].tolist() == ["cached", "cached"]
    assert runs.attrs["compare"]["status"] == "cached"
    assert runs["headline"].tolist() == batch.runs["headline"].tolist()
    assert runs["duration_s"].tolist() == batch.runs["duration_s"].tolist()  # of the run that made the outputs
    after = {name: (batch.out / name / "report.html").stat().st_mtime_ns for name in ("alpha", "beta")}
    assert after == before and (batch.out / "compare_sets.html").stat().st_mtime_ns == compare_before
    assert "2 cached" in (batch.out / "index.html").read_text(encoding="utf-8")


# -- cache ------------------------------------------------------------------------------------


def test_changed_data_parameter_or_force_reruns(tmp_path):
    sets = [make_set(tmp_path / "sets", "alpha"), make_set(tmp_path / "sets", "beta")]
    out = tmp_path / "reports"
    assert run_batch(sets, out=out, **batch_kwargs())["status"].tolist() == ["ok", "ok"]
    assert run_batch(sets, out=out, **batch_kwargs())["status"].tolist() == ["cached", "cached"]

    with open(sets[1] / "articles.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "beta-new", "outlet": "Baltic Sentinel", "date": "2024-10-30",
                                 "text": "More security."}) + "\n")
    runs = run_batch(sets, out=out, **batch_kwargs())
    assert runs["status"].tolist() == ["cached", "ok"] and runs["n_articles"].tolist() == [4, 5]

    runs = run_batch(sets, out=out, **batch_kwargs(parameters={"top_k": 3}))
    assert runs["status"].tolist() == ["ok", "ok"]
    assert "top_k = 3" in (out / "alpha" / "report.ipynb").read_text(encoding="utf-8")
    assert run_batch(sets, out=out, **batch_kwargs(parameters={"top_k": 3}))["status"].tolist() == ["cached"] * 2

    runs = run_batch(sets, out=out, **batch_kwargs(parameters={"top_k": 3}, force=True))
    assert runs["status"].tolist() == ["ok", "ok"]
    assert len(pd.read_csv(out / "summary.csv")) == 12


def test_cache_key_covers_data_notebook_parameters_and_lexicon(tmp_path):
    folder = make_set(tmp_path, "alpha")
    notebook = tmp_path / "report.ipynb"
    notebook.write_bytes(REPORT.read_bytes())
    options = dict(lexicon_hash="L", parameters={"n_boot": 10}, no_input=False, version="1")
    key = set_key(folder, notebook, **options)
    assert set_key(folder, notebook, **options) == key
    assert set_key(folder, notebook, **{**options, "parameters": {"n_boot": 11}}) != key
    assert set_key(folder, notebook, **{**options, "lexicon_hash": "M"}) != key
    assert set_key(folder, notebook, **{**options, "no_input": True}) != key
    assert set_key(folder, notebook, **{**options, "version": "2"}) != key
    (folder / ".DS_Store").write_text("ignored")  # hidden files are not data
    assert set_key(folder, notebook, **options) == key
    (folder / "set.yaml").write_text("title: Other\n")
    key2 = set_key(folder, notebook, **options)
    assert key2 != key
    notebook.write_text(notebook.read_text() + " ")
    assert set_key(folder, notebook, **options) != key2


# -- failures ---------------------------------------------------------------------------------


def test_a_broken_set_fails_alone_and_the_cli_exits_1(tmp_path, capsys):
    sets = [make_set(tmp_path / "sets", "alpha"), make_set(tmp_path / "sets", "broken", "broken")]
    out = tmp_path / "reports"
    args = ["batch", *map(str, sets), "--notebook", str(REPORT), "--out", str(out), "--jobs", "2", "--no-compare",
            "--quiet"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "failed: broken" in err and "ValueError: this article set is broken on purpose" in err
    assert "alpha" not in err.replace(str(tmp_path), "")

    record = {run["set"]: run for run in json.loads((out / "batch.json").read_text())["runs"]}
    assert record["alpha"]["status"] == "ok" and record["broken"]["status"] == "failed"
    assert record["broken"]["error"].startswith(f"cell {record['broken']['error_cell']} (In [")
    # the partially executed notebook is kept, with the error in the failing cell and nothing run after it
    nb = nbformat.read(out / "broken" / "report.ipynb", as_version=4)
    failing = [c for c in nb.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    assert len(failing) == 1 and "broken on purpose" in failing[0].outputs[-1].evalue
    later = nb.cells[nb.cells.index(failing[0]) + 1:]
    assert all(c.get("execution_count") is None for c in later if c.cell_type == "code")
    assert "broken on purpose" in (out / "broken" / "report.html").read_text(encoding="utf-8")
    assert not (out / "broken" / ".cache_key").exists()
    assert (out / "broken" / "run.log").is_file()

    index = out / "index.html"
    page = index.read_text(encoding="utf-8")
    assert "ValueError: this article set is broken on purpose" in page
    assert f"cell {record['broken']['error_cell']}" in page and "broken/report.html#papermill-error-cell" in page
    for href in links_of(index):
        assert target_of(index, href).exists(), href
    assert pd.read_csv(out / "summary.csv")["set"].unique().tolist() == ["alpha"]

    # the next run reruns the failed set only
    runs = run_batch(sets, out=out, **batch_kwargs())
    assert runs["status"].tolist() == ["cached", "failed"]


def test_timeout_and_dead_kernel_fail_their_sets_only(tmp_path):
    sets = [make_set(tmp_path / "sets", "slow", "slow"), make_set(tmp_path / "sets", "crash", "crash")]
    out = tmp_path / "reports"
    runs = run_batch(sets, out=out, **batch_kwargs(timeout=15)).set_index("set")
    assert runs["status"].tolist() == ["failed", "failed"]
    assert "TimeoutError" in runs.loc["slow", "error"] and "15 s" in runs.loc["slow", "error"]
    assert "DeadKernelError" in runs.loc["crash", "error"]
    for name in ("slow", "crash"):
        nb = nbformat.read(out / name / "report.ipynb", as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert len(errors) == 1
        assert (out / name / "report.html").is_file() and not (out / name / ".cache_key").exists()
        assert pd.notna(runs.loc[name, "error_cell"])
    assert runs.attrs["compare"]["status"] == "skipped"


def test_an_interrupted_batch_keeps_finished_reports_and_resumes(tmp_path):
    sets = [make_set(tmp_path / "sets", "alpha"), make_set(tmp_path / "sets", "slow", "slow")]
    out = tmp_path / "reports"
    run_batch(sets[:1], out=out, **batch_kwargs())
    key = (out / "alpha" / ".cache_key").read_text()
    command = [sys.executable, "-c", "import sys; from framing.cli import main; sys.exit(main(sys.argv[1:]))",
               "batch", *map(str, sets), "--notebook", str(REPORT), "--out",
               str(out), "--jobs", "2", "--no-compare", "--quiet"]
    # SIGINT as a terminal gives it, even when the tests themselves run with it ignored (a background job)
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not _slow_is_sleeping(out) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    assert process.poll() is None, process.communicate()
    workers = _descendants(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err
    assert (out / "alpha" / ".cache_key").read_text() == key and (out / "alpha" / "report.html").is_file()
    assert not (out / "slow").exists()
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]
    time.sleep(1)
    assert not [pid for pid in workers if _alive(pid)], "worker or kernel processes left running"


def _slow_is_sleeping(out: Path) -> bool:
    for log in out.glob(".tmp-slow-*/run.log"):
        if "Executing Cell 6" in log.read_text(errors="replace"):  # the cell that sleeps
            return True
    return False


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- bad input: typed errors, nothing run -----------------------------------------------------


@pytest.mark.parametrize("text", ["n_boot", "=3", "n-boot=3", "x=[1,", "2x=1"])
def test_bad_parameter_syntax_is_a_batch_error(text):
    with pytest.raises(BatchError, match="-p"):
        parse_parameter(text)


def test_parameters_are_read_as_yaml_scalars():
    assert parse_parameters(["n_boot=500", "group_by=country", "lexicon=null", "ci=0.9", "flag=true",
                             "name=a=b", "start=2024-10-20", "empty="]) == {
        "n_boot": 500, "group_by": "country", "lexicon": None, "ci": 0.9, "flag": True, "name": "a=b",
        "start": "2024-10-20", "empty": ""}


def test_cli_reports_bad_parameter_and_exits_2(tmp_path, capsys):
    folder = make_set(tmp_path, "alpha")
    assert main(["batch", str(folder), "--notebook", str(REPORT), "--out", str(tmp_path / "r"), "-p", "n_boot"]) == 2
    err = capsys.readouterr().err
    assert "-p 'n_boot'" in err and "key=value" in err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("parameters, message", [
    ({"nboot": 5}, "'nboot' is not set in the 'parameters' cell"),
    ({"article_set": "x"}, "set by the batch"),
    ({"output_dir": "x"}, "set by the batch"),
    ({"lexicon": "no/such/lexicon.yaml"}, "lexicon='no/such/lexicon.yaml': .*no such lexicon file"),
    ({"n_boot": object()}, "not a plain value"),
])
def test_bad_parameters_are_batch_errors(tmp_path, parameters, message):
    folder = make_set(tmp_path, "alpha")
    with pytest.raises(BatchError, match=message):
        run_batch([folder], out=tmp_path / "r", **batch_kwargs(parameters=parameters))
    assert not (tmp_path / "r").exists()


def test_bad_sets_and_notebooks_are_batch_errors(tmp_path, monkeypatch):
    folder = make_set(tmp_path / "sets", "alpha")
    with pytest.raises(BatchError, match=r"missing\.ipynb not found"):
        run_batch([folder], out=tmp_path / "r", **batch_kwargs(notebook=tmp_path / "missing.ipynb"))
    with pytest.raises(BatchError, match="comparison notebook"):
        run_batch([folder], out=tmp_path / "r", **batch_kwargs(compare_notebook=tmp_path / "none.ipynb"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(BatchError, match="not an article set"):
        run_batch([tmp_path / "empty"], out=tmp_path / "r", **batch_kwargs())
    with pytest.raises(BatchError, match="holds the sets alpha"):
        run_batch([tmp_path / "sets"], out=tmp_path / "r", **batch_kwargs())
    with pytest.raises(BatchError, match="no such folder"):
        run_batch([tmp_path / "nowhere"], out=tmp_path / "r", **batch_kwargs())
    other = make_set(tmp_path / "other", "alpha")
    with pytest.raises(BatchError, match="two article sets are named 'alpha'"):
        run_batch([folder, other], out=tmp_path / "r", **batch_kwargs())
    with pytest.raises(BatchError, match="--jobs"):
        run_batch([folder], out=tmp_path / "r", **batch_kwargs(jobs=0))
    with pytest.raises(BatchError, match="--timeout"):
        run_batch([folder], out=tmp_path / "r", **batch_kwargs(timeout=-1))
    plain = nbformat.read(REPORT, as_version=4)
    for cell in plain.cells:
        cell.metadata.pop("tags", None)
    nbformat.write(plain, tmp_path / "untagged.ipynb")
    with pytest.raises(BatchError, match="no cell tagged 'parameters'"):
        run_batch([folder], out=tmp_path / "r", **batch_kwargs(notebook=tmp_path / "untagged.ipynb"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BatchError, match=r"no article sets found: looked for data/article_sets/\*/set\.yaml"):
        run_batch(out=tmp_path / "r", **batch_kwargs())
    assert not (tmp_path / "r").exists()


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path):
    import fcntl

    folder = make_set(tmp_path, "alpha")
    out = tmp_path / "r"
    out.mkdir()
    with open(out / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(BatchError, match="another framing batch is writing"):
            run_batch([folder], out=out, **batch_kwargs())


# -- the summaries ----------------------------------------------------------------------------


def _summary():
    rows = lambda values: [{"group": g, "frame": "security", "n": 3, "per_1k": v, "per_1k_low": v - 1,  # noqa: E731
                            "per_1k_high": v + 1, "share": 0.5, "tone": 0.1} for g, v in values]
    return stack_summaries([("a", "A", {"rows": rows([("X", 10.0), ("Y", 2.0)])}),
                            ("b", "B", {"rows": rows([("X", 10.5), ("Y", 8.0)])}),
                            ("c", "C", {"rows": rows([("Z", 1.0)])})])


def test_compare_sets_finds_agreement_and_differences():
    table = compare_sets(_summary())
    assert table[["group", "verdict"]].values.tolist() == [["Y", "differ"], ["X", "agree"]]
    first = table.iloc[0]
    assert (first["low_set"], first["high_set"], first["spread"], first["n_sets"]) == ("a", "b", 6.0, 2)


def test_leading_groups_marks_stable_leaders():
    table = leading_groups(_summary())
    assert table.set_index("set")["leader"].to_dict() == {"a": "X", "b": "X", "c": "Z"}
    assert not table["same_leader"].any()


def test_stack_summaries_keeps_contract_columns_even_when_empty():
    table = stack_summaries([])
    assert list(table.columns) == ["set", "title", "group", "frame", "n", "per_1k", "per_1k_low", "per_1k_high",
                                   "share", "tone"]
    assert table.empty


def test_the_batch_process_reads_sets_and_lexicon_without_importing_nltk():
    # NLTK takes over a second to import; the process that schedules the notebooks never needs it
    code = ("import sys; from framing.cli import main; from framing.batch.run import execute_batch; "
            "from framing.batch.cache import set_key; from framing.lexicon import load_lexicon; "
            "load_lexicon(); print(sorted(m for m in sys.modules if m.split('.')[0] == 'nltk'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "[]"


def test_force_reruns_the_comparison_too(tmp_path):
    sets = [make_set(tmp_path / "sets", "alpha")]
    out = tmp_path / "reports"
    options = batch_kwargs(compare_notebook=COMPARE, no_input=True)
    assert run_batch(sets, out=out, **options).attrs["compare"]["status"] == "ok"
    assert run_batch(sets, out=out, **options).attrs["compare"]["status"] == "cached"
    made = (out / "compare_sets.html").stat().st_mtime_ns
    runs = run_batch(sets, out=out, **options, force=True)
    assert runs["status"].tolist() == ["ok"] and runs.attrs["compare"]["status"] == "ok"
    assert (out / "compare_sets.html").stat().st_mtime_ns > made


def test_every_notebook_runs_in_a_kernel_started_ahead(batch):
    # the sets' kernels start while the workers import papermill; the comparison's while the last set runs
    for log in (batch.out / "alpha" / "run.log", batch.out / "beta" / "run.log", batch.out / "compare_sets.log"):
        assert "kernel started ahead of the run" in log.read_text(encoding="utf-8"), log
