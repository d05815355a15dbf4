"""What the secretary's screening page shows: files to screen, accepted files waiting for reviewers and who
scores the chosen one."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_datetime
from ideas.core.models import Decision, Idea, ReviewAssignment, User
from ideas.core.permissions import scope_unit_ids
from ideas.filing import lifecycle
from ideas.review import scoring
from ideas.review.bulk_screening import ItemResult, report_table
from ideas.review.display import Assignments, file_label
from ideas.review.display import assignments as assignment_rows


@dataclass(frozen=True)
class Queue:
    table: pd.DataFrame  # receipt, title, unit, owner, campaign, submitted, decision_due (display text)
    files: dict[int, str]  # idea id -> "receipt — title"


def queue(*, session: Session, actor: User, lang: str) -> Queue:
    """Submitted files the actor may screen, oldest first, with dates the reader's way."""
    frame = scoring.screening_queue(session, actor=actor)
    shown = frame.assign(submitted_at=[fmt_datetime(v, lang) for v in frame.submitted_at],
                         decision_due_on=[fmt_date(d, lang) for d in frame.decision_due_on],
                         campaign=[c if isinstance(c, str) else "" for c in frame.campaign])
    columns = {"receipt_no": "receipt", "title": "title", "unit": "unit", "owner": "owner", "campaign": "campaign",
               "submitted_at": "submitted", "decision_due_on": "decision_due"}
    return Queue(shown[list(columns)].rename(columns=columns),
                 {int(r.id): file_label(r.receipt_no, int(r.id), r.title) for r in frame.itertuples()})


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


def assignments(*, session: Session, actor: User, lang: str, idea_id: int) -> Assignments:
    """Who scores the chosen file already, by when, and how far they are."""
    return assignment_rows(session, idea_id, lang)


def bulk_report(results: list[ItemResult], lang: str) -> pd.DataFrame:
    """What a bulk screening or assignment did, one line per file, in the reader's language (no database)."""
    return report_table(results, lang)
