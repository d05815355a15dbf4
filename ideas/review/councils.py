"""Review councils (Hội đồng sáng kiến): members with roles, and conflicts of interest per idea."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import NotFound, PermissionDenied, ValidationError
from ideas.core.models import Campaign, Conflict, Council, CouncilMember, Idea, ReviewAssignment, User
from ideas.core.permissions import require
from ideas.core.text import bounded
from ideas.filing.campaigns import get_campaign
from ideas.filing.records import author_ids, get_idea, is_author

MEMBER_ROLES = ("chair", "vice_chair", "secretary", "member")
# Roles that score ideas; the secretary keeps the file and the minutes but does not score.
SCORING_ROLES = ("chair", "vice_chair", "member")


def council_for_campaign(session: Session, campaign_id: int | None) -> Council | None:
    if campaign_id is None:
        return None
    return session.scalar(select(Council).where(Council.campaign_id == campaign_id))


def require_council(session: Session, campaign_id: int | None) -> Council:
    council = council_for_campaign(session, campaign_id)
    if council is None:
        raise NotFound("review.error.no_council")
    return council


def create_council(*, session: Session, actor: User, campaign_id: int, name: str,
                   decision_ref: str | None = None) -> Council:
    """Create the council of a campaign (one per campaign)."""
    campaign = get_campaign(session, campaign_id)
    require(session, actor, "review.manage_council", unit_id=campaign.unit_id)
    if not (name or "").strip():
        raise ValidationError("review.error.council_name_required")
    bounded(name, field="review.council.name", max_chars=255, line=True)  # the columns' sizes, told by name
    bounded(decision_ref, field="review.council.decision_ref", max_chars=255, line=True)
    if council_for_campaign(session, campaign_id) is not None:
        raise ValidationError("review.error.council_exists")
    council = Council(campaign_id=campaign_id, name=name.strip(), decision_ref=(decision_ref or "").strip() or None)
    session.add(council)
    session.flush()
    audit.record(session=session, actor=actor, action="council.create", entity="council", entity_id=council.id,
                 details={"campaign_id": campaign_id, "name": council.name})
    return council


def set_member(*, session: Session, actor: User, council_id: int, user_id: int, role: str) -> CouncilMember:
    """Add a member to a council or change their role (one chair and one secretary at most)."""
    council = session.get(Council, council_id)
    if council is None:
        raise NotFound("review.error.no_council")
    campaign = get_campaign(session, council.campaign_id)
    require(session, actor, "review.manage_council", unit_id=campaign.unit_id)
    if role not in MEMBER_ROLES:
        raise ValidationError("review.error.unknown_member_role", role=role)
    if session.get(User, user_id) is None:
        raise NotFound("review.error.user_not_found")
    if role in ("chair", "secretary"):
        taken = session.scalar(select(CouncilMember.id).where(
            CouncilMember.council_id == council_id, CouncilMember.role == role, CouncilMember.user_id != user_id))
        if taken is not None:
            raise ValidationError("review.error.role_taken", role=role)
    member = session.scalar(select(CouncilMember).where(CouncilMember.council_id == council_id,
                                                        CouncilMember.user_id == user_id))
    if member is None:
        member = CouncilMember(council_id=council_id, user_id=user_id, role=role)
        session.add(member)
    else:
        member.role = role
    session.flush()
    audit.record(session=session, actor=actor, action="council.member", entity="council", entity_id=council_id,
                 details={"user_id": user_id, "role": role})
    return member


def remove_member(*, session: Session, actor: User, council_id: int, user_id: int) -> None:
    """Take a member off a council (their votes go with them)."""
    council = session.get(Council, council_id)
    if council is None:
        raise NotFound("review.error.no_council")
    campaign = get_campaign(session, council.campaign_id)
    require(session, actor, "review.manage_council", unit_id=campaign.unit_id)
    member = session.scalar(select(CouncilMember).where(CouncilMember.council_id == council_id,
                                                        CouncilMember.user_id == user_id))
    if member is None:
        raise NotFound("review.error.not_member")
    session.delete(member)
    session.flush()
    audit.record(session=session, actor=actor, action="council.member_remove", entity="council",
                 entity_id=council_id, details={"user_id": user_id})


def members_frame(session: Session, council_id: int) -> pd.DataFrame:
    """Members of a council: member_id, user_id, full_name, username, role."""
    rows = session.execute(
        select(CouncilMember.id, CouncilMember.user_id, User.full_name, User.username, CouncilMember.role)
        .join(User, User.id == CouncilMember.user_id).where(CouncilMember.council_id == council_id)
        .order_by(CouncilMember.id)
    ).all()
    return pd.DataFrame(rows, columns=["member_id", "user_id", "full_name", "username", "role"])


def member_of(session: Session, council_id: int, user_id: int) -> CouncilMember | None:
    return session.scalar(select(CouncilMember).where(CouncilMember.council_id == council_id,
                                                      CouncilMember.user_id == user_id))


def conflicted_ids(session: Session, idea: Idea) -> set[int]:
    """Everyone who may not review or vote on the idea: its authors and declared conflicts."""
    declared = set(session.scalars(select(Conflict.user_id).where(Conflict.idea_id == idea.id)))
    return author_ids(session, idea) | declared


@dataclass(frozen=True)
class ReviewerChoice:
    """A scoring member of the idea's council as the secretary sees them when choosing reviewers."""

    user_id: int
    full_name: str
    role: str
    why_not: str | None  # None: may be assigned; else "author", "conflict", "assigned", "replaced", "recused"
    conflict: str | None = None  # the declared reason, for "conflict"


