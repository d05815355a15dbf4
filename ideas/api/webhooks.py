"""Signed webhooks: subscriptions and the worker that sends the durable delivery queue.

An event (`initiative.recognised`, `award_list.approved`) is queued by `ideas.core.events` (one delivery per
active subscription whose reach covers the record), in the same transaction as the change: no change without
its event, no event without its change. This module only reads that queue. The worker
(`python -m ideas webhooks run`) claims due deliveries with a short lease, POSTs

    X-Ideas-Event, X-Ideas-Delivery (uuid), X-Ideas-Timestamp (unix seconds),
    X-Ideas-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))

and marks a 2xx as delivered; anything else retries with exponential backoff (30 s doubling, capped at 6 h)
until MAX_ATTEMPTS, then the delivery is `failed`. A delivered row is never sent again. A crash between the
receiver's 2xx and our mark sends the same delivery id once more: receivers deduplicate on X-Ideas-Delivery.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ideas.core import audit, clock, subtrees
from ideas.core.db import Database, fetch
from ideas.core.errors import ValidationError
from ideas.core.events import WEBHOOK_EVENTS
from ideas.core.models import WebhookDelivery, WebhookSubscription
from ideas.core.permissions import Actor, require

ACTION = "api.manage"
MAX_ATTEMPTS = 10
BASE_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 6 * 3600
LEASE_SECONDS = 60
TIMEOUT_SECONDS = 10
USER_AGENT = "SangKienCCHC-Webhooks/1"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Ideas-Signature value for one request."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


# ---------------------------------------------------------------- subscriptions


def create_subscription(*, session: Session, actor: Actor, name: str, url: str, events: list[str],
                        unit_ids: list[int] | None = None) -> tuple[WebhookSubscription, str]:
    """A receiver and its signing secret (returned to show once; the worker needs it, so it is stored)."""
    require(session, actor, ACTION)
    name, url = " ".join((name or "").split())[:200], (url or "").strip()
    if not name:
        raise ValidationError("api.error.name_required")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 1000:
        raise ValidationError("api.error.url")
    chosen = [event for event in WEBHOOK_EVENTS if event in set(events or [])]
    if not chosen or len(chosen) != len(set(events)):
        raise ValidationError("api.error.events")
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(name=name, url=url, secret=secret, events=",".join(chosen),
                                       unit_ids=subtrees.encode_roots(session, unit_ids), created_by=actor.id)
    session.add(subscription)
    session.flush()
    audit.record(session=session, actor=actor, action="api.webhook.create", entity="webhook_subscription",
                 entity_id=subscription.id, details={"name": name, "url": url, "events": chosen,
                                                     "units": subtrees.roots_of(subscription.unit_ids)})
    return subscription, secret


def revoke_subscription(*, session: Session, actor: Actor, subscription_id: int) -> WebhookSubscription:
    """Stop sending to a receiver; its pending deliveries are dropped (marked failed)."""
    require(session, actor, ACTION)
    subscription = fetch(session, WebhookSubscription, subscription_id, "api.error.no_subscription")
    if subscription.revoked_at is None:
        subscription.revoked_at = clock.utcnow()
        session.execute(update(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id,
                                                      WebhookDelivery.status == "pending")
                        .values(status="failed", last_error="subscription revoked"))
        audit.record(session=session, actor=actor, action="api.webhook.revoke", entity="webhook_subscription",
                     entity_id=subscription.id, details={"name": subscription.name})
    session.flush()
    return subscription


def list_subscriptions(*, session: Session, actor: Actor) -> list[dict]:
    require(session, actor, ACTION)
    return [{"id": s.id, "name": s.name, "url": s.url, "events": s.events.split(","),
             "units": subtrees.names(session, s.unit_ids), "created_at": s.created_at, "revoked_at": s.revoked_at}
            for s in session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.id.desc()))]


def recent_deliveries(*, session: Session, actor: Actor, limit: int = 50) -> list[dict]:
    require(session, actor, ACTION)
    rows = session.execute(select(WebhookDelivery, WebhookSubscription.name)
                           .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
                           .order_by(WebhookDelivery.id.desc()).limit(limit)).all()
    return [{"id": d.delivery_id, "subscription": name, "event": d.event, "status": d.status,
             "attempts": d.attempts, "created_at": d.created_at, "delivered_at": d.delivered_at,
             "next_attempt_at": d.next_attempt_at, "last_status": d.last_status, "last_error": d.last_error}
            for d, name in rows]


# ---------------------------------------------------------------- the worker


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)))


def _claim(database: Database, batch: int) -> list[tuple[int, str, str, str, str, str]]:
    """Lease due deliveries to this worker (attempt counted before sending); returns what to send."""
    now = clock.utcnow()
    with database.session() as session:
        rows = session.execute(
            select(WebhookDelivery, WebhookSubscription)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
                   or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until <= now))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(batch)
            .with_for_update(skip_locked=True, of=WebhookDelivery)).all()
        claimed = []
        for delivery, subscription in rows:
            delivery.attempts += 1
            delivery.locked_until = now + dt.timedelta(seconds=LEASE_SECONDS)
            claimed.append((delivery.id, subscription.url, subscription.secret, delivery.event,
                            delivery.delivery_id, delivery.body))
    return claimed


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: urllib would turn the POST into a GET and report its 200."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(url: str, secret: str, event: str, delivery_id: str, body: bytes) -> tuple[int | None, str | None]:
    timestamp = str(int(time.time()))
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
        "X-Ideas-Event": event, "X-Ideas-Delivery": delivery_id, "X-Ideas-Timestamp": timestamp,
        "X-Ideas-Signature": sign(secret, timestamp, body)})
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as answer:  # http(s) only, checked on subscribing
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def _finish(database: Database, row_id: int, status: int | None, error: str | None) -> str:
    with database.session() as session:
        delivery = session.get(WebhookDelivery, row_id, with_for_update=True)
        if delivery.status != "pending":
            return delivery.status  # revoked meanwhile, or another worker's earlier success
        delivery.last_status, delivery.locked_until = status, None
        if status is not None and 200 <= status < 300:
            delivery.status, delivery.delivered_at, delivery.last_error = "delivered", clock.utcnow(), None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.last_error = "failed", error
        else:
            delivery.last_error = error
            delivery.next_attempt_at = clock.utcnow() + backoff(delivery.attempts)
        return delivery.status


def deliver_due(database: Database, *, batch: int = 50) -> dict[str, int]:
    """One pass: send every due delivery once; returns counts by resulting status."""
    counts = {"delivered": 0, "pending": 0, "failed": 0}
    for row_id, url, secret, event, delivery_id, body in _claim(database, batch):
        status, error = _post(url, secret, event, delivery_id, body.encode("utf-8"))
        counts[_finish(database, row_id, status, error)] += 1
    return counts


def run(database: Database, *, once: bool = False, interval: float = 5.0) -> dict[str, int]:
    """The worker loop; `once` makes a single pass (cron, tests)."""
    total = {"delivered": 0, "pending": 0, "failed": 0}
    while True:
        for key, value in deliver_due(database).items():
            total[key] += value
        if once:
            return total
        time.sleep(interval)
