"""Article sets: a folder with ``set.yaml`` and one articles file, plus optional external articles.

>>> article_set = load_article_set("data/article_sets/belgrade_moscow_call")  # doctest: +SKIP
>>> article_set.meta["group_by"], len(article_set.articles)  # doctest: +SKIP
('outlet', 13)

A set folder holds ``set.yaml`` and its articles: ``articles.jsonl`` if present, else the one
table file (``.csv``, ``.tsv``, ``.json``, ``.jsonl``, ``.parquet``, optionally ``.gz``) or an
``articles/`` folder of text files. ``set.yaml`` accepts exactly the keys of ``SET_KEYS``;
``external_articles`` entries accept those of ``EXTERNAL_KEYS``. An external article is a plain
text file kept outside the repository (``path`` is relative to the set folder); it is appended to
the articles with the metadata given in ``set.yaml``, and the articles get a boolean ``seed`` column.
A set folder's name must not start with ``.`` or end in one of ``REPORT_FILE_SUFFIXES`` (a folder
``index.html`` would collide with the batch's index page).
"""

from __future__ import annotations

import datetime
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from framing.load.articles import SET_FILE, normalize_articles, read_articles
from framing.errors import ArticleSetError, FramingWarning, quoted
from framing.load.readers import COMPRESSIBLE_FORMATS, FORMATS, decode_bytes, split_front_matter
from framing.load.yamlfile import parse_yaml

DEFAULT_SETS_ROOT = Path("data") / "article_sets"
PREFERRED_FILE = "articles.jsonl"
ARTICLES_FOLDER = "articles"

# key -> what it holds (used in error messages, so they double as the schema's documentation)
SET_KEYS = {
    "title": "text (required)",
    "description": "text",
    "research_question": "text",
    "group_by": "the default grouping column (default 'outlet')",
    "provenance": "mapping: who wrote or collected the articles, when, licence…",
    "outlets": "mapping of outlet name -> {country, leaning}",
    "external_articles": "list of text files kept outside the repository",
}
EXTERNAL_KEYS = {
    "path": "text file, relative to the set folder (required)",
    "id": "text (default: the file name without extension)",
    "title": "text", "outlet": "text", "country": "text", "date": "date", "language": "text",
    "seed": "true/false (default false)",
    "required": "true/false (default true): when false, a missing file only warns",
    "note": "text",
}
# A set's name becomes its report folder, beside index.html, summary.csv, batch.json…: names ending
# in these suffixes (and hidden names) are refused so that a folder can never take a file's place.
REPORT_FILE_SUFFIXES = (".html", ".htm", ".csv", ".parquet", ".json", ".ipynb", ".log")
LIST_COLUMNS = ("name", "path", "title", "n_articles", "group_by", "n_outlets", "date_min", "date_max",
                "research_question")


@dataclass(frozen=True, eq=False)
class ArticleSet:
    """A loaded article set: ``name`` (folder name), ``path``, ``meta`` (``set.yaml``), ``articles``."""

    name: str
    path: Path
    meta: dict[str, Any]
    articles: pd.DataFrame

    def __repr__(self) -> str:
        return (f"ArticleSet(name={self.name!r}, title={self.meta.get('title')!r}, "
                f"n_articles={len(self.articles)}, path={str(self.path)!r})")


