"""Factories for review tests: campaigns, ideas in review, councils with members."""
from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal

from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.models import Campaign, Council, CouncilMember, Idea, IdeaAuthor, Unit, User, utcnow
from tests.factories import make_unit, make_user

_seq = itertools.count(1)


def make_campaign(session: Session, *, unit: Unit | None = None, blind: bool = False, per_idea: int | None = None,
                  pass_rule: dict | None = None, kind: str = "submission", target_scope: str = "unit",
                  year: int = 2026) -> Campaign:
    campaign = Campaign(name=f"Đợt {next(_seq)}", year=year, unit_id=unit.id if unit else None, kind=kind,
                        target_scope=target_scope, opens_on=dt.date(year, 1, 1), closes_on=dt.date(year, 12, 31),
                        blind_review=blind, reviewers_per_idea=per_idea, pass_rule=json.dumps(pass_rule or {}))
    session.add(campaign)
    session.flush()
    return campaign


def make_idea(session: Session, *, campaign: Campaign, unit: Unit, owner: User, co_authors: list[User] = (),
              status: str = "submitted", title: str | None = None) -> Idea:
    n = next(_seq)
    idea = Idea(campaign_id=campaign.id, unit_id=unit.id, owner_id=owner.id, title=title or f"Sáng kiến số {n}",
                status=status, receipt_year=2026, receipt_seq=n, receipt_no=f"TN-2026-{n:05d}",
                submitted_at=utcnow(), decision_due_on=clock.today() + dt.timedelta(days=30),
                problem="Vấn đề", essence="Giải pháp", review_stage="screened" if status == "under_review" else None)
    people = [owner, *co_authors]
    share = Decimal(100) / len(people)
    for position, person in enumerate(people):
        idea.authors.append(IdeaAuthor(user_id=person.id, share=round(share, 2), position=position))
    session.add(idea)
    session.flush()
    return idea


def make_council(session: Session, *, campaign: Campaign, unit: Unit | None = None, reviewers: int = 3,
                 members: list[tuple[User, str]] | None = None, password: str | None = None,
                 ) -> tuple[Council, dict[str, list[User]]]:
    """A council with a chair, a secretary and `reviewers` members (all with matching app roles)."""
    unit = unit or make_unit(session)
    council = Council(campaign_id=campaign.id, name=f"Hội đồng {campaign.name}")
    session.add(council)
    session.flush()
    people: dict[str, list[User]] = {"chair": [], "secretary": [], "member": []}
    if members is None:
        chair = make_user(session, unit=unit, roles=[("chair", None)], full_name="Trần Chủ Tịch",
                          password=password)
        secretary = make_user(session, unit=unit, roles=[("secretary", None)], full_name="Lê Thư Ký",
                              password=password)
        members = [(chair, "chair"), (secretary, "secretary")]
        members += [(make_user(session, unit=unit, roles=[("reviewer", None)], full_name=f"Phạm Giám Khảo {i}",
                               password=password),
                     "member") for i in range(reviewers)]
    for user, role in members:
        session.add(CouncilMember(council_id=council.id, user_id=user.id, role=role))
        people.setdefault(role, []).append(user)
    session.flush()
    return council, people


def full_scores(total_parts: tuple[int, int, int, int]) -> dict[str, int]:
    return dict(zip(("novelty", "soundness", "effectiveness", "replicability"), total_parts, strict=True))
