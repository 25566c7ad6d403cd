"""Cache keys of a batch: a set is skipped when the hash of everything its report depends on is unchanged.

The key of a set covers its data files (every file of the set folder, ``set.yaml`` included, and the
external articles it names), the notebook file, the lexicon's content (the bundled one when none is
given), the parameters, ``--no-input`` and ``framing.__version__``. It is stored in
``reports/<set>/.cache_key`` only after a successful run, so a failed set always runs again.

>>> key = set_key(Path("data/article_sets/winter_gas_terms"), Path("notebooks/report.ipynb"),
...               lexicon_hash="0" * 64, parameters={}, no_input=True)  # doctest: +SKIP
>>> len(key)  # doctest: +SKIP
64
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framing.batch.inputs import read_set_meta
from framing.files import write_text

KEY_FILE = ".cache_key"
SCHEME = "framing-batch-1"  # bump when the meaning of a key changes
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
    ``external_articles`` of its ``set.yaml`` (``"missing"`` for one that is not there)."""
    result = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = Path(root) / name
                result.append((path.relative_to(folder).as_posix(), file_hash(path)))
    for entry in read_set_meta(folder).get("external_articles") or []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            path = Path(os.path.normpath(folder / Path(entry["path"]).expanduser()))
            result.append((f"external:{entry['path']}", file_hash(path) if path.is_file() else "missing"))
    return result


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
