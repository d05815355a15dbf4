"""Lint: no page builds a markdown-rendering Streamlit call from data that is not a translation or escaped text."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Streamlit calls whose text is rendered as markdown (or HTML/LaTeX) when it reaches the browser.
SINKS = {"markdown", "info", "warning", "error", "success", "caption", "toast", "title", "header", "subheader",
         "write", "latex", "html", "expander", "popover", "tabs", "help", "badge"}
# Calls whose result is safe to render: translations of our own catalogue, escaped user text, numbers and dates.
TRANSLATIONS = {"T", "t"}
SAFE_CALLS = {"plain", "error_text", "fmt_number", "fmt_money", "fmt_date", "fmt_datetime", "fmt_share",
              "len", "int", "num"}
PRAGMA = "# markup-checked:"  # a line that renders text the caller has already made safe says why
SOURCES = sorted([*ROOT.glob("pages/*.py"), ROOT / "app.py", ROOT / "ui.py"])


def _call_name(node: ast.AST) -> str | None:
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _is_streamlit_sink(call: ast.Call) -> bool:
    """`st.info(...)`, `st.sidebar.caption(...)`; not methods of other objects."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in SINKS:
        return False
    owner = func.value
    if isinstance(owner, ast.Attribute) and owner.attr == "sidebar":
        owner = owner.value
    return isinstance(owner, ast.Name) and owner.id == "st"


# Widgets whose label (first argument or label=) Streamlit renders as markdown, whoever owns the call (st, a
# column, a form, the sidebar); radio and checkbox-like options too (captions=).
LABELLED = {"button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "text_input", "text_area",
            "number_input", "date_input", "time_input", "slider", "select_slider", "file_uploader",
            "download_button", "form_submit_button", "link_button", "page_link", "metric", "color_picker",
            "camera_input", "pills", "segmented_control", "feedback", "chat_input"}
# Keyword arguments rendered as markdown wherever they appear: tooltips and radio captions.
MARKDOWN_KEYWORDS = {"help", "captions"}


def _column_config(call: ast.Call) -> bool:
    """`st.column_config.TextColumn(...)` and its siblings: label and help become the column's header/tooltip."""
    func = call.func
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute)
            and func.value.attr == "column_config")


def _rendered_text(call: ast.Call) -> list[ast.AST]:
    """What a call will render as markdown: a sink's first argument; a widget's label; every help= tooltip and
    radio caption; a column config's label and help; a confirmation given to ui.act or ui.flash."""
    func = call.func
    found = [k.value for k in call.keywords if k.arg in MARKDOWN_KEYWORDS]
    if _column_config(call):
        return found + call.args[:1] + [k.value for k in call.keywords if k.arg == "label"]
    if isinstance(func, ast.Attribute) and func.attr in LABELLED:
        return found + call.args[:1] + [k.value for k in call.keywords if k.arg == "label"]
    if _is_streamlit_sink(call):
        return found + call.args[:1]
    if found:
        return found
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "ui":
        if func.attr == "act":
            return [k.value for k in call.keywords if k.arg == "success"]
        if func.attr == "flash":
            return call.args[:1]
    return []


class _Checker:
    def __init__(self, tree: ast.Module):
        self.assignments: dict[str, list[ast.AST]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assignments.setdefault(target.id, []).append(node.value)

    def safe(self, node: ast.AST, seen: frozenset[str] = frozenset()) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v.value if isinstance(v, ast.FormattedValue) else v, seen) for v in node.values)
        if isinstance(node, ast.BinOp):
            return self.safe(node.left, seen) and self.safe(node.right, seen)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, seen) and self.safe(node.orelse, seen)
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(self.safe(e, seen) for e in node.elts)
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in TRANSLATIONS:  # the catalogue's text is ours; the values put into it must be safe too
                return all(self.safe(k.value, seen) for k in node.keywords)
            if name in SAFE_CALLS:
                return True
            if name in {"join", "format"} and isinstance(node.func, ast.Attribute):
                return self.safe(node.func.value, seen) and all(self.safe(a, seen) for a in node.args) and all(
                    self.safe(k.value, seen) for k in node.keywords)
            return False
        if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
            return self.safe(node.elt, seen)
        if isinstance(node, ast.Name):
            if node.id in seen or node.id not in self.assignments:
                return False
            return all(self.safe(value, seen | {node.id}) for value in self.assignments[node.id])
        return False


def _violations(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    checker = _Checker(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or PRAGMA in lines[node.lineno - 1]:
            continue
        for text in _rendered_text(node):
            if not checker.safe(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node.func)}: {ast.unparse(text)}")
    return found


def test_the_checker_catches_user_text_and_accepts_translations(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        "import streamlit as st\nimport ui\n"
        "st.info(idea.title)\n"                                  # user text: caught
        "st.caption(f'{ui.T(\"a\")} {row[\"signer\"]}')\n"         # user text inside an f-string: caught
        "st.info(ui.T('ideas.saved', title=ui.plain(idea.title)))\n"  # escaped: fine
        "st.success(ui.T('ideas.saved', title=idea.title))\n"  # user text put into a translation: caught
        "label = ui.T('x')\nst.sidebar.caption(label)\n"        # a translation through a name: fine
        "ui.act(save, success=ui.T('ideas.saved', title=idea.title))\n"  # a confirmation with user text: caught
        "st.number_input(ui.T('a'), help=band.label)\n"  # a tooltip from data: caught
        "col.button(idea.title)\n"  # a widget label from data, on a column: caught
        "st.column_config.TextColumn(row.name, help=ui.T('h'))\n"  # a column header from data: caught
        "st.radio(ui.T('r'), [1], captions=[c.text for c in rows])\n"  # radio captions from data: caught
        "st.slider(ui.T('s'), help='\\n'.join(ui.plain(x) for x in lines))\n",  # escaped tooltip lines: fine
        encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = _violations(sample)
    finally:
        ROOT = saved
    assert [line.split(" ")[0] for line in found] == ["page.py:3", "page.py:4", "page.py:6", "page.py:9",
                                                      "page.py:10", "page.py:11", "page.py:12", "page.py:13"]


def test_pages_render_no_data_as_markup():
    found = [line for path in SOURCES for line in _violations(path)]
    assert not found, "markdown-rendering calls built from data (wrap user text in ui.plain):\n" + "\n".join(found)
