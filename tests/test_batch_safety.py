"""``framing batch`` against what probing found: its inputs are never harmed, bad parameters stop it
before any kernel starts, unreadable sets and unwritable outputs fail alone, the index lists every set
of ``--out``, and the shipped notebooks are the repository's.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

from _batch_support import REPO, REPORT, make_set
from framing.batch import inputs, run as batch_run
from framing.batch.cache import data_size, set_key
from framing.batch.folders import remove_stale
from framing.batch.inputs import COMPARE_NOTEBOOK, REPORT_NOTEBOOK
from framing.batch.run import run_batch
from framing.cli import main
from framing.errors import BatchError


def cli(sets, out, *extra):
    return main(["batch", *map(str, sets), "--notebook", str(REPORT), "--out", str(out), "--jobs", "2",
                 "--no-compare", "--quiet", *extra])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- 15: --out never harms an input set ---------------------------------------------------------


@pytest.mark.parametrize("where", ["equal", "inside", "contains"])
def test_out_that_equals_lies_inside_or_contains_a_set_is_refused(tmp_path, capsys, where):
    folder = make_set(tmp_path / "sets", "alpha")
    before = snapshot(tmp_path / "sets")
    out = {"equal": folder, "inside": folder / "reports", "contains": tmp_path / "sets"}[where]
    assert cli([folder], out) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert {"equal": "lies inside the article set", "inside": "lies inside the article set",
            "contains": "contains the article set"}[where] in err
    assert snapshot(tmp_path / "sets") == before


def test_out_reached_through_a_link_into_a_set_is_refused(tmp_path):
    folder = make_set(tmp_path / "sets", "alpha")
    (tmp_path / "link").symlink_to(folder)
    with pytest.raises(BatchError, match="lies inside the article set"):
        run_batch([folder], out=tmp_path / "link", notebook=REPORT, jobs=1, progress=False, compare_notebook=None)


def test_a_folder_the_batch_did_not_write_is_never_replaced(tmp_path, capsys):
    folder = make_set(tmp_path / "sets", "alpha")
    out = tmp_path / "reports"
    (out / "alpha").mkdir(parents=True)
    (out / "alpha" / "thesis.txt").write_text("my own work")
    (out / ".tmp-notes").mkdir()  # looks like a staging folder, but not one the batch names
    assert cli([folder], out) == 2
    assert "was not written by framing batch" in capsys.readouterr().err
    assert (out / "alpha" / "thesis.txt").read_text() == "my own work"
    remove_stale(out)
    assert (out / ".tmp-notes").is_dir()


# -- 11: parameters and sets checked before any kernel starts -----------------------------------


@pytest.mark.parametrize("parameter, message", [
    ("n_boot=lots", "-p n_boot='lots': expected a whole number (the notebook's default is 200)"),
    ("n_boot=0", "-p n_boot=0: expected a whole number of at least 1"),
    ("top_k=2.5", "-p top_k=2.5: expected a whole number"),
    ("group_by=country", "-p group_by='country': the article set alpha has no column 'country'; its columns: id"),
])
def test_bad_parameter_values_are_one_line_errors_with_exit_2(tmp_path, capsys, parameter, message):
    folder = make_set(tmp_path / "sets", "alpha")
    assert cli([folder], tmp_path / "reports", "-p", parameter) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
    assert not (tmp_path / "reports").exists()


def test_a_set_without_articles_is_a_one_line_error_with_exit_2(tmp_path, capsys):
    good = make_set(tmp_path / "sets", "alpha")
    empty = tmp_path / "sets" / "empty"
    empty.mkdir()
    (empty / "set.yaml").write_text("title: Nothing yet\n")
    assert cli([good, empty], tmp_path / "reports") == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "article set empty:" in err and "no articles file; add articles.jsonl" in err
    assert not (tmp_path / "reports").exists()


def test_workers_started_before_the_checks_are_stopped_when_a_check_fails(tmp_path, monkeypatch, capsys):
    from framing.batch.pool import WorkerPool

    started = []
    start = WorkerPool.start

    def recording_start(pool):
        start(pool)
        started.extend(worker.process for worker in pool._workers)

    monkeypatch.setattr(WorkerPool, "start", recording_start)
    good = make_set(tmp_path / "sets", "alpha")
    empty = tmp_path / "sets" / "empty"
    empty.mkdir()
    (empty / "set.yaml").write_text("title: Nothing yet\n")
    assert cli([good, empty], tmp_path / "reports", "--force") == 2
    assert "no articles file" in capsys.readouterr().err
    assert len(started) == 2  # a first batch into this folder: both workers started at once
    assert all(process.poll() is not None for process in started)  # and all stopped by the error


# -- 17, 18: what the loader reads is hashed; unreadable sets fail alone -------------------------


def _folder_set(tmp_path: Path) -> tuple[Path, Path]:
    """A set whose articles/ folder is a link to a folder of texts kept elsewhere."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Cooperation and trust.")
    (texts / "b.txt").write_text("Security risks.")
    folder = tmp_path / "sets" / "linked"
    folder.mkdir(parents=True)
    (folder / "set.yaml").write_text("title: Linked\ngroup_by: id\n")
    (folder / "articles").symlink_to(texts)
    return folder, texts


