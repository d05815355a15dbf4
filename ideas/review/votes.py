"""Council votes on an idea: who sits (authors and declared conflicts do not), recording votes, the tally.

Members who are authors or declared a conflict do not sit for that idea, so they count neither in the total
nor among those present.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import InvalidTransition, PermissionDenied, ValidationError
from ideas.core.models import Campaign, Council, CouncilMember, CouncilVote, Decision, Idea, User
from ideas.core.permissions import require
from ideas.filing import lifecycle
from ideas.filing.campaigns import get_campaign
from ideas.filing.merging import refuse_merged
from ideas.filing.records import get_idea
from ideas.review.councils import conflicted_ids, ensure_not_conflicted, member_of, require_council

VOTES = ("for", "against", "abstain")
CHAIR_ROLES = ("chair", "vice_chair")


def campaign_council(session: Session, idea: Idea, campaign_id: int | None) -> tuple[Campaign, Council]:
    """The campaign deciding on the idea (its own unless a higher-scope campaign is named) and its council."""
    campaign = get_campaign(session, campaign_id or idea.campaign_id)
    return campaign, require_council(session, campaign.id)


def require_chair(session: Session, actor: User, idea: Idea, council: Council) -> None:
    """Only the council's chair or vice-chair, not conflicted on the idea, records votes and decisions."""
    require(session, actor, "review.decide", unit_id=idea.unit_id)
    member = member_of(session, council.id, actor.id)
    if member is None or member.role not in CHAIR_ROLES:
        raise PermissionDenied("review.error.not_chair")
    ensure_not_conflicted(session, idea, actor.id)


def sitting_members(session: Session, idea: Idea, council: Council) -> list[CouncilMember]:
    """Council members who sit for this idea (authors and declared conflicts excluded)."""
    blocked = conflicted_ids(session, idea)
    members = session.scalars(select(CouncilMember).where(CouncilMember.council_id == council.id)
                              .order_by(CouncilMember.id))
    return [m for m in members if m.user_id not in blocked]


def is_decided_in(session: Session, idea: Idea, campaign: Campaign) -> bool:
    return session.scalar(select(Decision.id).where(Decision.idea_id == idea.id,
                                                    Decision.campaign_id == campaign.id)) is not None


def _store_vote(session: Session, idea_id: int, member: CouncilMember, vote: str | None, actor: User) -> None:
    row = session.scalar(select(CouncilVote).where(CouncilVote.idea_id == idea_id,
                                                   CouncilVote.member_id == member.id))
    if vote in (None, ""):
        if row is not None:
            session.delete(row)
        return
    if vote not in VOTES:
        raise ValidationError("review.error.vote_invalid", vote=vote)
    if row is None:
        session.add(CouncilVote(idea_id=idea_id, member_id=member.id, vote=vote, recorded_by=actor.id))
    else:
        row.vote, row.recorded_by = vote, actor.id


def store_votes(session: Session, *, actor: User, idea: Idea, campaign: Campaign, council: Council,
                votes: dict[int, str | None]) -> None:
    """Write the members' votes (an empty choice clears a vote); the caller has checked the chair."""
    blocked = conflicted_ids(session, idea)
    for member_id, vote in votes.items():
        member = session.get(CouncilMember, int(member_id))
        if member is None or member.council_id != council.id:
            raise ValidationError("review.error.not_member")
        if member.user_id in blocked:
            raise PermissionDenied("review.error.conflict")
        _store_vote(session, idea.id, member, vote, actor)
    session.flush()
    audit.record(session=session, actor=actor, action="review.votes", entity="idea", entity_id=idea.id,
                 details={"campaign_id": campaign.id, "votes": {str(k): v for k, v in votes.items()}})
    if idea.status == lifecycle.UNDER_REVIEW and idea.review_stage != "voting":
        lifecycle.set_review_stage(session=session, idea=idea, stage="voting", actor=actor)


def record_votes(*, session: Session, actor: User, idea_id: int, votes: dict[int, str],
                 campaign_id: int | None = None) -> None:
    """The chair records members' votes (member_id -> for/against/abstain); conflicted members cannot vote."""
    idea = get_idea(session, idea_id)
    campaign, council = campaign_council(session, idea, campaign_id)
    require_chair(session, actor, idea, council)
    refuse_merged(idea)
    if is_decided_in(session, idea, campaign):
        raise InvalidTransition("review.error.already_decided")
    store_votes(session, actor=actor, idea=idea, campaign=campaign, council=council, votes=votes)


def all_in_favour(*, session: Session, actor: User, idea_id: int, campaign_id: int | None = None,
                  keep: dict[int, str] | None = None) -> dict[int, str]:
    """The chair records "for" for every member sitting for the idea in one action (conflicted members do not
    sit); `keep` (member_id -> vote) are single votes that differ, set in the same action. Returns the votes."""
    idea = get_idea(session, idea_id)
    campaign, council = campaign_council(session, idea, campaign_id)
    chosen = {m.id: "for" for m in sitting_members(session, idea, council)}
    chosen.update({int(k): v for k, v in (keep or {}).items() if int(k) in chosen and v})
    record_votes(session=session, actor=actor, idea_id=idea_id, votes=chosen, campaign_id=campaign.id)
    return chosen


def tally(session: Session, idea: Idea, council: Council, votes: dict[int, str | None] | None = None) -> dict:
    """Votes for/against/abstain, present and total among the sitting members.

    `votes` (member_id -> vote, as chosen on screen) replaces the stored votes of the members it names.
    """
    sitting = {m.id for m in sitting_members(session, idea, council)}
    chosen = dict(session.execute(select(CouncilVote.member_id, CouncilVote.vote).where(
        CouncilVote.idea_id == idea.id, CouncilVote.member_id.in_(sitting or {-1}))).all())
    for member_id, vote in (votes or {}).items():
        if int(member_id) not in sitting:
            raise ValidationError("review.error.not_member")
        chosen[int(member_id)] = vote or None
    counts = dict.fromkeys(VOTES, 0)
    for vote in chosen.values():
        if vote in counts:
            counts[vote] += 1
    counts["present"] = sum(counts[v] for v in VOTES)
    counts["total"] = len(sitting)
    return counts


def apply_counts(counts: dict, total: dict) -> dict:
    """A tally known only as numbers (no individual votes): checked against the sitting members."""
    votes_for, against = int(counts.get("for") or 0), int(counts.get("against") or 0)
    present = int(counts.get("present") if counts.get("present") is not None else votes_for + against)
    if min(votes_for, against, present) < 0 or votes_for + against > present or present > total["total"]:
        raise ValidationError("review.error.counts_invalid", total=total["total"])
    return {**total, "for": votes_for, "against": against, "present": present}


def votes_frame(session: Session, idea_id: int, council_id: int) -> pd.DataFrame:
    """Votes of the members who sit for the idea (conflicted members are left out)."""
    blocked = conflicted_ids(session, get_idea(session, idea_id))
    rows = session.execute(
        select(CouncilMember.id, User.full_name, CouncilMember.role, CouncilVote.vote)
        .join(User, User.id == CouncilMember.user_id)
        .outerjoin(CouncilVote, (CouncilVote.member_id == CouncilMember.id) & (CouncilVote.idea_id == idea_id))
        .where(CouncilMember.council_id == council_id, CouncilMember.user_id.not_in(blocked or {-1}))
        .order_by(CouncilMember.id)
    ).all()
    return pd.DataFrame(rows, columns=["member_id", "full_name", "role", "vote"])
