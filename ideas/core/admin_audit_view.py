"""The audit page's view: the log filtered and paginated in SQL, for administrators, ready to show."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.core.audit import ChainBreak, count_rows, verify_chain
from ideas.core.clock import day_end_utc, day_start_utc
from ideas.core.i18n import catalogue, fmt_number, local_time, t
from ideas.core.models import AuditLog, User
from ideas.core.permissions import require
from ideas.core.text import fold

COLUMNS = ["seq", "at", "actor", "action", "entity", "entity_id", "details"]


def _filtered(query, *, actor_text: str, action: str, entity: str, entity_id: str,
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
    # Days are Vietnam days: stored times are naive UTC.
    if date_from:
        query = query.where(AuditLog.at >= day_start_utc(date_from))
    if date_to:
        query = query.where(AuditLog.at < day_end_utc(date_to))
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


def chain_status(*, session: Session, actor: User) -> tuple[ChainBreak | None, int]:
    """The first break of the hash chain (None when intact) and how many rows it holds."""
    return verify(session=session, actor=actor), count_rows(session)


@dataclass(frozen=True)
class Filters:
    """The filters' choices: {value: label}, "" meaning any."""

    actions: dict[str, str]
    entities: dict[str, str]


def filter_options(*, session: Session, actor: User, lang: str = "vi") -> Filters:
    """The action and entity names present in the log, for the filters, labelled in `lang`."""
    require(session, actor, "audit.view")
    any_label = t("audit.filter.any", lang)
    return Filters(actions={"": any_label, **{a: action_label(a, {}, lang) for a in action_names(session)}},
                   entities={"": any_label, **{e: e for e in entity_names(session) if e}})


@dataclass(frozen=True)
class ChainStatus:
    ok: bool
    message: str  # what to tell the administrator (already translated, numbers formatted)


def chain_check(*, session: Session, actor: User, lang: str = "vi") -> ChainStatus:
    """Verify the hash chain and say what was found."""
    broken, rows = chain_status(session=session, actor=actor)
    if broken is None:
        return ChainStatus(True, t("audit.verify.ok", lang, count=fmt_number(rows, lang)))
    return ChainStatus(False, t("audit.verify.broken", lang, seq=fmt_number(broken.seq, lang),
                                row_id=broken.row_id or "-", problem=t(f"audit.verify.problem.{broken.problem}", lang)))


@dataclass(frozen=True)
class AuditRows:
    rows: pd.DataFrame  # readable(): local times, translated actions, details as text
    total: int


def audit_rows(*, session: Session, actor: User, lang: str = "vi", **filters: object) -> AuditRows:
    """One page of the log matching the filters (see search_audit), ready to show, and the total count."""
    frame, total = search_audit(session, actor=actor, **filters)
    return AuditRows(readable(frame, lang), total)


# Status label families of the entities whose transitions are audited as "<entity>.<transition>".
_STATUS_KEYS = {"idea": "browse.status.", "award_list": "rewards.status."}


def action_label(action: str, details: dict, lang: str) -> str:
    """An audit action as people say it: a translated label, or "entity: from -> to" for a transition."""
    key = f"auditlog.action.{action}"
    if key in catalogue(lang):
        return t(key, lang)
    entity = action.split(".", 1)[0]
    if {"from", "to"} <= details.keys() and f"auditlog.entity.{entity}" in catalogue(lang):
        prefix = _STATUS_KEYS.get(entity, "")
        return t("auditlog.transition", lang, entity=t(f"auditlog.entity.{entity}", lang),
                 from_status=t(f"{prefix}{details['from']}", lang) if details["from"] else "-",
                 to_status=t(f"{prefix}{details['to']}", lang))
    return t("auditlog.other", lang, area=entity)


def details_text(details: dict) -> str:
    """Details as short "name: value" lines (nested values flattened), never raw JSON."""
    lines = []
    for name, value in details.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in (None, "", [], {}):
            lines.append(f"{name}: {value}" if name else str(value))
    return "\n".join(lines)


def readable(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Audit rows for the screen: Vietnam time dd/mm/yyyy HH:MM, translated actions, details as text."""
    parsed = [_details(raw) for raw in frame["details"]]
    return frame.assign(
        at=[local_time(at).strftime("%d/%m/%Y %H:%M") for at in frame["at"]],
        action=[action_label(action, d, lang) for action, d in zip(frame["action"], parsed, strict=True)],
        details=[details_text(d) for d in parsed],
        entity_id=frame["entity_id"].fillna(""))


def _details(raw: str | None) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {"": raw}
    return value if isinstance(value, dict) else {"": value}
