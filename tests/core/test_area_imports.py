"""Area imports follow one table (imports inside functions included), ideas/ has no module cycles and no streamlit."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from ideas.core.db import PROJECT_ROOT

# The one table of which area may import which. Areas are layered: each may import those above it in
# LAYERS and never one below. dashboards and api read the others' rows; nothing in ideas/ imports them, except
# that api may import dashboards (the API serves the dashboards' participation read model). tooling may
# import everything; only its own entry points import it.
LAYERS = ("core", "accounts", "filing", "papers", "review", "rewards", "dashboards", "api")
ALLOWED: dict[str, frozenset[str]] = {area: frozenset(LAYERS[:n]) for n, area in enumerate(LAYERS)}
ALLOWED["tooling"] = frozenset(LAYERS)
# Outside ideas/: the Streamlit app, its pages and the HTTP routes use every area but tooling; benchmarks are
# operators' tooling too (they generate provinces and call the command line).
ALLOWED["entry"] = frozenset(LAYERS)
ALLOWED["benchmarks"] = frozenset(LAYERS) | {"tooling"}
# Edges the layers do not give, each with its reason. The first-run page offers "load the demo province":
# the demo stays tooling (it writes every area's rows through their services, like the command line), and
# this page is its only caller inside the app. Nothing else in the app may import tooling.
EXCEPTIONS: frozenset[tuple[str, str]] = frozenset({("pages/setup.py", "ideas.tooling.demo")})

ENTRY_POINTS = ("app.py", "ui.py", "auth_routes.py", "public_routes.py", "api_routes.py", "pages/*.py")


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


IDEAS_MODULES = {_module_name(path): path for path in sorted((PROJECT_ROOT / "ideas").rglob("*.py"))}


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement in `path` names (line, dotted name), at any depth in the file.

    `from package import name` names package.name when that is a module of ours, else the package.
    """
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if candidate in IDEAS_MODULES else base))
    return found


def _area(module: str) -> str | None:
    """The area of a module of ideas/ (ideas/__main__.py is the command line's entry point: tooling)."""
    parts = module.split(".")
    if parts[0] != "ideas":
        return None
    if len(parts) == 1:
        return "core"  # the package's docstring only
    return "tooling" if parts[1] == "__main__" else parts[1]


def _checked_files() -> list[tuple[Path, str]]:
    files = [(path, _area(name)) for name, path in IDEAS_MODULES.items()]
    for pattern in ENTRY_POINTS:
        files += [(path, "entry") for path in sorted(PROJECT_ROOT.glob(pattern))]
    files += [(path, "benchmarks") for path in sorted((PROJECT_ROOT / "benchmarks").rglob("*.py"))]
    return files


def test_the_table_names_every_area_and_each_area_has_a_map():
    areas = {path.name for path in (PROJECT_ROOT / "ideas").iterdir() if (path / "__init__.py").is_file()}
    assert areas == set(ALLOWED) - {"entry", "benchmarks"}
    for area in areas:
        doc = ast.get_docstring(ast.parse((PROJECT_ROOT / "ideas" / area / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "Modules:" in doc, f"ideas/{area}/__init__.py has no module map"


def test_every_import_of_another_area_is_in_the_table():
    offenders, used = [], set()
    for path, area in _checked_files():
        relative = path.relative_to(PROJECT_ROOT).as_posix()
        for line, module in _imports(path):
            target = _area(module)
            if target is None or target == area:
                continue
            if (relative, module) in EXCEPTIONS:
                used.add((relative, module))
            elif target not in ALLOWED[area]:
                offenders.append(f"{relative}:{line} {area} -> {target} ({module})")
    assert offenders == []
    assert used == EXCEPTIONS, "an exception in the table is no longer needed: remove it"


def test_no_module_cycles_inside_ideas():
    graph = {name: {module for _, module in _imports(path) if module in IDEAS_MODULES and module != name}
             for name, path in IDEAS_MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert cycles == []


def test_no_ideas_module_imports_streamlit_even_inside_a_function():
    """A lazy import would pass an import-time check and still tie the domain package to the UI library."""
    offenders = [f"{path.relative_to(PROJECT_ROOT)}:{line}" for path in IDEAS_MODULES.values()
                 for line, module in _imports(path) if module == "streamlit" or module.startswith("streamlit.")]
    assert offenders == []


def test_importing_every_ideas_module_does_not_import_streamlit():
    """Nor through a library: import them all in a fresh interpreter and look."""
    modules = sorted(name for name in IDEAS_MODULES if name != "ideas.__main__")
    script = ("import importlib, sys\n"
              f"for name in {modules!r}:\n"
              "    importlib.import_module(name)\n"
              "print(sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(modules) > 50
    assert result.stdout.strip() == "[]"
