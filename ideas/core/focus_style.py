"""The app's own stylesheets (every *.css in ideas/static_css) as one <style> block, read once per process;
ui.page_shell puts it on every page."""
from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "static_css"


def style_block() -> str:
    """The CSS files in name order, inside one <style> element (our files only: no user text reaches it)."""
    return "<style>\n" + "\n".join(path.read_text(encoding="utf-8") for path in sorted(FOLDER.glob("*.css"))) + \
        "\n</style>"


STYLE = style_block()
