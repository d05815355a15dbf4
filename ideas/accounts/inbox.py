"""In-app inbox: reading notifications, stored as locale keys with parameters, in the reader's language.

Notifications are written by `ideas.core.events.notify` (with their e-mail), in the emitting action's transaction.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ideas.core import targets
from ideas.core.errors import NotFound
from ideas.core.i18n import fmt_date
from ideas.core.models import Notification, User, utcnow

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def display_params(params: dict, lang: str) -> dict:
    """Message parameters for reading: dates stored as ISO strings shown the reader's way (dd/mm/yyyy)."""
    return {key: _display_value(value, lang) for key, value in params.items()}


def _display_value(value: object, lang: str) -> object:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return fmt_date(dt.date.fromisoformat(value), lang)
        except ValueError:
            return value
    return value


def unread_count(session: Session, *, user: User) -> int:
    query = select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))
    return session.scalar(query) or 0


def messages(session: Session, *, user: User, limit: int = 50, offset: int = 0) -> pd.DataFrame:
    """The user's own messages, newest first (id, kind, message_key, params dict, idea_id, created_at, read_at,
    target dict or None)."""
    rows = session.execute(
        select(Notification.id, Notification.kind, Notification.message_key, Notification.params,
               Notification.idea_id, Notification.created_at, Notification.read_at, Notification.target)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit).offset(offset)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "kind", "message_key", "params", "idea_id", "created_at", "read_at",
                                        "target"])
    frame["params"] = [json.loads(p) for p in frame["params"]]
    frame["target"] = [_target(stored, idea_id) for stored, idea_id in zip(frame["target"], frame["idea_id"],
                                                                          strict=True)]
    return frame


def _target(stored: object, idea_id: object) -> dict | None:
    """The stored target; a message from before targets were stored opens its file when it names one."""
    found = targets.decode(stored if isinstance(stored, str) else None)
    if found is None and idea_id == idea_id and idea_id is not None:  # NaN-safe: pandas may give float NaN
        found = targets.target("view", idea=int(idea_id))
    return found


def _own(session: Session, actor: User, message_id: int) -> Notification:
    note = session.get(Notification, message_id)
    if note is None or note.user_id != actor.id:  # someone else's message does not exist for this reader
        raise NotFound("worklist.inbox.error.not_found")
    return note


def set_read(*, session: Session, actor: User, message_id: int, read: bool = True) -> Notification:
    """Mark one of the signed-in person's messages read (or unread again)."""
    note = _own(session, actor, message_id)
    if read and note.read_at is None:
        note.read_at = utcnow()
    elif not read:
        note.read_at = None
    session.flush()
    return note


def open_message(*, session: Session, actor: User, message_id: int) -> dict | None:
    """Open one message: it is marked read and its target (the file and action) is returned."""
    note = set_read(session=session, actor=actor, message_id=message_id, read=True)
    return _target(note.target, note.idea_id)


def mark_all_read(*, session: Session, actor: User) -> int:
    """Mark every unread message of the signed-in person read; returns how many."""
    result = session.execute(update(Notification).where(Notification.user_id == actor.id,
                                                         Notification.read_at.is_(None)).values(read_at=utcnow()))
    return result.rowcount or 0


def total_count(session: Session, *, user: User) -> int:
    return session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == user.id)) or 0


def unread(*, session: Session, actor: User) -> int:
    """The signed-in person's unread count (one COUNT query), for the sidebar badge."""
    return unread_count(session, user=actor)

