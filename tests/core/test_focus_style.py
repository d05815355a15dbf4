"""The app's own stylesheets: every CSS file of ideas/static_css reaches the page in one <style> block, and none can
end that block early; the focus ring's colour keeps 3:1 against the page and the sidebar (WCAG 1.4.11)."""
from __future__ import annotations

import re

from ideas.core import focus_style


def test_every_css_file_is_in_the_block_in_name_order():
    files = sorted(focus_style.FOLDER.glob("*.css"))
    assert files, "ideas/static_css holds no stylesheet"
    block = focus_style.style_block()
    assert block.startswith("<style>") and block.rstrip().endswith("</style>")
    positions = [block.index(path.read_text(encoding="utf-8")) for path in files]
    assert positions == sorted(positions)


def test_no_stylesheet_can_close_the_style_element():
    for path in focus_style.FOLDER.glob("*.css"):
        assert "<" not in path.read_text(encoding="utf-8"), f"{path.name}: no markup in a stylesheet"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_stands_out_on_the_page_and_the_sidebar():
    css = (focus_style.FOLDER / "focus.css").read_text(encoding="utf-8")
    ring = re.search(r"--focus-ring:\s*(#[0-9a-fA-F]{6})", css).group(1)
    # drawn 1-2 px outside the control (outline-offset), so against the page: white, the light sidebar, a field
    for background in ("#ffffff", "#f0f2f6", "#f5f5f4"):
        assert _contrast(ring, background) >= 3, f"focus ring {ring} on {background}"
