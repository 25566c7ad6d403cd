"""Cache keys of a batch: a set is skipped when the hash of everything its report depends on is unchanged.

The key of a set covers its data files (every file of the set folder, read through links as the loader
reads them, ``set.yaml`` included, and the external articles it names), the notebook file, the lexicon's content (the bundled one when none is
given), the parameters, ``--no-input`` and ``framing.__version__``. It is stored in
``reports/<set>/.cache_key`` only after a successful run, so a failed set always runs again.

>>> key = set_key(Path("data/article_sets/winter_gas_terms"), Path("notebooks/report.ipynb"),
...               lexicon_hash="0" * 64, parameters={}, no_input=True)  # doctest: +SKIP
>>> len(key)  # doctest: +SKIP
64
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framing.batch.inputs import read_set_meta
from framing.errors import ArticleSetError
from framing.files import write_text

KEY_FILE = ".cache_key"
SCHEME = "framing-batch-2"  # bump when the meaning of a key changes
_CHUNK = 1 << 20


def set_key(set_path: Path, notebook: Path, *, lexicon_hash: str, parameters: Mapping[str, Any],
            no_input: bool, version: str | None = None) -> str:
    """SHA-256 (hex) of everything a set's report depends on; see the module docstring."""
    if version is None:
        from framing import __version__ as version
    parts = {
        "scheme": SCHEME,
        "framing": version,
        "notebook": file_hash(notebook),
        "lexicon": lexicon_hash,
        "parameters": parameters,
        "no_input": bool(no_input),
        "data": [[name, digest] for name, digest in data_hashes(set_path)],
    }
    return _hash_json(parts)


def combined_key(*parts: Any) -> str:
    """SHA-256 (hex) of JSON-ready parts, e.g. the keys of every set plus the comparison notebook."""
    return _hash_json(list(parts))


def data_hashes(folder: Path) -> list[tuple[str, str]]:
    """``(name, sha256)`` of every file of a set: the folder's files (hidden ones skipped), then the
    ``external_articles`` of its ``set.yaml`` (``"missing"`` for one that is not there).

    Links are followed, as the loader follows them: a linked ``articles/`` folder is hashed through
    the link. A dangling link or a link loop is an :class:`~framing.errors.ArticleSetError` naming it.
    """
    result = [(name, _hash_data_file(path)) for name, path in data_files(folder)]
    for entry in read_set_meta(folder).get("external_articles") or []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            path = Path(os.path.normpath(folder / Path(entry["path"]).expanduser()))
            result.append((f"external:{entry['path']}", _hash_data_file(path) if path.is_file() else "missing"))
    return result


def data_size(folder: Path) -> int:
    """Bytes in the files of a set folder (links followed): how long its report will take, roughly."""
    return sum(path.stat().st_size for _, path in data_files(folder))


def data_files(folder: Path) -> list[tuple[str, Path]]:
    """``(name relative to folder, path)`` of every non-hidden file under ``folder``, following links, sorted."""
    result: list[tuple[str, Path]] = []

    def walk(directory: Path, prefix: str, ancestors: frozenset) -> None:
        identity = _identity(directory)
        if identity in ancestors:
            raise ArticleSetError(f"{directory}: a symbolic link loop (this folder links back to {folder / prefix}"
                                  f" or above); remove or fix the link so that the set can be read")
        ancestors = ancestors | {identity}
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            raise ArticleSetError(f"{directory}: cannot be listed ({error.strerror or error}); check its "
                                  f"permissions") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            name = f"{prefix}{entry.name}"
            _identity(path)  # a dangling link or a link loop stops here, with its name
            if path.is_dir():
                walk(path, f"{name}/", ancestors)
            else:
                result.append((name, path))

    walk(Path(folder), "", frozenset())
    return result


def _identity(path: Path) -> tuple[int, int]:
    """``(device, inode)`` of what ``path`` leads to; a clear error for a dangling link or a link loop."""
    try:
        info = path.stat()
    except OSError as error:
        if path.is_symlink():
            target = os.readlink(path)
            if error.errno == errno.ELOOP:
                raise ArticleSetError(f"{path}: a symbolic link loop (-> {target}); remove or fix the link so "
                                      f"that the set can be read") from None
            raise ArticleSetError(f"{path}: a symbolic link to {target}, which does not exist; restore its "
                                  f"target or remove the link") from None
        raise ArticleSetError(f"{path}: cannot be read ({error.strerror or error})") from None
    return info.st_dev, info.st_ino


def _hash_data_file(path: Path) -> str:
    try:
        return file_hash(path)
    except OSError as error:
        raise ArticleSetError(f"{path}: cannot be read ({error.strerror or error}); check that it is a readable "
                              f"file") from None


def file_hash(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_key(folder: Path, name: str = KEY_FILE) -> str | None:
    """The key stored in ``folder`` (``None`` when there is none)."""
    try:
        return (folder / name).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def write_key(folder: Path, key: str, name: str = KEY_FILE) -> None:
    """Store ``key`` in ``folder`` (written whole: temporary file, then rename)."""
    write_text(folder / name, key + "\n", encoding="ascii")


def _hash_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("ascii")).hexdigest()
