"""The home page's read model: what is waiting for the signed-in person (a few COUNT queries)."""
from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ideas.accounts import inbox
from ideas.core.models import AwardList, Idea, IdeaAuthor, ReviewAssignment, ScoreSheet, Unit, User
from ideas.core.permissions import can, scope_unit_ids


def my_ideas_by_status(session: Session, *, user: User) -> dict[str, int]:
    """How many of my files (owned or co-authored) are in each status."""
    mine = or_(Idea.owner_id == user.id,
               Idea.id.in_(select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == user.id)))
    rows = session.execute(select(Idea.status, func.count()).where(mine).group_by(Idea.status)).all()
    return {status: count for status, count in rows}


def _in_scope(session: Session, user: User, action: str):  # noqa: ANN202
    ids = scope_unit_ids(session, user, action)
    return None if ids is None else Idea.unit_id.in_(ids)


def waiting_for_screening(session: Session, *, user: User) -> int | None:
    if not can(session, user, "review.screen"):
        return None
    query = select(func.count()).select_from(Idea).where(Idea.status == "submitted")
    scope = _in_scope(session, user, "review.screen")
    return session.scalar(query if scope is None else query.where(scope)) or 0


def scores_due(session: Session, *, user: User) -> int | None:
    if not can(session, user, "review.score"):
        return None
    sheet = and_(ScoreSheet.idea_id == ReviewAssignment.idea_id, ScoreSheet.reviewer_id == user.id)
    query = (select(func.count()).select_from(ReviewAssignment)
             .join(Idea, Idea.id == ReviewAssignment.idea_id)
             .outerjoin(ScoreSheet, sheet)
             .where(ReviewAssignment.reviewer_id == user.id, ReviewAssignment.status == "active",
                    Idea.status == "under_review", ScoreSheet.id.is_(None)))
    return session.scalar(query) or 0


def draft_award_lists(session: Session, *, user: User) -> int | None:
    if not can(session, user, "rewards.build"):
        return None
    query = select(func.count()).select_from(AwardList).where(AwardList.status.in_(("draft", "submitted")))
    ids = scope_unit_ids(session, user, "rewards.build")
    if ids is not None:
        query = query.where(AwardList.unit_id.in_(ids))
    return session.scalar(query) or 0


def summary(session: Session, *, user: User) -> dict:
    """Everything the home page shows, in one call."""
    unit_name = session.scalar(select(Unit.name).where(Unit.id == user.unit_id)) if user.unit_id else None
    return {
        "unit_name": unit_name,
        "unread": inbox.unread_count(session, user=user),
        "mine": my_ideas_by_status(session, user=user),
        "screening": waiting_for_screening(session, user=user),
        "scores_due": scores_due(session, user=user),
        "award_lists": draft_award_lists(session, user=user),
    }
