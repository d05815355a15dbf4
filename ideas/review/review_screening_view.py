"""What the secretary's screening page shows: files to screen, accepted files waiting for reviewers and who
scores the chosen one."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_datetime, fmt_number, t
from ideas.core.links import Linked, linked_id, linked_step
from ideas.core.models import Decision, Idea, ReviewAssignment, ScoreSheet, User
from ideas.core.permissions import scope_unit_ids
from ideas.filing import lifecycle
from ideas.filing.records import get_idea
from ideas.review import councils, scoring
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


STEPS = ("screen", "assign")  # the actions an address may name on this page (step=)


@dataclass(frozen=True)
class LinkedFile:
    """Which picker an address (idea=, step=) opens and on which file, or the message why it cannot."""

    part: str | None  # "screen" or "assign"
    linked: Linked


def linked_file(*, screen_files: dict[int, str], assign_files: dict[int, str], raw_idea: str | None,
                raw_step: str | None, lang: str = "vi") -> LinkedFile:
    """`?idea=12&step=assign` preselects file 12 in the assignment picker, `step=screen` (or none) in the screening
    one; a file not waiting for that step is looked for in the other; a forged or stale id gives a message."""
    step = linked_step(raw_step, STEPS) or "screen"
    order = [("screen", screen_files), ("assign", assign_files)]
    for part, files in (order if step == "screen" else order[::-1]):
        found = linked_id(raw_idea, files, lang)
        if found.value is not None:
            return LinkedFile(part, found)
    return LinkedFile(step, linked_id(raw_idea, {}, lang))


@dataclass(frozen=True)
class Reviewers:
    """The secretary's choice of individual reviewers for one file."""

    choosable: dict[int, str]  # member id -> "name — role, N files in hand"
    unavailable: pd.DataFrame  # member, reason (authors, declared conflicts with the reason, already assigned)
    replaceable: dict[int, str]  # reviewers who may still be replaced (active, no score yet)


def reviewers(*, session: Session, actor: User, lang: str, idea_id: int) -> Reviewers:
    """Council members who may review the chosen file, and those who may not with the reason shown."""
    idea = get_idea(session, idea_id)
    choices = councils.reviewer_choices(session, idea)
    load = scoring.reviewer_load(session, [c.user_id for c in choices if c.why_not is None])
    choosable = {c.user_id: t("place.review.choice", lang, name=c.full_name,
                              role=t(f"review.role.{c.role}", lang), load=fmt_number(load.get(c.user_id, 0), lang))
                 for c in choices if c.why_not is None}
    unavailable = pd.DataFrame(
        [{"member": c.full_name, "reason": t(f"place.review.why.{c.why_not}", lang, reason=c.conflict or "")}
         for c in choices if c.why_not is not None], columns=["member", "reason"])
    scored = set(session.scalars(select(ScoreSheet.reviewer_id).where(ScoreSheet.idea_id == idea_id)))
    replaceable = {c.user_id: c.full_name for c in choices if c.why_not == "assigned" and c.user_id not in scored}
    return Reviewers(choosable, unavailable, replaceable)
