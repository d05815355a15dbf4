"""The inbox page's view: counts and one page of the signed-in person's messages, in the reader's language.

Each message carries the link to the file and action it is about (ideas.core.targets), when it has one.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.accounts import inbox
from ideas.core import navigation, targets
from ideas.core.i18n import fmt_datetime, t
from ideas.core.models import User
from ideas.core.targets import Link


@dataclass(frozen=True)
class Message:
    text: str  # translated, with "● " before an unread one; parameters are user text: show it as plain text
    when: str  # dd/mm/yyyy HH:MM, Vietnam time
    id: int = 0
    unread: bool = False
    link: Link | None = None  # the file and action the message is about: opening it marks the message read


@dataclass(frozen=True)
class InboxPage:
    unread: int
    total: int
    pages: int
    messages: list[Message]


def step_label(target: dict | None, lang: str) -> str:
    """What opening a target does, e.g. "Chấm điểm hồ sơ" (the step's label)."""
    return t(f"worklist.step.{target['step']}", lang) if target else ""


def inbox_view(*, session: Session, actor: User, limit: int, offset: int, lang: str = "vi") -> InboxPage:
    """What the inbox page shows: counts, the number of pages and one page of messages, newest first."""
    total = inbox.total_count(session, user=actor)
    allowed = {page.path for page in navigation.menu(session=session, actor=actor)}
    frame = inbox.messages(session, user=actor, limit=limit, offset=offset)
    messages = []
    for row in frame.itertuples():
        unread = bool(pd.isna(row.read_at))
        messages.append(Message(("● " if unread else "")
                                + t(row.message_key, lang, **inbox.display_params(row.params, lang)),
                                fmt_datetime(row.created_at, lang), int(row.id), unread,
                                targets.link(row.target, step_label(row.target, lang), allowed=allowed)))
    return InboxPage(inbox.unread_count(session, user=actor), total, max((total - 1) // limit + 1, 1), messages)
