"""What the deadlines page shows: open files whose legal decision date is near or past, and counts per unit."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, t
from ideas.core.models import User
from ideas.review import scoring


@dataclass(frozen=True)
class Deadlines:
    table: pd.DataFrame  # days_left, decision_due, receipt, title, status, unit (display text)
    overdue: int
    soon: int
    per_unit: pd.DataFrame  # unit, overdue, due_soon


def deadlines(*, session: Session, actor: User, lang: str, within_days: int) -> Deadlines:
    """Open files whose decision date is near or past (days left first), and the counts per unit."""
    frame = scoring.deadlines(session, actor=actor, within_days=within_days)
    shown = frame.assign(decision_due_on=[fmt_date(d, lang) for d in frame.decision_due_on],
                         status=[t(f"review.status.{s}", lang) for s in frame.status])
    columns = {"days_left": "days_left", "decision_due_on": "decision_due", "receipt_no": "receipt",
               "title": "title", "status": "status", "unit": "unit"}
    counts = scoring.deadline_counts(session, actor=actor, within_days=within_days)
    overdue = int(frame["overdue"].sum())
    return Deadlines(shown[list(columns)].rename(columns=columns), overdue, len(frame) - overdue,
                     counts[["unit", "overdue", "due_soon"]])
