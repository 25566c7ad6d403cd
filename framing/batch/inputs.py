"""Checking what a batch is asked to do, before anything runs: sets, notebooks, parameters, lexicon.

Everything here is cheap (no papermill, no pandas) so that a cached batch starts in a blink, and
every problem is a :class:`~framing.errors.BatchError` that names the path or parameter at fault.

>>> parse_parameters(["n_boot=500", "group_by=country", "lexicon=null"])
{'n_boot': 500, 'group_by': 'country', 'lexicon': None}
"""

from __future__ import annotations

import ast
import datetime
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from framing.errors import BatchError, FramingError, LexiconError
from framing.load.sets import DEFAULT_SETS_ROOT, SET_FILE

# The report notebooks ship inside the package: framing/notebooks is the repository's notebooks/ folder
# (a link in the source tree, copied into the wheel), so `framing batch` runs from any directory.
NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "report.ipynb"
COMPARE_NOTEBOOK = NOTEBOOKS_DIR / "compare_sets.ipynb"
# Set by the batch for every run; a user passes SETS instead of article_set, and --out instead of output_dir.
BATCH_PARAMETERS = ("article_set", "output_dir")
# Report parameters that count something: a whole number of at least 1.
COUNT_PARAMETERS = ("n_boot", "top_k")
# Where each run writes its tables, relative to its own working directory (reports/<set>/).
TABLES_DIR = "tables"
PARAMETERS_TAG = "parameters"
RUN_FILE = "run.json"  # in every set folder the batch writes: the mark of a folder it may replace


@dataclass(frozen=True)
class SetInput:
    """One article set of a batch: ``name`` (folder name, also its folder under ``reports/``), ``path``, ``title``."""

    name: str
    path: Path
    title: str


def find_sets(sets: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
              root: str | os.PathLike = DEFAULT_SETS_ROOT) -> list[SetInput]:
    """The article sets to run: ``sets`` (folders, or their ``set.yaml``), else every set under ``root``.

    >>> [s.name for s in find_sets()]  # doctest: +SKIP
    ['belgrade_moscow_call', 'un_territorial_integrity', 'winter_gas_terms']
    """
    if sets is None:
        root_path = Path(root)
        found = sorted(p for p in root_path.glob(f"*/{SET_FILE}")) if root_path.is_dir() else []
        if not found:
            raise BatchError(f"no article sets found: looked for {root_path / '*' / SET_FILE} under {Path.cwd()}; "
                             f"run from the project root, or pass the set folders (each with {SET_FILE}) as SETS")
        folders = [p.parent for p in found]
    else:
        items = [sets] if isinstance(sets, (str, os.PathLike)) else list(sets)
        if not items:
            raise BatchError("no article sets given; pass at least one set folder, or none for every set under "
                             f"{root}")
        folders = [_set_folder(Path(item)) for item in items]
    result, seen = [], {}
    for folder in folders:
        path = folder.resolve()
        name = path.name
        if name in seen:
            if seen[name] == path:
                continue
            raise BatchError(f"two article sets are named {name!r} ({seen[name]} and {path}); their reports would "
                             f"share reports/{name}/; rename one folder")
        seen[name] = path
        result.append(SetInput(name=name, path=path, title=read_title(path)))
    return result


def read_title(folder: Path) -> str:
    """The ``title`` of a set's ``set.yaml``, or the folder name when it has none (or is not valid YAML).

    A broken ``set.yaml`` is not an error here: the set's own run reports it, without stopping the others.
    """
    meta = read_set_meta(folder)
    title = meta.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else folder.name


