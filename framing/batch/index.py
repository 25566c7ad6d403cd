"""The pages and records a batch leaves in ``reports/``: ``index.html`` and ``batch.json``.

``index.html`` is one static page (no scripts, no network) with one row per set: title, status,
duration, headline figures, and links to the HTML report, the executed notebook, the tables and the
log; a failed set shows the failing cell and the error. Sets an earlier batch left in the folder are
listed too, marked "earlier run". Pure Python, so a cached batch rewrites it
in milliseconds.

>>> write_index("reports", runs, compare={"status": "ok", "html": "compare_sets.html"})  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import html
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from framing.files import write_text

INDEX_FILE = "index.html"
RUNS_FILE = "batch.json"
ERROR_ANCHOR = "papermill-error-cell"  # papermill's anchor before the failing cell

_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 80rem;
       padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
p.meta, .name, .dim { color: #555; font-size: .85rem; }
nav a, td.files a { margin-right: .8rem; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid #ddd; }
th { background: #f3f3f3; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
ul.headline { margin: 0; padding-left: 1.1rem; }
.status { display: inline-block; padding: .05rem .5rem; border-radius: .7rem; font-size: .8rem; font-weight: 600; }
.status.ok { background: #e3f4e8; color: #14532d; }
.status.cached { background: #e6eefb; color: #1e3a8a; }
.status.failed { background: #fde8e8; color: #7f1d1d; }
.status.skipped { background: #eee; color: #444; }
.error { color: #7f1d1d; margin-top: .35rem; font-size: .85rem; white-space: pre-wrap; }
tr.failed td:first-child { border-left: 4px solid #b91c1c; }
"""


def write_index(reports_dir: str | os.PathLike, runs: Sequence[Mapping[str, Any]], *,
                compare: Mapping[str, Any] | None = None, info: Mapping[str, Any] | None = None) -> Path:
    """Write ``reports_dir/index.html`` for ``runs`` (the records of :func:`framing.run_batch`)."""
    folder = Path(reports_dir)
    info = dict(info or {})
    current = [run for run in runs if run.get("this_run", True)]
    counts = {status: sum(1 for run in current if run["status"] == status) for status in ("ok", "cached", "failed")}
    earlier = len(runs) - len(current)
    links = []
    if compare and compare.get("status") != "skipped" and (folder / "compare_sets.html").is_file():
        links.append(_link("compare_sets.html", "Comparison of the sets"))
    for name in ("summary.csv", "summary.parquet", RUNS_FILE):
        if (folder / name).is_file():
            links.append(_link(name, name))
    compare_line = ""
    if compare and compare.get("status") == "failed":
        compare_line = f'<p class="error">Comparison of the sets failed: {_e(compare.get("error") or "")}</p>'
    elif compare and compare.get("status") == "skipped":
        compare_line = f'<p class="dim">Comparison of the sets: {_e(compare.get("reason") or "not run")}.</p>'
    parameters = info.get("parameters") or {}
    shown = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in parameters.items()) or "the notebook's defaults"
    meta = (f"{len(runs)} article set{'s' * (len(runs) != 1)} · this run: {counts['ok']} ok, {counts['cached']} "
            f"cached, {counts['failed']} failed"
            + (f" · {earlier} from an earlier run, listed as they were left" if earlier else "") + " · notebook {_e(info.get('notebook', ''))} · parameters: {_e(shown)} · "
            f"framing {_e(info.get('framing_version', ''))} · {_e(info.get('generated', ''))}")
    rows = "\n".join(_row(folder, run) for run in runs)
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Framing reports: {len(runs)} article set{'s' * (len(runs) != 1)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>Framing reports</h1>
<p class="meta">{meta}</p>
<nav>{' '.join(links)}</nav>
{compare_line}
<table>
<thead><tr><th>Article set</th><th>Status</th><th>Duration</th><th>Articles</th><th>Headline figures</th><th>Files</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""
    return write_text(folder / INDEX_FILE, page)


def write_runs(reports_dir: str | os.PathLike, runs: Sequence[Mapping[str, Any]], **info: Any) -> Path:
    """Write ``reports_dir/batch.json``: ``info`` (version, notebook, parameters, compare…) and ``runs``."""
    record = {**info, "runs": [dict(run) for run in runs]}
    return write_text(Path(reports_dir) / RUNS_FILE, json.dumps(record, indent=1, ensure_ascii=False, default=str) + "\n")


def describe_error(error: Mapping[str, Any] | None) -> str | None:
    """``"cell 7 (In [5]): ValueError: message"`` for an error dict of a run (``None`` for none)."""
    if not error:
        return None
    where = ""
    if error.get("cell") is not None:
        count = error.get("execution_count")
        where = f"cell {error['cell']}" + (f" (In [{count}])" if count is not None else "") + ": "
    message = str(error.get("evalue") or "").strip()
    message = message if len(message) <= 500 else message[:497] + "..."
    return f"{where}{error.get('ename') or 'Error'}" + (f": {message}" if message else "")


def _row(folder: Path, run: Mapping[str, Any]) -> str:
    name = str(run["set"])
    base = quote(name)
    status = str(run["status"])
    title = _e(run.get("title") or name)
    has_html = (folder / name / "report.html").is_file()
    heading = _link(f"{base}/report.html", title) if has_html else title
    details = [_e(name)]
    if run.get("date_min") or run.get("date_max"):
        details.append(_e(f"{run.get('date_min') or '?'} – {run.get('date_max') or '?'}"))
    if run.get("n_groups") is not None:
        details.append(_e(f"{run['n_groups']} groups" + (f" by {run['group_by']}" if run.get("group_by") else "")))
    error = ""
    if status == "failed":
        message = _e(run.get("error") or "failed")
        jump = f' {_link(f"{base}/report.html#{ERROR_ANCHOR}", "see the failing cell")}' if has_html else ""
        error = f'<div class="error">{message}{jump}</div>'
    headline = run.get("headline") or []
    items = "".join(f"<li>{_e(item)}</li>" for item in headline)
    headline_html = f'<ul class="headline">{items}</ul>' if items else '<span class="dim">–</span>'
    files = []
    for target, label in (("report.html", "report"), ("report.ipynb", "notebook"), ("tables", "tables"),
                          ("run.log", "log")):
        path = folder / name / target
        if path.exists():
            files.append(_link(f"{base}/{target}" + ("/" if path.is_dir() else ""), label))
    duration = run.get("duration_s")
    duration_text = f"{duration:.1f} s" if isinstance(duration, (int, float)) else "–"
    articles = run.get("n_articles")
    return (f'<tr id="{_e(name)}" class="{_e(status)}"><td>{heading}<div class="name">{" · ".join(details)}</div></td>'
            f'<td><span class="status {_e(status)}">{_e(status)}</span>{_when(run)}{error}</td>'
            f'<td class="num">{duration_text}</td><td class="num">{"–" if articles is None else _e(articles)}</td>'
            f'<td>{headline_html}</td><td class="files">{" ".join(files)}</td></tr>')


def _when(run: Mapping[str, Any]) -> str:
    if run.get("this_run", True):
        return '<div class="dim">this run</div>'
    finished = f", {run['finished']}" if run.get("finished") else ""
    return f'<div class="dim">earlier run{_e(finished)}</div>'


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{text}</a>'


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)
