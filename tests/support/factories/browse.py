"""Factories for browse/detail/social tests: ideas created directly through models + lifecycle.transition."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy.orm import Session

from ideas.core.models import Campaign, Idea, IdeaAuthor, IdeaParField, Unit, User, utcnow
from ideas.core.text import fold
from ideas.filing import lifecycle, similar

_seq = itertools.count(1)

# the lifecycle path from draft to each status
PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "returned": ["submitted", "returned"],
    "under_review": ["submitted", "under_review"],
    "recognised": ["submitted", "under_review", "recognised"],
    "not_recognised": ["submitted", "under_review", "not_recognised"],
    "withdrawn": ["submitted", "withdrawn"],
}


def make_campaign(session: Session, *, unit: Unit | None = None, year: int = 2026, name: str | None = None) -> Campaign:
    campaign = Campaign(name=name or f"Đợt {next(_seq)}", year=year, unit_id=unit.id if unit else None,
                        opens_on=dt.date(year, 1, 1), closes_on=dt.date(year, 12, 31))
    session.add(campaign)
    session.flush()
    return campaign


def make_idea(session: Session, *, owner: User, unit: Unit | None = None, title: str | None = None,
              status: str = "submitted", essence: str = "Mô tả bản chất giải pháp.", problem: str | None = None,
              confidential: str | None = None, coauthors: list[tuple[User, int]] = (),
              par_codes: list[str] = (), campaign: Campaign | None = None,
              submitted_at: dt.datetime | None = None, benefits: str | None = None, index: bool = True) -> Idea:
    n = next(_seq)
    title = title or f"Sáng kiến số {n}"
    unit_id = unit.id if unit else owner.unit_id
    idea = Idea(title=title, unit_id=unit_id, owner_id=owner.id, essence=essence, problem=problem,
                confidential_info=confidential, benefits_text=benefits, campaign_id=campaign.id if campaign else None,
                field_of_application="Hành chính công", status="draft")
    idea.search_text = fold(" ".join(p for p in (title, idea.field_of_application, problem, essence, benefits) if p))
    session.add(idea)
    session.flush()
    rest = 100 - sum(share for _, share in coauthors)
    session.add(IdeaAuthor(idea_id=idea.id, user_id=owner.id, share=Decimal(rest), position=0))
    for pos, (user, share) in enumerate(coauthors, start=1):
        session.add(IdeaAuthor(idea_id=idea.id, user_id=user.id, share=Decimal(share), position=pos))
    for code in par_codes:
        session.add(IdeaParField(idea_id=idea.id, par_code=code))
    for to in PATHS[status]:
        if to == "submitted":
            idea.submitted_at = submitted_at or utcnow()
            idea.receipt_year = idea.submitted_at.year
            idea.receipt_seq = n
            idea.receipt_no = f"SK-{idea.receipt_year}-{n:04d}"
        lifecycle.transition(session=session, idea=idea, to=to, actor=owner,
                             reason="Lý do" if to in lifecycle.REASON_REQUIRED else None)
    session.flush()
    if index:
        similar.index_idea(session, idea)
    return idea


def person(session: Session, *, unit: Unit | None = None, roles=None, full_name: str | None = None) -> User:
    """A user without a password (hashing is slow); use tests.factories.make_user to sign in."""
    from tests.support.factories.accounts import make_user

    return make_user(session, unit=unit, roles=roles, full_name=full_name, password=None)
