"""Replication (nhân rộng): another unit records that it applied an idea, with the benefit it measured.

Allowed for ideas under review or recognised. Recognised ideas are the legal case (evidence for a higher
scope); under review is allowed too because "applicability, replicability" is a scoring criterion, so a
council benefits from seeing other units' results while it still scores. Submitted or returned files
are not yet accepted, and refused ones have nothing to replicate.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit, clock
from ideas.core.errors import ValidationError
from ideas.core.models import Replication, Unit, User
from ideas.core.permissions import require
from ideas.core.text import clean
from ideas.filing import lifecycle
from ideas.filing.form import parse_number
from ideas.filing.visibility import visible_idea

REPLICABLE_STATUSES = frozenset({lifecycle.UNDER_REVIEW, lifecycle.RECOGNISED})
TEXT_MAX = 5000
COLUMNS = ["id", "unit_id", "unit_code", "unit_name", "applied_on", "benefit", "hours_saved", "vnd_saved",
           "note", "recorded_by", "recorded_by_name", "created_at"]


def _amount(value: object, key: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = parse_number(value)  # "15.000.000" as well as "15000000"
    except (ValueError, InvalidOperation) as error:
        raise ValidationError("replication.error.number", field=key) from error
    if number is None:
        return None
    if number < 0 or not number.is_finite():
        raise ValidationError("replication.error.number", field=key)
    return number


def _text(value: object) -> str | None:
    text = clean(value)
    if len(text) > TEXT_MAX:
        raise ValidationError("replication.error.too_long", maximum=TEXT_MAX)
    return text or None


def record_replication(*, session: Session, actor: User, idea_id: int, unit_id: int, applied_on: dt.date,
                       benefit: str | None = None, hours_saved: object = None, vnd_saved: object = None,
                       note: str | None = None, today: dt.date | None = None) -> Replication:
    """Record that `unit_id` applied the idea; only staff of that unit may."""
    idea = visible_idea(session, actor=actor, idea_id=idea_id)
    require(session, actor, "ideas.replicate", unit_id=unit_id)
    if idea.status not in REPLICABLE_STATUSES:
        raise ValidationError("replication.error.status")
    if unit_id == idea.unit_id:
        raise ValidationError("replication.error.same_unit")
    if session.get(Unit, unit_id) is None:
        raise ValidationError("replication.error.unit")
    today = today or clock.today()
    if applied_on is None or applied_on > today:
        raise ValidationError("replication.error.date")
    hours = _amount(hours_saved, "replication.hours_saved")
    vnd = _amount(vnd_saved, "replication.vnd_saved")
    row = Replication(idea_id=idea.id, unit_id=unit_id, applied_on=applied_on, benefit=_text(benefit),
                      hours_saved=hours, vnd_saved=None if vnd is None else int(vnd), note=_text(note),
                      recorded_by=actor.id)
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action="idea.replication", entity="idea", entity_id=idea.id,
                 details={"replication_id": row.id, "unit_id": unit_id, "applied_on": applied_on.isoformat()})
    return row


def list_replications(session: Session, *, actor: User, idea_id: int) -> pd.DataFrame:
    """The units that applied the idea, newest application first."""
    visible_idea(session, actor=actor, idea_id=idea_id)
    rows = session.execute(
        select(Replication.id, Replication.unit_id, Unit.code.label("unit_code"), Unit.name.label("unit_name"),
               Replication.applied_on, Replication.benefit, Replication.hours_saved, Replication.vnd_saved,
               Replication.note, Replication.recorded_by, User.full_name.label("recorded_by_name"),
               Replication.created_at)
        .join(Unit, Unit.id == Replication.unit_id).outerjoin(User, User.id == Replication.recorded_by)
        .where(Replication.idea_id == idea_id).order_by(Replication.applied_on.desc(), Replication.id.desc())
    ).all()
    return pd.DataFrame([r._asdict() for r in rows], columns=COLUMNS)
