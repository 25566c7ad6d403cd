"""A kernel started ahead of its job: a batch worker starts the next notebook's kernel, and has it
import the notebook's modules, while the worker still has other work to do (its own imports, or
waiting for the last set before the comparison), so that the notebook does not wait for them.

Each notebook still gets a kernel of its own, started for it alone: the spare kernel runs nothing
but those imports before the job, then moves to the job's working directory and is handed to
papermill; it is shut down when the notebook has run.

>>> spare = SpareKernel("python3", ["pandas", "framing"])      # doctest: +SKIP
>>> km = spare.take(cwd="/tmp/x/run")  # for papermill.execute_notebook(..., km=km)  # doctest: +SKIP
"""

from __future__ import annotations

import ast
import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

# what nbclient gives the kernels it starts itself: no history file shared by parallel kernels
HISTORY_ARGUMENT = "--HistoryManager.hist_file=:memory:"
# A framing notebook imports ``framing`` only (its names load on first use); what a report then loads is these.
PRELOAD_WITH = {"framing": ["framing.report.sections", "framing.batch.summaries"]}
_MAGIC = re.compile(r"^\s*[%!]")
_PRELOAD = """def _framing_preload(names):
    import importlib
    for name in names:
        try:
            importlib.import_module(name)
        except BaseException:
            pass
_framing_preload({names})
del _framing_preload"""


def notebook_imports(notebook: str | os.PathLike) -> list[str]:
    """The modules a notebook's code cells import at their top level, in order (magic and shell lines
    skipped; a cell that is not plain Python is skipped); for ``from a import b``, ``a`` and ``a.b``,
    which may be a module.

    >>> notebook_imports("framing/notebooks/compare_sets.ipynb")[:3]    # doctest: +SKIP
    ['pandas', 'IPython.display', 'IPython.display.Markdown']
    """
    try:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    modules: dict[str, None] = {}
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        try:
            tree = ast.parse("\n".join(line for line in source.splitlines() if not _MAGIC.match(line)))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                modules.update(dict.fromkeys(alias.name for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # ``from a import b``: b may be a module of its own (``from framing import plots``)
                modules.update(dict.fromkeys([node.module, *(f"{node.module}.{a.name}" for a in node.names
                                                             if a.name != "*")]))
    return list(modules)


def preload_modules(imports: list[str]) -> list[str]:
    """``imports`` and the modules a notebook importing them is known to load next (:data:`PRELOAD_WITH`).

    >>> preload_modules(["pandas", "framing"])
    ['pandas', 'framing', 'framing.report.sections', 'framing.batch.summaries']
    """
    modules = dict.fromkeys(imports)
    for name in imports:
        modules.update(dict.fromkeys(PRELOAD_WITH.get(name, ())))
    return list(modules)


class SpareKernel:
    """A kernel of ``kernel_name`` started now (by ``manager``, an ``AsyncKernelManager`` class), importing
    ``imports`` (a failed import is left for the notebook to report). Its own output (stdout and stderr of
    the process) is kept until :meth:`close` returns it for the job's log."""

    def __init__(self, kernel_name: str, imports: list[str], startup_timeout: float = 60.0, manager=None):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import ensure_event_loop

        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self._loop = ensure_event_loop()  # the loop papermill's client runs on, in this thread
        self._output = tempfile.TemporaryFile()
        self.km = (manager or AsyncKernelManager)(kernel_name=kernel_name)
        self._loop.run_until_complete(self.km.start_kernel(extra_arguments=[HISTORY_ARGUMENT], stdout=self._output,
                                                           stderr=self._output))
        self._client = self.km.client()
        self._client.start_channels()
        # queued now, run as soon as the kernel is up. Each import on its own (one that fails is left for the
        # notebook to report), and no name is bound: the notebook's namespace stays empty until it runs.
        self._client.execute(_PRELOAD.format(names=repr(list(imports))), silent=True, store_history=False)

    def take(self, cwd: str | os.PathLike) -> Any:
        """The kernel manager, its kernel idle and working in ``cwd``; ``None`` when the kernel did not
        answer within the start-up timeout or could not move there (:meth:`close` it either way)."""
        client = self._client
        try:
            msg_id = client.execute(f"import os as _framing_os; _framing_os.chdir({str(cwd)!r}); del _framing_os",
                                    silent=True, store_history=False)
        except Exception:
            return None

        async def reply() -> bool:
            deadline = time.monotonic() + self.startup_timeout
            while time.monotonic() < deadline:
                try:  # a second at a time, so that a kernel that died is noticed at once
                    message = await client.get_shell_msg(timeout=min(1.0, max(0.1, deadline - time.monotonic())))
                except Exception:  # queue.Empty: no reply yet
                    if not await self.km.is_alive():
                        return False
                    continue
                if message.get("parent_header", {}).get("msg_id") == msg_id:
                    return message["content"].get("status") == "ok"
            return False

        try:
            ready = self._loop.run_until_complete(reply())
        except Exception:
            ready = False
        client.stop_channels()
        self._client = None
        return self.km if ready else None

    def close(self, now: bool = False) -> bytes:
        """Shut the kernel down (``now``: kill it; else ask first, as nbclient does for its own kernels);
        return what the kernel process wrote to its stdout and stderr (nothing when closed already)."""
        if self._output.closed:
            return b""
        if self._client is not None:
            self._client.stop_channels()
            self._client = None
        try:
            if self._loop.run_until_complete(self.km.is_alive()):
                self._loop.run_until_complete(self.km.shutdown_kernel(now=now))
            else:
                self._loop.run_until_complete(self.km.cleanup_resources())
        except Exception:  # already gone: nothing is left to stop
            pass
        self._output.seek(0)
        output = self._output.read()
        self._output.close()
        return output
