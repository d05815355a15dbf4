"""The one transition mechanism: a table of allowed moves per kind of record, a history row and an audit row each.

An idea (filing.lifecycle) and an award list (rewards.awards) each declare a `StateMachine`; services
never assign a status themselves. A move to the same status (a scope raise of a recognised idea) is a
transition like any other when the table lists it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import InvalidTransition
from ideas.core.models import utcnow
from ideas.core.permissions import Actor


@dataclass(frozen=True)
class Move:
    """What one transition did; handed to the machine's history writer."""

    name: str
    frm: str
    to: str
    actor: Actor | None
    reason: str | None
    details: dict[str, Any]
    at: Any


@dataclass(frozen=True)
class StateMachine:
    entity: str  # audit entity and action prefix: "idea" -> "idea.submit"
    transitions: Mapping[tuple[str, str], str]  # (from, to) -> transition name; nothing else is allowed
    write_history: Callable[[Session, Any, Move], Any]
    reason_required: frozenset[str] = field(default_factory=frozenset)  # target statuses that need a reason
    status_attr: str = "status"

    def allowed_targets(self, status: str) -> list[str]:
        return [to for (frm, to) in self.transitions if frm == status]

    def can(self, status: str, to: str) -> bool:
        return (status, to) in self.transitions

    def check(self, record: Any, to: str, *, reason: str | None = None) -> str:
        """The transition's name, or InvalidTransition; nothing is changed."""
        status = getattr(record, self.status_attr)
        if not self.can(status, to):
            raise InvalidTransition(frm=status, to=to)
        if to in self.reason_required and not (reason and reason.strip()):
            raise InvalidTransition("lifecycle.error.reason_required", to=to)
        return self.transitions[(status, to)]

    def apply(self, *, session: Session, record: Any, to: str, actor: Actor | None, reason: str | None = None,
              **details: Any) -> Any:
        """Move `record` to `to`: status, history row and audit row in the caller's transaction.

        Permission checks belong to the calling service. Returns what the history writer returned.
        """
        name = self.check(record, to, reason=reason)
        frm = getattr(record, self.status_attr)
        setattr(record, self.status_attr, to)
        move = Move(name=name, frm=frm, to=to, actor=actor, reason=reason, details=details, at=utcnow())
        entry = self.write_history(session, record, move)
        audit.record(session=session, actor=actor, action=f"{self.entity}.{name}", entity=self.entity,
                     entity_id=record.id, details={"from": frm, "to": to, "reason": reason, **details})
        session.flush()
        return entry
