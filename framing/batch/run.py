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
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framing.batch.cache import combined_key, data_size, read_key, set_key, write_key
from framing.batch.compare import run_compare
from framing.batch.folders import locked, make_tmp, remove_stale
from framing.batch.index import RUNS_FILE, write_index, write_runs
from framing.batch.inputs import (
    COMPARE_NOTEBOOK,
    REPORT_NOTEBOOK,
    RUN_FILE,
    TABLES_DIR,
    SetInput,
    check_jobs,
    check_notebook,
    check_out,
    check_parameters,
    check_sets,
    check_timeout,
    find_sets,
    kernel_name,
    parameter_defaults,
    resolve_lexicon,
)
from framing.batch.kernels import notebook_imports, preload_modules
from framing.batch.pool import HARD_TIMEOUT_GRACE, WorkerPool
from framing.batch.records import RUN_COLUMNS, cached_record, earlier_records, now, record_of, with_paths
from framing.errors import ArticleSetError, BatchError
from framing.files import install_folder

SUMMARY_KEY = ".summary_key"


def run_batch(sets: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
              notebook: str | os.PathLike = REPORT_NOTEBOOK, out: str | os.PathLike = "reports",
              jobs: int | None = None, parameters: Mapping[str, Any] | None = None, no_input: bool = False,
              force: bool = False, timeout: float | None = None,
              compare_notebook: str | os.PathLike | None = COMPARE_NOTEBOOK,
              progress: bool = True, dask: str | None = None):
    """Run ``notebook`` once per article set and collect the reports in ``out``; returns one row per set.

    Parameters
    ----------
    sets : article-set folders (default: every set under ``data/article_sets/``).
    notebook : the report notebook (default: the one shipped in the package, ``notebooks/report.ipynb``);
        its ``parameters`` cell must assign ``article_set`` and ``output_dir``.
    out : the reports folder (see the module docstring for its layout); never an input set, nor inside one.
    jobs : sets run at the same time (default: the number of cores).
    parameters : extra notebook parameters for every set, e.g. ``{"n_boot": 500, "group_by": "country"}``.
    no_input : hide the code in the HTML reports.
    force : rerun every set, even those whose inputs are unchanged.
    timeout : seconds a set may run before it is stopped and marked failed (default: no limit).
    compare_notebook : run over the stacked summaries (parameter ``reports_dir``; default: the shipped
        ``compare_sets.ipynb``); ``None`` to skip.
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
    """What :func:`execute_batch` did: ``runs`` (one record per set of this run), ``compare``, ``index``
    (path, ``None`` when it could not be written), ``problems`` (one line each: files that could not be written)."""

    runs: list[dict[str, Any]]
    compare: dict[str, Any]
    index: Path | None
    problems: tuple[str, ...] = ()

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [run for run in self.runs if run["status"] == "failed"]


def execute_batch(sets=None, *, notebook=REPORT_NOTEBOOK, out="reports", jobs=None, parameters=None,
                  no_input=False, force=False, timeout=None, compare_notebook=COMPARE_NOTEBOOK,
                  progress=True, dask=None) -> BatchResult:
    """:func:`run_batch` without pandas: the same work, the runs as a list of dicts (the CLI uses this,
    so that a cached batch returns in well under a second)."""
    from framing import __version__

    started = time.monotonic()
    notebook_path = check_notebook(notebook)
    user_parameters = check_parameters(parameters, parameter_defaults(notebook_path), notebook_path)
    lexicon_hash = resolve_lexicon(user_parameters.get("lexicon"))[1]
    compare_path = None
    if compare_notebook is not None:
        compare_path = check_notebook(compare_notebook, what="comparison notebook", option="--compare-notebook")
        parameter_defaults(compare_path, required=("reports_dir",))
    set_inputs = find_sets(sets)
    jobs = check_jobs(jobs)
    timeout = check_timeout(timeout)
    out_path = Path(out)
    check_out(out_path, set_inputs)
    kernel = kernel_name(notebook_path)
    info = {"framing_version": __version__, "notebook": str(notebook), "parameters": user_parameters,
            "no_input": bool(no_input)}

    # Each worker starts the first notebook's kernel (importing its modules) while it imports papermill.
    first_kernel = {"kernel_name": kernel, "imports": preload_modules(notebook_imports(notebook_path))}
    # When every set is going to run (--force, or the first batch into this folder), the workers start
    # now, so that their imports (papermill, nbconvert) overlap with the checks of the sets below.
    early = None
    if dask is None and set_inputs and (force or not (out_path / RUNS_FILE).is_file()):
        early = WorkerPool(min(jobs, len(set_inputs)), prepare=first_kernel)
        early.start()
    try:
        # A set whose files cannot be read (a dangling link, a link loop) fails alone; the others run.
        keys, unreadable = {}, {}
        for s in set_inputs:
            try:
                keys[s.name] = set_key(s.path, notebook_path, lexicon_hash=lexicon_hash, parameters=user_parameters,
                                       no_input=no_input, version=__version__)
            except ArticleSetError as error:
                unreadable[s.name] = str(error)
        records: dict[str, dict[str, Any]] = {}
        todo: list[SetInput] = []
        for s in set_inputs:
            if s.name in unreadable:
                continue
            record = None if force else cached_record(out_path, s, keys[s.name])
            if record is not None:
                records[s.name] = record
            else:
                todo.append(s)
        check_sets(todo, user_parameters, out_path)  # bad parameters or sets stop the batch before any kernel starts
        todo.sort(key=lambda s: -data_size(s.path))  # longest first, so that no long set starts last
        try:
            out_path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BatchError(f"--out {out_path}: cannot create it ({error.strerror or error}); pass a folder you can "
                             f"write to") from None

        with locked(out_path):
            remove_stale(out_path)
            for s in set_inputs:
                if s.name in unreadable:
                    error = {"cell": None, "ename": "ArticleSetError", "evalue": unreadable[s.name]}
                    records[s.name] = with_paths(out_path, record_of(s, status="failed", duration=None, summary=None,
                                                                     error=error))
            if todo:
                threading.Thread(target=_import_summaries, daemon=True).start()  # pandas, while the kernels work
            bar = _progress(len(set_inputs), progress)
            bar.update(len(records))
            compare: dict[str, Any]
            try:
                with contextlib.ExitStack() as stack:
                    pool = None
                    if todo:
                        if dask:
                            from framing.distributed import dask_pool

                            pool = stack.enter_context(dask_pool(dask))
                        else:
                            pool = stack.enter_context(early or WorkerPool(min(jobs, len(todo)), prepare=first_kernel))
                        last_kernel = None if compare_path is None else {
                            "kernel_name": kernel_name(compare_path),
                            "imports": preload_modules(notebook_imports(compare_path))}
                        jobs_spec = dict(notebook=notebook_path, parameters=user_parameters, kernel_name=kernel,
                                         timeout=timeout, no_input=no_input, then=last_kernel)
                        records.update(_run_sets(pool, todo, out_path, keys, bar, **jobs_spec))
                    bar.close()
                    runs = [{**records[s.name], "this_run": True} for s in set_inputs]
                    listed = runs + earlier_records(out_path, records)
                    good = [(run["set"], keys.get(run["set"]) or run.get("cache_key")) for run in listed
                            if run["status"] != "failed"]
                    problems = _write_summary(out_path, listed, good)
                    local = stack if dask else pool or stack  # the comparison runs here, even with --dask
                    compare = run_compare(local, out_path, compare_path, good, no_input=no_input, timeout=timeout,
                                       version=__version__, force=force)
            finally:
                bar.close()
            info.update(generated=now(), duration_s=round(time.monotonic() - started, 2),
                        compare_notebook=None if compare_notebook is None else str(compare_notebook))
            index = None
            try:
                write_runs(out_path, listed, **info, compare=compare)
                index = write_index(out_path, listed, compare=compare, info=info)
            except OSError as error:
                problems.append(f"{out_path}: the index could not be written ({error.strerror or error})")
    finally:
        if early is not None:
            early.close()

    counts = {status: sum(run["status"] == status for run in runs) for status in ("ok", "cached", "failed")}
    if progress:
        elapsed = time.monotonic() - started
        print(f"{counts['ok']} ok, {counts['cached']} cached, {counts['failed']} failed in {elapsed:.1f} s"
              + (f"; open {index}" if index else ""), file=sys.stderr)
    return BatchResult(runs=runs, compare=compare, index=index, problems=tuple(problems))


# -- running ----------------------------------------------------------------------------------


def _run_sets(pool, todo: list[SetInput], out: Path, keys: Mapping[str, str], bar, *, notebook: Path,
              parameters: Mapping[str, Any], kernel_name: str, timeout: float | None, no_input: bool,
              then: Mapping[str, Any] | None = None) -> dict:
    """Run ``todo`` on the pool; every finished set is moved into place at once. Returns records by name.

    ``then``: ``{"kernel_name", "imports"}`` of the notebook that runs after the sets (the comparison):
    the first worker left without a set starts its kernel while the last sets finish.
    """
    queue = deque(todo)
    running: dict[str, tuple[SetInput, Path]] = {}
    records = {}
    hard = timeout + HARD_TIMEOUT_GRACE if timeout else None
    shown = None
    try:
        while queue or running:
            while queue and pool.has_room():
                s = queue.popleft()
                try:
                    tmp = make_tmp(out, s.name)
                except OSError as error:  # a full disk or a read-only folder fails this set alone
                    records[s.name] = _unwritable(out, s, error)
                    bar.update(1)
                    continue
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
            if not running:
                continue
            then = _prepare_last(pool, queue, then)
            for name, result in pool.wait(0.25):
                s, tmp = running.pop(name)
                try:
                    records[name] = _finish_set(out, s, tmp, result, keys[name], parameters)
                except OSError as error:
                    shutil.rmtree(tmp, ignore_errors=True)
                    records[name] = _unwritable(out, s, error)
                bar.update(1)
        _prepare_last(pool, queue, then)
        bar.set_postfix_str("", refresh=False)
    except BaseException:
        pool.close()  # stop the running notebooks (their kernels shut down) before removing their folders
        for _, tmp in running.values():
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return records


def _prepare_last(pool, queue: deque, then: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """Start the kernel of the notebook after the sets on an idle worker once no set is left to start;
    what is still to be prepared (``None`` once done)."""
    if then is not None and not queue and pool.has_room() and isinstance(pool, WorkerPool):
        pool.prepare(then)
        return None
    return then


def _finish_set(out: Path, s: SetInput, tmp: Path, result: Mapping[str, Any], key: str,
                parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Record the run in ``tmp/run.json`` (and the cache key when it succeeded), then move it to ``out/<set>``."""
    from framing.batch.summaries import read_set_summary

    status = "ok" if result.get("status") == "ok" else "failed"
    summary = read_set_summary(tmp / TABLES_DIR) if status == "ok" else None
    record = record_of(s, status=status, duration=result.get("duration_s"), error=result.get("error"),
                       summary=summary)
    run = {**record, "cache_key": key if status == "ok" else None, "parameters": dict(parameters),
           "finished": now(), "error_detail": result.get("error")}
    (tmp / RUN_FILE).write_text(json.dumps(run, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    if status == "ok":
        write_key(tmp, key)
    install_folder(tmp, out / s.name)
    return with_paths(out, record)


def _unwritable(out: Path, s: SetInput, error: OSError) -> dict[str, Any]:
    """The record of a set whose report could not be written (full disk, read-only folder)."""
    where = error.filename or out / s.name
    message = f"{where}: cannot be written ({error.strerror or error}); free some space or pass another --out"
    return with_paths(out, record_of(s, status="failed", duration=None, summary=None,
                                     error={"cell": None, "ename": "OSError", "evalue": message}))


def _write_summary(out: Path, runs: list[dict[str, Any]], good: list[tuple[str, str]]) -> list[str]:
    """Stack the summaries of the sets that succeeded into summary.csv/.parquet, unless they are unchanged.
    Returns the problems (one line each) when the tables cannot be written."""
    key = combined_key("summary", good)
    if read_key(out, SUMMARY_KEY) == key and all((out / name).is_file() for name in ("summary.csv", "summary.parquet")):
        return []
    from framing.batch.summaries import read_set_summary, stack_summaries, write_summary_tables

    try:
        (out / SUMMARY_KEY).unlink(missing_ok=True)
        summaries = []
        for run in runs:
            if run["status"] != "failed":
                summary = read_set_summary(out / run["set"] / TABLES_DIR)
                if summary is not None:
                    summaries.append((run["set"], run["title"], summary))
        write_summary_tables(stack_summaries(summaries), out)
        write_key(out, key, SUMMARY_KEY)
    except OSError as error:
        return [f"{error.filename or out}: the summary tables could not be written ({error.strerror or error})"]
    return []


def _import_summaries() -> None:
    import framing.batch.summaries  # noqa: F401


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="framing batch", unit="set", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True, leave=True)


def _running_text(running: Mapping[str, Any], width: int = 60) -> str:
    text = "running: " + ", ".join(running) if running else ""
    return text if len(text) <= width else text[: width - 1] + "…"
