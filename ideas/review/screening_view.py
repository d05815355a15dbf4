"""What the secretary's pages show: files to screen, accepted files waiting for reviewers, legal deadlines."""
from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_datetime, t
from ideas.core.models import Decision, Idea, ReviewAssignment, User
from ideas.core.permissions import scope_unit_ids
from ideas.filing import lifecycle
from ideas.review import scoring


def file_label(receipt_no: str | None, idea_id: int, title: str) -> str:
    return f"{receipt_no or '#' + str(idea_id)} — {title}"


def queue(*, session: Session, actor: User, lang: str) -> dict:
    """Submitted files the actor may screen, oldest first, with dates the reader's way."""
    frame = scoring.screening_queue(session, actor=actor)
    shown = frame.assign(submitted_at=[fmt_datetime(v, lang) for v in frame.submitted_at],
                         decision_due_on=[fmt_date(d, lang) for d in frame.decision_due_on],
                         campaign=[c if isinstance(c, str) else "" for c in frame.campaign])
    columns = {"receipt_no": "receipt", "title": "title", "unit": "unit", "owner": "owner", "campaign": "campaign",
               "submitted_at": "submitted", "decision_due_on": "decision_due"}
    return {"table": shown[list(columns)].rename(columns=columns),
            "files": {int(r.id): file_label(r.receipt_no, int(r.id), r.title) for r in frame.itertuples()}}


def to_assign(*, session: Session, actor: User, lang: str, limit: int = 200) -> dict[int, str]:
    """Files under review and not yet decided that the actor may assign; those without a reviewer first."""
    active = (select(func.count(ReviewAssignment.id)).where(ReviewAssignment.idea_id == Idea.id,
                                                             ReviewAssignment.status == "active")
              .correlate(Idea).scalar_subquery())
    decided = select(Decision.id).where(Decision.idea_id == Idea.id, Decision.campaign_id == Idea.campaign_id)
    query = (select(Idea.id, Idea.receipt_no, Idea.title)
             .where(Idea.status == lifecycle.UNDER_REVIEW, ~decided.exists())
             .order_by(case((active == 0, 0), else_=1), Idea.accepted_at.desc(), Idea.id).limit(limit))
    allowed = scope_unit_ids(session, actor, "review.assign")
    if allowed is not None:
        query = query.where(Idea.unit_id.in_(allowed or [-1]))
    return {int(i): file_label(receipt, int(i), title) for i, receipt, title in session.execute(query).all()}


def deadlines(*, session: Session, actor: User, lang: str, within_days: int) -> dict:
    """Open files whose decision date is near or past (days left first), and the counts per unit."""
    frame = scoring.deadlines(session, actor=actor, within_days=within_days)
    shown = frame.assign(decision_due_on=[fmt_date(d, lang) for d in frame.decision_due_on],
                         status=[t(f"review.status.{s}", lang) for s in frame.status])
    columns = {"days_left": "days_left", "decision_due_on": "decision_due", "receipt_no": "receipt",
               "title": "title", "status": "status", "unit": "unit"}
    counts = scoring.deadline_counts(session, actor=actor, within_days=within_days)
    overdue = int(frame["overdue"].sum())
    return {"table": shown[list(columns)].rename(columns=columns), "overdue": overdue, "soon": len(frame) - overdue,
            "per_unit": counts[["unit", "overdue", "due_soon"]]}
