"""The e-mail worker: claims due outbox rows, sends them over SMTP, marks them sent or schedules a retry.

Delivery is at-least-once, never "at most once": SMTP cannot take part in a database transaction, so a worker
that dies after the server accepted a message but before it marked the row leaves the row in 'sending'. Such a
row is taken again only after its lease expires (LEASE), and it is sent with the same Message-ID (derived from
the row id), so mail clients and servers that dedupe by Message-ID show it once. Rows are marked one by one
right after each send, so a crash repeats at most the messages of one claimed batch.

Claiming: PostgreSQL takes due rows with FOR UPDATE SKIP LOCKED, so two workers never take the same row;
SQLite serialises writers (BEGIN IMMEDIATE) and the conditional UPDATE status='queued' -> 'sending' claims.
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import select, update

from ideas.accounts import mail
from ideas.core import clock
from ideas.core.db import Database
from ideas.core.models import MailOutbox
from ideas.core.settings import MailSettings, mail_settings

log = logging.getLogger("ideas.mail")
LEASE = dt.timedelta(minutes=10)
BATCH = 20
MAX_ATTEMPTS = 8
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=1)
DIGEST_CHECK = dt.timedelta(minutes=10)
SMTP_TIMEOUT = 20  # seconds; BATCH * SMTP_TIMEOUT stays well inside LEASE


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the `attempts`-th failed try: 1, 2, 4, 8 ... minutes, at most an hour."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


@dataclass(frozen=True)
class Claimed:
    id: int
    token: str
    recipient: str
    subject: str
    body_text: str
    body_html: str | None
    attempts: int


@dataclass
class RunReport:
    reclaimed: int = 0
    digests: int = 0
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def reclaim_expired(database: Database) -> int:
    """Put rows left in 'sending' by a dead worker (lease expired) back in the queue.

    A row that took every attempt down with it (a message that crashes the worker) is given up instead.
    """
    expired = (MailOutbox.status == "sending", MailOutbox.claimed_at < clock.utcnow() - LEASE)
    with database.session() as session:
        session.execute(update(MailOutbox).where(*expired, MailOutbox.attempts >= MAX_ATTEMPTS)
                        .values(status="failed", claim_token=None, last_error="lease expired on the last attempt"))
        result = session.execute(update(MailOutbox).where(*expired)
                                 .values(status="queued", claim_token=None, next_attempt_at=clock.utcnow()))
        return result.rowcount or 0


def claim(database: Database, *, limit: int = BATCH, settings: MailSettings | None = None) -> list[Claimed]:
    """Take up to `limit` due rows for this worker, rendering any not rendered yet (committed before sending).

    A row whose notification or reader is gone meanwhile cannot be rendered: it is given up ('failed').
    """
    settings = settings or mail_settings()
    token = uuid.uuid4().hex
    now = clock.utcnow()
    with database.session() as session:
        ids = list(session.scalars(
            select(MailOutbox.id).where(MailOutbox.status == "queued", MailOutbox.next_attempt_at <= now)
            .order_by(MailOutbox.next_attempt_at, MailOutbox.id).limit(limit)
            .with_for_update(skip_locked=True)))
        if not ids:
            return []
        session.execute(update(MailOutbox).where(MailOutbox.id.in_(ids), MailOutbox.status == "queued")
                        .values(status="sending", claim_token=token, claimed_at=now,
                                attempts=MailOutbox.attempts + 1))
        rows = session.scalars(select(MailOutbox).where(MailOutbox.claim_token == token)
                               .order_by(MailOutbox.id)).all()
        claimed = []
        for r in rows:
            if mail.render(session, r, settings):
                claimed.append(Claimed(r.id, token, r.recipient, r.subject, r.body_text, r.body_html, r.attempts))
            else:
                r.status, r.claim_token, r.last_error = "failed", None, "the notification or its reader is gone"
        return claimed


def message_id(row_id: int, settings: MailSettings) -> str:
    """Stable per outbox row: a resend after a crash is recognisably the same message."""
    return f"<outbox-{row_id}@{settings.domain}>"


def build_message(item: Claimed, settings: MailSettings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = item.recipient
    message["Subject"] = item.subject
    message["Message-ID"] = message_id(item.id, settings)
    message["Date"] = format_datetime(clock.instant())
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(item.body_text)
    if item.body_html:
        message.add_alternative(item.body_html, subtype="html")
    return message


def connect(settings: MailSettings) -> smtplib.SMTP:
    if settings.port == 465 and not settings.starttls:
        server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT,
                                                context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        if settings.starttls:
            server.starttls(context=ssl.create_default_context())
    if settings.user:
        server.login(settings.user, settings.password or "")
    return server


def mark_sent(database: Database, item: Claimed) -> bool:
    """Record delivery; False when the lease was lost meanwhile (another worker owns the row now)."""
    with database.session() as session:
        result = session.execute(update(MailOutbox)
                                 .where(MailOutbox.id == item.id, MailOutbox.claim_token == item.token)
                                 .values(status="sent", sent_at=clock.utcnow(), claim_token=None, last_error=None))
        return bool(result.rowcount)


def mark_failed(database: Database, item: Claimed, error: str, *, permanent: bool) -> str:
    """Schedule a retry with backoff, or give up ('failed') after MAX_ATTEMPTS or a permanent refusal."""
    status = "failed" if permanent or item.attempts >= MAX_ATTEMPTS else "queued"
    with database.session() as session:
        session.execute(update(MailOutbox).where(MailOutbox.id == item.id, MailOutbox.claim_token == item.token)
                        .values(status=status, claim_token=None, last_error=error[:2000],
                                next_attempt_at=clock.utcnow() + backoff(item.attempts)))
    return status


def _refusal(error: Exception) -> tuple[str, bool]:
    """The error text and whether retrying cannot help (a 5xx answer)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return f"recipients refused: {error.recipients}", all(code >= 500 for code in codes)
    code = getattr(error, "smtp_code", None)
    if isinstance(code, int):
        return f"{code} {getattr(error, 'smtp_error', b'')!r}", code >= 500
    return f"{type(error).__name__}: {error}", False