def load_article_set(path: str | os.PathLike, **options: Any) -> ArticleSet:
    """Load an article-set folder (or its ``set.yaml``); ``options`` go to the articles file's loader.

    >>> article_set = load_article_set("data/article_sets/winter_gas_terms")  # doctest: +SKIP
    >>> article_set.articles.attrs["set_name"]  # doctest: +SKIP
    'winter_gas_terms'
    """
    folder = Path(path).expanduser()
    if folder.name == SET_FILE and folder.is_file():
        folder = folder.parent
    set_file = folder / SET_FILE
    if folder.name.startswith(".") or folder.suffix.lower() in REPORT_FILE_SUFFIXES:
        raise ArticleSetError(
            f"{folder}: a set folder cannot be named {folder.name!r}: its report folder would sit beside the "
            f"batch's index.html and summary files (or be hidden); rename the folder, e.g. to "
            f"{folder.name.lstrip('.').replace('.', '_') or 'my_set'!r}")
    if not set_file.is_file():
        raise ArticleSetError(f"{folder}: not an article set (no {SET_FILE}); an article set is a folder with "
                              f"{SET_FILE} and its articles file ({PREFERRED_FILE} preferred)")
    meta, lines = read_set_yaml(set_file)
    articles_file = _articles_file(folder)
    externals = meta.get("external_articles") or []
    if articles_file is None and not externals:
        raise ArticleSetError(f"{folder}: no articles file; add {PREFERRED_FILE} (or one .csv, .tsv, .json, "
                              f".parquet file, or an {ARTICLES_FOLDER}/ folder of .txt/.md files)")
    articles = read_articles(articles_file, **options) if articles_file is not None else None
    mapping = dict(articles.attrs.get("column_mapping", {})) if articles is not None else {}
    rows = _external_rows(externals, folder=folder, set_file=set_file, lines=lines, name=folder.name)
    if externals or (articles is not None and "seed" in articles):
        articles = _append_externals(articles, rows, set_file=set_file, lines=lines,
                                     articles_name=articles_file.name if articles_file else "")
    articles.attrs = {"source": str(folder), "column_mapping": mapping, "set_name": folder.name}

    group_by = meta.setdefault("group_by", "outlet")
    if group_by not in articles.columns:
        raise ArticleSetError(
            f"{set_file}:{lines.get(('group_by',), 1)}: group_by {quoted(group_by)} is not a column of the articles; "
            f"columns: {', '.join(map(str, articles.columns))}; set group_by to one of them")
    outlets = meta.get("outlets")
    if outlets and "outlet" in articles:
        undeclared = sorted(set(articles["outlet"].dropna()) - set(map(str, outlets)))
        if undeclared:
            warnings.warn(f"{set_file}:{lines.get(('outlets',), 1)}: outlets {undeclared} appear in the articles "
                          f"but not under 'outlets:'; add them with their country and leaning",
                          FramingWarning, stacklevel=2)
    return ArticleSet(name=folder.name, path=folder, meta=meta, articles=articles)


def list_article_sets(root: str | os.PathLike = DEFAULT_SETS_ROOT) -> pd.DataFrame:
    """One row per set folder (a folder with ``set.yaml``) under ``root``, sorted by name.

    >>> list_article_sets()[["name", "n_articles"]]  # doctest: +SKIP
    """
    root_path = Path(root).expanduser()
    if not root_path.is_dir():
        raise ArticleSetError(f"{root_path}: no such folder; pass root= the folder that holds the article sets "
                              f"(each a folder with {SET_FILE}), e.g. list_article_sets('data/article_sets')")
    rows = []
    for folder in sorted(p for p in root_path.iterdir() if p.is_dir() and (p / SET_FILE).is_file()):
        article_set = load_article_set(folder)
        articles = article_set.articles
        dates = articles["date"].dropna() if "date" in articles else pd.Series([], dtype="datetime64[ns]")
        rows.append({
            "name": article_set.name,
            "path": str(folder),
            "title": article_set.meta.get("title"),
            "n_articles": len(articles),
            "group_by": article_set.meta["group_by"],
            "n_outlets": int(articles["outlet"].nunique()) if "outlet" in articles else 0,
            "date_min": dates.min() if len(dates) else pd.NaT,
            "date_max": dates.max() if len(dates) else pd.NaT,
            "research_question": article_set.meta.get("research_question"),
        })
    table = pd.DataFrame(rows, columns=list(LIST_COLUMNS))
    table["n_articles"] = table["n_articles"].astype("int64")
    table["n_outlets"] = table["n_outlets"].astype("int64")
    for column in ("date_min", "date_max"):
        table[column] = pd.to_datetime(table[column]).astype("datetime64[ns]")
    return table