def reviewer_choices(session: Session, idea: Idea) -> list[ReviewerChoice]:
    """Every scoring member of the idea's council, each either assignable or with the reason why not (an author,
    a declared conflict with its reason, already assigned, replaced or recused on this file)."""
    council = council_for_campaign(session, idea.campaign_id)
    if council is None:
        return []
    members = session.execute(
        select(CouncilMember.user_id, User.full_name, CouncilMember.role).join(User, User.id == CouncilMember.user_id)
        .where(CouncilMember.council_id == council.id, CouncilMember.role.in_(SCORING_ROLES))
        .order_by(User.full_name, User.id)).all()
    authors = author_ids(session, idea)
    declared = dict(session.execute(select(Conflict.user_id, Conflict.reason).where(Conflict.idea_id == idea.id)).all())
    assigned = dict(session.execute(select(ReviewAssignment.reviewer_id, ReviewAssignment.status)
                                    .where(ReviewAssignment.idea_id == idea.id)).all())
    choices = []
    for user_id, name, role in members:
        if user_id in authors:
            why = "author"
        elif user_id in declared:
            why = "conflict"
        elif user_id in assigned:
            why = "assigned" if assigned[user_id] == "active" else assigned[user_id]
        else:
            why = None
        choices.append(ReviewerChoice(int(user_id), name, role, why, declared.get(user_id)))
    return choices


def is_conflicted(session: Session, idea: Idea, user_id: int) -> bool:
    if is_author(session, idea, user_id):
        return True
    return session.scalar(select(Conflict.id).where(Conflict.idea_id == idea.id,
                                                    Conflict.user_id == user_id)) is not None


def ensure_not_conflicted(session: Session, idea: Idea, user_id: int) -> None:
    """Raise PermissionDenied when the person is an author, a co-author or has declared a conflict."""
    if is_conflicted(session, idea, user_id):
        raise PermissionDenied("review.error.conflict")


def declare_conflict(*, session: Session, actor: User, idea_id: int, reason: str,
                     user_id: int | None = None) -> Conflict:
    """Record a conflict of interest (own, or a member's by the secretary/chair); recuses any assignment."""
    idea = get_idea(session, idea_id)
    target = user_id or actor.id
    if target != actor.id:
        require(session, actor, "review.assign", unit_id=idea.unit_id)
    else:
        council = require_council(session, idea.campaign_id)
        if member_of(session, council.id, actor.id) is None:
            raise PermissionDenied("review.error.not_member")
    if not (reason or "").strip():
        raise ValidationError("review.error.conflict_reason_required")
    conflict = session.scalar(select(Conflict).where(Conflict.idea_id == idea_id, Conflict.user_id == target))
    if conflict is None:
        conflict = Conflict(idea_id=idea_id, user_id=target, reason=reason.strip())
        session.add(conflict)
    else:
        conflict.reason = reason.strip()
    for assignment in session.scalars(select(ReviewAssignment).where(
            ReviewAssignment.idea_id == idea_id, ReviewAssignment.reviewer_id == target)):
        assignment.status = "recused"
    session.flush()
    audit.record(session=session, actor=actor, action="review.conflict", entity="idea", entity_id=idea_id,
                 details={"user_id": target, "reason": conflict.reason})
    return conflict


def conflicts_frame(session: Session, idea_ids: list[int] | None = None) -> pd.DataFrame:
    query = (select(Conflict.idea_id, Conflict.user_id, User.full_name, Conflict.reason, Conflict.created_at)
             .join(User, User.id == Conflict.user_id).order_by(Conflict.id))
    if idea_ids is not None:
        query = query.where(Conflict.idea_id.in_(idea_ids or [-1]))
    return pd.DataFrame(session.execute(query).all(),
                        columns=["idea_id", "user_id", "full_name", "reason", "created_at"])


def campaigns_frame(session: Session) -> pd.DataFrame:
    """Campaigns with their council (if any), newest first, for pickers."""
    rows = session.execute(
        select(Campaign.id, Campaign.name, Campaign.year, Campaign.kind, Campaign.target_scope,
               Campaign.blind_review, Council.id, Council.name)
        .outerjoin(Council, Council.campaign_id == Campaign.id)
        .where(or_(Campaign.active.is_(True), Council.id.is_not(None)))
        .order_by(Campaign.year.desc(), Campaign.id.desc())
    ).all()
    return pd.DataFrame(rows, columns=["id", "name", "year", "kind", "target_scope", "blind_review",
                                       "council_id", "council_name"])


def find_users(session: Session, text: str, *, limit: int = 20) -> pd.DataFrame:
    """Active users whose name or username matches `text` (accents optional), for member pickers."""
    from ideas.core.text import fold

    needle = f"%{fold(text or '')}%"
    rows = session.execute(
        select(User.id, User.full_name, User.username)
        .where(User.active.is_(True), or_(User.search_name.like(needle), User.username.like(needle)))
        .order_by(User.full_name).limit(limit)).all()
    return pd.DataFrame(rows, columns=["id", "full_name", "username"])
