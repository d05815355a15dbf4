"""Factories for review tests: campaigns, ideas in review, councils with members."""
from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.models import (
    Campaign,
    Certificate,
    Council,
    CouncilMember,
    Decision,
    Idea,
    IdeaAuthor,
    Unit,
    User,
    utcnow,
)
from ideas.core.text import fold
from ideas.review import decisions, scoring
from ideas.review.votes import record_votes
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea

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


def certified(session, *, title="Một cửa liên thông", unit=None, authors=None, decided_on=dt.date(2026, 3, 2),
              scope="unit", confidential=None):
    """A recognised idea with its decision and a certificate (as decisions.decide issues it)."""
    unit = unit or make_unit(session, name="UBND xã Hòa An")
    authors = authors or [make_user(session, unit=unit, full_name="Lê Thị Mai")]
    idea = make_recognised_idea(session, authors=authors, unit=unit, title=title, decided_on=decided_on,
                                scope=scope)
    idea.confidential_info = confidential
    idea.search_text = fold(title)
    decision = session.scalar(select(Decision).where(Decision.idea_id == idea.id))
    certificate = Certificate(decision_id=decision.id, number=f"GCN-{decided_on.year}-{idea.id:04d}",
                              issued_on=decided_on)
    session.add(certificate)
    session.flush()
    return idea, decision, certificate


def decided_by_council(s, *, title="Sổ tay một cửa điện tử", parts=(25, 15, 25, 15)):
    """An idea screened, scored, voted for and recognised by decisions.decide, as a council would."""
    unit = make_unit(s, name="Sở Khoa học và Công nghệ")
    campaign = make_campaign(s, unit=unit)
    council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2)
    author = make_user(s, unit=unit, full_name="Đinh Thị Hoa", password=None)
    idea = make_idea(s, campaign=campaign, unit=unit, owner=author, title=title)
    chair = people["chair"][0]
    scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    for r in [chair, *people["member"]]:
        scoring.score(session=s, actor=r, idea_id=idea.id, points=full_scores(parts), verdict="meets")
    members = s.scalars(select(CouncilMember).where(CouncilMember.council_id == council.id)).all()
    record_votes(session=s, actor=chair, idea_id=idea.id, votes={m.id: "for" for m in members})
    decision = decisions.decide(session=s, actor=chair, idea_id=idea.id, number="7/QĐ-HĐSK",
                                decided_on=dt.date(2026, 11, 20))
    return {"idea": idea, "campaign": campaign, "decision": decision, "chair": chair, "people": people}