def read_set_yaml(set_file: str | os.PathLike) -> tuple[dict[str, Any], dict[tuple, int]]:
    """Read and validate ``set.yaml``; returns the mapping and the line of every key (for messages).

    >>> meta, lines = read_set_yaml("data/article_sets/winter_gas_terms/set.yaml")  # doctest: +SKIP
    """
    set_file = Path(set_file)
    content = decode_bytes(set_file.read_bytes(), name=str(set_file))
    try:
        meta, node = parse_yaml(content)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1"
        raise ArticleSetError(f"{set_file}:{where}: not valid YAML ({error.problem or error.context}); "
                              f"fix the file at that line") from None
    except yaml.YAMLError as error:
        raise ArticleSetError(f"{set_file}: not valid YAML ({error})") from None
    lines = _node_lines(node) if node is not None else {}
    if not isinstance(meta, dict):
        raise ArticleSetError(f"{set_file}:1: expected 'key: value' lines with at least 'title', "
                              f"found {'nothing' if meta is None else 'a ' + type(meta).__name__}")
    _check_keys(meta, SET_KEYS, what="key", set_file=set_file, lines=lines, prefix=())
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ArticleSetError(f"{set_file}:{lines.get(('title',), 1)}: 'title' is required and must be text")
    for key in ("description", "research_question", "group_by"):
        _check_type(meta, key, str, "text", set_file=set_file, lines=lines, prefix=())
    for key in ("provenance", "outlets"):
        _check_type(meta, key, dict, "a mapping", set_file=set_file, lines=lines, prefix=())
    for outlet, details in (meta.get("outlets") or {}).items():
        if details is not None and not isinstance(details, dict):
            raise ArticleSetError(f"{set_file}:{lines.get(('outlets', outlet), 1)}: outlet {quoted(outlet)} must map to "
                                  f"{{country: ..., leaning: ...}}")
    _check_type(meta, "external_articles", list, "a list", set_file=set_file, lines=lines, prefix=())
    for i, entry in enumerate(meta.get("external_articles") or []):
        line = lines.get(("external_articles", i), 1)
        if not isinstance(entry, dict):
            raise ArticleSetError(f"{set_file}:{line}: each external article must be a mapping with at least 'path'")
        _check_keys(entry, EXTERNAL_KEYS, what="external article key", set_file=set_file, lines=lines,
                    prefix=("external_articles", i))
        if not isinstance(entry.get("path"), str) or not entry["path"].strip():
            raise ArticleSetError(f"{set_file}:{line}: external article without 'path' (the text file, "
                                  f"relative to the set folder)")
        for key in ("id", "title", "outlet", "country", "language", "note"):
            _check_type(entry, key, str, "text", set_file=set_file, lines=lines, prefix=("external_articles", i))
        _check_type(entry, "date", (str, datetime.date), "a date (YYYY-MM-DD)", set_file=set_file, lines=lines,
                    prefix=("external_articles", i))
        for key in ("seed", "required"):
            _check_type(entry, key, bool, "true or false", set_file=set_file, lines=lines,
                        prefix=("external_articles", i))
    return meta, lines


# ---------------------------------------------------------------------------------------------


def _articles_file(folder: Path) -> Path | None:
    """The set's articles: articles.jsonl, else the single table file or articles/ folder."""
    candidates = sorted(p for p in folder.iterdir() if not p.name.startswith(".") and (
        (p.is_file() and _is_table(p)) or (p.is_dir() and p.name == ARTICLES_FOLDER)))
    preferred = folder / PREFERRED_FILE
    if preferred in candidates:
        others = [p.name for p in candidates if p != preferred]
        if others:
            warnings.warn(f"{folder}: reading {PREFERRED_FILE}; also present and not read: {', '.join(others)}",
                          FramingWarning, stacklevel=3)
        return preferred
    if len(candidates) > 1:
        raise ArticleSetError(f"{folder}: more than one articles file ({', '.join(p.name for p in candidates)}); "
                              f"keep one, or name the one to use {PREFERRED_FILE}")
    return candidates[0] if candidates else None


