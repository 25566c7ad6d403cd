"""Run a batch's notebooks in a process of their own: execute with papermill, render standalone HTML.

``framing batch`` starts one worker per job slot (``python -m framing.batch.worker``) and sends it
jobs, one JSON object per line on stdin; the worker answers one JSON line per job. Papermill and
nbconvert are imported once per worker; every job gets its own kernel and working directory, and
its own log (the job's stdout, stderr and papermill's log of every cell).

>>> run_job({"notebook": "notebooks/report.ipynb", "output": "/tmp/x/report.ipynb",
...          "html": "/tmp/x/report.html", "cwd": "/tmp/x", "log": "/tmp/x/run.log",
...          "parameters": {"article_set": "data/article_sets/winter_gas_terms", "output_dir": "tables"}})
... # doctest: +SKIP
{'status': 'ok', 'error': None, 'duration_s': 7.9, 'html': True}
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import math
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framing.batch.kernel_fork import KernelForkClient, KernelForkError, can_fork, forking_manager
from framing.batch.kernels import SpareKernel
from framing.files import write_text

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MATH = re.compile(r"\$\$|\\\(|\\\[|(?<![\\$\w])\$[^$\n]+\$(?![\w$])")
TEMPLATE_NAME = "framing_report.html.j2"
# The lab template without scripts from the network: require.js only for widget outputs, MathJax only
# when the notebook has math. Reports open offline, and a browser shows no failed requests.
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}
{%- if resources.framing_widgets -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
{%- if resources.framing_math -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_mathjax -%}
"""
log = logging.getLogger("framing.batch")
KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"  # jupyter_client's words
KERNEL_START_ATTEMPTS = 3


def run_job(job: Mapping[str, Any], spare: SpareKernel | None = None, manager=None) -> dict[str, Any]:
    """Execute ``job["notebook"]`` into ``job["output"]``, render ``job["html"]``; never raises on a failing notebook.

    Keys: ``notebook``, ``output``, ``html``, ``cwd``, ``log`` (paths), ``parameters`` (dict),
    optional ``kernel_name``, ``timeout`` (seconds for the whole run), ``no_input``, ``title``.
    Returns ``{"status": "ok"|"failed", "error": None|{cell, execution_count, ename, evalue}, "duration_s", "html"}``;
    ``cell`` is the failing cell's number, counted from 1 over the executed notebook as papermill's log
    does ("Executing Cell 6"), before papermill adds its error banner. A ``spare`` kernel of the job's
    kernel name is used (and shut down) instead of starting one; another is shut down unused. ``manager``:
    the ``AsyncKernelManager`` class that starts the job's kernel otherwise (see :mod:`framing.batch.kernel_fork`).
    """
    start = time.monotonic()
    output, html = Path(job["output"]), Path(job["html"])
    with _log_to(Path(job["log"])):
        log.info("notebook %s -> %s", job["notebook"], output)
        log.info("parameters %s", json.dumps(job.get("parameters", {}), ensure_ascii=False))
        km = None
        if spare is not None and spare.kernel_name == job.get("kernel_name"):
            km = spare.take(job["cwd"])
            log.info("kernel started ahead of the run" if km is not None else
                     "the kernel started ahead did not answer; starting a new one")
        try:
            error = execute(job["notebook"], output, parameters=job.get("parameters") or {}, cwd=job["cwd"],
                            kernel_name=job.get("kernel_name"), timeout=job.get("timeout"),
                            no_input=bool(job.get("no_input")), km=km, manager=manager)
        finally:
            if spare is not None:
                kernel_output = spare.close(now=km is None)
                if kernel_output and km is not None:
                    sys.stderr.flush()
                    os.write(2, b"kernel output:\n" + kernel_output)
        rendered = False
        if output.is_file():
            try:
                render_html(output, html, no_input=bool(job.get("no_input")), title=job.get("title"))
                rendered = True
            except Exception as problem:  # a report that cannot be rendered is a failed report
                log.error("rendering %s failed:\n%s", html, traceback.format_exc())
                error = error or {"cell": None, "execution_count": None, "ename": type(problem).__name__,
                                  "evalue": f"rendering the executed notebook to HTML failed: {problem}"}
        duration = round(time.monotonic() - start, 2)
        if error:
            log.error("failed after %.1f s: cell %s: %s: %s", duration, error["cell"], error["ename"], error["evalue"])
        else:
            log.info("finished in %.1f s", duration)
    return {"status": "failed" if error else "ok", "error": error, "duration_s": duration, "html": rendered}


