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
import http.client
import ipaddress
import queue
import secrets
import socket
import ssl
import sys
import threading
import time
from collections import defaultdict
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ideas.core import audit, clock, subtrees
from ideas.core.db import Database, fetch
from ideas.core.errors import ValidationError
from ideas.core.events import WEBHOOK_EVENTS
from ideas.core.models import WebhookDelivery, WebhookSubscription
from ideas.core.permissions import Actor, require

NAME_MAX = 200

ACTION = "api.manage"
MAX_ATTEMPTS = 10
BASE_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 6 * 3600
LEASE_SECONDS = 60
TIMEOUT_SECONDS = 10  # the whole request, from connecting to the status line (a trickling receiver included)
USER_AGENT = "SangKienCCHC-Webhooks/1"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Ideas-Signature value for one request."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


# ---------------------------------------------------------------- subscriptions


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _forbidden_address(address: str) -> bool:
    """Loopback, link-local (169.254.169.254, the cloud metadata address, included), private, shared, reserved,
    multicast or unspecified: anything but a public unicast address. IPv4-mapped, 6to4, Teredo and NAT64 forms
    count as their IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and _forbidden_address(str(embedded)):
            return True
    return not ip.is_global or ip.is_multicast


def check_url(url: str) -> str:
    """The subscription URL, stripped, or a ValidationError naming the field: http or https only, a host, no
    user name or password, no control characters or spaces, a valid port, at most 1000 characters."""
    url = (url or "").strip()
    if len(url) > 1000:
        raise ValidationError("error.field_too_long", field="api.field.url", max=1000, length=len(url))
    if not url or any(ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in url):
        raise ValidationError("api.error.url")
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1 or port == 0:
        raise ValidationError("api.error.url")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise ValidationError("security_surface.webhook.credentials")
    return url


def resolve(url: str, *, allow_private: bool) -> list[str]:
    """The addresses the URL's host resolves to now (numeric forms such as 0x7f000001 included, as the
    resolver reads them), or ValidationError when one of them is refused."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not allow_private and any(_forbidden_address(a) for a in addresses):
        raise ValidationError("security_surface.webhook.private")
    return addresses


def create_subscription(*, session: Session, actor: Actor, name: str, url: str, events: list[str],
                        unit_ids: list[int] | None = None,
                        allow_private: bool = False) -> tuple[WebhookSubscription, str]:
    """A receiver and its signing secret (returned to show once; the worker needs it, so it is stored).

    A host that resolves to a loopback, link-local, private or reserved address is refused unless the
    administrator opts in (`allow_private`); a name that does not resolve yet is accepted and checked again
    before every delivery."""
    require(session, actor, ACTION)
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX:  # never cut: the page's field has no limit of its own and keeps what was typed
        raise ValidationError("error.field_too_long", field="api.field.name", max=NAME_MAX, length=len(name))
    if not name:
        raise ValidationError("api.error.name_required")
    url = check_url(url)
    resolve(url, allow_private=bool(allow_private))
    chosen = [event for event in WEBHOOK_EVENTS if event in set(events or [])]
    if not chosen or len(chosen) != len(set(events)):
        raise ValidationError("api.error.events")
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(name=name, url=url, secret=secret, events=",".join(chosen),
                                       unit_ids=subtrees.encode_roots(session, unit_ids),
                                       allow_private=bool(allow_private), created_by=actor.id)
    session.add(subscription)
    session.flush()
    audit.record(session=session, actor=actor, action="api.webhook.create", entity="webhook_subscription",
                 entity_id=subscription.id, details={"name": name, "url": url, "events": chosen,
                                                     "units": subtrees.roots_of(subscription.unit_ids),
                                                     "allow_private": bool(allow_private)})
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
             "units": subtrees.names(session, s.unit_ids), "allow_private": s.allow_private,
             "created_at": s.created_at, "revoked_at": s.revoked_at}
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


class _Claimed(NamedTuple):
    row_id: int
    subscription_id: int
    url: str
    secret: str
    allow_private: bool
    event: str
    delivery_id: str
    body: str


def _claim(database: Database, batch: int, timeout: float) -> tuple[list[_Claimed], int]:
    """Lease due deliveries to this worker (attempt counted before sending); returns what to send, and how many
    were marked failed instead because earlier leases ran out with their attempts already spent (a worker that
    died mid-send). The k-th delivery of one receiver in this pass is leased for k whole timeouts more, so a slow
    receiver's later deliveries are not claimed again by another worker while this one still holds them."""
    now = clock.utcnow()
    with database.session() as session:
        rows = session.execute(
            select(WebhookDelivery, WebhookSubscription)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
                   or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until <= now))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(batch)
            .with_for_update(skip_locked=True, of=WebhookDelivery)).all()
        claimed, given_up, position = [], 0, defaultdict(int)
        for delivery, subscription in rows:
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status, delivery.locked_until = "failed", None
                delivery.last_error = delivery.last_error or "lease"
                given_up += 1
                continue
            position[subscription.id] += 1
            delivery.attempts += 1
            delivery.locked_until = now + dt.timedelta(seconds=LEASE_SECONDS + position[subscription.id] * timeout)
            claimed.append(_Claimed(delivery.id, subscription.id, subscription.url, subscription.secret,
                                    bool(subscription.allow_private), delivery.event, delivery.delivery_id,
                                    delivery.body))
    return claimed, given_up


