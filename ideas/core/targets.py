"""Targets of work items and messages: "the exact file at the exact action" as plain data, stored on messages.

A link is a page plus query parameters: `idea=<idea id>` (a file), `list=<award list id>`,
`campaign=<campaign id>` and `step=<action name>`. The page follows from the step (STEP_PAGES), so a stored
message keeps only its target (the step and the ids); pages read them back with `target_from_query`.
Views stay streamlit-free: `ui.work_link` draws a Link.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

# the step -> the page where it is done
STEP_PAGES: dict[str, str] = {
    "consent": "pages/ideas_detail.py",  # a named co-author accepts or declines
    "view": "pages/ideas_detail.py",  # read the file (a decision, a merge, a status change)
    "submit": "pages/ideas_submit.py",  # the owner completes and files a draft or a returned file
    "mine": "pages/ideas_mine.py",  # the owner follows the file (co-authors' answers, receipt, certificate)
    "screen": "pages/review_screening.py",
    "assign": "pages/review_screening.py",
    "score": "pages/review_queue.py",
    "decide": "pages/review_council.py",
    "award": "pages/rewards_lists.py",  # put a recognised initiative on an award list
    "build": "pages/rewards_lists.py",  # complete and submit a draft award list
    "approve": "pages/rewards_lists.py",
    "awarded": "pages/rewards_ledger.py",  # a recipient reads their award
    "result": "pages/ideas_followup.py",  # record a follow-through result
    "dashboard": "pages/dashboard.py",
}
# where else a step is done, for a person who may not open the first page (a chair assigns on the council page)
OTHER_PAGES: dict[str, tuple[str, ...]] = {"assign": ("pages/review_council.py",)}
PARAMS = ("idea", "list", "campaign")  # the ids a target may carry, besides its step


@dataclass(frozen=True)
class Link:
    """Where one thing is done: the page, its label, the query parameters, and the due date when there is one."""

    page: str
    label: str
    params: dict[str, str] = field(default_factory=dict)
    due: str = ""  # the due date as the reader writes it ("" when none)
    overdue: bool = False
    icon: str = ":material/arrow_forward:"


def target(step: str, *, idea: int | None = None, award_list: int | None = None,
           campaign: int | None = None) -> dict[str, object]:
    """A message's or work item's target: its step and the ids it is about (None left out)."""
    if step not in STEP_PAGES:
        raise ValueError(step)
    found = {"step": step, "idea": idea, "list": award_list, "campaign": campaign}
    return {key: value for key, value in found.items() if value is not None}


def encode(value: dict[str, object] | None) -> str | None:
    return None if not value else json.dumps(value, separators=(",", ":"), sort_keys=True)


def decode(stored: str | None) -> dict[str, object] | None:
    if not stored:
        return None
    try:
        value = json.loads(stored)
    except ValueError:
        return None
    return value if isinstance(value, dict) and value.get("step") in STEP_PAGES else None


def link(value: dict[str, object] | None, label: str, *, due: str = "", overdue: bool = False,
         allowed: set[str] | frozenset[str] | None = None) -> Link | None:
    """The Link of a target (None when there is none, or when none of its pages is in `allowed`: the pages the
    reader's menu has, `navigation.menu`)."""
    if not value or value.get("step") not in STEP_PAGES:
        return None
    step = str(value["step"])
    pages = [page for page in (STEP_PAGES[step], *OTHER_PAGES.get(step, ())) if allowed is None or page in allowed]
    if not pages:
        return None
    params = {key: str(value[key]) for key in (*PARAMS, "step") if value.get(key) is not None}
    return Link(pages[0], label, params, due, overdue)


def query_id(params: object, name: str) -> int | None:
    """A positive id from a page's query parameters (`st.query_params`), None when absent or malformed."""
    getter = getattr(params, "get", None)
    raw = getter(name) if getter else None
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


def query_step(params: object) -> str | None:
    getter = getattr(params, "get", None)
    raw = getter("step") if getter else None
    return raw if isinstance(raw, str) and raw in STEP_PAGES else None
