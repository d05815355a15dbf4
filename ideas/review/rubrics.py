"""Scoring rubrics as data: criteria with maximum points and band descriptions; one per campaign."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.core import audit, clock
from ideas.core.errors import NotFound, ValidationError
from ideas.core.models import Campaign, Rubric, RubricCriterion, ScoreItem, User
from ideas.core.permissions import require


def default_rubric(session: Session, on: dt.date | None = None) -> Rubric | None:
    """The newest rubric in force on `on` (today by default)."""
    on = on or clock.today()
    rubric = session.scalar(select(Rubric).where(Rubric.effective_from <= on)
                            .order_by(Rubric.effective_from.desc(), Rubric.id.desc()).limit(1))
    return rubric or session.scalar(select(Rubric).order_by(Rubric.id).limit(1))


def rubric_for_campaign(session: Session, campaign: Campaign | None) -> Rubric:
    """The campaign's rubric, or the default one in force when the campaign opened."""
    rubric = None
    if campaign is not None and campaign.rubric_id:
        rubric = session.get(Rubric, campaign.rubric_id)
    if rubric is None:
        rubric = default_rubric(session, campaign.opens_on if campaign else None)
    if rubric is None:
        raise NotFound("review.error.no_rubric")
    return rubric


def bands(criterion: RubricCriterion) -> list[dict]:
    try:
        return list(json.loads(criterion.bands or "[]"))
    except ValueError:
        return []


def rubrics_frame(session: Session) -> pd.DataFrame:
    """Every rubric with its number of criteria and total points."""
    rows = session.execute(
        select(Rubric.id, Rubric.name, Rubric.effective_from, Rubric.legal_basis,
               func.count(RubricCriterion.id), func.coalesce(func.sum(RubricCriterion.max_points), 0))
        .outerjoin(RubricCriterion, RubricCriterion.rubric_id == Rubric.id)
        .group_by(Rubric.id, Rubric.name, Rubric.effective_from, Rubric.legal_basis)
        .order_by(Rubric.effective_from.desc(), Rubric.id.desc())
    ).all()
    return pd.DataFrame(rows, columns=["id", "name", "effective_from", "legal_basis", "criteria", "total_points"])


def criteria_frame(session: Session, rubric_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(RubricCriterion.id, RubricCriterion.code, RubricCriterion.name_vi, RubricCriterion.name_en,
               RubricCriterion.max_points, RubricCriterion.is_novelty, RubricCriterion.bands)
        .where(RubricCriterion.rubric_id == rubric_id).order_by(RubricCriterion.position, RubricCriterion.id)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "code", "name_vi", "name_en", "max_points", "is_novelty", "bands"])
    frame["bands"] = [json.loads(b or "[]") for b in frame["bands"]]
    return frame


def _check_criteria(criteria: list[dict]) -> list[dict]:
    if not criteria:
        raise ValidationError("review.error.rubric_no_criteria")
    codes: set[str] = set()
    cleaned = []
    for item in criteria:
        code = str(item.get("code") or "").strip()
        name_vi = str(item.get("name_vi") or "").strip()
        if not code or not name_vi:
            raise ValidationError("review.error.criterion_incomplete")
        if code in codes:
            raise ValidationError("review.error.criterion_duplicate", code=code)
        codes.add(code)
        try:
            max_points = int(item.get("max_points"))
        except (TypeError, ValueError):
            raise ValidationError("review.error.criterion_max", code=code) from None
        if max_points <= 0:
            raise ValidationError("review.error.criterion_max", code=code)
        band_list = item.get("bands") or []
        for band in band_list:
            lo, hi = band.get("min"), band.get("max")
            if lo is None or hi is None or not (0 <= lo <= hi <= max_points):
                raise ValidationError("review.error.band_range", code=code, max=max_points)
        cleaned.append({"code": code, "name_vi": name_vi, "name_en": str(item.get("name_en") or name_vi).strip(),
                        "max_points": max_points, "is_novelty": bool(item.get("is_novelty")), "bands": band_list})
    if sum(1 for c in cleaned if c["is_novelty"]) > 1:
        raise ValidationError("review.error.one_novelty")
    return cleaned


def create_rubric(*, session: Session, actor: User, name: str, effective_from: dt.date, criteria: list[dict],
                  legal_basis: str | None = None) -> Rubric:
    """Create a rubric from criteria dicts (code, name_vi, name_en, max_points, is_novelty, bands)."""
    require(session, actor, "rubrics.manage")
    if not (name or "").strip():
        raise ValidationError("review.error.rubric_name_required")
    cleaned = _check_criteria(criteria)
    rubric = Rubric(name=name.strip(), effective_from=effective_from, legal_basis=(legal_basis or "").strip() or None)
    for position, item in enumerate(cleaned):
        rubric.criteria.append(RubricCriterion(
            code=item["code"], name_vi=item["name_vi"], name_en=item["name_en"], max_points=item["max_points"],
            is_novelty=item["is_novelty"], position=position, bands=json.dumps(item["bands"], ensure_ascii=False)))
    session.add(rubric)
    session.flush()
    audit.record(session=session, actor=actor, action="rubric.create", entity="rubric", entity_id=rubric.id,
                 details={"name": rubric.name, "criteria": [c["code"] for c in cleaned]})
    return rubric


def set_campaign_rubric(*, session: Session, actor: User, campaign_id: int, rubric_id: int) -> Campaign:
    """Choose a campaign's rubric; refused once scoring has started (scores would mix rubrics)."""
    require(session, actor, "rubrics.manage")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("review.error.campaign_not_found", id=campaign_id)
    if session.get(Rubric, rubric_id) is None:
        raise NotFound("review.error.no_rubric")
    from ideas.core.models import Idea, ScoreSheet

    started = session.scalar(select(func.count()).select_from(ScoreItem)
                             .join(ScoreSheet, ScoreSheet.id == ScoreItem.sheet_id)
                             .join(Idea, Idea.id == ScoreSheet.idea_id).where(Idea.campaign_id == campaign_id))
    if started:
        raise ValidationError("review.error.rubric_in_use")
    campaign.rubric_id = rubric_id
    session.flush()
    audit.record(session=session, actor=actor, action="campaign.rubric", entity="campaign", entity_id=campaign_id,
                 details={"rubric_id": rubric_id})
    return campaign


def parse_bands(text: str) -> list[dict]:
    """Bands from a line like "27-30 Entirely new; 21-26 Good"; the label is used in both languages."""
    result = []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        span, _, label = part.partition(" ")
        low, _, high = span.partition("-")
        try:
            lo, hi = int(low), int(high or low)
        except ValueError:
            raise ValidationError("review.error.band_format", band=part) from None
        result.append({"min": lo, "max": hi, "label_vi": label.strip(), "label_en": label.strip()})
    return result
