"""Writing files and folders whole, so that a reader never sees a half-written one.

Every file the package writes goes through :func:`atomic_write` (a temporary name beside the target,
then a rename); every folder of results through :func:`install_folder`; every table through
:func:`write_table`.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_write(root / "a.txt") as temporary:
...     _ = temporary.write_text("x")
>>> (root / "a.txt").read_text()
'x'
>>> (root / "new").mkdir(); (root / "new" / "b.txt").write_text("y")
1
>>> install_folder(root / "new", root / "final").joinpath("b.txt").read_text()
'y'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from framing.errors import FramingError

if TYPE_CHECKING:
    import pandas as pd

TABLE_FORMATS = (".csv", ".parquet", ".jsonl")


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed to ``path``, on failure removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(temporary)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` whole (see :func:`atomic_write`)."""
    with atomic_write(path) as temporary:
        temporary.write_text(text, encoding=encoding)
    return Path(path)


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


def table_format(path: str | os.PathLike, what: str = "output") -> str:
    """The table format of ``path`` from its extension; a clear error for any other extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise FramingError(f"{path}: unsupported {what} extension {suffix or '(none)'!r}; "
                           f"use one of {', '.join(TABLE_FORMATS)}")
    return suffix


def write_table(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``table`` to ``path`` as ``.csv``, ``.parquet`` or ``.jsonl``, whole, without the index.

    >>> write_table(pd.DataFrame({"a": [1]}), "out.csv")  # doctest: +SKIP
    """
    suffix = table_format(path)
    with atomic_write(path) as temporary:
        if suffix == ".csv":
            table.to_csv(temporary, index=False)
        elif suffix == ".parquet":
            table.to_parquet(temporary, index=False)
        else:
            table.to_json(temporary, orient="records", lines=True, date_format="iso", force_ascii=False)
    return Path(path)
