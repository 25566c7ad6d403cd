"""The comparison notebook of a batch: run over the stacked summaries of the sets that succeeded, in
the batch's worker pool, unless nothing it reads changed since the last run (or ``force``).

>>> run_compare(pool, out, notebook, good, no_input=True, timeout=None, version="0.1.0")  # doctest: +SKIP
{'status': 'ok', 'duration_s': 4.5, 'html': '…/compare_sets.html', …}
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from framing.batch.cache import combined_key, file_hash, read_key, write_key
from framing.batch.folders import make_tmp
from framing.batch.index import describe_error
from framing.batch.inputs import kernel_name
from framing.batch.pool import HARD_TIMEOUT_GRACE, WorkerPool

COMPARE_NAME = "compare_sets"
COMPARE_KEY = ".compare_key"


def run_compare(pool_or_stack, out: Path, notebook: Path | None, good: list[tuple[str, str]], *, no_input: bool,
                timeout: float | None, version: str, force: bool = False) -> dict[str, Any]:
    """Run the comparison notebook over the summaries (unless nothing changed and not ``force``); returns its status."""
    html, nb = out / f"{COMPARE_NAME}.html", out / f"{COMPARE_NAME}.ipynb"
    if notebook is None:
        return {"status": "skipped", "reason": "no comparison notebook (--no-compare)"}
    if not good:
        return {"status": "skipped", "reason": "no set succeeded, so there is nothing to compare"}
    key = combined_key("compare", version, file_hash(notebook), bool(no_input), good)
    record = {"html": str(html), "notebook": str(nb), "log": str(out / f"{COMPARE_NAME}.log")}
    if not force and read_key(out, COMPARE_KEY) == key and html.is_file() and nb.is_file():
        return {"status": "cached", **record}
    (out / COMPARE_KEY).unlink(missing_ok=True)
    pool = pool_or_stack if isinstance(pool_or_stack, WorkerPool) else pool_or_stack.enter_context(WorkerPool(1))
    try:
        tmp = make_tmp(out, COMPARE_NAME)
    except OSError as error:
        return {"status": "failed", "error": f"{out}: cannot be written ({error.strerror or error})", **record}
    try:
        job = {"notebook": str(notebook), "output": str(tmp / nb.name), "html": str(tmp / html.name), "cwd": str(tmp),
               "log": str(tmp / f"{COMPARE_NAME}.log"), "kernel_name": kernel_name(notebook),
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
        if result.get("status") == "ok":
            write_key(out, key, COMPARE_KEY)
    except OSError as error:
        return {"status": "failed", "error": f"{error.filename or out}: cannot be written ({error.strerror or error})",
                **record}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if result.get("status") == "ok":
        return {"status": "ok", "duration_s": result.get("duration_s"), **record}
    return {"status": "failed", "duration_s": result.get("duration_s"), "error": describe_error(result.get("error")),
            **record}
