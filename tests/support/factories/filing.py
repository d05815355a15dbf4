"""Factories for the ideas area: campaigns, complete forms, drafts and filed ideas."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.models import Campaign, Idea, Unit, User
from ideas.filing import campaigns, submissions
from ideas.filing.form import IdeaInput
from tests.support.factories.accounts import make_unit, make_user


def person(session: Session, **kwargs) -> User:
    """A user without a password (hashing one costs ~0.5 s; only people who sign in need it)."""
    kwargs.setdefault("password", None)
    return make_user(session, **kwargs)


def make_campaign(session: Session, *, unit: Unit | None = None, opens_on: dt.date | None = None,
                  closes_on: dt.date | None = None, name: str = "Đợt sáng kiến", year: int | None = None,
                  admin: User | None = None) -> Campaign:
    today = clock.today()
    admin = admin or person(session, roles=[("admin", None)])
    opens_on = opens_on or today - dt.timedelta(days=10)
    closes_on = closes_on or today + dt.timedelta(days=30)
    return campaigns.create_campaign(session=session, actor=admin, name=name, year=year or opens_on.year,
                                     opens_on=opens_on, closes_on=closes_on,
                                     unit_id=unit.id if unit else None)


def complete_input(*, campaign: Campaign | None = None, authors: list[tuple[int, object]] | None = None,
                   title: str = "Số hoá hồ sơ một cửa cấp xã") -> IdeaInput:
    return IdeaInput(
        title=title, solution_type="operational", par_codes=["PAR3", "PAR7"],
        campaign_id=campaign.id if campaign else None,
        field_of_application="Bộ phận một cửa cấp xã", problem="Hồ sơ giấy chậm, dễ thất lạc",
        essence="Quét và lưu hồ sơ trên hệ thống một cửa điện tử", benefits_text="Tiết kiệm thời gian",
        hours_saved=120, vnd_saved=5_000_000, days_cut=1.5, authors=list(authors or []))


def make_draft(session: Session, *, owner: User, campaign: Campaign | None = None,
               authors: list[tuple[int, object]] | None = None, title: str = "Số hoá hồ sơ một cửa cấp xã") -> Idea:
    return submissions.save_draft(session=session, actor=owner,
                                  data=complete_input(campaign=campaign, authors=authors, title=title))


def make_filed(session: Session, *, owner: User | None = None, campaign: Campaign | None = None) -> Idea:
    if owner is None:
        owner = person(session, unit=make_unit(session))
    campaign = campaign or make_campaign(session)
    idea = make_draft(session, owner=owner, campaign=campaign)
    return submissions.submit(session=session, actor=owner, idea_id=idea.id)