def test_a_linked_articles_folder_is_hashed_through_the_link(tmp_path):
    folder, texts = _folder_set(tmp_path)
    options = dict(lexicon_hash="L", parameters={}, no_input=False, version="1")
    key = set_key(folder, REPORT, **options)
    assert data_size(folder) == len("title: Linked\ngroup_by: id\n") + 22 + 15
    (texts / "b.txt").unlink()
    assert set_key(folder, REPORT, **options) != key
    assert data_size(folder) == len("title: Linked\ngroup_by: id\n") + 22


def test_a_dangling_link_or_a_link_loop_fails_its_set_alone(tmp_path):
    good = make_set(tmp_path / "sets", "alpha")
    dangling = make_set(tmp_path / "sets", "dangling")
    (dangling / "notes.txt").symlink_to(tmp_path / "gone.txt")
    looped = make_set(tmp_path / "sets", "looped")
    (looped / "more").mkdir()
    (looped / "more" / "up").symlink_to(looped)
    runs = run_batch([good, dangling, looped], out=tmp_path / "reports", notebook=REPORT, jobs=2, progress=False,
                     compare_notebook=None).set_index("set")
    assert runs["status"].to_dict() == {"alpha": "ok", "dangling": "failed", "looped": "failed"}
    assert runs.loc["dangling", "error"] == (f"ArticleSetError: {dangling / 'notes.txt'}: a symbolic link to "
                                             f"{tmp_path / 'gone.txt'}, which does not exist; restore its target "
                                             f"or remove the link")
    assert runs.loc["looped", "error"].startswith(f"ArticleSetError: {looped / 'more' / 'up'}: a symbolic link loop")
    page = (tmp_path / "reports" / "index.html").read_text()
    assert "which does not exist" in page and "a symbolic link loop" in page


# -- 21: a set that cannot be written fails alone; the index is still written ------------------


def test_unwritable_outputs_fail_their_set_alone_and_the_index_is_written(tmp_path, monkeypatch, capsys):
    sets = [make_set(tmp_path / "sets", name) for name in ("alpha", "beta", "gamma")]
    out = tmp_path / "reports"
    make_tmp, install = batch_run.make_tmp, batch_run.install_folder

    def read_only(folder, name):
        if name == "beta":
            raise OSError(errno.EROFS, "Read-only file system", str(folder / name))
        return make_tmp(folder, name)

    def disk_full(staged, final):
        if final.name == "gamma":
            raise OSError(errno.ENOSPC, "No space left on device", str(staged / "report.html"))
        return install(staged, final)

    monkeypatch.setattr(batch_run, "make_tmp", read_only)
    monkeypatch.setattr(batch_run, "install_folder", disk_full)
    assert cli(sets, out) == 1
    err = capsys.readouterr().err
    assert f"failed: beta: OSError: {out / 'beta'}: cannot be written (Read-only file system)" in err
    assert "failed: gamma: OSError:" in err and "(No space left on device)" in err
    assert "Traceback" not in err
    record = {run["set"]: run["status"] for run in json.loads((out / "batch.json").read_text())["runs"]}
    assert record == {"alpha": "ok", "beta": "failed", "gamma": "failed"}
    assert "No space left on device" in (out / "index.html").read_text()
    assert not (out / "gamma").exists() and not [p for p in out.iterdir() if p.name.startswith(".tmp-")]


def test_an_index_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    dangling = make_set(tmp_path / "sets", "dangling")  # fails before any kernel: a quick batch
    (dangling / "notes.txt").symlink_to(tmp_path / "gone.txt")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch_run, "write_index", full)
    assert cli([dangling], tmp_path / "reports") == 1
    err = capsys.readouterr().err
    assert f"failed: {tmp_path / 'reports'}: the index could not be written (No space left on device)" in err
    assert "Traceback" not in err


def test_an_out_folder_that_cannot_be_made_is_a_one_line_error(tmp_path, capsys):
    folder = make_set(tmp_path / "sets", "alpha")
    (tmp_path / "plain").write_text("a file")
    assert cli([folder], tmp_path / "plain" / "reports") == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot create it" in err


# -- 9: the index lists every set present in --out ----------------------------------------------


