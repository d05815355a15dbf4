"""E-mail: each person's choice per notification kind, rendering queued messages, and daily digests.

An immediate e-mail is queued by `ideas.core.events.notify` in the same transaction as the inbox row, so an
event and its e-mail commit or roll back together; the worker (mail_worker) renders it here when it takes the
row (`render`), keeps the text on the row, and sends it. Digests are queued by the worker (`queue_digests`).
The mail server's settings are `ideas.core.settings.mail_settings`.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideas.accounts import mail_templates
from ideas.core import audit, clock
from ideas.core.errors import ValidationError
from ideas.core.events import DEFAULT_MODE, DIGEST, MODES, UNRENDERED
from ideas.core.models import MailOutbox, Notification, User, UserMailPref
from ideas.core.settings import MailSettings

KINDS = ("idea.submitted", "idea.withdrawn", "idea.coauthor_invited", "idea.coauthor_answer",
         "review.accepted", "review.returned", "review.assigned", "review.due", "review.decision",
         "idea.merged", "followup", "rewards.award_waiting", "rewards.awarded")


# ---------------------------------------------------------------- preferences


@dataclass(frozen=True)
class Preferences:
    email: str | None
    modes: dict[str, str]  # every known kind -> its mode


def preferences(*, session: Session, actor: User) -> Preferences:
    """The signed-in person's choice for every kind (the default where none was made)."""
    chosen = dict(session.execute(select(UserMailPref.kind, UserMailPref.mode)
                                  .where(UserMailPref.user_id == actor.id)).all())
    return Preferences(actor.email, {kind: chosen.get(kind, DEFAULT_MODE) for kind in KINDS})


def save_preferences(*, session: Session, actor: User, modes: dict[str, str]) -> list[str]:
    """Change the signed-in person's own choices; returns the kinds changed (one audit row for all)."""
    for kind, mode in modes.items():
        if kind not in KINDS:
            raise ValidationError("mail.error.kind")
        if mode not in MODES:
            raise ValidationError("mail.error.mode")
    rows = {row.kind: row for row in session.scalars(select(UserMailPref).where(UserMailPref.user_id == actor.id))}
    changed: dict[str, dict[str, str]] = {}
    for kind, mode in modes.items():
        old = rows[kind].mode if kind in rows else DEFAULT_MODE
        if mode == old:
            continue
        changed[kind] = {"old": old, "new": mode}
        if kind in rows:
            rows[kind].mode = mode
        else:
            session.add(UserMailPref(user_id=actor.id, kind=kind, mode=mode))
    if changed:
        audit.record(session=session, actor=actor, action="mail.preferences", entity="user", entity_id=actor.id,
                     details=changed)
        session.flush()
    return sorted(changed)


# ---------------------------------------------------------------- rendering and digests


def render(session: Session, row: MailOutbox, settings: MailSettings) -> bool:
    """Write the text of a queued notification e-mail (once, in the recipient's language); False if it cannot be."""
    if row.subject != UNRENDERED:
        return True
    note = session.get(Notification, row.notification_id) if row.notification_id is not None else None
    user = session.get(User, row.user_id) if row.user_id is not None else None
    if note is None or user is None:
        return False
    rendered = mail_templates.notification(user=user, kind=note.kind, message_key=note.message_key,
                                           params=json.loads(note.params or "{}"), idea_id=note.idea_id,
                                           base_url=settings.base_url, lang=mail_templates.recipient_language(user),
                                           target=note.target)
    row.subject, row.body_text, row.body_html = rendered.subject, rendered.text, rendered.html
    return True


def _digest_days(now_local: dt.datetime, *, hour: int, lookback_days: int) -> list[dt.date]:
    """Days whose digest is due: finished days, the last one only once the send hour has come."""
    last = now_local.date() - dt.timedelta(days=1 if now_local.hour >= hour else 2)
    return [last - dt.timedelta(days=n) for n in range(lookback_days - 1, -1, -1)]


def queue_digests(session: Session, *, settings: MailSettings, hour: int = 7, lookback_days: int = 3) -> int:
    """Queue one digest per person per finished Vietnam day with that day's digest-kind notifications.

    Idempotent: the dedupe key is digest:<user>:<date>, so reruns and concurrent workers add nothing twice.
    Notifications already e-mailed one by one (the choice changed during the day) are left out.
    Two queries per day find the people who are owed one, so a pass costs little when nobody is.
    """
    if not settings.enabled:
        return 0
    queued = 0
    for day in _digest_days(clock.now().replace(tzinfo=None), hour=hour, lookback_days=lookback_days):
        owed = list(session.scalars(select(Notification.user_id).join(User, User.id == Notification.user_id).where(
            User.email.is_not(None), User.active, _digest_notes(day)).distinct()))
        keys = {f"digest:{user_id}:{day.isoformat()}": user_id for user_id in owed}
        done = set(session.scalars(select(MailOutbox.dedupe_key).where(MailOutbox.dedupe_key.in_(list(keys)))))
        for key, user_id in sorted(keys.items(), key=lambda item: item[1]):
            if key not in done:
                queued += _queue_digest(session, user_id=user_id, day=day, key=key, settings=settings)
    return queued


def _digest_notes(day: dt.date):  # a SQL condition
    """Notifications of `day` (Vietnam) whose kind their reader takes as a digest, not yet e-mailed."""
    chosen = exists().where(UserMailPref.user_id == Notification.user_id, UserMailPref.kind == Notification.kind,
                            UserMailPref.mode == DIGEST)
    mailed = exists().where(MailOutbox.notification_id == Notification.id)
    return and_(Notification.created_at >= clock.day_start_utc(day), Notification.created_at < clock.day_end_utc(day),
                chosen, ~mailed)


def _queue_digest(session: Session, *, user_id: int, day: dt.date, key: str, settings: MailSettings) -> int:
    user = session.get(User, user_id)
    if user is None or not user.email or not user.active:
        return 0
    notes = list(session.scalars(select(Notification).where(Notification.user_id == user_id, _digest_notes(day))
                                 .order_by(Notification.created_at, Notification.id)))
    rendered = mail_templates.digest(user=user, day=day, notes=notes, base_url=settings.base_url,
                                     lang=mail_templates.recipient_language(user))
    try:
        with session.begin_nested():  # another worker may queue the same digest at the same moment
            session.add(MailOutbox(user_id=user.id, recipient=user.email, subject=rendered.subject,
                                   body_text=rendered.text, body_html=rendered.html, kind="digest",
                                   dedupe_key=key, status="queued", attempts=0, next_attempt_at=clock.utcnow()))
    except IntegrityError:
        return 0
    return 1
