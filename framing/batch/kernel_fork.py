"""Kernels forked from a process that has imported the notebook's modules already.

A batch's worker pool starts one such process (``python -m framing.batch.kernel_fork``) with its
workers: it imports ipykernel and the framing modules the notebook loads (with pandas, matplotlib,
NLTK and SciPy: about 3 s of CPU), then waits for the workers to connect. Each kernel a worker needs
is a fork of it, which then starts ipykernel as ``python -m ipykernel_launcher`` would, with the
environment, working directory, arguments and output streams the kernel manager asked for. So each
notebook still has a kernel process of its own, started for it alone and shut down after it, but the
imports are paid once per batch instead of once per notebook.

A fork copies what was imported, so the modules must import the same outside a kernel as in one:
the fork process imports framing's own modules only (not whatever else a notebook imports), nothing
from the folder the batch runs in, and lets pandas see a Jupyter kernel as it would in one (it picks
its display width by that). It starts no thread of its own (it refuses to fork if an import did);
native libraries' threads (OpenBLAS, jemalloc) are made safe across ``fork`` by those libraries, as
for Python's ``multiprocessing`` on Linux. A test compares what a notebook sees in a forked kernel
and in one started by Jupyter.

Only kernels that would run the workers' own Python with ipykernel are forked; any other kernel
(another environment's Python, another language) starts as Jupyter starts it, and so does every
kernel when ``FRAMING_BATCH_FORK=0`` or where ``os.fork`` or ``/proc`` is missing (Windows, macOS).

>>> fork = KernelFork.start(["framing"])                         # in the pool   # doctest: +SKIP
>>> client = KernelForkClient(fork.address)                      # in a worker   # doctest: +SKIP
>>> km = forking_manager(client)(kernel_name="python3")  # an AsyncKernelManager  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FORK_SETTING = "FRAMING_BATCH_FORK"  # "0": every kernel starts as a process of its own, as Jupyter starts it
LAUNCHER = ["-m", "ipykernel_launcher"]
_MESSAGE_LIMIT = 1 << 20


class KernelForkError(RuntimeError):
    """The fork process could not start a kernel (it is gone, or refused); the caller starts one as usual."""


def can_fork() -> bool:
    """Whether kernels may be forked here: a POSIX ``os.fork`` with ``/proc``, and not switched off."""
    return (os.environ.get(FORK_SETTING, "1") != "0" and hasattr(os, "fork") and hasattr(socket, "send_fds")
            and Path("/proc/self/stat").exists())


def framing_modules(imports: list[str]) -> list[str]:
    """The modules of ``imports`` that the fork process imports: framing's own (with pandas, matplotlib,
    NLTK and SciPy, which they import), known to import the same outside a kernel as in one.

    >>> framing_modules(["pandas", "framing", "framing.plots", "torch"])
    ['framing', 'framing.plots']
    """
    return [name for name in imports if name == "framing" or name.startswith("framing.")]


class KernelFork:
    """The process kernels are forked from (see the module docstring), listening at :attr:`address` (a
    socket in a folder of its own, readable by this user only); :meth:`close` stops it."""

    def __init__(self, process: subprocess.Popen, folder: str):
        self.process = process
        self.folder = folder
        self.address = os.path.join(folder, "fork")

    @classmethod
    def start(cls, imports: list[str], python: str = sys.executable) -> "KernelFork":
        folder = tempfile.mkdtemp(prefix="framing-fork-")  # mode 0700: no other user can ask for a fork
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(os.path.join(folder, "fork"))
            listener.listen(64)  # workers may connect at once: they wait until the imports are done
            # stdin stays open while this process lives: the fork process stops when it closes
            process = subprocess.Popen([python, "-m", __name__, str(listener.fileno()), json.dumps(imports)],
                                       pass_fds=[listener.fileno()], stdin=subprocess.PIPE,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            listener.close()
        return cls(process, folder)

    def close(self) -> None:
        """Stop the fork process (its kernels notice and stop too); idempotent."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # still importing: it would notice the closed pipe only after
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class KernelForkClient:
    """A worker's connection to the fork process at ``address``: :meth:`fork` starts a kernel."""

    def __init__(self, address: str, timeout: float = 60.0):
        self._channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # the first fork waits for the imports; one that takes longer leaves kernels to start as usual
        self._channel.settimeout(timeout)
        try:
            self._channel.connect(address)
        except OSError as error:
            self._channel.close()
            raise KernelForkError(f"cannot reach the kernel fork process at {address} ({error})") from None

    def runs(self, cmd: list[str]) -> bool:
        """Whether ``cmd`` (a kernel command) is this Python running ipykernel, which a fork can stand in for
        (the fork process runs the Python of the workers)."""
        if len(cmd) < 3 or cmd[1:3] != LAUNCHER:
            return False
        python = cmd[0] if os.sep in cmd[0] else (shutil.which(cmd[0]) or cmd[0])
        return os.path.normpath(os.path.abspath(python)) == os.path.normpath(os.path.abspath(sys.executable))

    def fork(self, arguments: list[str], env: dict[str, str], cwd: str, stdout: int, stderr: int) -> int:
        """A new kernel process, ``ipykernel_launcher`` with ``arguments``: its process id."""
        request = json.dumps({"arguments": arguments, "env": env, "cwd": cwd}).encode() + b"\n"
        try:
            socket.send_fds(self._channel, [request], [stdout, stderr])
            answer = _read_line(self._channel)
        except OSError as error:  # gone, or no answer in time (socket.timeout)
            answer, problem = None, error
        else:
            problem = "it closed the connection"
        if answer is None:
            self.close()  # the next kernels do not wait for it again
            raise KernelForkError(f"the kernel fork process did not answer ({problem})")
        reply = json.loads(answer)
        if "pid" not in reply:
            raise KernelForkError(reply.get("error", "the kernel fork process refused"))
        return int(reply["pid"])

    def close(self) -> None:
        self._channel.close()


