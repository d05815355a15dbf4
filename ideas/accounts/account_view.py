"""The account page's view: my personal data as a download and my e-mail choices, labelled."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ideas.accounts import mail, personal_data
from ideas.core import events
from ideas.core.i18n import t
from ideas.core.models import User


@dataclass(frozen=True)
class MailChoice:
    kind: str
    label: str
    mode: str  # the current choice


@dataclass(frozen=True)
class Account:
    personal_data: bytes  # everything held about me, as JSON
    personal_id: str | None  # my own identification number, in full (only I see it)
    email: str | None
    modes: dict[str, str]  # mode -> label
    choices: list[MailChoice]


def account_view(*, session: Session, actor: User, lang: str = "vi") -> Account:
    """What the account page shows about the signed-in person."""
    prefs = mail.preferences(session=session, actor=actor)
    return Account(personal_data=personal_data.export_json(session=session, user=actor),
                   personal_id=actor.personal_id, email=prefs.email,
                   modes={mode: t(f"mail.mode.{mode}", lang) for mode in events.MODES},
                   choices=[MailChoice(kind, t(f"mail.kind.{kind}", lang), mode) for kind, mode in prefs.modes.items()])
