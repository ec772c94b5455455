"""Project set-up: dependency lists agree, and the README's commands are the ones CI runs."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return reqs


def test_environment_yml_lists_the_same_packages():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    conda += [d for section in env["dependencies"] if isinstance(section, dict)
              for d in section.get("pip", [])]
    conda_names = {_name(d): d for d in conda}
    conda_names.pop("python")
    conda_names.pop("pip")
    py = {_name(r): r for r in _pyproject_requirements()}
    assert set(conda_names) == set(py)
    for name, req in py.items():  # same version bounds too
        spec = req[len(name):].replace(" ", "")
        assert conda_names[name].replace(" ", "")[len(name):] == spec, name


def test_constraints_pin_every_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            pins[_name(name)] = version
    for req in _pyproject_requirements():
        assert _name(req) in pins, f"{req} is not pinned in constraints.txt (run make lock)"


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Two commands.*?```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make app", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "--Voila.ip=127.0.0.1" in makefile
    assert "apt-get install -y" in makefile and "chromium" in makefile
