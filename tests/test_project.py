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


# -- the layout: model at the top, apps below it -------------------------------------------

_UI_LIBRARIES = ("ipywidgets", "matplotlib", "IPython", "traitlets", "PIL", "voila",
                 "jupyter_server", "tornado")


def _imports(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (at any depth, lazily or not),
    with relative imports resolved against the supportroi package."""
    import ast
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join((*base, node.module)) if node.module else ".".join(base)
                found |= {module} | {f"{module}.{a.name}" for a in node.names}
            else:
                found.add(node.module)
    return found


def _modules(*parts):
    return sorted((ROOT / "supportroi" / Path(*parts)).rglob("*.py"))


def _lazy_imports(path: Path) -> set[str]:
    """The imports ``path`` makes inside functions (run only when called)."""
    import ast
    tree = ast.parse(path.read_text())
    inner = [n for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
             for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))]
    module = ast.Module(body=inner, type_ignores=[])
    found = set()
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    for node in ast.walk(module):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(package[: len(package) - node.level + 1])
            mod = f"{base}.{node.module}" if node.module else base
            found |= {mod} | {f"{mod}.{a.name}" for a in node.names}
    return found


#: The command line's ``report`` command writes the take-away files: it may import
#: supportroi.reports inside a function (never at import, see the test below).
_LAZY_REPORTS = {ROOT / "supportroi" / "cli.py"}


def test_only_the_apps_and_the_reports_import_ui_libraries():
    ui_homes = (ROOT / "supportroi" / "apps", ROOT / "supportroi" / "reports")
    offenders = []
    for path in _modules():
        if any(home in path.parents for home in ui_homes):
            continue
        allowed = {n for n in _lazy_imports(path) if n.startswith("supportroi.reports")
                   } if path in _LAZY_REPORTS else set()
        for name in _imports(path) - allowed:
            if name.split(".")[0] in _UI_LIBRARIES or name.startswith(
                    ("supportroi.apps", "supportroi.reports")):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders, "the model must not import UI code:\n" + "\n".join(offenders)


def test_reports_and_charts_never_import_widgets():
    # Take-away files and charts are drawn without a page: no ipywidgets, no app modules
    # (the charts are the only part of supportroi.apps the reports may use).
    charts = {"supportroi.apps.charts", "supportroi.apps.chart_lines",
              "supportroi.apps.risk_charts", "supportroi.apps.baseline_charts",
              "supportroi.apps.fonts"}
    offenders = []
    for path in (*_modules("reports"), *(ROOT / "supportroi" / "apps" / f"{m.rsplit('.', 1)[1]}.py"
                                         for m in charts)):
        for name in _imports(path):
            if name.split(".")[0] in ("ipywidgets", "IPython", "voila", "traitlets"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
            if name.startswith("supportroi.apps") and not any(
                    name == c or name.startswith(c + ".") for c in charts):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_importing_the_model_loads_no_ui_library():
    import subprocess
    import sys
    code = ("import sys, supportroi, supportroi.cli, supportroi.risk, supportroi.baseline, "
            "supportroi.compare, supportroi.clv, supportroi.metrics\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {_UI_LIBRARIES!r}"
            " or m.startswith(('supportroi.apps', 'supportroi.reports'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]", out


def test_notebooks_import_only_from_the_apps_package():
    import json
    for nb in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        imports = re.findall(r"^\s*(?:from|import) (supportroi[\w.]*)", code, re.M)
        assert imports, nb.name
        assert all(m.startswith("supportroi.apps") for m in imports), (nb.name, imports)