# What the worker records as the last error: a category of our own, never the receiver's words.
TRANSPORT_ERRORS = frozenset({"url", "address", "dns", "connection", "timeout", "tls", "malformed", "error"})


def _post(url: str, secret: str, event: str, delivery_id: str, body: bytes, *, allow_private: bool = False,
          timeout: float = TIMEOUT_SECONDS) -> tuple[int | None, str | None]:
    """POST one delivery; (HTTP status or None, error category or None). Never raises: whatever the receiver
    does (a garbled status line, silence, a trickle, a redirect, a TLS failure) fails only this delivery.

    The host is resolved here and the connection goes to an address just checked (no second lookup a DNS
    rebinding could answer differently); redirects are never followed; the body of the answer is not read;
    a watchdog closes the socket when `timeout` seconds have passed since the start."""
    try:
        url = check_url(url)
        parts = urlsplit(url)
        addresses = resolve(url, allow_private=allow_private)
    except ValidationError as error:
        return None, "address" if error.key == "security_surface.webhook.private" else "url"
    except Exception:  # noqa: BLE001 - a stored URL older than the checks
        return None, "url"
    if not addresses:
        return None, "dns"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    sockets: list[socket.socket] = []
    expired = threading.Event()

    def open_socket(_address, connect_timeout, source_address=None):
        last: OSError | None = None
        for address in addresses:
            try:
                sock = socket.create_connection((address, port), connect_timeout, source_address)
            except OSError as error:
                last = error
                continue
            sockets.append(sock)
            if expired.is_set():
                sock.close()
                raise TimeoutError
            return sock
        raise last or OSError("no address")

    def expire():
        expired.set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    connection._create_connection = open_socket  # connect to the checked address; Host and SNI stay the name
    timestamp = str(int(time.time()))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    watchdog = threading.Timer(timeout, expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("POST", path, body=body, headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
            "X-Ideas-Event": event, "X-Ideas-Delivery": delivery_id, "X-Ideas-Timestamp": timestamp,
            "X-Ideas-Signature": sign(secret, timestamp, body)})
        status = connection.getresponse().status
    except TimeoutError:
        return None, "timeout"
    except ssl.SSLError:
        return None, "timeout" if expired.is_set() else "tls"
    except http.client.HTTPException:
        return None, "timeout" if expired.is_set() else "malformed"
    except OSError:
        return None, "timeout" if expired.is_set() else "connection"
    except Exception:  # noqa: BLE001 - one receiver must never stop the worker
        return None, "error"
    finally:
        watchdog.cancel()
        connection.close()
    if expired.is_set():
        return None, "timeout"
    if 200 <= status < 300:
        return status, None
    return status, "redirect" if 300 <= status < 400 else "status"


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


def _send_group(group: list[_Claimed], results: queue.Queue, timeout: float) -> None:
    """One receiver's deliveries of this pass, in order. Once it fails to answer at all (no connection, silence,
    TLS, garbage), its other deliveries of the pass fail the same way without being sent: a dead receiver
    costs one timeout per pass, not one per delivery."""
    down: str | None = None
    for item in group:
        if down is not None:
            results.put((item.row_id, None, down))
            continue
        try:
            status, error = _post(item.url, item.secret, item.event, item.delivery_id, item.body.encode("utf-8"),
                                  allow_private=item.allow_private, timeout=timeout)
        except Exception:  # noqa: BLE001 - _post never raises; this is belt and braces
            status, error = None, "error"
        if status is None:
            down = error
        results.put((item.row_id, status, error))


def deliver_due(database: Database, *, batch: int = 50, timeout: float = TIMEOUT_SECONDS,
                parallel: int = 8) -> dict[str, int]:
    """One pass: send every due delivery once, receivers in parallel (each receiver's own deliveries in order);
    returns counts by resulting status. A receiver's behaviour can fail only its own deliveries."""
    counts = {"delivered": 0, "pending": 0, "failed": 0}
    claimed, counts["failed"] = _claim(database, batch, timeout)
    groups: dict[int, list[_Claimed]] = defaultdict(list)
    for item in claimed:
        groups[item.subscription_id].append(item)
    results: queue.Queue = queue.Queue()
    pending = iter(list(groups.values()))
    running: list[threading.Thread] = []
    remaining = len(claimed)
    while remaining:
        running = [thread for thread in running if thread.is_alive()]
        while len(running) < max(1, parallel):
            group = next(pending, None)
            if group is None:
                break
            thread = threading.Thread(target=_send_group, args=(group, results, timeout), daemon=True)
            thread.start()
            running.append(thread)
        try:
            row_id, status, error = results.get(timeout=0.2)
        except queue.Empty:
            continue
        remaining -= 1
        try:
            counts[_finish(database, row_id, status, error)] += 1
        except Exception:  # noqa: BLE001 - the lease runs out and the next pass takes it again
            counts["pending"] += 1
    return counts


def run(database: Database, *, once: bool = False, interval: float = 5.0,
        timeout: float = TIMEOUT_SECONDS) -> dict[str, int]:
    """The worker loop; `once` makes a single pass (cron, tests)."""
    total = {"delivered": 0, "pending": 0, "failed": 0}
    while True:
        try:
            counts = deliver_due(database, timeout=timeout)
        except Exception as error:
            if once:
                raise
            print(f"webhooks: pass failed ({type(error).__name__}); trying again", file=sys.stderr)
            counts = {}
        for key, value in counts.items():
            total[key] += value
        if once:
            return total
        time.sleep(interval)
