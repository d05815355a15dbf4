"""Reading the audit log: filtered, paginated in SQL, for administrators."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.core.audit import ChainBreak, verify_chain
from ideas.core.models import AuditLog, User
from ideas.core.permissions import require
from ideas.core.text import fold

COLUMNS = ["seq", "at", "actor", "action", "entity", "entity_id", "details"]


def count_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditLog)) or 0


def _filtered(query, *, actor_text: str, action: str, entity: str, entity_id: str,  # noqa: ANN001, ANN202
              date_from: dt.date | None, date_to: dt.date | None):
    if actor_text:
        needle = f"%{fold(actor_text)}%"
        query = query.where((User.search_name.like(needle)) | (User.username.like(needle)))
    if action:
        query = query.where(AuditLog.action.like(f"{action.strip()}%"))
    if entity:
        query = query.where(AuditLog.entity == entity.strip())
    if entity_id:
        query = query.where(AuditLog.entity_id == entity_id.strip())
    if date_from:
        query = query.where(AuditLog.at >= dt.datetime.combine(date_from, dt.time.min))
    if date_to:
        query = query.where(AuditLog.at < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    return query


def search_audit(session: Session, *, actor: User, actor_text: str = "", action: str = "", entity: str = "",
                 entity_id: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None,
                 limit: int = 50, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """Audit rows newest first matching the filters, and the total count (both computed in SQL)."""
    require(session, actor, "audit.view")
    filters = dict(actor_text=actor_text, action=action, entity=entity, entity_id=entity_id,
                   date_from=date_from, date_to=date_to)
    base = select(AuditLog.seq, AuditLog.at, func.coalesce(User.username, "-").label("actor"), AuditLog.action,
                  AuditLog.entity, AuditLog.entity_id, AuditLog.details).outerjoin(User, User.id == AuditLog.actor_id)
    query = _filtered(base, **filters).order_by(AuditLog.seq.desc()).limit(limit).offset(offset)
    counter = _filtered(select(func.count()).select_from(AuditLog).outerjoin(User, User.id == AuditLog.actor_id),
                        **filters)
    return pd.DataFrame(session.execute(query).all(), columns=COLUMNS), session.scalar(counter) or 0


def action_names(session: Session) -> list[str]:
    return list(session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def entity_names(session: Session) -> list[str]:
    return list(session.scalars(select(AuditLog.entity).distinct().order_by(AuditLog.entity)))


def verify(*, session: Session, actor: User) -> ChainBreak | None:
    """Check the hash chain (administrators)."""
    require(session, actor, "audit.view")
    return verify_chain(session=session)