def send_batch(database: Database, items: list[Claimed], settings: MailSettings, report: RunReport) -> None:
    """Send claimed rows over one connection, marking each right after the server accepts it."""
    def failed(item: Claimed, error: Exception) -> None:
        text, permanent = _refusal(error)
        status = mark_failed(database, item, text, permanent=permanent)
        (report.failed if status == "failed" else report.retried).append(item.id)
        log.warning("mail: outbox row %d not sent (%s): %s", item.id, status, text)

    try:
        server = connect(settings)
    except (OSError, smtplib.SMTPException) as error:
        for item in items:
            failed(item, error)
        return
    try:
        for index, item in enumerate(items):
            try:
                message = build_message(item, settings)
            except (ValueError, TypeError) as error:  # e.g. a line break in the address: no retry can help
                status = mark_failed(database, item, f"unusable message: {error}", permanent=True)
                report.failed.append(item.id)
                log.warning("mail: outbox row %d %s: %s", item.id, status, error)
                continue
            try:
                server.send_message(message)
            except smtplib.SMTPServerDisconnected as error:  # the connection is gone: retry the rest
                for rest in items[index:]:
                    failed(rest, error)
                return
            except smtplib.SMTPException as error:  # this message refused; the connection stays usable
                failed(item, error)
                continue
            except OSError as error:  # a socket error (SMTPException is an OSError too, hence the order)
                for rest in items[index:]:
                    failed(rest, error)
                return
            if not mark_sent(database, item):
                log.warning("mail: outbox row %d sent after its lease expired", item.id)
            report.sent.append(item.id)
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass


def run_once(database: Database, settings: MailSettings | None = None, *, limit: int = BATCH,
             digest_hour: int = 7, digests: bool = True) -> RunReport:
    """One pass: re-queue expired leases, queue due digests, then send every due row (batch after batch)."""
    settings = settings or mail_settings()
    report = RunReport(reclaimed=reclaim_expired(database))
    if digests:
        with database.session() as session:
            report.digests = mail.queue_digests(session, settings=settings, hour=digest_hour)
    while items := claim(database, limit=limit, settings=settings):
        send_batch(database, items, settings, report)
        if len(items) < limit:
            break
    return report


def run(database: Database, settings: MailSettings | None = None, *, interval: float = 30,
        digest_hour: int = 7) -> None:
    """Loop until interrupted; each pass as run_once, then sleep `interval` seconds."""
    settings = settings or mail_settings()
    digests_checked: dt.datetime | None = None
    while True:
        # Digests are daily: looking for them every DIGEST_CHECK is enough (the search reads a day of notifications).
        check = digests_checked is None or clock.utcnow() - digests_checked >= DIGEST_CHECK
        try:
            report = run_once(database, settings, digest_hour=digest_hour, digests=check)
            digests_checked = clock.utcnow() if check else digests_checked
        except Exception:  # the database or network is away for a while: try again next pass
            log.exception("mail: pass failed")
            time.sleep(interval)
            continue
        if report.sent or report.retried or report.failed or report.reclaimed:
            log.info("mail: sent %d, retry %d, failed %d, reclaimed %d, digests %d", len(report.sent),
                     len(report.retried), len(report.failed), report.reclaimed, report.digests)
        time.sleep(interval)
