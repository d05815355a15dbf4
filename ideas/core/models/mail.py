"""E-mail: the durable outbox the worker sends from, and each person's choice per notification kind."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideas.core.models.base import Base, created_at_column, utcnow
from ideas.core.models.review import Notification


class MailOutbox(Base):
    """One message to send; written in the same transaction as the event it reports.

    status: queued -> sending (claimed by a worker, leased) -> sent | queued (retry later) | failed.
    A notification's e-mail is queued with an empty subject and rendered by the worker that first takes it.
    The Message-ID is derived from `id`, so a message sent again after a crash is the same message.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    recipient: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(500))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="SET NULL"), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    claim_token: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at_column()
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    notification: Mapped[Notification | None] = relationship()


@event.listens_for(MailOutbox, "before_insert")
def _notification_key(_mapper, _connection, row: MailOutbox) -> None:
    """One e-mail per notification: the key is set once the notification (inserted first) has its id."""
    if row.dedupe_key is None and row.notification_id is not None:
        row.dedupe_key = f"note:{row.notification_id}"


class UserMailPref(Base):
    """How one person receives one kind of notification by e-mail: immediate, digest (daily) or none.

    No row means the default (see ideas.core.events.DEFAULT_MODE).
    """

    __tablename__ = "user_mail_prefs"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
