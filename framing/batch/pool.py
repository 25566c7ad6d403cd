"""A small pool of worker processes (``python -m framing.batch.worker``) that run a batch's jobs.

Each worker runs one job at a time; a worker that dies (or overruns its hard deadline and is
killed) fails only the job it was running, and a fresh worker takes its place for the next job.

>>> with WorkerPool(size=2) as pool:                       # doctest: +SKIP
...     pool.submit("a", job_a); pool.submit("b", job_b)
...     while pool.busy:
...         for name, result in pool.wait(0.5):
...             print(name, result["status"])
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from framing.batch.kernel_fork import KernelFork, can_fork, framing_modules

WORKER_MODULE = "framing.batch.worker"
HARD_TIMEOUT_GRACE = 60.0  # seconds past a job's --timeout before a silent worker is killed


@dataclass
class _Worker:
    process: subprocess.Popen
    buffer: bytes = b""
    job: str | None = None
    started: float = 0.0
    deadline: float | None = None
    spec: Mapping[str, Any] = field(default_factory=dict)
    spare: str | None = None  # the kernel name of the kernel this idle worker has started ahead


class WorkerPool:
    """Up to ``size`` worker processes, started on demand; use as a context manager (workers stop on exit).

    ``prepare``: ``{"kernel_name": ..., "imports": [...]}``, a kernel each worker starts (and has import
    those modules) as soon as it starts, for its first job; see :mod:`framing.batch.kernels`.
    """

    def __init__(self, size: int, python: str = sys.executable, prepare: Mapping[str, Any] | None = None):
        self.size = max(1, int(size))
        self.python = python
        self.prepare_first = dict(prepare) if prepare else None
        self._workers: list[_Worker] = []
        self._selector = selectors.DefaultSelector()
        self._closed = False
        self._fork = None  # the process the workers' kernels are forked from, started with the first worker

    # -- submitting and collecting -----------------------------------------------------------

    @property
    def busy(self) -> list[str]:
        """Names of the jobs running now."""
        return [w.job for w in self._workers if w.job is not None]

    @property
    def kernel_fork(self):
        """The process this pool's kernels are forked from (:mod:`framing.batch.kernel_fork`), once a
        worker has started; ``None`` where kernels start as Jupyter starts them."""
        return self._fork or None

    def has_room(self) -> bool:
        """True when a job can be submitted without waiting."""
        return len(self.busy) < self.size

    def start(self) -> None:
        """Start every worker now (each imports papermill and nbconvert first), so that their start
        overlaps with what the caller does before its first :meth:`submit`."""
        while len(self._workers) < self.size:
            self._start()

    def submit(self, name: str, job: Mapping[str, Any], hard_timeout: float | None = None) -> None:
        """Send ``job`` to an idle worker (starting one if needed); ``hard_timeout`` seconds later the
        worker is killed if it has not answered."""
        idle = [w for w in self._workers if w.job is None and w.process.poll() is None]
        # a worker with a kernel started for this job first
        worker = next((w for w in idle if w.spare == job.get("kernel_name")), idle[0] if idle else None)
        if worker is None:
            if len(self._workers) >= self.size:
                self._reap()
            if len(self._workers) >= self.size:
                raise RuntimeError("no idle worker: wait for a result before submitting")
            worker = self._start()
        worker.job, worker.spec, worker.started, worker.spare = name, job, time.monotonic(), None
        worker.deadline = worker.started + hard_timeout if hard_timeout else None
        _send(worker, job)  # if the worker died, wait() reports the job as failed

    def prepare(self, spec: Mapping[str, Any]) -> bool:
        """Have an idle worker (one without a kernel started ahead yet) start a kernel for the next job
        now; ``spec`` as for ``prepare`` of the pool. ``False`` when there is no such worker."""
        worker = next((w for w in self._workers if w.job is None and w.spare is None and w.process.poll() is None),
                      None)
        if worker is None or not _send(worker, {"prepare": dict(spec)}):
            return False
        worker.spare = spec["kernel_name"]
        return True

    def wait(self, timeout: float = 0.5) -> list[tuple[str, dict[str, Any]]]:
        """Results that arrived within ``timeout`` seconds, as ``(name, result)``."""
        results = []
        for key, _ in self._selector.select(timeout):
            worker: _Worker = key.data
            chunk = os.read(key.fd, 1 << 16)
            if not chunk:  # the worker exited
                self._selector.unregister(key.fd)
                code = worker.process.wait()
                if worker.job is not None:
                    results.append((worker.job, _died(worker, f"the worker process exited with code {code} while "
                                                              f"running this set; see run.log")))
                    worker.job = None
                continue
            worker.buffer += chunk
            while b"\n" in worker.buffer and worker.job is not None:
                line, worker.buffer = worker.buffer.split(b"\n", 1)
                results.append((worker.job, json.loads(line)))
                worker.job = None
        now = time.monotonic()
        for worker in self._workers:
            if worker.job is not None and worker.deadline is not None and now > worker.deadline:
                _kill(worker.process)
                results.append((worker.job, _died(worker, f"no result {worker.deadline - worker.started:.0f} s after "
                                                          f"the start; the run was stopped", ename="TimeoutError")))
                worker.job = None
        self._reap()
        return results

    # -- lifetime ----------------------------------------------------------------------------

    def close(self, grace: float = 10.0) -> None:
        """Stop every worker: idle ones finish at once; running jobs are interrupted (kernels shut down)."""
        for worker in self._workers:
            try:
                worker.process.stdin.close()
            except OSError:
                pass
            if worker.job is not None and worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        end = time.monotonic() + grace
        for worker in self._workers:
            try:
                worker.process.wait(max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                _kill(worker.process)
        for worker in self._workers:
            if worker.process.stdout is not None:
                worker.process.stdout.close()
        self._workers.clear()
        if self._fork:
            self._fork.close()
        self._fork = None
        if not self._closed:
            self._selector.close()
            self._closed = True

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> _Worker:
        prepare = ["--prepare", json.dumps(self.prepare_first)] if self.prepare_first else []
        if self._fork is None and self.prepare_first and can_fork():
            try:
                self._fork = KernelFork.start(framing_modules(self.prepare_first.get("imports", [])), self.python)
            except OSError:
                self._fork = False  # kernels start as Jupyter starts them
        if self._fork:
            prepare += ["--fork", self._fork.address]
        process = subprocess.Popen([self.python, "-m", WORKER_MODULE, *prepare], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=None, close_fds=True)
        worker = _Worker(process=process, spare=self.prepare_first["kernel_name"] if self.prepare_first else None)
        self._workers.append(worker)
        self._selector.register(process.stdout.fileno(), selectors.EVENT_READ, worker)
        return worker

    def _reap(self) -> None:
        """Forget workers that have exited and have no job (their slot is free again)."""
        for worker in list(self._workers):
            if worker.job is None and worker.process.poll() is not None:
                try:
                    self._selector.unregister(worker.process.stdout.fileno())
                except (KeyError, ValueError):
                    pass
                worker.process.stdout.close()
                self._workers.remove(worker)


def _send(worker: _Worker, message: Mapping[str, Any]) -> bool:
    """One JSON line to the worker; ``False`` when it cannot be written (the worker died)."""
    try:
        worker.process.stdin.write((json.dumps(dict(message)) + "\n").encode("utf-8"))
        worker.process.stdin.flush()
    except (BrokenPipeError, OSError):
        return False
    return True


def _died(worker: _Worker, message: str, ename: str = "WorkerDied") -> dict[str, Any]:
    return {"status": "failed", "duration_s": round(time.monotonic() - worker.started, 2), "html": False,
            "error": {"cell": None, "execution_count": None, "ename": ename, "evalue": message}}


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
