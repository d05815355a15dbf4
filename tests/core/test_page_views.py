"""Lint: each page reads exactly its own view (`pages/<stem>.py` -> `ideas/<area>/<stem>_view.py`), every
`*_view` module is read by exactly its page, no module is named `screen`/`*_screen`/`views`, and no page
function reads a module global assigned further down the page."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "pages").glob("*.py"))
SOURCES = sorted([*ROOT.glob("ideas/**/*.py"), *PAGES, *ROOT.glob("*.py")])

def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (`from ideas.a import b` counts `ideas.a.b` when it is one)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _view_modules() -> dict[str, Path]:
    return {_module(path): path for path in ROOT.glob("ideas/**/*_view.py")}


def test_each_page_reads_only_its_own_view():
    views = set(_view_modules())
    wrong = []
    for page in PAGES:
        read = sorted(m for m in _imported_modules(page) & views)
        if any(m.rsplit(".", 1)[1] != f"{page.stem}_view" for m in read) or len(read) > 1:
            wrong.append(f"pages/{page.name} reads {read}, not only {page.stem}_view")
    assert not wrong, "\n".join(wrong)


def test_each_view_module_is_read_by_exactly_its_page():
    readers: dict[str, list[str]] = {name: [] for name in _view_modules()}
    for source in SOURCES:
        for name in _imported_modules(source) & set(readers):
            if _module(source) != name:
                readers[name].append(str(source.relative_to(ROOT)))
    page_names = {page.stem for page in PAGES}
    wrong = []
    for name, by in sorted(readers.items()):
        stem = name.rsplit(".", 1)[1].removesuffix("_view")
        if stem not in page_names:
            wrong.append(f"{name}: no page pages/{stem}.py (a read model used by several views is `queries`)")
        elif by != [f"pages/{stem}.py"]:
            wrong.append(f"{name}: read by {by}, must be read by pages/{stem}.py only")
    assert not wrong, "\n".join(wrong)


def test_no_other_naming_scheme_for_views():
    """`screen` collides with the secretary's screening; `views` were SQL read models: both names are retired."""
    wrong = [_module(path) for path in ROOT.glob("ideas/**/*.py")
             if (path.stem in ("screen", "views") or path.stem.endswith("_screen"))]
    assert not wrong, wrong


def _stored_names(nodes: list[ast.stmt]) -> dict[str, int]:
    """Names bound by module-level code (not inside functions, classes or lambdas) -> first line bound."""
    first: dict[str, int] = {}

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first.setdefault(node.name, node.lineno)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            first.setdefault(node.id, node.lineno)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                first.setdefault((alias.asname or alias.name).split(".")[0], node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for statement in nodes:
        visit(statement)
    return first


def _locals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = function.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    names |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a}
    return names | {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _late_globals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bound = _stored_names(tree.body)
    found = []

    def check(function: ast.FunctionDef | ast.AsyncFunctionDef, enclosing: set[str]) -> None:
        local = enclosing | _locals(function)
        for node in ast.walk(function):
            if node is not function and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                check(node, local)
            elif (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in local
                    and bound.get(node.id, 0) > function.lineno):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {function.name}() reads {node.id}, "
                             f"bound on line {bound[node.id]}")

    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        if function.col_offset == 0:
            check(function, set())
    return sorted(set(found))


def test_the_late_global_check_catches_a_name_bound_below(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text("import streamlit as st\n\n\ndef show():\n    st.text(view.title)\n\n\nview = load()\n",
                      encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert [line.split(" ", 1)[1] for line in _late_globals(sample)] == ["show() reads view, bound on line 8"]
    finally:
        ROOT = saved


def test_no_page_function_reads_a_global_bound_further_down():
    found = [line for page in PAGES for line in _late_globals(page)]
    assert not found, "define what a page function reads before the function (or pass it):\n" + "\n".join(found)


def test_pages_choose_through_ui_with_its_one_placeholder():
    """Selectboxes and multiselects go through ui (ui.pick, ui.selectbox, ui.multiselect): the placeholder is
    built in once (ui.CHOOSE_ONE, ui.CHOOSE_MANY), never repeated on each widget."""
    wrong = []
    for page in PAGES:
        source = page.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("selectbox", "multiselect")
                    and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "ui")):
                wrong.append(f"pages/{page.name}:{node.lineno} {ast.unparse(node.func)}")
        if "core.choose_option" in source:
            wrong.append(f"pages/{page.name}: spells the default placeholder")
    assert not wrong, "\n".join(wrong)