def execute(notebook: str | os.PathLike, output: str | os.PathLike, *, parameters: Mapping[str, Any],
            cwd: str | os.PathLike, kernel_name: str | None = None, timeout: float | None = None,
            no_input: bool = False, km=None, manager=None) -> dict[str, Any] | None:
    """Run the notebook with papermill in ``cwd``; ``None`` when it succeeded, else the error as a dict.

    The executed notebook is always written (partially on failure, with the error in the failing
    cell); ``timeout`` bounds the whole run, not each cell. ``km``: a kernel manager whose kernel is
    running already (see :class:`SpareKernel`); the caller shuts it down. Else ``manager`` (an
    ``AsyncKernelManager`` class) starts the kernel, which papermill shuts down.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    options: dict[str, Any] = {"km": km} if km is not None else {"kernel_manager_class": manager} if manager else {}
    if timeout:
        deadline = time.monotonic() + float(timeout)
        options["timeout_func"] = lambda cell: max(1, math.ceil(deadline - time.monotonic()))
    try:
        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            try:
                papermill.execute_notebook(
                    str(notebook), str(output), parameters=dict(parameters), kernel_name=kernel_name, cwd=str(cwd),
                    progress_bar=False, log_output=True, report_mode=no_input, engine_name=_engine(), **options,
                )
                break
            except RuntimeError as error:
                # Two kernels started at the same moment can be given the same free port by the operating
                # system; the one that loses dies before running any cell. Start it again.
                if str(error) != KERNEL_START_FAILURE or attempt == KERNEL_START_ATTEMPTS:
                    raise
                log.warning("the kernel died while starting (attempt %d of %d); starting a new one",
                            attempt, KERNEL_START_ATTEMPTS)
                time.sleep(0.5 * attempt)
    except PapermillExecutionError as error:
        return {"cell": error.cell_index + 1, "execution_count": error.exec_count, "ename": error.ename,
                "evalue": _clean(error.evalue)}
    except CellTimeoutError:
        return mark_error(output, "TimeoutError", f"the run took longer than the {timeout:g} s allowed (--timeout); "
                                                  f"this cell was stopped")
    except DeadKernelError:
        return mark_error(output, "DeadKernelError", "the kernel died while running this cell (out of memory, a "
                                                     "crash in compiled code, or an exit); see run.log")
    except Exception as error:  # kernel did not start, notebook unreadable, …
        log.error("%s", traceback.format_exc())
        return mark_error(output, type(error).__name__, _clean(str(error)) or repr(error))
    return None


@functools.lru_cache(maxsize=1)
def _engine() -> str:
    """papermill's nbclient engine, writing the executed notebook when the run ends (whether it succeeded,
    failed or timed out), not also at the start and end of every cell: each write serialises and checks
    the whole notebook, figures included, and those writes were half of a worker's CPU time."""
    from papermill.engines import NBClientEngine, papermill_engines

    class SaveAtEnd(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            nb_man.save = lambda **_: None  # what the cells call; papermill saves at the end through the class
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                del nb_man.save

    papermill_engines.register("framing-save-at-end", SaveAtEnd)
    return "framing-save-at-end"


def mark_error(output: str | os.PathLike, ename: str, evalue: str) -> dict[str, Any]:
    """Record an error papermill did not write (timeout, dead kernel) in the partial notebook, the way it would.

    The failing cell is the last one that started; it gets an error output, and the notebook gets
    papermill's banner and anchor (``#papermill-error-cell``). Returns the error dict.
    """
    error = {"cell": None, "execution_count": None, "ename": ename, "evalue": evalue}
    path = Path(output)
    if not path.is_file():
        return error
    import nbformat
    from papermill.execute import ERROR_ANCHOR_MSG, ERROR_MARKER_TAG, ERROR_MESSAGE_TEMPLATE

    nb = nbformat.read(path, as_version=4)
    started = [i for i, cell in enumerate(nb.cells) if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    if not started or nb.cells[started[-1]].cell_type != "code":
        return error
    index = started[-1]
    cell = nb.cells[index]
    # stopping the kernel may have added a KeyboardInterrupt of its own: ours says why it was stopped
    cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"]
    cell.outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]))
    cell.metadata.papermill.update(exception=True, status="failed")
    nb.metadata.setdefault("papermill", {})["exception"] = True
    error.update(cell=index + 1, execution_count=cell.get("execution_count"))
    banner = nbformat.v4.new_markdown_cell(ERROR_MESSAGE_TEMPLATE % str(cell.get("execution_count")))
    anchor = nbformat.v4.new_markdown_cell(ERROR_ANCHOR_MSG)
    for marker in (banner, anchor):
        marker.metadata["tags"] = [ERROR_MARKER_TAG]
    nb.cells.insert(index, anchor)
    nb.cells.insert(0, banner)
    write_text(path, nbformat.writes(nb))
    return error