class ForkedKernel:
    """What a kernel manager's provisioner needs of a kernel process (``subprocess.Popen``'s poll, wait,
    send_signal, kill, terminate), for a forked kernel, which is the fork process's child, not ours.
    Its exit status is not known here: a kernel that has ended reports 0."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._started = _start_time(pid)

    def poll(self) -> int | None:
        if self.returncode is None and (self._started is None or _start_time(self.pid) != self._started):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def forking_manager(fork: KernelForkClient | None):
    """An ``AsyncKernelManager`` class whose ipykernel kernels of this Python are forks asked of ``fork``
    (any other kernel, or all when ``fork`` is None or fails, starts as Jupyter starts it)."""
    from jupyter_client.manager import AsyncKernelManager

    if fork is None:
        return AsyncKernelManager

    class ForkingKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            if not fork.runs(kernel_cmd):
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            cwd = str(kw.get("cwd") or os.getcwd())
            env = dict(kw.get("env") or os.environ)
            try:
                pid = fork.fork(kernel_cmd[3:], env, cwd, _fd(kw.get("stdout"), 1), _fd(kw.get("stderr"), 2))
            except KernelForkError:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            provisioner = self.provisioner
            provisioner.process = ForkedKernel(pid)
            provisioner.pid = provisioner.pgid = pid  # the kernel leads a session of its own, as Jupyter's do
            provisioner.cwd = cwd
            self._reconcile_connection_info(provisioner.connection_info)

    return ForkingKernelManager


def _fd(stream: Any, default: int) -> int:
    return stream.fileno() if hasattr(stream, "fileno") else stream if isinstance(stream, int) else default


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` (None when there is none, or it has ended): a pid reused by a
    new process has another start time."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return None if fields[0] in "ZX" else fields[19]


def _read_line(channel: socket.socket) -> bytes | None:
    data = b""
    while not data.endswith(b"\n"):
        chunk = channel.recv(65536)
        if not chunk:
            return None
        data += chunk
    return data


# -- the fork process ------------------------------------------------------------------------------


def _serve(listener: socket.socket, imports: list[str]) -> None:
    import builtins
    import importlib
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the batch, which closes our stdin
    # ipykernel makes the inline backend the default before anything imports matplotlib, which reads it at import
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # as Jupyter sets it for kernels, read at import
    # A kernel imports nothing from the folder it was started in (ipykernel_launcher drops it from the path,
    # and the kernel then works in its run's folder): neither does this process, whose folder is the batch's.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    importlib.import_module("ipykernel.kernelapp")
    # Some libraries look at their surroundings when imported: pandas shows up to 20 columns in a Jupyter
    # kernel but fits a terminal's width elsewhere, deciding by what the builtin get_ipython() returns.
    builtins.get_ipython = _KernelShell  # type: ignore[attr-defined]
    try:
        for name in imports:
            try:
                importlib.import_module(name)
            except BaseException:  # the notebook reports it when it imports the module itself
                pass
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
    signal.signal(signal.SIGCHLD, _reap)  # not SIG_IGN: reaped by a wait, a kernel's CPU time counts in ours
    waiting = selectors.DefaultSelector()
    waiting.register(listener, selectors.EVENT_READ, "worker")
    waiting.register(sys.stdin.fileno(), selectors.EVENT_READ, "pool")
    while True:
        for key, _ in waiting.select():
            if key.data == "pool":
                if not os.read(key.fd, 4096):  # the pool closed it, or is gone
                    return
            elif key.data == "worker":
                connection, _ = listener.accept()
                waiting.register(connection, selectors.EVENT_READ, "request")
            elif not _answer(key.fileobj, waiting, threading.active_count()):
                waiting.unregister(key.fileobj)
                key.fileobj.close()


def _answer(connection: socket.socket, waiting: selectors.BaseSelector, threads: int) -> bool:
    """Fork a kernel for the request waiting on ``connection`` (one of those ``waiting`` watches) and send
    its pid; False when the worker is gone."""
    try:
        message, fds, _, _ = socket.recv_fds(connection, _MESSAGE_LIMIT, 2)  # descriptors come with the first bytes
        if message and not message.endswith(b"\n"):
            rest = _read_line(connection)
            message = message + rest if rest else b""
    except OSError:
        return False
    if not message:
        for fd in fds:
            os.close(fd)
        return False
    if threads > 1 or len(fds) != 2:
        # an import started a thread: a fork would copy it stopped, wherever it was
        reply = {"error": "the kernel fork process cannot fork safely (an import started a thread)"}
    else:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            for key in list(waiting.get_map().values()):  # the kernel keeps none of the workers' connections
                if key.data != "pool":
                    key.fileobj.close()
            waiting.close()
            _run_kernel(json.loads(message), fds)  # never returns
        reply = {"pid": pid}
    for fd in fds:
        os.close(fd)
    try:
        connection.sendall(json.dumps(reply).encode() + b"\n")
    except OSError:
        return False
    return True


class _KernelShell:
    """What the builtin ``get_ipython()`` returns in a Jupyter kernel, as far as an import asks: a shell
    that has a kernel."""

    kernel = None


def _reap(signum, frame) -> None:
    """Collect the kernels that have ended (any number: signals of several may arrive as one)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _run_kernel(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become ``python -m ipykernel_launcher ARGUMENTS`` as the kernel manager asked."""
    import atexit

    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(fds[0], 1)
        os.dup2(fds[1], 2)
        for fd in (null, *fds):
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())  # ipykernel stops the kernel when this parent is gone
        if "numpy" in sys.modules:  # a new process draws a new global seed; a fork would share its parent's
            sys.modules["numpy"].random.seed()
        import ipykernel_launcher

        sys.argv = [ipykernel_launcher.__file__, *request["arguments"]]
        from ipykernel import kernelapp

        # parent_handle's default was read from the environment when ipykernel was imported, before this one
        kernelapp.IPKernelApp.launch_instance(parent_handle=os.getppid())
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(code)


if __name__ == "__main__":
    _serve(socket.socket(fileno=int(sys.argv[1])), json.loads(sys.argv[2]))
