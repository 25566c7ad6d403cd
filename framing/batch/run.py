"""``run_batch``: run a report notebook over many article sets, in parallel, cached, failures isolated.

>>> runs = framing.run_batch(jobs=2, parameters={"n_boot": 500})   # doctest: +SKIP
>>> runs[["set", "status", "duration_s"]]                          # doctest: +SKIP

Every set runs in a worker process of its own (:mod:`framing.batch.worker`), with its own kernel and
its own working directory; its outputs go to ``reports/.tmp-<set>-<random>/`` and are moved to
``reports/<set>/`` when the set is done, so an interrupted batch leaves every finished report whole.
A set whose inputs are unchanged (:mod:`framing.batch.cache`) is not run again. Then the comparison
notebook runs over the stacked summaries, and ``index.html``, ``summary.csv``/``.parquet`` and
``batch.json`` are written (:mod:`framing.batch.index`, :mod:`framing.batch.summaries`).

Layout of ``reports/``::

    index.html  summary.csv  summary.parquet  batch.json  compare_sets.html  compare_sets.ipynb
    <set>/report.html  <set>/report.ipynb  <set>/tables/*.parquet  <set>/tables/summary.json
    <set>/run.log  <set>/run.json  <set>/.cache_key
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.batch.cache import combined_key, file_hash, read_key, set_key, write_key
from framing.batch.index import describe_error, write_index, write_runs
from framing.batch.inputs import (
    TABLES_DIR,
    SetInput,
    check_notebook,
    check_parameters,
    find_sets,
    notebook_parameters,
    resolve_lexicon,
)
from framing.errors import BatchError
from framing.files import install_folder

RUN_FILE = "run.json"
REPORT_FILES = ("report.ipynb", "report.html", RUN_FILE)
COMPARE_NAME = "compare_sets"
COMPARE_KEY = ".compare_key"
SUMMARY_KEY = ".summary_key"
LOCK_FILE = ".lock"
HARD_TIMEOUT_GRACE = 60.0  # seconds past --timeout before a silent worker is killed
RUN_COLUMNS = ("set", "title", "status", "duration_s", "n_articles", "n_groups", "group_by", "date_min", "date_max",
               "headline", "error", "error_cell", "html", "notebook", "output_dir", "log", "path")


def run_batch(sets: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
              notebook: str | os.PathLike = "notebooks/report.ipynb", out: str | os.PathLike = "reports",
              jobs: int | None = None, parameters: Mapping[str, Any] | None = None, no_input: bool = False,
              force: bool = False, timeout: float | None = None,
              compare_notebook: str | os.PathLike | None = "notebooks/compare_sets.ipynb",
              progress: bool = True, dask: str | None = None):
    """Run ``notebook`` once per article set and collect the reports in ``out``; returns one row per set.

    Parameters
    ----------
    sets : article-set folders (default: every set under ``data/article_sets/``).
    notebook : the report notebook; its ``parameters`` cell must assign ``article_set`` and ``output_dir``.
    out : the reports folder (see the module docstring for its layout).
    jobs : sets run at the same time (default: the number of cores).
    parameters : extra notebook parameters for every set, e.g. ``{"n_boot": 500, "group_by": "country"}``.
    no_input : hide the code in the HTML reports.
    force : rerun every set, even those whose inputs are unchanged.
    timeout : seconds a set may run before it is stopped and marked failed (default: no limit).
    compare_notebook : run over the stacked summaries (parameter ``reports_dir``); ``None`` to skip.
    progress : show a progress bar and a final line on stderr.
    dask : run each set as a task on the Dask cluster at this address (``"local"``: a LocalCluster);
        the workers must see the same paths (:mod:`framing.distributed`).

    Returns a DataFrame with ``set``, ``title``, ``status`` (``ok``, ``cached`` or ``failed``),
    ``duration_s`` (of the run that made the outputs), ``n_articles``, ``n_groups``, ``date_min``,
    ``date_max``, ``headline`` (list of text), ``error`` (``"cell 7 (In [5]): ValueError: …"``),
    ``error_cell``, and the paths ``html``, ``notebook``, ``output_dir``, ``log``, ``path`` (the set).
    ``.attrs`` holds ``compare`` (the comparison's status) and ``index`` (the path of ``index.html``).

    A failing set never stops the others; a :class:`~framing.errors.BatchError` is raised only for
    bad input (a missing notebook, a folder that is not an article set, an unknown parameter…).

    >>> runs = run_batch(["data/article_sets/winter_gas_terms"], out="/tmp/reports", jobs=1)  # doctest: +SKIP
    >>> runs.loc[0, "status"]  # doctest: +SKIP
    'ok'
    """
    result = execute_batch(sets, notebook=notebook, out=out, jobs=jobs, parameters=parameters, no_input=no_input,
                           force=force, timeout=timeout, compare_notebook=compare_notebook, progress=progress,
                           dask=dask)
    import pandas as pd

    table = pd.DataFrame.from_records(result.runs, columns=list(RUN_COLUMNS))
    table["error_cell"] = table["error_cell"].astype("Int64")
    table.attrs.update(compare=result.compare, index=str(result.index))
    return table


@dataclass(frozen=True)
class BatchResult:
    """What :func:`execute_batch` did: ``runs`` (one record per set), ``compare``, ``index`` (path)."""

    runs: list[dict[str, Any]]
    compare: dict[str, Any]
    index: Path

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [run for run in self.runs if run["status"] == "failed"]


def execute_batch(sets=None, *, notebook="notebooks/report.ipynb", out="reports", jobs=None, parameters=None,
                  no_input=False, force=False, timeout=None, compare_notebook="notebooks/compare_sets.ipynb",
                  progress=True, dask=None) -> BatchResult:
    """:func:`run_batch` without pandas: the same work, the runs as a list of dicts (the CLI uses this,
    so that a cached batch returns in well under a second)."""
    from framing import __version__

    started = time.monotonic()
    notebook_path = check_notebook(notebook)
    user_parameters = check_parameters(parameters, notebook_parameters(notebook_path), notebook_path)
    lexicon_hash = resolve_lexicon(user_parameters.get("lexicon"))[1]
    compare_path = None
    if compare_notebook is not None:
        compare_path = check_notebook(compare_notebook, what="comparison notebook", option="--compare-notebook")
        notebook_parameters(compare_path, required=("reports_dir",))
    set_inputs = find_sets(sets)
    jobs = _check_jobs(jobs)
    timeout = _check_timeout(timeout)
    out_path = Path(out)
    if out_path.exists() and not out_path.is_dir():
        raise BatchError(f"--out {out_path}: a file, not a folder; pass a folder for the reports (e.g. reports/)")
    out_path.mkdir(parents=True, exist_ok=True)
    kernel_name = _kernel_name(notebook_path)
    info = {"framing_version": __version__, "notebook": str(notebook), "parameters": user_parameters,
            "no_input": bool(no_input)}

    with _locked(out_path):
        _remove_stale(out_path)
        keys = {s.name: set_key(s.path, notebook_path, lexicon_hash=lexicon_hash, parameters=user_parameters,
                                no_input=no_input, version=__version__) for s in set_inputs}
        records: dict[str, dict[str, Any]] = {}
        todo: list[SetInput] = []
        for s in set_inputs:
            record = None if force else _cached_record(out_path, s, keys[s.name])
            if record is not None:
                records[s.name] = record
            else:
                todo.append(s)
        bar = _progress(len(set_inputs), progress)
        bar.update(len(records))
        compare: dict[str, Any]
        try:
            with contextlib.ExitStack() as stack:
                pool = None
                if todo:
                    from framing.batch.pool import WorkerPool

                    if dask:
                        from framing.distributed import dask_pool

                        pool = stack.enter_context(dask_pool(dask))
                    else:
                        pool = stack.enter_context(WorkerPool(min(jobs, len(todo))))
                    jobs_spec = dict(notebook=notebook_path, parameters=user_parameters, kernel_name=kernel_name,
                                     timeout=timeout, no_input=no_input)
                    records.update(_run_sets(pool, todo, out_path, keys, bar, **jobs_spec))
                bar.close()
                runs = [records[s.name] for s in set_inputs]
                good = [(run["set"], keys[run["set"]]) for run in runs if run["status"] != "failed"]
                _write_summary(out_path, runs, good)
                local = stack if dask else pool or stack  # the comparison runs here, even with --dask
                compare = _compare(local, out_path, compare_path, good, no_input=no_input, timeout=timeout,
                                   version=__version__)
        finally:
            bar.close()
        info.update(generated=_now(), duration_s=round(time.monotonic() - started, 2),
                    compare_notebook=None if compare_notebook is None else str(compare_notebook))
        write_runs(out_path, runs, **info, compare=compare)
        index = write_index(out_path, runs, compare=compare, info=info)

    counts = {status: sum(run["status"] == status for run in runs) for status in ("ok", "cached", "failed")}
    if progress:
        elapsed = time.monotonic() - started
        print(f"{counts['ok']} ok, {counts['cached']} cached, {counts['failed']} failed in {elapsed:.1f} s; "
              f"open {index}", file=sys.stderr)
    return BatchResult(runs=runs, compare=compare, index=index)


# -- running ----------------------------------------------------------------------------------


def _run_sets(pool, todo: list[SetInput], out: Path, keys: Mapping[str, str], bar, *, notebook: Path,
              parameters: Mapping[str, Any], kernel_name: str, timeout: float | None, no_input: bool) -> dict:
    """Run ``todo`` on the pool; every finished set is moved into place at once. Returns records by name."""
    queue = deque(todo)
    running: dict[str, tuple[SetInput, Path]] = {}
    records = {}
    hard = timeout + HARD_TIMEOUT_GRACE if timeout else None
    shown = None
    try:
        while queue or running:
            while queue and pool.has_room():
                s = queue.popleft()
                tmp = _make_tmp(out, s.name)
                job = {"notebook": str(notebook), "output": str(tmp / "report.ipynb"), "html": str(tmp / "report.html"),
                       "cwd": str(tmp), "log": str(tmp / "run.log"), "kernel_name": kernel_name,
                       "parameters": {**parameters, "article_set": str(s.path), "output_dir": TABLES_DIR},
                       "timeout": timeout, "no_input": bool(no_input), "title": s.title}
                running[s.name] = (s, tmp)
                pool.submit(s.name, job, hard_timeout=hard)
            text = _running_text(running)
            if text != shown:
                bar.set_postfix_str(text, refresh=True)
                shown = text
            for name, result in pool.wait(0.25):
                s, tmp = running.pop(name)
                records[name] = _finish_set(out, s, tmp, result, keys[name], parameters)
                bar.update(1)
        bar.set_postfix_str("", refresh=False)
    except BaseException:
        pool.close()  # stop the running notebooks (their kernels shut down) before removing their folders
        for _, tmp in running.values():
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return records


def _finish_set(out: Path, s: SetInput, tmp: Path, result: Mapping[str, Any], key: str,
                parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Record the run in ``tmp/run.json`` (and the cache key when it succeeded), then move it to ``out/<set>``."""
    from framing.batch.summaries import read_set_summary

    status = "ok" if result.get("status") == "ok" else "failed"
    summary = read_set_summary(tmp / TABLES_DIR) if status == "ok" else None
    record = _record(out, s, status=status, duration=result.get("duration_s"), error=result.get("error"),
                     summary=summary)
    run = {**record, "cache_key": key if status == "ok" else None, "parameters": dict(parameters),
           "finished": _now(), "error_detail": result.get("error")}
    (tmp / RUN_FILE).write_text(json.dumps(run, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    if status == "ok":
        write_key(tmp, key)
    install_folder(tmp, out / s.name)
    return _with_paths(out, record)


def _compare(pool_or_stack, out: Path, notebook: Path | None, good: list[tuple[str, str]], *, no_input: bool,
             timeout: float | None, version: str) -> dict[str, Any]:
    """Run the comparison notebook over the summaries (unless nothing changed); returns its status."""
    html, nb = out / f"{COMPARE_NAME}.html", out / f"{COMPARE_NAME}.ipynb"
    if notebook is None:
        return {"status": "skipped", "reason": "no comparison notebook (--no-compare)"}
    if not good:
        return {"status": "skipped", "reason": "no set succeeded, so there is nothing to compare"}
    key = combined_key("compare", version, file_hash(notebook), bool(no_input), good)
    record = {"html": str(html), "notebook": str(nb), "log": str(out / f"{COMPARE_NAME}.log")}
    if read_key(out, COMPARE_KEY) == key and html.is_file() and nb.is_file():
        return {"status": "cached", **record}
    (out / COMPARE_KEY).unlink(missing_ok=True)
    from framing.batch.pool import WorkerPool

    pool = pool_or_stack if isinstance(pool_or_stack, WorkerPool) else pool_or_stack.enter_context(WorkerPool(1))
    tmp = _make_tmp(out, COMPARE_NAME)
    try:
        job = {"notebook": str(notebook), "output": str(tmp / nb.name), "html": str(tmp / html.name), "cwd": str(tmp),
               "log": str(tmp / f"{COMPARE_NAME}.log"), "kernel_name": _kernel_name(notebook),
               "parameters": {"reports_dir": str(out.resolve())}, "timeout": timeout, "no_input": bool(no_input),
               "title": "Comparison of the article sets"}
        pool.submit(COMPARE_NAME, job, hard_timeout=timeout + HARD_TIMEOUT_GRACE if timeout else None)
        result = None
        while result is None:
            for _, answer in pool.wait(0.25):
                result = answer
        for name in (nb.name, html.name, f"{COMPARE_NAME}.log"):
            if (tmp / name).is_file():
                os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if result.get("status") == "ok":
        write_key(out, key, COMPARE_KEY)
        return {"status": "ok", "duration_s": result.get("duration_s"), **record}
    return {"status": "failed", "duration_s": result.get("duration_s"), "error": describe_error(result.get("error")),
            **record}


def _write_summary(out: Path, runs: list[dict[str, Any]], good: list[tuple[str, str]]) -> None:
    """Stack the summaries of the sets that succeeded into summary.csv/.parquet, unless they are unchanged."""
    key = combined_key("summary", good)
    if read_key(out, SUMMARY_KEY) == key and all((out / name).is_file() for name in ("summary.csv", "summary.parquet")):
        return
    from framing.batch.summaries import read_set_summary, stack_summaries, write_summary_tables

    (out / SUMMARY_KEY).unlink(missing_ok=True)
    summaries = []
    for run in runs:
        if run["status"] != "failed":
            summary = read_set_summary(out / run["set"] / TABLES_DIR)
            if summary is not None:
                summaries.append((run["set"], run["title"], summary))
    write_summary_tables(stack_summaries(summaries), out)
    write_key(out, key, SUMMARY_KEY)


# -- records ----------------------------------------------------------------------------------


def _record(out: Path, s: SetInput, *, status: str, duration: float | None, error: Mapping | None,
            summary: Mapping[str, Any] | None) -> dict[str, Any]:
    summary = summary or {}
    headline = summary.get("headline") or []
    return {
        "set": s.name,
        "title": summary.get("title") or s.title,
        "status": status,
        "duration_s": duration,
        "n_articles": summary.get("n_articles"),
        "n_groups": summary.get("n_groups"),
        "group_by": summary.get("group_by"),
        "date_min": summary.get("date_min"),
        "date_max": summary.get("date_max"),
        "headline": [str(item) for item in headline] if isinstance(headline, list) else [str(headline)],
        "error": describe_error(error),
        "error_cell": (error or {}).get("cell"),
        "path": str(s.path),
    }


def _with_paths(out: Path, record: Mapping[str, Any]) -> dict[str, Any]:
    folder = out / record["set"]
    paths = {"html": folder / "report.html", "notebook": folder / "report.ipynb", "output_dir": folder / TABLES_DIR,
             "log": folder / "run.log"}
    return {**record, **{key: str(path) if path.exists() else None for key, path in paths.items()}}


def _cached_record(out: Path, s: SetInput, key: str) -> dict[str, Any] | None:
    """The record of a set whose stored outputs match ``key`` (status ``cached``), else ``None``."""
    folder = out / s.name
    if read_key(folder) != key or not all((folder / name).is_file() for name in REPORT_FILES):
        return None
    try:
        run = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    record = {column: run.get(column) for column in RUN_COLUMNS if column not in ("html", "notebook", "output_dir", "log")}
    record.update(set=s.name, status="cached", path=str(s.path))
    return _with_paths(out, record)


# -- files and folders ------------------------------------------------------------------------


def _make_tmp(out: Path, name: str) -> Path:
    """A fresh ``out/.tmp-<name>-<random>`` folder, readable like any other (reports are shared)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=out))
    os.chmod(tmp, 0o755)
    return tmp


def _remove_stale(out: Path) -> None:
    """Remove what an interrupted batch left behind (temporary run folders, replaced reports)."""
    for path in out.iterdir():
        if path.is_dir() and path.name.startswith((".tmp-", ".old-")):
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _locked(out: Path):
    """Hold ``out/.lock`` so that two batches never write into the same folder at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(out / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchError(f"another framing batch is writing to {out}; wait for it to finish, or pass another "
                             f"--out folder") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- small checks -----------------------------------------------------------------------------


def _check_jobs(jobs: int | None) -> int:
    if jobs is None:
        return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise BatchError(f"--jobs {jobs!r}: expected a whole number of at least 1 (sets run at the same time)")
    return jobs


def _check_timeout(timeout: float | None) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise BatchError(f"--timeout {timeout!r}: expected a positive number of seconds per set")
    return float(timeout)


def _kernel_name(notebook: Path) -> str:
    """The notebook's kernel (its kernelspec name), ``python3`` when it names none."""
    try:
        name = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        return "python3"
    return name if isinstance(name, str) and name else "python3"


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="framing batch", unit="set", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True, leave=True)


def _running_text(running: Mapping[str, Any], width: int = 60) -> str:
    text = "running: " + ", ".join(running) if running else ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _now() -> str:
    import datetime

    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")
