"""Keyboard-only browsing for browser tests: Tab to a control by its accessible name, and at every stop passed,
check that the focus is shown, lies inside the window, and is named in plain Vietnamese."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# Backslash-escaped markdown left in a label (ui.plain escapes user text for Streamlit's markdown labels).
ESCAPED_MARKDOWN = re.compile(r"\\[()\[\].,:;!*_`#+\-{}<>|~&'\"/=?@%$^]")
# Words a Vietnamese screen must not read out: Streamlit's and the browser's own English names of controls.
ENGLISH = ("open", "close", "clear", "select", "choose", "collapse", "expand", "sidebar", "browse", "upload",
           "drag and drop", "remove", "delete", "submit", "previous", "next", "increment", "decrement", "search",
           "download", "fullscreen", "show", "hide", "menu", "stop", "print", "record", "settings", "streamlit",
           "deploy", "help", "press", "day", "month", "year", "date", "calendar", "toggle", "more", "less",
           "loading", "skip", "main content", "link", "heading", "columns", "all", "for")
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b", re.IGNORECASE)
_ICON_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # a Material icon's ligature read as text: keyboard_arrow_right

# What the focused element is, as a person and a screen reader meet it: where it is and whether its focus shows.
_FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const ids = [];
  for (let e = el; e; e = e.parentElement) if (e.dataset && e.dataset.testid) ids.push(e.dataset.testid);
  const shown = e => {
    const s = getComputedStyle(e), box = e.getBoundingClientRect();
    // a visually hidden control (a radio's or checkbox's own <input>) shows nothing, whatever its style says
    if (box.width < 4 || box.height < 4 || parseFloat(s.opacity) === 0 || s.visibility === 'hidden') return null;
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
      && !/^(transparent|rgba\\([^)]*,\\s*0\\))$/.test(s.outlineColor);
    const lengths = (s.boxShadow || 'none').replace(/rgba?\\([^)]*\\)/g, '').match(/-?[\\d.]+px/g) || [];
    const clear = /^(rgba\\([^)]*,\\s*0\\)|transparent)/.test(s.boxShadow) && !/,\\s*rgb/.test(s.boxShadow);
    const shadow = !clear && lengths.some(l => parseFloat(l) !== 0);
    return outline ? `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`
                   : shadow ? `box-shadow ${s.boxShadow}` : null;
  };
  // The ring may be drawn by the control or by the frame that wraps it (an input's box, a date field's row of
  // segments): up to 5 levels up, never beyond the widget's own container.
  let indicator = null;
  for (let e = el, up = 0; e && up <= 5 && !indicator; e = e.parentElement, up++) {
    indicator = shown(e);
    if (e.dataset && e.dataset.testid === 'stElementContainer') break;
  }
  const r = el.getBoundingClientRect();
  const inside = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < window.innerHeight && r.left < window.innerWidth;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', testids: ids.slice(0, 4).join(' < '),
          aria_label: el.getAttribute('aria-label') || '', placeholder: el.getAttribute('placeholder') || '',
          text: el.tagName === 'SUMMARY' ? (() => {  // what a screen reader reads: the content, less aria-hidden
            const copy = el.cloneNode(true);
            copy.querySelectorAll('[aria-hidden="true"]').forEach(hidden => hidden.remove());
            return copy.textContent.replace(/\\s+/g, ' ').trim(); })() : '',
          indicator, inside, rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]};
}"""
_SNAPSHOT_LINE = re.compile(r'^(?P<role>[\w-]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


def _snapshot_head(snapshot: str) -> re.Match | None:
    """Role and name from the first line of an ARIA snapshot: `- link "Name"`, or `- 'link "a: b"':` when the
    line is quoted as YAML (a name holding ": ")."""
    line = snapshot.splitlines()[0].strip() if snapshot else ""
    line = line.removeprefix("- ").removesuffix(":")
    if line.startswith("'") and line.endswith("'"):
        line = line[1:-1].replace("''", "'")
    return _SNAPSHOT_LINE.match(line)


@dataclass
class Stop:
    """One Tab stop: the focused control's role and accessible name, and what the checks found there."""

    role: str
    name: str
    tag: str
    testids: str
    indicator: str | None
    inside: bool
    aria_label: str = ""
    placeholder: str = ""

    def __str__(self) -> str:
        return f"{self.role} {self.name!r} <{self.tag}> [{self.testids}]"


@dataclass
class Walk:
    """Every stop a keyboard journey passed, with the problems met (kept for the report and the final checks)."""

    stops: list[Stop] = field(default_factory=list)
    presses: int = 0

    def unshown(self) -> list[str]:
        return sorted({str(s) for s in self.stops if not s.indicator})

    def outside(self) -> list[str]:
        return sorted({str(s) for s in self.stops if not s.inside})

    def escaped(self) -> list[str]:
        return sorted({text for s in self.stops for text in (s.name, s.aria_label, s.placeholder)
                       if ESCAPED_MARKDOWN.search(text)})

    def english(self) -> list[str]:
        return sorted({text for s in self.stops for text in (s.name, s.aria_label, s.placeholder)
                       if _ENGLISH.search(text) or _ICON_NAME.search(text)})


def focused(page) -> Stop | None:
    """The element that has the focus now, or None when it is the page itself."""
    info = page.evaluate(_FOCUS_INFO)
    if info is None:
        return None
    role, name = info["tag"], ""
    try:
        snapshot = page.locator("*:focus").first.aria_snapshot(timeout=2_000)
    except Exception:  # noqa: BLE001 - the focus moved away while reading (a rerun redrew the control)
        snapshot = ""
    matched = _snapshot_head(snapshot)
    if snapshot and not matched:
        name = "?" + snapshot.splitlines()[0]
    if matched:
        role = matched["role"]
        name = (matched["name"] or "").replace('\\"', '"').replace("\\\\", "\\")
    if info["tag"] == "summary":  # an expander's title: a disclosure the snapshot shows only as its content
        role, name = "summary", info["text"]
    return Stop(role=role, name=name or info["aria_label"], tag=info["tag"], testids=info["testids"],
                indicator=info["indicator"], inside=info["inside"], aria_label=info["aria_label"],
                placeholder=info["placeholder"])


IDLE_APP = '[data-testid="stApp"][data-test-script-state="notRunning"]'
Wanted = str | re.Pattern | Callable[[Stop], bool]


def _matches(stop: Stop | None, wanted: Wanted, role: str | None) -> bool:
    if stop is None or (role and stop.role != role):
        return False
    if callable(wanted) and not isinstance(wanted, re.Pattern):
        return bool(wanted(stop))
    if isinstance(wanted, re.Pattern):
        return bool(wanted.search(stop.name))
    return stop.name == wanted


def tab_to(page, wanted: Wanted, *, walk: Walk, role: str | None = None, max_presses: int = 40,
           backwards: bool = False) -> Stop:
    """Press Tab (Shift+Tab when `backwards`) until the focused control is `wanted` (its accessible name, a
    pattern searched in it, or a predicate on the Stop); every stop passed is recorded in `walk`. Fails after
    `max_presses`, listing the stops passed: a control that many presses away is out of a person's reach."""
    key = "Shift+Tab" if backwards else "Tab"
    current = focused(page)
    if _matches(current, wanted, role):
        return current
    passed: list[Stop] = []
    for _press in range(max_presses):
        page.keyboard.press(key)
        walk.presses += 1
        page.wait_for_timeout(60)  # let a focus ring's transition end before reading it
        page.wait_for_selector(IDLE_APP, timeout=30_000)  # a run redrawing the page may move the focus: read after
        current = focused(page)
        if current is not None:
            walk.stops.append(current)
            passed.append(current)
        if _matches(current, wanted, role):
            return current
    listing = "\n  ".join(str(stop) for stop in passed)
    raise AssertionError(f"{wanted!r} not reached in {max_presses} presses of {key}; passed:\n  {listing}")


def type_text(page, text: str, *, replace: bool = True) -> None:
    """Type into the focused field like a person (select what is there first when `replace`)."""
    if replace:
        page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)
