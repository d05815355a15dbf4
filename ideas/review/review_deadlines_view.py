"""What the deadlines page shows: open files whose legal decision date is near or past, and counts per unit."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.models import User
from ideas.review import scoring


@dataclass(frozen=True)
class Deadlines:
    table: pd.DataFrame  # title, due_in ("quá hạn 3 ngày"), decision_due, status, receipt, unit (display text)
    overdue: int
    soon: int
    per_unit: pd.DataFrame  # unit, overdue, due_soon


def due_in(days_left: int, lang: str) -> str:
    """Days to the decision date as people say them: "còn 5 ngày", "hết hạn hôm nay", "quá hạn 202 ngày"."""
    if days_left < 0:
        return t("review.days.late", lang, days=fmt_number(-days_left, lang))
    if days_left == 0:
        return t("review.days.today", lang)
    return t("review.days.left", lang, days=fmt_number(days_left, lang))


def deadlines(*, session: Session, actor: User, lang: str, within_days: int) -> Deadlines:
    """Open files whose decision date is near or past (days left first), and the counts per unit."""
    frame = scoring.deadlines(session, actor=actor, within_days=within_days)
    shown = frame.assign(decision_due_on=[fmt_date(d, lang) for d in frame.decision_due_on],
                         due_in=[due_in(int(d), lang) for d in frame.days_left],
                         status=[t(f"review.status.{s}", lang) for s in frame.status])
    # The title and how late first: they stay in view on a phone, where the table scrolls sideways.
    columns = {"title": "title", "due_in": "due_in", "decision_due_on": "decision_due", "status": "status",
               "receipt_no": "receipt", "unit": "unit"}
    counts = scoring.deadline_counts(session, actor=actor, within_days=within_days)
    overdue = int(frame["overdue"].sum())
    return Deadlines(shown[list(columns)].rename(columns=columns), overdue, len(frame) - overdue,
                     counts[["unit", "overdue", "due_soon"]])