def _is_table(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return len(suffixes) > 1 and FORMATS.get(suffixes[-2]) in COMPRESSIBLE_FORMATS
    return bool(suffixes) and FORMATS.get(suffixes[-1]) not in (None, "text")


def _external_rows(entries: list[dict], *, folder: Path, set_file: Path, lines: Mapping, name: str) -> list[dict]:
    rows = []
    for i, entry in enumerate(entries):
        line = lines.get(("external_articles", i), 1)
        file = Path(os.path.normpath(folder / Path(entry["path"]).expanduser()))
        if not file.is_file():
            if entry.get("required", True):
                raise ArticleSetError(
                    f"{set_file}:{line}: external article {entry['path']!r} not found (looked for {file}); put the "
                    f"file there, or mark it 'required: false' to load the set without it")
            warnings.warn(f"{set_file}:{line}: external article {file} not found; set {name!r} loads without it "
                          f"(required: false)", FramingWarning, stacklevel=4)
            continue
        meta, body = split_front_matter(decode_bytes(file.read_bytes(), name=str(file)), name=str(file))
        row = {**meta, "id": meta.get("id", file.stem), "text": body}
        row.update({key: value for key, value in entry.items() if key not in ("path", "seed", "required", "note")})
        row["seed"] = entry.get("seed", False)
        rows.append({"_line": line, **row})
    return rows


def _append_externals(articles: pd.DataFrame | None, rows: list[dict], *, set_file: Path, lines: Mapping,
                      articles_name: str) -> pd.DataFrame:
    base = articles if articles is not None else pd.DataFrame({"id": [], "text": []})
    base = base.drop(columns="duplicate_of", errors="ignore").copy()
    base["seed"] = _bools(base["seed"], name=articles_name) if "seed" in base else False
    known = set(base["id"])
    for row in rows:
        if str(row["id"]) in known:
            raise ArticleSetError(f"{set_file}:{row['_line']}: external article id {row['id']!r} is already used "
                                  f"(by another article of the set); give it another 'id'")
        known.add(str(row["id"]))
    external = pd.DataFrame.from_records([{k: v for k, v in row.items() if k != "_line"} for row in rows])
    combined = pd.concat([base, external], ignore_index=True) if len(external) else base.reset_index(drop=True)
    locations = ([f"{articles_name} row {i}" for i in range(len(base))]
                 + [f"{set_file.name}:{row['_line']} (external article)" for row in rows])
    seeds = combined.pop("seed").to_numpy(dtype=bool)
    result = normalize_articles(combined, source=str(set_file.parent), locations=locations)
    result.insert(len(result.columns) - 1, "seed", seeds)
    return result


def _bools(values: pd.Series, *, name: str) -> np.ndarray:
    truth = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False, "": False}
    result = []
    for i, value in enumerate(values):
        if value is None or (isinstance(value, float) and value != value):
            result.append(False)
        elif isinstance(value, (bool, np.bool_)):
            result.append(bool(value))
        elif str(value).strip().lower() in truth:
            result.append(truth[str(value).strip().lower()])
        else:
            raise ArticleSetError(f"{name}: row {i}: seed value {quoted(value)} is not true or false")
    return np.array(result, dtype=bool)


def _node_lines(node: yaml.Node, prefix: tuple = ()) -> dict[tuple, int]:
    """1-based line of every mapping key and list item, by path (e.g. ('external_articles', 0, 'path'))."""
    lines = {prefix: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = prefix + (key.value if isinstance(key, yaml.ScalarNode) else None,)
            lines.update({p: n for p, n in _node_lines(value, path).items() if p != path})
            lines[path] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_node_lines(item, prefix + (i,)))
    return lines


def _check_keys(mapping: dict, allowed: Mapping[str, str], *, what: str, set_file: Path, lines: Mapping,
                prefix: tuple) -> None:
    for key in mapping:
        if key not in allowed:
            line = lines.get(prefix + (key,), lines.get(prefix, 1))
            listed = "; ".join(f"{name} ({meaning})" for name, meaning in allowed.items())
            raise ArticleSetError(f"{set_file}:{line}: unknown {what} {quoted(key)}; allowed: {listed}")


def _check_type(mapping: dict, key: str, kind: Any, expected: str, *, set_file: Path, lines: Mapping,
                prefix: tuple) -> None:
    value = mapping.get(key)
    if value is not None and not isinstance(value, kind):
        line = lines.get(prefix + (key,), 1)
        raise ArticleSetError(f"{set_file}:{line}: {key!r} must be {expected}, found {quoted(value)}")
