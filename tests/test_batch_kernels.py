"""Kernels started ahead of their notebook (framing.batch.kernels): what they import, that the notebook
finds a clean namespace in its own working directory, and that a kernel that died is replaced; and the
worker's papermill engine, which writes the executed notebook once, when the run ends."""

from __future__ import annotations

import json
import logging

import nbformat

from framing.batch import worker
from framing.batch.kernels import SpareKernel, notebook_imports


def write_notebook(path, *sources: str) -> str:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return str(path)


def printed(path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_notebook_imports_lists_top_level_imports_in_order(tmp_path):
    path = write_notebook(tmp_path / "n.ipynb",
                          "%matplotlib inline\nimport pandas as pd, numpy\nfrom framing import plots, columns",
                          "!ls\nfrom os.path import *\nfrom . import sibling\nif True:\n    import colorsys",
                          "this is not python", "import json\nimport pandas")
    assert notebook_imports(path) == ["pandas", "numpy", "framing", "framing.plots", "framing.columns", "os.path",
                                      "json"]
    assert notebook_imports(tmp_path / "missing.ipynb") == []


def test_a_notebook_runs_in_a_kernel_started_ahead_with_a_clean_namespace(tmp_path):
    notebook = write_notebook(tmp_path / "in.ipynb", "import os, sys\nprint(os.getcwd())\n"
                              "print('colorsys' in sys.modules, 'colorsys' in dir(), '_framing_preload' in dir())")
    work = tmp_path / "work"
    work.mkdir()
    spare = SpareKernel("python3", ["colorsys", "no_such_module_here"])
    km = spare.take(work)
    assert km is not None
    try:
        assert worker.execute(notebook, tmp_path / "out.ipynb", parameters={}, cwd=work, km=km) is None
    finally:
        spare.close()
    # the module was imported ahead, but no name is bound; the kernel works in the job's folder
    assert printed(tmp_path / "out.ipynb") == f"{work}\nTrue False False\n"
    assert not km.has_kernel
    assert spare.close() == b""  # closing again does nothing


def test_a_job_whose_kernel_died_ahead_gets_a_new_one(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="framing.batch")  # as in a worker process
    notebook = write_notebook(tmp_path / "in.ipynb", "print(6 * 7)")
    spare = SpareKernel("python3", [])
    spare._loop.run_until_complete(spare.km.shutdown_kernel(now=True))
    job = {"notebook": notebook, "output": str(tmp_path / "out.ipynb"), "html": str(tmp_path / "out.html"),
           "cwd": str(tmp_path), "log": str(tmp_path / "run.log"), "kernel_name": "python3", "parameters": {}}
    spare.startup_timeout = 5
    result = worker.run_job(job, spare)
    assert result["status"] == "ok", json.dumps(result)
    assert printed(tmp_path / "out.ipynb") == "42\n"
    assert "the kernel started ahead did not answer; starting a new one" in caplog.text


def test_the_executed_notebook_is_written_when_the_run_ends_not_after_every_cell(tmp_path):
    out = tmp_path / "out.ipynb"
    notebook = write_notebook(tmp_path / "in.ipynb", "print('first')",
                              f"import json\nsaved = json.load(open({str(out)!r}))\n"
                              "print(sum(len(c.get('outputs', [])) for c in saved['cells']))")
    assert worker.execute(notebook, out, parameters={}, cwd=tmp_path) is None
    # while the second cell ran, the file on disk had no outputs yet (papermill alone would have saved
    # the first cell's); at the end it has both
    assert printed(out) == "first\n0\n"
