"""E-mail: settings, each person's choice per notification kind, and queueing into the durable outbox.

A notification is queued in the same transaction as the inbox row (inbox.notify calls `queue_notification`),
so an event and its e-mail commit or roll back together. The worker (mail_worker) sends from the outbox.
Nothing is queued while no SMTP host is configured: an installation without mail grows no backlog.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideas.accounts import mail_templates
from ideas.core import audit, clock
from ideas.core.db import PROJECT_ROOT
from ideas.core.errors import ValidationError
from ideas.core.models import MailOutbox, Notification, User, UserMailPref

IMMEDIATE, DIGEST, NONE = "immediate", "digest", "none"
MODES = (IMMEDIATE, DIGEST, NONE)
# Silence after submitting is the first complaint about idea platforms: every kind goes out at once
# unless the person chooses otherwise.
DEFAULT_MODE = IMMEDIATE
KINDS = ("idea.submitted", "idea.withdrawn", "idea.coauthor_invited", "idea.coauthor_answer",
         "review.accepted", "review.returned", "review.assigned", "review.due", "review.decision",
         "idea.merged", "followup")
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
DEFAULT_BASE_URL = "http://localhost:8501"


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class MailSettings:
    """SMTP and link settings from the environment, else root keys of .streamlit/secrets.toml."""

    host: str | None
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str
    base_url: str

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    @property
    def domain(self) -> str:
        """The domain Message-IDs are made in: the sender's, else the site's host."""
        if "@" in self.sender:
            return self.sender.rsplit("@", 1)[1].strip(" >") or "localhost"
        return self.base_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def _secrets(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def load_settings(environ: dict[str, str] | None = None, secrets_path: Path | None = None) -> MailSettings:
    environ = os.environ if environ is None else environ
    secrets = _secrets(secrets_path or SECRETS_FILE)

    def value(name: str, default: str | None = None) -> str | None:
        found = environ.get(f"IDEAS_{name}")
        if found in (None, ""):
            found = secrets.get(f"IDEAS_{name}")
        return default if found in (None, "") else str(found)

    starttls = (value("SMTP_STARTTLS", "false") or "").strip().lower() in ("1", "true", "yes", "on")
    return MailSettings(
        host=value("SMTP_HOST"), port=int(value("SMTP_PORT", "587" if starttls else "25")), starttls=starttls,
        user=value("SMTP_USER"), password=value("SMTP_PASSWORD"),
        sender=value("SMTP_FROM", "sang-kien@localhost") or "", base_url=value("BASE_URL", DEFAULT_BASE_URL) or "")


# ---------------------------------------------------------------- preferences


def mode_for(session: Session, *, user_id: int, kind: str) -> str:
    return session.scalar(select(UserMailPref.mode).where(
        UserMailPref.user_id == user_id, UserMailPref.kind == kind)) or DEFAULT_MODE


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


# ---------------------------------------------------------------- queueing


def queue_notification(session: Session, note: Notification, *,
                       settings: MailSettings | None = None) -> MailOutbox | None:
    """Queue `note` for immediate e-mail when its reader has an address and wants this kind at once."""
    settings = settings or load_settings()
    if not settings.enabled:
        return None
    user = session.get(User, note.user_id)
    if user is None or not user.email or not user.active:
        return None
    if mode_for(session, user_id=user.id, kind=note.kind) != IMMEDIATE:
        return None
    lang = mail_templates.recipient_language(user)
    rendered = mail_templates.notification(user=user, kind=note.kind, message_key=note.message_key,
                                           params=json.loads(note.params or "{}"), idea_id=note.idea_id,
                                           base_url=settings.base_url, lang=lang)
    row = MailOutbox(user_id=user.id, recipient=user.email, subject=rendered.subject, body_text=rendered.text,
                     body_html=rendered.html, kind=note.kind, idea_id=note.idea_id, notification=note,
                     status="queued", attempts=0, next_attempt_at=clock.utcnow())  # no flush: key set on insert
    session.add(row)
    return row


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


def _digest_notes(day: dt.date):  # noqa: ANN202 - a SQL condition
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
