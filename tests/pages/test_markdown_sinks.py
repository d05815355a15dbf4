"""Lint: markdown-rendering calls get literal text, a translation or ui.plain(...), never raw data."""
from __future__ import annotations

import ast
import os

from ideas.core.db import PROJECT_ROOT

SINKS = {"markdown", "info", "warning", "error", "success", "caption", "toast", "title", "header", "subheader",
         "write"}
SAFE_CALLS = {"T", "t", "plain", "error_text", "fmt_number", "fmt_money", "fmt_date", "fmt_datetime"}
WAIVER = "# markdown-safe:"  # a justified exception names its reason on the line
# This slice's files; SINKS_ALL=1 checks every page (for a report).
CHECKED = ["app.py", "ui.py", "pages/home.py", "pages/inbox.py", "pages/admin_accounts.py", "pages/admin_audit.py",
           "pages/admin_import.py", "pages/admin_settings.py", "pages/admin_units.py"]


def _safe(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int | float)
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in SAFE_CALLS
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) or _safe(part.value) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _safe(node.left) and _safe(node.right)
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    return False


def unsafe_sinks(source: str) -> list[tuple[int, str]]:
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SINKS):
            continue
        if node.args and not _safe(node.args[0]) and WAIVER not in lines[node.lineno - 1]:
            found.append((node.lineno, lines[node.lineno - 1].strip()))
    return found


def test_markdown_calls_take_literal_or_translated_text():
    files = sorted(str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "pages").glob("*.py")) + [
        "app.py", "ui.py"] if os.environ.get("SINKS_ALL") == "1" else CHECKED
    found = {name: unsafe_sinks((PROJECT_ROOT / name).read_text(encoding="utf-8")) for name in files}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_lint_catches_raw_data():
    source = ("st.info(title)\nst.caption(f'Số {number}')\nst.sidebar.markdown(row.name)\n"
              "st.info(ui.T('a.b', title=title))\nst.error('x')\nst.toast(message)  # markdown-safe: translated\n"
              "st.caption(ui.plain(name))\nst.markdown(f'**{ui.T(key)}**')\n")
    assert [line for line, _ in unsafe_sinks(source)] == [1, 2, 3]