def test_the_index_and_summary_list_every_set_in_out(tmp_path):
    alpha, beta = make_set(tmp_path / "sets", "alpha", "Alpha coverage"), make_set(tmp_path / "sets", "beta")
    out = tmp_path / "reports"
    options = dict(out=out, notebook=REPORT, jobs=2, progress=False, compare_notebook=None)
    run_batch([alpha], **options)
    runs = run_batch([beta], **options)
    assert runs["set"].tolist() == ["beta"]  # what this run did
    record = {run["set"]: run for run in json.loads((out / "batch.json").read_text())["runs"]}
    assert {name: (run["status"], run["this_run"]) for name, run in record.items()} == {
        "beta": ("ok", True), "alpha": ("ok", False)}
    page = (out / "index.html").read_text()
    assert "Alpha coverage" in page and "alpha/report.html" in page
    assert page.count('<div class="dim">earlier run, 20') == 1 and page.count('<div class="dim">this run</div>') == 1
    assert "1 from an earlier run" in page
    assert sorted(pd.read_csv(out / "summary.csv")["set"].unique()) == ["alpha", "beta"]


# -- 10: the notebooks ship in the package, identical to notebooks/ -----------------------------


def test_the_shipped_notebooks_are_the_repository_notebooks():
    shipped = REPO / "framing" / "notebooks"
    assert shipped.resolve() == (REPO / "notebooks").resolve()
    assert REPORT_NOTEBOOK.read_bytes() == (REPO / "notebooks" / "report.ipynb").read_bytes()
    assert COMPARE_NOTEBOOK.read_bytes() == (REPO / "notebooks" / "compare_sets.ipynb").read_bytes()
    data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["framing"]
    assert "notebooks/*.ipynb" in data


def test_batch_finds_its_notebooks_from_any_directory(tmp_path, monkeypatch, capsys):
    folder = make_set(tmp_path / "sets", "alpha")
    monkeypatch.chdir(tmp_path)
    # the default notebook is found (it is the one checked), and so is the comparison notebook
    assert main(["batch", str(folder), "--out", str(tmp_path / "r"), "-p", "nboot=5", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "'nboot' is not set in the 'parameters' cell of" in err and "report.ipynb" in err
    assert inputs.parameter_defaults(COMPARE_NOTEBOOK, required=["reports_dir"]) == {"reports_dir": "../reports"}


def test_readme_synopsis_documents_every_batch_option():
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Batch reports", 1)[1].split("\n## ", 1)[0]
    help_text = subprocess.run([str(Path(os.sys.executable).parent / "framing"), "batch", "--help"],
                               capture_output=True, text=True, check=True).stdout
    options = {word.rstrip(",") for word in help_text.split() if word.startswith("--") and word != "--help"}
    assert options >= {"--notebook", "--out", "--jobs", "--no-input", "--force", "--timeout", "--compare-notebook",
                       "--no-compare", "--quiet", "--parameter"}
    for option in options:
        assert option in section, option


# -- 13: running JupyterLab, licence, citation --------------------------------------------------


def test_make_lab_takes_a_port_and_runs_as_root():
    done = subprocess.run(["make", "-n", "lab", "PORT=9123", "VENV=.venv"], cwd=REPO, capture_output=True,
                          text=True, check=True)
    command = done.stdout.strip().splitlines()[-1]
    assert "jupyter lab --notebook-dir=notebooks --port=9123" in command
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_license_and_citation_agree_with_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    assert (REPO / "LICENSE").read_text().startswith("MIT License\n")
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "MIT"
    assert citation["version"] == project["version"] and citation["authors"]


def test_a_kernel_that_dies_while_starting_is_started_again(tmp_path, monkeypatch):
    import papermill

    from framing.batch import worker

    calls = []

    def flaky(*args, **kwargs):  # the port race of two kernels starting at once, as jupyter_client reports it
        calls.append(kwargs["cwd"])
        if len(calls) < 3:
            raise RuntimeError(worker.KERNEL_START_FAILURE)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: None)
    assert worker.execute("in.ipynb", tmp_path / "out.ipynb", parameters={}, cwd=tmp_path) is None
    assert len(calls) == 3
    calls.clear()

    def always(*args, **kwargs):
        calls.append(1)
        raise RuntimeError(worker.KERNEL_START_FAILURE)

    monkeypatch.setattr(papermill, "execute_notebook", always)
    error = worker.execute("in.ipynb", tmp_path / "out.ipynb", parameters={}, cwd=tmp_path)
    assert len(calls) == worker.KERNEL_START_ATTEMPTS
    assert error["ename"] == "RuntimeError" and error["evalue"] == worker.KERNEL_START_FAILURE
