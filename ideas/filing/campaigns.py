"""Submission campaigns (đợt): a window, a year and a unit subtree in which staff may file initiatives."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit, clock, settings
from ideas.core.errors import NotFound, ValidationError
from ideas.core.models import Campaign, Rubric, Unit, User
from ideas.core.permissions import require
from ideas.core.text import clean_line
from ideas.filing import council_rules

FREE_SUGGESTIONS = "ideas.allow_free_suggestions"


def today() -> dt.date:
    """Today in the business zone (a campaign closing on its last day stops at 24:00 Vietnam time)."""
    return clock.today()


def get_campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("ideas.campaign.error.not_found", campaign=campaign_id)
    return campaign


def default_rubric_id(session: Session) -> int | None:
    return session.scalar(select(Rubric.id).order_by(Rubric.id).limit(1))


def _validate(session: Session, name: str, year: int, opens_on: dt.date, closes_on: dt.date,
              unit_id: int | None, rubric_id: int | None, reviewers_per_idea: int | None) -> None:
    if not name:
        raise ValidationError("ideas.campaign.error.name_required")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("ideas.campaign.error.year", year=year)
    if opens_on is None or closes_on is None or closes_on < opens_on:
        raise ValidationError("ideas.campaign.error.window")
    if reviewers_per_idea is not None and reviewers_per_idea < 1:
        raise ValidationError("ideas.campaign.error.reviewers")
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise NotFound("units.error.not_found", unit=unit_id)
    if rubric_id is not None and session.get(Rubric, rubric_id) is None:
        raise NotFound("ideas.campaign.error.rubric", rubric=rubric_id)


def _council(session: Session, campaign: Campaign, rule_code: str | None, level: str | None) -> None:
    """Set the campaign's council rule set and level: a known code, a level the set has, no district level
    for a campaign opening under two-tier local government (a campaign kept from before keeps its own)."""
    rule_code = clean_line(rule_code or "") or None
    if rule_code is not None and rule_code not in dict(council_rules.options(session)):
        raise NotFound("councilrules.error.unknown", code=rule_code)
    unchanged = level == campaign.council_level and level is not None
    campaign.council_rule_code = rule_code
    rules = council_rules.for_campaign(session, campaign)
    if not unchanged:
        council_rules.check_level(level, on=campaign.opens_on, levels=rules.levels if rules else None)
    campaign.council_level = level or None


def create_campaign(*, session: Session, actor: User, name: str, year: int, opens_on: dt.date,
                    closes_on: dt.date, unit_id: int | None = None, rubric_id: int | None = None,
                    blind_review: bool = False, reviewers_per_idea: int | None = None,
                    council_rule_code: str | None = None, council_level: str | None = None) -> Campaign:
    """Open a submission campaign for a unit subtree (None = the whole province), with its council's rules."""
    require(session, actor, "campaigns.manage", unit_id=unit_id)
    name = clean_line(name)
    rubric_id = rubric_id or default_rubric_id(session)
    _validate(session, name, year, opens_on, closes_on, unit_id, rubric_id, reviewers_per_idea)
    campaign = Campaign(name=name, year=int(year), unit_id=unit_id, opens_on=opens_on, closes_on=closes_on,
                        rubric_id=rubric_id, blind_review=bool(blind_review),
                        reviewers_per_idea=reviewers_per_idea, kind="submission", target_scope="unit",
                        active=True, created_by=actor.id)
    _council(session, campaign, council_rule_code, council_level)
    session.add(campaign)
    session.flush()
    audit.record(session=session, actor=actor, action="campaign.create", entity="campaign",
                 entity_id=campaign.id, details=_snapshot(campaign))
    return campaign


def update_campaign(*, session: Session, actor: User, campaign_id: int, name: str, year: int,
                    opens_on: dt.date, closes_on: dt.date, unit_id: int | None = None,
                    rubric_id: int | None = None, blind_review: bool = False,
                    reviewers_per_idea: int | None = None, active: bool = True,
                    council_rule_code: str | None = None, council_level: str | None = None) -> Campaign:
    """Edit a campaign's name, window, scope, review settings and council rules."""
    campaign = get_campaign(session, campaign_id)
    require(session, actor, "campaigns.manage", unit_id=campaign.unit_id)
    if unit_id != campaign.unit_id:
        require(session, actor, "campaigns.manage", unit_id=unit_id)
    name = clean_line(name)
    rubric_id = rubric_id or campaign.rubric_id or default_rubric_id(session)
    _validate(session, name, year, opens_on, closes_on, unit_id, rubric_id, reviewers_per_idea)
    before = _snapshot(campaign)
    campaign.name, campaign.year, campaign.unit_id = name, int(year), unit_id
    campaign.opens_on, campaign.closes_on, campaign.rubric_id = opens_on, closes_on, rubric_id
    campaign.blind_review, campaign.reviewers_per_idea = bool(blind_review), reviewers_per_idea
    campaign.active = bool(active)
    _council(session, campaign, council_rule_code, council_level)
    audit.record(session=session, actor=actor, action="campaign.update", entity="campaign",
                 entity_id=campaign.id, details={"before": before, "after": _snapshot(campaign)})
    session.flush()
    return campaign


