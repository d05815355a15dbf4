"""Everything held about one person, as JSON: their account, and every row that points at them.

The rows are found through the schema's foreign keys to users.id, so tables added later are covered
without editing this module. Secrets (password and token hashes) and file contents are left out.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.models import AuditLog, Base, CouncilMember, CouncilVote, Idea, IdeaAuthor, ScoreItem, ScoreSheet, User
from ideas.core.permissions import grants

SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "claim_hash", "content"})
ROW_LIMIT = 10_000  # per table and column; far above what one person produces


def _plain(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _rows(session: Session, table: Table, where) -> list[dict]:
    columns = [c for c in table.columns if c.name not in SECRET_COLUMNS]
    query = select(*columns).where(where).order_by(*table.primary_key.columns).limit(ROW_LIMIT)
    return [{k: _plain(v) for k, v in row.items()} for row in session.execute(query).mappings()]


def user_references() -> list[tuple[Table, str]]:
    """(table, column) for every foreign key that points at users.id."""
    users = Base.metadata.tables["users"]
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is users and table is not users:
                found.append((table, fk.parent.name))
    return found


def collect(*, session: Session, user_id: int) -> dict:
    """A JSON-ready dict of the person's data (the person themself or an administrator calls this)."""
    users = Base.metadata.tables["users"]
    account = _rows(session, users, users.c.id == user_id)
    user = session.get(User, user_id)
    data: dict = {
        "generated_at": clock.instant().isoformat(timespec="seconds"),
        "account": account[0] if account else None,
        "roles": [{"role": g.role, "unit_id": g.unit_id} for g in grants(session, user)] if user else [],
        "ideas": [],
        "related": {},
    }
    idea_ids = select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == user_id)
    ideas = Idea.__table__
    data["ideas"] = _rows(session, ideas, or_(ideas.c.owner_id == user_id, ideas.c.id.in_(idea_ids)))
    for table, column in user_references():
        if table is ideas and column == "owner_id":
            continue
        rows = _rows(session, table, table.c[column] == user_id)
        if rows:
            data["related"][f"{table.name}.{column}"] = rows
    # One hop further: the points behind their score sheets and the votes cast as a council member.
    sheets = select(ScoreSheet.id).where(ScoreSheet.reviewer_id == user_id)
    items = _rows(session, ScoreItem.__table__, ScoreItem.__table__.c.sheet_id.in_(sheets))
    if items:
        data["related"]["score_items.my_sheets"] = items
    seats = select(CouncilMember.id).where(CouncilMember.user_id == user_id)
    votes = _rows(session, CouncilVote.__table__, CouncilVote.__table__.c.member_id.in_(seats))
    if votes:
        data["related"]["council_votes.my_seats"] = votes
    audit = AuditLog.__table__
    about = _rows(session, audit, (audit.c.entity == "user") & (audit.c.entity_id == str(user_id))
                  & ((audit.c.actor_id != user_id) | audit.c.actor_id.is_(None)))
    if about:
        data["related"]["audit_log.about_me"] = about
    return data


def export_json(*, session: Session, user: User) -> bytes:
    """The signed-in person's own data as a UTF-8 JSON download."""
    return json.dumps(collect(session=session, user_id=user.id), ensure_ascii=False, indent=1).encode("utf-8")
