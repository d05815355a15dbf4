"""Append-only audit log with a hash chain: each row hashes its content and the previous row's hash."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ideas.core.models import AuditHead, AuditLog, User, utcnow
from ideas.core.permissions import SystemActor


def _canonical(row: AuditLog) -> str:
    return json.dumps(
        [row.seq, row.at.isoformat(timespec="microseconds"), row.actor_id, row.action, row.entity,
         row.entity_id, row.details, row.prev_hash],
        ensure_ascii=False, separators=(",", ":"),
    )


def row_hash(row: AuditLog) -> str:
    return hashlib.sha256(_canonical(row).encode("utf-8")).hexdigest()


def record(
    *,
    session: Session,
    actor: User | SystemActor | None,
    action: str,
    entity: str,
    entity_id: object = None,
    details: dict | None = None,
) -> AuditLog:
    """Append one audit row in the caller's transaction (so it commits or rolls back with the change)."""
    # Bumping the head row first takes its lock: concurrent writers, on any replica, queue here.
    seq, prev = session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1)
        .returning(AuditHead.seq, AuditHead.last_hash)
    ).one()
    row = AuditLog(
        seq=seq, at=utcnow(), actor_id=actor.id if actor else None, action=action, entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=prev,
    )
    row.hash = row_hash(row)
    session.add(row)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=row.hash))
    return row


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    row_id: int | None
    problem: str  # "hash" (row edited), "link" (row removed or reordered)


def count_rows(session: Session) -> int:
    """How many rows the log holds."""
    return session.scalar(select(func.count()).select_from(AuditLog)) or 0


def verify_chain(*, session: Session, batch: int = 5000) -> ChainBreak | None:
    """Walk the log in order; return the first broken row, or None when the chain is intact."""
    prev_hash, expected_seq, last_seq = "", 1, 0
    while True:
        rows = session.scalars(
            select(AuditLog).where(AuditLog.seq > last_seq).order_by(AuditLog.seq).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq or row.prev_hash != prev_hash:
                return ChainBreak(seq=expected_seq, row_id=row.id, problem="link")
            if row_hash(row) != row.hash:
                return ChainBreak(seq=row.seq, row_id=row.id, problem="hash")
            prev_hash, expected_seq, last_seq = row.hash, row.seq + 1, row.seq
    head = session.get(AuditHead, 1)
    if head is not None and head.seq != expected_seq - 1:
        return ChainBreak(seq=expected_seq, row_id=None, problem="link")
    return None
