"""Display helpers shared by the review pages' views: figures, labels, file labels, who scores a file."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.review import councils, scoring


def number(value: object, lang: str, digits: int = 1) -> str:
    """A figure the reader's way ("78,2" in vi; a whole one without decimals: "77", not "77,0"); blank for a
    missing or NaN value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    value = round(float(value), digits)
    return fmt_number(value, lang, digits if value != int(value) else 0)


def label(prefix: str, code: object, lang: str) -> str:
    """The translated label of a code (`prefix.code`); blank when there is no code."""
    return t(f"{prefix}.{code}", lang) if isinstance(code, str) and code else ""


def file_label(receipt_no: str | None, idea_id: int, title: str) -> str:
    return f"{receipt_no or '#' + str(idea_id)} — {title}"


@dataclass(frozen=True)
class Assignments:
    table: pd.DataFrame  # member, status, due, total (display text)
    conflicts: pd.DataFrame | None  # member, reason; None when nobody declared one


def assignments(session: Session, idea_id: int, lang: str) -> Assignments:
    """Who scores the idea, by when, and how far they are; the declared conflicts (None when there are none)."""
    current = scoring.assignments_frame(session, [idea_id])
    # an active assignment with a score sheet is done (the reviewer may still edit it until the decision)
    status = [t("review.queue.state_done", lang) if code == "active" and pd.notna(total)
              else label("review.assignment", code, lang) for code, total in zip(current.status, current.total,
                                                                                  strict=True)]
    table = current.assign(status=status, due_on=[fmt_date(d, lang) if pd.notna(d) else "" for d in current.due_on],
                           total=[number(v, lang) for v in current.total])
    conflicts = councils.conflicts_frame(session, [idea_id])
    return Assignments(table[["reviewer", "status", "due_on", "total"]].rename(columns={"reviewer": "member",
                                                                                          "due_on": "due"}),
                       conflicts[["full_name", "reason"]].rename(columns={"full_name": "member"})
                       if not conflicts.empty else None)