@functools.lru_cache(maxsize=2)
def _exporter(no_input: bool):
    """The HTML exporter, made once per worker (loading its templates takes longer than rendering a report)."""
    import jinja2
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab", template_file=TEMPLATE_NAME, extra_loaders=[jinja2.DictLoader({TEMPLATE_NAME: TEMPLATE})],
        exclude_input=no_input, exclude_input_prompt=no_input, exclude_output_prompt=no_input, embed_images=True,
    )


def render_html(notebook: str | os.PathLike, html: str | os.PathLike, *, no_input: bool = False,
                title: str | None = None) -> Path:
    """Render an executed notebook to one standalone HTML file (figures embedded as base64 PNG).

    ``no_input`` hides the code and the prompts, as a report reader wants. No script is loaded from
    the network unless the notebook needs it (widgets, math).
    """
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    exporter = _exporter(no_input)
    resources = {"metadata": {"name": title or Path(notebook).stem}, "framing_math": _has_math(nb),
                 "framing_widgets": "widgets" in nb.metadata}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    write_text(Path(html), body)
    return Path(html)


def main(argv: list[str] | None = None) -> int:
    """Worker loop: one JSON job per line on stdin, one JSON result per line on the original stdout.

    A line ``{"prepare": {"kernel_name": K, "imports": [...]}}`` (or ``--prepare`` with that object,
    when the worker starts) has it start a kernel for its next job now; it answers nothing. ``--fork
    ADDRESS``: kernels are forked by the batch's fork process there (:mod:`framing.batch.kernel_fork`).
    """
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # anything printed by libraries goes to stderr (the job's log while a job runs)
    signal.signal(signal.SIGTERM, _interrupt)
    _watch_parent()
    os.environ.pop("MPLBACKEND", None)  # kernels use the inline backend, so figures land in the notebook
    logging.getLogger("papermill").setLevel(logging.INFO)
    log.setLevel(logging.INFO)
    # jsonschema (imported by nbformat) builds an IRI grammar with lark at import when rfc3987-syntax is
    # installed: seconds per process, for format checks nbformat never asks for. Not in this process.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    arguments = sys.argv[1:] if argv is None else argv
    spare, fork, manager = None, None, None
    try:
        options = dict(zip(arguments[::2], arguments[1::2]))  # --prepare SPEC, --fork ADDRESS
        spec = json.loads(options["--prepare"]) if "--prepare" in options else None
        fork, manager = _fork(options.get("--fork"))
        if spec is not None and fork is None:
            spare = _spare(spec)  # the kernel starts, and imports, while this process imports
        import nbconvert  # noqa: F401  (imported once per worker, not once per set)
        import papermill  # noqa: F401

        if spec is not None and fork is not None:
            spare = _spare(spec, manager)  # a fork: ready once the fork process has imported, as this one has

        for line in sys.stdin:
            if not line.strip():
                continue
            message = json.loads(line)
            if "prepare" in message:
                if spare is not None:
                    spare.close(now=True)
                spare = _spare(message["prepare"], manager)
                continue
            result = run_job(message, spare, manager)
            spare = None
            channel.write(json.dumps(result, ensure_ascii=False) + "\n")
    except KeyboardInterrupt:
        return 130
    finally:
        if spare is not None:
            spare.close(now=True)
        if fork is not None:
            fork.close()
    return 0


def _fork(address: str | None):
    """This worker's connection to the batch's kernel fork process at ``address``, and the kernel manager
    class that forks kernels there; ``(None, None)`` where kernels are not forked."""
    if address is None or not can_fork():
        return None, None
    try:
        client = KernelForkClient(address)
    except KernelForkError as error:
        log.info("kernels start as their own processes: %s", error)
        return None, None
    return client, forking_manager(client)


def _spare(spec: Mapping[str, Any], manager=None) -> SpareKernel | None:
    try:
        return SpareKernel(spec["kernel_name"], list(spec.get("imports", ())), manager=manager)
    except Exception:  # no such kernel, …: the job starts its own and reports what is wrong
        log.info("no kernel could be started ahead of the next job:\n%s", traceback.format_exc())
        return None


@contextlib.contextmanager
def _log_to(path: Path):
    """Send fds 1 and 2 (this process and the kernel it starts) and the papermill/framing logs to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = os.dup(1), os.dup(2)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s", "%H:%M:%S"))
    with open(path, "ab", buffering=0) as target:
        os.dup2(target.fileno(), 1)
        os.dup2(target.fileno(), 2)
    loggers = [logging.getLogger("papermill"), log]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def _has_math(nb) -> bool:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _MATH.search(cell.source):
            return True
        for output in cell.get("outputs", []):
            if "text/latex" in output.get("data", {}):
                return True
    return False


def _clean(text: str) -> str:
    return _ANSI.sub("", str(text)).strip()


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def _watch_parent(interval: float = 1.0) -> None:
    """Stop (cleanly: kernel shut down) when the batch that started this worker is gone."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(20)
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
