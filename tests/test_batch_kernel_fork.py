"""Kernels forked from a process that imported framing's modules (framing.batch.kernel_fork): each
notebook still gets a process of its own, in its own folder, with a fresh namespace and random seed, and
sees what a kernel Jupyter starts would show it; timeouts stop it; one fork process serves the pool's
workers; only this Python's ipykernel is forked; and the switch turns forking off."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

import pytest

from framing.batch import worker
from framing.batch.kernel_fork import (FORK_SETTING, KernelFork, KernelForkClient, KernelForkError, can_fork,
                                       forking_manager, framing_modules)
from framing.batch.pool import WorkerPool
from test_batch import _alive
from test_batch_kernels import printed, write_notebook

pytestmark = pytest.mark.skipif(not can_fork(), reason="kernels are forked only where os.fork and /proc exist")


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _alive(pid)


@pytest.fixture
def fork():
    started = KernelFork.start([])
    yield started
    started.close()


def test_each_notebook_gets_a_forked_kernel_of_its_own(tmp_path, monkeypatch):
    # a module in the folder the batch runs from is not what a kernel imports (its folder is the run's)
    (tmp_path / "batch_folder").mkdir()
    (tmp_path / "batch_folder" / "fork_probe_module.py").write_text("")
    monkeypatch.chdir(tmp_path / "batch_folder")
    fork = KernelFork.start(["colorsys", "fork_probe_module"])
    notebook = write_notebook(tmp_path / "in.ipynb",
                              "import os, sys, numpy\nprint(os.getpid(), os.getppid(), os.getcwd())",
                              "print('colorsys' in sys.modules, 'fork_probe_module' in sys.modules, 'seen' in dir(), "
                              "numpy.random.random())\nseen = 1")
    runs = []
    try:
        manager = forking_manager(KernelForkClient(fork.address))
        for k in range(2):
            work = tmp_path / f"work{k}"
            work.mkdir()
            assert worker.execute(notebook, tmp_path / f"out{k}.ipynb", parameters={}, cwd=work,
                                  manager=manager) is None
            pid, parent, cwd, preloaded, probe, seen, draw = printed(tmp_path / f"out{k}.ipynb").split()
            runs.append((int(pid), draw))
            # a child of the fork process, in the job's folder, with the module imported ahead and nothing else
            assert (int(parent), cwd, preloaded, probe, seen) == (fork.process.pid, str(work), "True", "False", "False")
            assert _gone(int(pid)), "the kernel is shut down after its notebook"
    finally:
        fork.close()
    assert runs[0][0] != runs[1][0]
    assert runs[0][1] != runs[1][1]  # numpy's global seed is drawn anew, as in a new process
    assert fork.process.returncode == 0 and not os.path.exists(fork.folder)


PROBE = """import builtins, json, os, sys
import pandas as pd, matplotlib, numpy
from ipykernel.kernelapp import IPKernelApp
print(json.dumps({
    "pandas": [pd.get_option("display.max_columns"), pd.get_option("display.width")],
    "backend": matplotlib.rcParams._get("backend"), "numpy": numpy.get_printoptions()["linewidth"],
    "argv": [a if not a.endswith(".json") else "CONNECTION" for a in sys.argv[1:]], "path": sys.path,
    "cwd": os.getcwd(), "environment": sorted(os.environ), "get_ipython": "get_ipython" in dir(builtins),
    "parent_is_watched": IPKernelApp.instance().parent_handle == os.getppid() == int(os.environ["JPY_PARENT_PID"]),
    "framing_loaded": "framing.report.sections" in sys.modules}))"""


def test_a_forked_kernel_looks_to_the_notebook_as_a_kernel_started_by_jupyter(tmp_path):
    fork = KernelFork.start(framing_modules(["wave", "framing", "framing.report.sections"]))
    notebook = write_notebook(tmp_path / "in.ipynb", PROBE, "import sys\nprint('wave' in sys.modules)")
    seen = {}
    try:
        client, manager = worker._fork(fork.address)
        for label, kernels in (("forked", manager), ("started by Jupyter", None)):
            work = tmp_path / label.replace(" ", "_")
            work.mkdir()
            assert worker.execute(notebook, work / "out.ipynb", parameters={}, cwd=work, manager=kernels) is None
            probe, wave = printed(work / "out.ipynb").splitlines()
            seen[label] = json.loads(probe.replace(str(work), "WORK"))
            assert wave == "False"  # only framing's own modules are imported ahead
    finally:
        fork.close()
    forked, started = seen["forked"], seen["started by Jupyter"]
    assert forked.pop("framing_loaded") and not started.pop("framing_loaded")  # the fork was used
    assert forked == started
    assert forked["pandas"][0] == 20 and forked["parent_is_watched"]


def test_one_fork_process_serves_every_worker_of_a_pool(tmp_path):
    notebook = write_notebook(tmp_path / "in.ipynb", "import os\nprint(os.getppid())")
    parents = []
    with WorkerPool(2, prepare={"kernel_name": "python3", "imports": ["framing"]}) as pool:
        pool.start()
        fork = pool.kernel_fork
        assert fork is not None
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            pool.submit(name, {"notebook": notebook, "output": str(tmp_path / name / "out.ipynb"),
                               "html": str(tmp_path / name / "out.html"), "cwd": str(tmp_path / name),
                               "log": str(tmp_path / name / "run.log"), "kernel_name": "python3", "parameters": {}})
        done = {}
        while len(done) < 2:
            done.update(pool.wait(1.0))
        assert all(result["status"] == "ok" for result in done.values()), done
        parents = [int(printed(tmp_path / name / "out.ipynb")) for name in ("a", "b")]
    assert parents == [fork.process.pid] * 2
    assert _gone(fork.process.pid) and not os.path.exists(fork.folder)  # closed with the pool


def test_a_forked_kernel_past_its_timeout_is_stopped(tmp_path, fork):
    notebook = write_notebook(tmp_path / "in.ipynb", "import os\nprint(os.getpid(), flush=True)",
                              "import time\ntime.sleep(120)")
    error = worker.execute(notebook, tmp_path / "out.ipynb", parameters={}, cwd=tmp_path, timeout=4,
                           manager=forking_manager(KernelForkClient(fork.address)))
    assert error["ename"] == "TimeoutError" and error["cell"] == 2
    assert _gone(int(printed(tmp_path / "out.ipynb").split()[0]))


def test_kernels_stop_when_the_fork_process_is_gone(tmp_path, fork):
    km = forking_manager(KernelForkClient(fork.address))(kernel_name="python3")
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(km.start_kernel(cwd=str(tmp_path)))
        pid = km.provisioner.pid
        assert _alive(pid) and loop.run_until_complete(km.is_alive())
        fork.close()  # as when the batch that started it is killed
        assert _gone(pid), "an orphaned kernel stops itself"
        assert not loop.run_until_complete(km.is_alive())
        loop.run_until_complete(km.cleanup_resources())
    finally:
        loop.close()


def test_only_this_pythons_ipykernel_is_forked(fork):
    client = KernelForkClient(fork.address)
    assert client.runs([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
    assert not client.runs(["/opt/other/bin/python", "-m", "ipykernel_launcher", "-f", "k.json"])
    assert not client.runs([sys.executable, "-m", "other_kernel", "-f", "k.json"])
    assert not client.runs(["R", "--slave", "-e", "IRkernel::main()"])
    client.close()


def test_forking_can_be_switched_off(monkeypatch, fork):
    monkeypatch.setenv(FORK_SETTING, "0")
    assert not can_fork()
    assert worker._fork(fork.address) == (None, None)
    with WorkerPool(1, prepare={"kernel_name": "python3", "imports": ["framing"]}) as pool:
        pool.start()
        assert pool.kernel_fork is None
    monkeypatch.setenv(FORK_SETTING, "1")
    assert can_fork()


def test_a_fork_process_that_is_gone_leaves_kernels_to_start_as_usual(tmp_path, fork):
    client = KernelForkClient(fork.address)
    fork.close()
    with pytest.raises(KernelForkError, match="cannot reach the kernel fork process"):
        KernelForkClient(fork.address)
    notebook = write_notebook(tmp_path / "in.ipynb", "import os\nprint(os.getppid())")
    assert worker.execute(notebook, tmp_path / "out.ipynb", parameters={}, cwd=tmp_path,
                          manager=forking_manager(client)) is None
    assert printed(tmp_path / "out.ipynb") == f"{os.getpid()}\n"  # a kernel of its own, started by this process
