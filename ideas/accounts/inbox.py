"""In-app inbox: notifications are stored as locale keys with parameters and read in the reader's language."""
from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date
from ideas.core.models import Notification, User, utcnow

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def notify(*, session: Session, user_id: int, kind: str, message_key: str, idea_id: int | None = None,
           **params: object) -> Notification:
    """Queue one message for `user_id` in the caller's transaction (and its e-mail, if the reader wants it now)."""
    from ideas.accounts import mail  # mail renders with this module's display_params

    note = Notification(user_id=user_id, kind=kind, message_key=message_key, idea_id=idea_id,
                        params=json.dumps(params, ensure_ascii=False, default=str))
    session.add(note)
    mail.queue_notification(session, note)
    return note


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
    """The user's own messages, newest first (id, kind, message_key, params dict, idea_id, created_at, read_at)."""
    rows = session.execute(
        select(Notification.id, Notification.kind, Notification.message_key, Notification.params,
               Notification.idea_id, Notification.created_at, Notification.read_at)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit).offset(offset)
    ).all()
    frame = pd.DataFrame(rows, columns=["id", "kind", "message_key", "params", "idea_id", "created_at", "read_at"])
    frame["params"] = [json.loads(p) for p in frame["params"]]
    return frame


def mark_all_read(*, session: Session, actor: User) -> int:
    """Mark every unread message of the signed-in person read; returns how many."""
    result = session.execute(update(Notification).where(Notification.user_id == actor.id,
                                                         Notification.read_at.is_(None)).values(read_at=utcnow()))
    return result.rowcount or 0


def notify_authors(*, session: Session, idea, kind: str, message_key: str, **params: object) -> list[Notification]:  # noqa: ANN001
    """Tell the owner and every co-author of `idea` (each once)."""
    from ideas.core.models import IdeaAuthor

    user_ids = {idea.owner_id} | set(session.scalars(select(IdeaAuthor.user_id).where(IdeaAuthor.idea_id == idea.id)))
    return [notify(session=session, user_id=uid, kind=kind, message_key=message_key, idea_id=idea.id, **params)
            for uid in sorted(user_ids)]


def mark_read(*, session: Session, user: User, notification_id: int) -> int:
    """Mark one of the user's own messages read (another user's message is silently untouched)."""
    result = session.execute(update(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id,
        Notification.read_at.is_(None)).values(read_at=utcnow()))
    return result.rowcount or 0


def total_count(session: Session, *, user: User) -> int:
    return session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == user.id)) or 0


def unread(*, session: Session, actor: User) -> int:
    """The signed-in person's unread count (one COUNT query), for the sidebar badge."""
    return unread_count(session, user=actor)