def close_campaign(*, session: Session, actor: User, campaign_id: int) -> Campaign:
    """Stop accepting submissions now (files already filed stay in review)."""
    campaign = get_campaign(session, campaign_id)
    require(session, actor, "campaigns.manage", unit_id=campaign.unit_id)
    campaign.active = False
    if campaign.closes_on > today():
        campaign.closes_on = max(today(), campaign.opens_on)
    audit.record(session=session, actor=actor, action="campaign.close", entity="campaign",
                 entity_id=campaign.id, details=_snapshot(campaign))
    session.flush()
    return campaign


def set_free_suggestions(*, session: Session, actor: User, allowed: bool) -> None:
    """Allow (or stop) staff filing free suggestions outside any campaign."""
    settings.set_value(session=session, actor=actor, key=FREE_SUGGESTIONS, value=bool(allowed))


def free_suggestions_allowed(session: Session) -> bool:
    return bool(settings.get(session, FREE_SUGGESTIONS))


def _snapshot(campaign: Campaign) -> dict:
    return {"name": campaign.name, "year": campaign.year, "unit_id": campaign.unit_id,
            "opens_on": campaign.opens_on, "closes_on": campaign.closes_on, "rubric_id": campaign.rubric_id,
            "blind_review": campaign.blind_review, "reviewers_per_idea": campaign.reviewers_per_idea,
            "active": campaign.active, "council_rule_code": campaign.council_rule_code,
            "council_level": campaign.council_level}


# ---------------------------------------------------------------- who may file where


def is_open(campaign: Campaign, on: dt.date) -> bool:
    return campaign.active and campaign.kind == "submission" and campaign.opens_on <= on <= campaign.closes_on


def covers_unit(session: Session, campaign: Campaign, unit_id: int | None) -> bool:
    """True when the unit lies in the campaign's subtree (a province-wide campaign covers all)."""
    if campaign.unit_id is None:
        return True
    if unit_id is None:
        return False
    root = session.scalar(select(Unit.path).where(Unit.id == campaign.unit_id))
    path = session.scalar(select(Unit.path).where(Unit.id == unit_id))
    return bool(root and path and path.startswith(root))


def check_can_file(session: Session, *, campaign_id: int | None, unit_id: int | None,
                   on: dt.date | None = None) -> Campaign | None:
    """Raise a translated ValidationError unless a file from `unit_id` may be filed into the campaign now."""
    on = on or today()
    if campaign_id is None:
        if not free_suggestions_allowed(session):
            raise ValidationError("ideas.campaign.error.campaign_required")
        return None
    campaign = get_campaign(session, campaign_id)
    if not is_open(campaign, on):
        raise ValidationError("ideas.campaign.error.closed", name=campaign.name,
                              opens=campaign.opens_on.strftime("%d/%m/%Y"),
                              closes=campaign.closes_on.strftime("%d/%m/%Y"))
    if not covers_unit(session, campaign, unit_id):
        raise ValidationError("ideas.campaign.error.unit_outside", name=campaign.name)
    return campaign


def open_campaigns_for(session: Session, *, user: User, on: dt.date | None = None) -> list[tuple[int, str]]:
    """(id, name) of campaigns open today whose subtree contains the user's unit."""
    on = on or today()
    path = session.scalar(select(Unit.path).where(Unit.id == user.unit_id)) if user.unit_id else None
    query = (select(Campaign.id, Campaign.name, Unit.path).outerjoin(Unit, Unit.id == Campaign.unit_id)
             .where(Campaign.active.is_(True), Campaign.kind == "submission", Campaign.opens_on <= on,
                    Campaign.closes_on >= on)
             .order_by(Campaign.closes_on, Campaign.id))
    return [(cid, name) for cid, name, root in session.execute(query)
            if root is None or (path is not None and path.startswith(root))]


def campaign_table(session: Session, *, year: int | None = None, limit: int = 200,
                   offset: int = 0) -> pd.DataFrame:
    """Campaigns newest first, with their unit and rubric names."""
    query = (select(Campaign.id, Campaign.name, Campaign.year, Unit.name.label("unit_name"), Campaign.unit_id,
                    Campaign.opens_on, Campaign.closes_on, Rubric.name.label("rubric_name"), Campaign.rubric_id,
                    Campaign.blind_review, Campaign.reviewers_per_idea, Campaign.active, Campaign.kind)
             .outerjoin(Unit, Unit.id == Campaign.unit_id).outerjoin(Rubric, Rubric.id == Campaign.rubric_id)
             .order_by(Campaign.year.desc(), Campaign.opens_on.desc(), Campaign.id.desc())
             .limit(limit).offset(offset))
    if year is not None:
        query = query.where(Campaign.year == year)
    columns = ["id", "name", "year", "unit_name", "unit_id", "opens_on", "closes_on", "rubric_name", "rubric_id",
               "blind_review", "reviewers_per_idea", "active", "kind"]
    return pd.DataFrame(session.execute(query).all(), columns=columns)


def rubric_options(session: Session) -> list[tuple[int, str]]:
    return [(rid, name) for rid, name in session.execute(select(Rubric.id, Rubric.name).order_by(Rubric.id))]


def campaign_options(session: Session) -> list[tuple[int, str]]:
    """All campaigns (id, 'name (year)') for filters and pickers."""
    query = select(Campaign.id, Campaign.name, Campaign.year).order_by(Campaign.year.desc(), Campaign.id.desc())
    return [(cid, f"{name} ({year})") for cid, name, year in session.execute(query)]