def read_set_meta(folder: Path) -> dict:
    """``set.yaml`` as a dict, or ``{}`` when it cannot be read."""
    try:
        meta = yaml.load((folder / SET_FILE).read_text(encoding="utf-8-sig"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return meta if isinstance(meta, dict) else {}


def check_notebook(path: str | os.PathLike, what: str = "notebook", option: str = "--notebook") -> Path:
    """The notebook's absolute path; a :class:`BatchError` when it is missing or not a notebook."""
    notebook = Path(path)
    if not notebook.is_file():
        raise BatchError(f"{what} {notebook} not found (looked in {Path.cwd()}); run from the project root or pass "
                         f"{option} PATH to an .ipynb file")
    if notebook.suffix != ".ipynb":
        raise BatchError(f"{what} {notebook} is not a Jupyter notebook (.ipynb); pass {option} PATH to one")
    return notebook.resolve()


def parameter_defaults(path: str | os.PathLike, required: Iterable[str] = BATCH_PARAMETERS) -> dict[str, Any]:
    """``{name: default}`` of the notebook's ``parameters`` cell; a default that is not a literal is ``...``.

    >>> parameter_defaults("notebooks/report.ipynb")["n_boot"]  # doctest: +SKIP
    2000
    """
    notebook = Path(path)
    try:
        content = json.loads(notebook.read_text(encoding="utf-8"))
        cells = content["cells"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise BatchError(f"{notebook}: not a readable Jupyter notebook ({error}); open and save it in JupyterLab")
    tagged = [cell for cell in cells if isinstance(cell, dict) and cell.get("cell_type") == "code"
              and PARAMETERS_TAG in (cell.get("metadata", {}).get("tags") or [])]
    if not tagged:
        raise BatchError(f"{notebook}: no cell tagged {PARAMETERS_TAG!r}; tag the cell that assigns "
                         f"{', '.join(required) or 'the parameters'} (JupyterLab: Property Inspector > Cell Tags)")
    source = tagged[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    defaults: dict[str, Any] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}  # magics or odd syntax: papermill still injects; names cannot be checked
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    defaults[target.id] = ast.literal_eval(node.value) if node.value is not None else ...
                except ValueError:
                    defaults[target.id] = ...
    missing = [name for name in required if name not in defaults]
    if missing:
        raise BatchError(f"{notebook}: its {PARAMETERS_TAG!r} cell does not assign {', '.join(missing)}; the batch "
                         f"sets {', '.join(required)} for every run, so the notebook must read them there")
    return defaults


def check_value(key: str, value: Any, default: Any) -> None:
    """A :class:`BatchError` when ``value`` is not of the kind of the notebook's ``default`` for ``key``.

    >>> check_value("n_boot", 500, 2000)
    >>> check_value("n_boot", "lots", 2000)
    Traceback (most recent call last):
    framing.errors.BatchError: -p n_boot='lots': expected a whole number (the notebook's default is 2000)
    """
    kinds = ((bool, "true or false"), (int, "a whole number"), (float, "a number"), (str, "text"),
             (list, "a list"), (dict, "a mapping"))
    expected = next((label for kind, label in kinds if isinstance(default, kind)), None)
    if expected is None:
        return  # None or not a literal: anything goes
    ok = {"true or false": isinstance(value, bool), "a whole number": isinstance(value, int) and not isinstance(value, bool),
          "a number": isinstance(value, (int, float)) and not isinstance(value, bool), "text": isinstance(value, str),
          "a list": isinstance(value, list), "a mapping": isinstance(value, dict)}[expected]
    if not ok:
        raise BatchError(f"-p {key}={value!r}: expected {expected} (the notebook's default is {default!r})")
    if key in COUNT_PARAMETERS and value < 1:
        raise BatchError(f"-p {key}={value!r}: expected a whole number of at least 1")


def parse_parameter(text: str) -> tuple[str, Any]:
    """``"key=value"`` → ``(key, value)``, the value read as YAML (``500`` → int, ``null`` → None, ``a`` → str).

    >>> parse_parameter("n_boot=500"), parse_parameter("group_by=country")
    (('n_boot', 500), ('group_by', 'country'))
    """
    key, sep, raw = str(text).partition("=")
    key = key.strip()
    if not sep or not key:
        raise BatchError(f"-p {text!r}: expected key=value, e.g. -p n_boot=500 or -p group_by=country")
    if not key.isidentifier():
        raise BatchError(f"-p {text!r}: {key!r} is not a parameter name (letters, digits and _ , e.g. n_boot)")
    try:
        value = yaml.load(raw, Loader=_LOADER) if raw.strip() else ""
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise BatchError(f"-p {text!r}: the value is not valid YAML ({problem}); quote it, e.g. -p '{key}=\"{raw}\"'")
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()  # -p start=2024-10-20 stays the text the user wrote
    return key, value


def parse_parameters(items: Iterable[str] | None) -> dict[str, Any]:
    """Every ``-p key=value`` as a dict (a later key wins)."""
    return dict(parse_parameter(item) for item in items or ())


def check_parameters(parameters: Mapping[str, Any] | None, known: Sequence[str] | Mapping[str, Any],
                     notebook: Path) -> dict[str, Any]:
    """Validate user parameters against the notebook's (names, or names and defaults: a value must be of
    its default's kind); returns a plain, JSON-ready copy.

    ``lexicon`` (when given) is resolved: a YAML path becomes absolute (each run has its own working
    directory), a bundled lexicon name stays as it is.
    """
    if parameters is not None and not isinstance(parameters, Mapping):
        raise BatchError(f"parameters must be a mapping of name to value, e.g. {{'n_boot': 500}}; got {parameters!r}")
    result: dict[str, Any] = {}
    for key, value in (parameters or {}).items():
        if not isinstance(key, str) or not key.isidentifier():
            raise BatchError(f"parameter name {key!r} is not a Python name (letters, digits and _ , e.g. n_boot)")
        if key in BATCH_PARAMETERS:
            hint = "pass the set folders as SETS" if key == "article_set" else "use --out (out=) for the reports folder"
            raise BatchError(f"parameter {key!r} is set by the batch for every run; {hint} instead")
        if known and key not in known:
            raise BatchError(f"parameter {key!r} is not set in the 'parameters' cell of {notebook}; its parameters "
                             f"are: {', '.join(known)}; check the spelling")
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):
            raise BatchError(f"parameter {key}={value!r} is not a plain value (text, number, true/false, null, "
                             f"or a list or mapping of these)") from None
        if isinstance(known, Mapping):
            check_value(key, value, known.get(key))
        result[key] = value
    if result.get("lexicon") is not None:
        result["lexicon"] = resolve_lexicon(result["lexicon"])[0]
    return result


def resolve_lexicon(value: Any) -> tuple[str | None, str]:
    """``(value to pass to the notebook, the lexicon's fingerprint)`` for a ``lexicon`` parameter.

    ``None`` is the bundled default; a path to a YAML file becomes absolute; a bare name such as
    ``default`` is a bundled lexicon (as :func:`framing.load_lexicon` reads them). The lexicon is
    loaded here, so a broken one stops the batch before any kernel starts.

    >>> resolve_lexicon(None)[0] is None
    True
    """
    from framing.lexicon import load_lexicon

    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise BatchError(f"parameter lexicon={value!r} must be a path to a lexicon YAML file (or null for the "
                         f"bundled lexicon)")
    try:
        lexicon = load_lexicon(value)
    except LexiconError as error:
        raise BatchError(f"parameter lexicon={value!r}: {error}") from None
    path = Path(value).expanduser() if value is not None else None
    passed = str(path.resolve()) if path is not None and path.is_file() else value
    return passed, lexicon.fingerprint


def check_out(out: Path, sets: Sequence[SetInput]) -> Path:
    """``out`` resolved; a :class:`BatchError` when it is a file, or equals, contains or lies inside an input set
    (a batch replaces folders in ``out``, so it must never be where the inputs are)."""
    if out.exists() and not out.is_dir():
        raise BatchError(f"--out {out}: a file, not a folder; pass a folder for the reports (e.g. reports/)")
    resolved = out.resolve()
    for s in sets:
        if resolved == s.path or s.path in resolved.parents:
            raise BatchError(f"--out {out}: lies inside the article set {s.path}; the reports would be written "
                             f"among its files; pass a folder outside every input set (e.g. reports/)")
        if resolved in s.path.parents:
            raise BatchError(f"--out {out}: contains the article set {s.path}, and a batch replaces the folders "
                             f"in --out; pass a folder apart from the sets (e.g. reports/)")
    return resolved


def check_sets(sets: Sequence[SetInput], parameters: Mapping[str, Any], out: Path) -> None:
    """Load every set about to run (no kernel) and check the parameters against it; one
    :class:`BatchError` listing every problem (a set that does not load, ``group_by`` not a column,
    ``out/<set>`` taken by a folder the batch did not write).
    """
    import warnings

    from framing.load.sets import load_article_set

    problems = []
    for s in sets:
        target = out / s.name
        if target.is_symlink() or (target.exists() and not (target / RUN_FILE).is_file()):
            problems.append(f"{target} exists and was not written by framing batch (no {RUN_FILE}), so it is "
                            f"not replaced; move it away or pass another --out")
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the set's report shows them
                columns = load_article_set(s.path).articles.columns
        except FramingError as error:
            problems.append(f"article set {s.name}: {error}")
            continue
        group_by = parameters.get("group_by")
        wanted = [group_by] if isinstance(group_by, str) else group_by if isinstance(group_by, list) else []
        missing = [str(column) for column in wanted if column not in columns]
        if missing:
            problems.append(f"-p group_by={group_by!r}: the article set {s.name} has no column "
                            f"{', '.join(map(repr, missing))}; its columns: {', '.join(map(str, columns))}")
    if problems:
        raise BatchError("; ".join(problems))


def check_jobs(jobs: int | None) -> int:
    if jobs is None:
        return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise BatchError(f"--jobs {jobs!r}: expected a whole number of at least 1 (sets run at the same time)")
    return jobs


def check_timeout(timeout: float | None) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise BatchError(f"--timeout {timeout!r}: expected a positive number of seconds per set")
    return float(timeout)


def kernel_name(notebook: Path) -> str:
    """The notebook's kernel (its kernelspec name), ``python3`` when it names none."""
    try:
        name = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        return "python3"
    return name if isinstance(name, str) and name else "python3"


def _set_folder(path: Path) -> Path:
    folder = path.parent if path.name == SET_FILE and path.is_file() else path
    if not folder.is_dir():
        raise BatchError(f"{path}: no such folder; SETS are article-set folders (each with {SET_FILE}), "
                         f"e.g. data/article_sets/belgrade_moscow_call")
    if not (folder / SET_FILE).is_file():
        inside = sorted(p.parent.name for p in folder.glob(f"*/{SET_FILE}"))
        hint = (f"it holds the sets {', '.join(inside)}: pass {folder}/* or leave SETS out" if inside else
                f"an article set is a folder with {SET_FILE} and its articles file")
        raise BatchError(f"{folder}: not an article set (no {SET_FILE}); {hint}")
    return folder


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
