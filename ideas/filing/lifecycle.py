"""The one state machine of an idea: allowed transitions and a history row for each of them.

Inside `under_review` the review process keeps its own detail in `Idea.review_stage`
(screened -> assigned -> scored -> voting); that detail is recorded in the history too.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import InvalidTransition
from ideas.core.models import Idea, IdeaHistory, utcnow
from ideas.core.permissions import Actor
from ideas.core.transitions import Move, StateMachine
from ideas.core.words import NOT_RECOGNISED, RECOGNISED

DRAFT, SUBMITTED, RETURNED, UNDER_REVIEW = "draft", "submitted", "returned", "under_review"
WITHDRAWN = "withdrawn"  # RECOGNISED and NOT_RECOGNISED: a decision's outcomes (core.words)
MERGED = "merged"  # a duplicate absorbed by another file (filing.merging); Idea.merged_into_id names it
STATUSES = (DRAFT, SUBMITTED, RETURNED, UNDER_REVIEW, RECOGNISED, NOT_RECOGNISED, WITHDRAWN, MERGED)
FINAL = frozenset({RECOGNISED, NOT_RECOGNISED, WITHDRAWN, MERGED})
REVIEW_STAGES = ("screened", "assigned", "scored", "voting")

# (from, to) -> the transition's name; nothing else is allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, SUBMITTED): "submit",
    (DRAFT, WITHDRAWN): "withdraw",
    (SUBMITTED, RETURNED): "return",
    (SUBMITTED, UNDER_REVIEW): "accept",
    (SUBMITTED, WITHDRAWN): "withdraw",
    (RETURNED, SUBMITTED): "resubmit",
    (RETURNED, WITHDRAWN): "withdraw",
    (UNDER_REVIEW, RECOGNISED): "recognise",
    (UNDER_REVIEW, NOT_RECOGNISED): "refuse",
    (RECOGNISED, RECOGNISED): "raise_scope",  # a higher council recognises a wider scope of influence
    (SUBMITTED, MERGED): "merge",
    (UNDER_REVIEW, MERGED): "merge",
}
REASON_REQUIRED = frozenset({RETURNED, NOT_RECOGNISED, MERGED})


def _write_history(session: Session, idea: Idea, move: Move) -> IdeaHistory:
    if move.to != UNDER_REVIEW:
        idea.review_stage = None
    entry = IdeaHistory(idea_id=idea.id, at=move.at, actor_id=move.actor.id if move.actor else None,
                        from_status=move.frm, to_status=move.to, stage=idea.review_stage, reason=move.reason)
    session.add(entry)
    return entry


MACHINE = StateMachine(entity="idea", transitions=TRANSITIONS, write_history=_write_history,
                       reason_required=REASON_REQUIRED)


def allowed_targets(status: str) -> list[str]:
    return MACHINE.allowed_targets(status)


def transition(*, session: Session, idea: Idea, to: str, actor: Actor | None, reason: str | None = None,
               stage: str | None = None, **details: object) -> IdeaHistory:
    """Move `idea` to `to`, or raise InvalidTransition; writes history and audit rows.

    Permission checks belong to the calling service (who may accept, return, decide...).
    """
    MACHINE.check(idea, to, reason=reason)
    if to == UNDER_REVIEW:
        idea.review_stage = stage
    return MACHINE.apply(session=session, record=idea, to=to, actor=actor, reason=reason, **details)


def set_review_stage(*, session: Session, idea: Idea, stage: str, actor: Actor | None,
                     reason: str | None = None) -> IdeaHistory:
    """Record progress inside `under_review` (the status itself does not change)."""
    if idea.status != UNDER_REVIEW or stage not in REVIEW_STAGES:
        raise InvalidTransition(frm=f"{idea.status}/{idea.review_stage}", to=stage)
    entry = IdeaHistory(idea_id=idea.id, at=utcnow(), actor_id=actor.id if actor else None,
                        from_status=UNDER_REVIEW, to_status=UNDER_REVIEW, stage=stage, reason=reason)
    idea.review_stage = stage
    session.add(entry)
    audit.record(session=session, actor=actor, action="idea.review_stage", entity="idea", entity_id=idea.id,
                 details={"stage": stage})
    session.flush()
    return entry


def history(session: Session, idea_id: int) -> list[IdeaHistory]:
    return list(session.scalars(select(IdeaHistory).where(IdeaHistory.idea_id == idea_id)
                                .order_by(IdeaHistory.at, IdeaHistory.id)))
