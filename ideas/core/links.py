"""Deep links: a page opened at one file and one action by query parameters, checked (no streamlit here).

The contract shared by the pages (and by the links that home and the inbox build): `idea=<idea id>`,
`list=<award list id>`, `campaign=<campaign id>`, `step=<action name>`. A page's view checks what the
address says against what the reader may open there: a forged, mistyped or stale id becomes a translated
message, never a crash and never a file the reader may not see.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ideas.core.i18n import t
from ideas.core.text import parse_id

PARAMS = ("idea", "list", "campaign", "step")


@dataclass(frozen=True)
class Linked:
    """What one query parameter asks for: the value to preselect (None: nothing asked, or not allowed) and, when
    the address asked for something this page cannot show, the message saying so."""

    value: int | str | None = None
    message: str | None = None


def linked_id(raw: object, choices: Mapping | Iterable, lang: str, *, what: str = "idea") -> Linked:
    """The id an address asks for, if it is one of `choices` (the ids this page offers the reader)."""
    if raw is None or str(raw).strip() == "":
        return Linked()
    value = parse_id(raw)
    if value is None or value not in choices:
        return Linked(None, t(f"place.link.unavailable.{what}", lang, value=str(raw)[:20]))
    return Linked(value)


def linked_step(raw: object, steps: Iterable[str]) -> str | None:
    """The action an address names, if this page has it (an unknown step is ignored: the file still opens)."""
    text = str(raw or "").strip()
    return text if text in set(steps) else None
