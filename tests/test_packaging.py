"""The two ways to install (pip and conda) list the same dependencies; CI runs the README's commands;
no module of the package is over 400 lines."""

import re
import tomllib

import yaml

from conftest import REPO


def names(requirements):
    return {re.split(r"[<>=!~ \[]", r, maxsplit=1)[0].strip().lower().replace("_", "-") for r in requirements}


def test_environment_yml_lists_the_pyproject_dependencies():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = names(project["dependencies"]) | names(project["optional-dependencies"]["dev"])
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    listed = names(conda) | names([p for p in pip if not p.startswith("-e")])
    assert listed - {"python", "pip"} == wanted


def test_ci_runs_the_readme_setup_and_test_commands():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    commands = re.findall(r"```(?:bash|sh)\n(.*?)```", readme.split("## Set up", 1)[1], flags=re.S)[0]
    lines = [line for line in commands.splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) == 2
    for line in lines:
        assert line in ci


def test_every_public_name_resolves():
    import framing

    for name in framing.__all__:
        assert getattr(framing, name) is not None, name
    # analysis functions are not shadowed by modules of the same name
    assert callable(framing.compare) and callable(framing.keyness) and callable(framing.sensitivity)


def test_every_module_is_small_enough_to_read_in_one_sitting():
    lengths = {path.relative_to(REPO).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
               for path in (REPO / "framing").rglob("*.py")}
    assert len(lengths) > 40
    assert {path: n for path, n in lengths.items() if n > 400} == {}
