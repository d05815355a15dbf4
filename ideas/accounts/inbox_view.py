"""The inbox page's view: counts and one page of the signed-in person's messages, in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ideas.accounts import inbox
from ideas.core.i18n import fmt_datetime, t
from ideas.core.models import User


@dataclass(frozen=True)
class Message:
    text: str  # translated, with "● " before an unread one; parameters are user text: show it as plain text
    when: str  # dd/mm/yyyy HH:MM, Vietnam time


@dataclass(frozen=True)
class InboxPage:
    unread: int
    total: int
    pages: int
    messages: list[Message]


def inbox_view(*, session: Session, actor: User, limit: int, offset: int, lang: str = "vi") -> InboxPage:
    """What the inbox page shows: counts, the number of pages and one page of messages, newest first."""
    total = inbox.total_count(session, user=actor)
    frame = inbox.messages(session, user=actor, limit=limit, offset=offset)
    messages = [Message(("● " if row.read_at is None else "")
                        + t(row.message_key, lang, **inbox.display_params(row.params, lang)),
                        fmt_datetime(row.created_at, lang))
                for row in frame.itertuples()]
    return InboxPage(inbox.unread_count(session, user=actor), total, max((total - 1) // limit + 1, 1), messages)
