"""The reports folder while a batch writes it: its lock, and the temporary folders each run is staged in.

Each run writes into ``reports/.tmp-<name>-<random>/``, moved into place when it is done
(:func:`framing.files.install_folder` leaves the replaced one in ``.old-<name>-<random>/`` for a
moment); a batch that was interrupted leaves such folders behind, and the next one removes them,
and nothing else.

>>> bool(_STAGED.match(".tmp-alpha-k2j_x9q0")), bool(_STAGED.match(".tmp-my-notes"))
(True, False)
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from framing.errors import BatchError

LOCK_FILE = ".lock"
# what tempfile.mkdtemp names (prefix, then 8 of [a-z0-9_]): only these are ever removed
_STAGED = re.compile(r"^\.(tmp|old)-.+-[a-z0-9_]{8}$")


def make_tmp(out: Path, name: str) -> Path:
    """A fresh ``out/.tmp-<name>-<random>`` folder, readable like any other (reports are shared)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=out))
    os.chmod(tmp, 0o755)
    return tmp


def remove_stale(out: Path) -> None:
    """Remove what an interrupted batch left behind (temporary run folders, replaced reports)."""
    for path in out.iterdir():
        if _STAGED.match(path.name) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def locked(out: Path):
    """Hold ``out/.lock`` so that two batches never write into the same folder at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        handle = open(out / LOCK_FILE, "a+")
    except OSError as error:
        raise BatchError(f"--out {out}: cannot write there ({error.strerror or error}); pass a folder you can "
                         f"write to") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchError(f"another framing batch is writing to {out}; wait for it to finish, or pass another "
                             f"--out folder") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
