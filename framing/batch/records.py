"""The record of each set's run: what ``run.json`` holds, what the index lists, what ``run_batch`` returns.

A record is a plain dict (``set``, ``title``, ``status``, ``duration_s``, headline figures, ``error``,
paths). The index lists every set present in ``reports/``: the sets of this run (``this_run``) and
those an earlier batch left there (read back from their ``run.json``).

>>> record_of(SetInput("alpha", Path("/sets/alpha"), "Alpha"), status="failed", duration=None,
...           error={"cell": None, "ename": "OSError", "evalue": "disk full"}, summary=None)["error"]
'OSError: disk full'
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from framing.batch.cache import read_key
from framing.batch.index import describe_error
from framing.batch.inputs import RUN_FILE, TABLES_DIR, SetInput

REPORT_FILES = ("report.ipynb", "report.html", RUN_FILE)
RUN_COLUMNS = ("set", "title", "status", "duration_s", "n_articles", "n_groups", "group_by", "date_min", "date_max",
               "headline", "error", "error_cell", "html", "notebook", "output_dir", "log", "path")
_PATH_COLUMNS = ("html", "notebook", "output_dir", "log")


def record_of(s: SetInput, *, status: str, duration: float | None, error: Mapping | None,
              summary: Mapping[str, Any] | None) -> dict[str, Any]:
    """The record of one run of ``s`` (without paths: see :func:`with_paths`)."""
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


def with_paths(out: Path, record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with the paths of its outputs in ``out/<set>/`` (``None`` for those that do not exist)."""
    folder = out / record["set"]
    paths = {"html": folder / "report.html", "notebook": folder / "report.ipynb", "output_dir": folder / TABLES_DIR,
             "log": folder / "run.log"}
    return {**record, **{key: str(path) if path.exists() else None for key, path in paths.items()}}


def cached_record(out: Path, s: SetInput, key: str) -> dict[str, Any] | None:
    """The record of a set whose stored outputs match ``key`` (status ``cached``), else ``None``."""
    folder = out / s.name
    if read_key(folder) != key or not all((folder / name).is_file() for name in REPORT_FILES):
        return None
    run = read_run(folder)
    if run is None:
        return None
    record = {column: run.get(column) for column in RUN_COLUMNS if column not in _PATH_COLUMNS}
    record.update(set=s.name, status="cached", path=str(s.path))
    return with_paths(out, record)


def earlier_records(out: Path, current: Iterable[str]) -> list[dict[str, Any]]:
    """The records of the sets an earlier batch left in ``out`` (folders with ``run.json``), other than
    ``current``; each with ``this_run`` false and ``finished`` (when it ran), sorted by set name."""
    skip = set(current)
    records = []
    try:
        folders = sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in skip)
    except OSError:
        return []
    for folder in folders:
        run = read_run(folder)
        if run is None or run.get("set") != folder.name:
            continue
        record = {column: run.get(column) for column in RUN_COLUMNS if column not in _PATH_COLUMNS}
        if record.get("status") not in ("ok", "failed", "cached"):
            continue
        record.update(this_run=False, finished=run.get("finished"), cache_key=run.get("cache_key"))
        records.append(with_paths(out, record))
    return records


def read_run(folder: Path) -> dict[str, Any] | None:
    """``folder/run.json`` as a dict (``None`` when it is missing or unreadable)."""
    try:
        run = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return run if isinstance(run, dict) else None


def now() -> str:
    """The local time, to the second, with its offset (ISO 8601)."""
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")
