"""Putting a finished folder in place, so that readers never see a half-written one.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "new").mkdir(); (root / "new" / "a.txt").write_text("x")
1
>>> install_folder(root / "new", root / "final").joinpath("a.txt").read_text()
'x'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def install_folder(staged: Path, final: Path) -> Path:
    """Move the finished folder ``staged`` to ``final``; a previous ``final`` is removed only once the new
    one is there. ``staged`` must be on the same file system (make it beside ``final``)."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".old-{final.name}-", dir=final.parent))
        os.replace(final, old / final.name)
    os.replace(staged, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final
