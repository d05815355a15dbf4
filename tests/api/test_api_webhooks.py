"""Signed webhooks: queued in the event's transaction, POSTed to a real local receiver, retried, never resent."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from ideas.api import webhooks
from ideas.core import clock, events
from ideas.core.errors import ValidationError
from ideas.core.models import AuditLog, CouncilMember, WebhookDelivery
from ideas.core.permissions import SYSTEM
from ideas.review import decisions, scoring
from ideas.review.votes import record_votes
from ideas.tooling import cli
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.api import build_province
from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea


class Receiver:
    """A real HTTP server in a thread that records each POST and answers with the next queued status."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append({"headers": dict(self.headers), "body": body})
                status = outer.statuses.pop(0) if outer.statuses else 204
                self.send_response(status)
                if status in (301, 302, 303, 307, 308):
                    self.send_header("Location", "/elsewhere")
                self.end_headers()

            def do_GET(self):  # a followed redirect would arrive here
                outer.requests.append({"headers": dict(self.headers), "body": b"", "method": "GET"})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/ideas"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def verify(secret: str, request: dict) -> dict:
    """The receiver's side of docs/API.md: recompute the signature over timestamp + "." + body."""
    headers = {name.lower(): value for name, value in request["headers"].items()}
    signed = headers["x-ideas-timestamp"].encode() + b"." + request["body"]
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, headers["x-ideas-signature"])
    payload = json.loads(request["body"])
    assert payload["id"] == headers["x-ideas-delivery"] and payload["event"] == headers["x-ideas-event"]
    return payload


def subscribe(db, url: str, events=events.WEBHOOK_EVENTS, units=None) -> str:
    """A subscription to a receiver on this machine: the administrator's opt-in to private addresses is needed."""
    with db.session() as s:
        return webhooks.create_subscription(session=s, actor=SYSTEM, name="Cổng tỉnh", url=url, events=list(events),
                                            unit_ids=[u.id for u in units] if units else None,
                                            allow_private=True)[1]


def run_worker(db) -> int:
    return cli.main(["--database-url", db.url, "webhooks", "run", "--once"])


def decide_an_idea(db) -> int:
    """The real council path: screen, score, vote, decide (as the review tests do); returns the idea id."""
    with db.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2)
        idea = make_idea(s, campaign=campaign, unit=unit, owner=make_user(s, unit=unit, full_name="Hoàng Tác Giả"))
        chair = people["chair"][0]
        scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
        for reviewer in [chair, *people["member"]]:
            scoring.score(session=s, actor=reviewer, idea_id=idea.id, points=full_scores((20, 15, 20, 15)),
                          verdict="meets")
        members = s.scalars(select(CouncilMember).where(CouncilMember.council_id == council.id)).all()
        record_votes(session=s, actor=chair, idea_id=idea.id, votes={m.id: "for" for m in members})
        decisions.decide(session=s, actor=chair, idea_id=idea.id, number="12/QĐ-HĐSK")
        return idea.id


def test_a_recognition_reaches_the_receiver_signed_once(db, receiver):
    secret = subscribe(db, receiver.url)
    idea_id = decide_an_idea(db)
    with db.read_session() as s:
        queued = s.scalars(select(WebhookDelivery)).all()
    assert [d.event for d in queued] == ["initiative.recognised"] and queued[0].status == "pending"
    assert run_worker(db) == 0
    assert len(receiver.requests) == 1
    payload = verify(secret, receiver.requests[0])
    assert payload["data"]["id"] == idea_id and payload["data"]["decisions"][0]["number"] == "12/QĐ-HĐSK"
    assert "confidential_info" not in payload["data"]
    with db.read_session() as s:
        delivery = s.scalars(select(WebhookDelivery)).one()
        assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 1, 204)
    run_worker(db)
    with db.session() as s:  # even made due again by hand, a delivered row is never sent twice
        s.scalars(select(WebhookDelivery)).one().next_attempt_at = clock.utcnow() - dt.timedelta(days=1)
    run_worker(db)
    assert len(receiver.requests) == 1


def test_an_approved_award_list_is_an_event_with_integer_amounts(db, receiver):
    secret = subscribe(db, receiver.url, events=["award_list.approved"])
    with db.session() as s:
        world = build_province(s)
    run_worker(db)
    payloads = sorted((verify(secret, r) for r in receiver.requests), key=lambda p: p["data"]["id"])
    assert [p["event"] for p in payloads] == ["award_list.approved"] * 2
    assert payloads[0]["data"]["id"] == world["lists"]["east"].id
    assert payloads[0]["data"]["items"][0]["amount"] == 710_000 and payloads[0]["data"]["total_amount"] == 710_000


def test_scope_limits_which_events_a_subscription_gets(db, receiver):
    with db.session() as s:
        east = make_unit(s, name="UBND huyện Đông")
    subscribe(db, receiver.url, units=[east])
    with db.session() as s:
        build_province(s)  # its lists belong to other units
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_no_event_without_its_change(db, receiver):
    subscribe(db, receiver.url)
    with pytest.raises(RuntimeError), db.session() as s:
        events.queue_webhook(s, "initiative.recognised", {"id": 1})
        raise RuntimeError("the decision failed after queueing")
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_failures_retry_with_backoff_then_deliver(db, receiver):
    secret = subscribe(db, receiver.url)
    with db.session() as s:
        events.queue_webhook(s, "initiative.recognised", {"id": 7})
    receiver.statuses = [302, 500]
    run_worker(db)  # a redirect is not followed (it would become a GET) and counts as a failure
    with db.session() as s:
        delivery = s.scalars(select(WebhookDelivery)).one()
        assert (delivery.status, delivery.last_status) == ("pending", 302) and len(receiver.requests) == 1
        delivery.next_attempt_at, delivery.attempts = clock.utcnow(), 0
    receiver.requests.clear()
    start = clock.utcnow()
    run_worker(db)
    with db.read_session() as s:
        delivery = s.scalars(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("pending", 1, 500)
    assert dt.timedelta(seconds=29) <= delivery.next_attempt_at - start <= dt.timedelta(seconds=40)
    run_worker(db)  # not due yet: nothing sent
    assert len(receiver.requests) == 1
    with clock.frozen(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)):
        assert webhooks.deliver_due(db) == {"delivered": 1, "pending": 0, "failed": 0}
    first, second = (verify(secret, r) for r in receiver.requests)
    assert first["id"] == second["id"]  # the same delivery id: receivers deduplicate on it
    assert webhooks.backoff(3) == dt.timedelta(seconds=120) and webhooks.backoff(30).total_seconds() == 6 * 3600


def test_an_unreachable_receiver_gives_up_after_the_last_attempt(db, receiver):
    subscribe(db, "http://127.0.0.1:9/nothing-listens-here")
    with db.session() as s:
        events.queue_webhook(s, "initiative.recognised", {"id": 7})
    at = dt.datetime.now(dt.UTC)
    for _ in range(webhooks.MAX_ATTEMPTS):
        at += dt.timedelta(hours=7)
        with clock.frozen(at):
            webhooks.deliver_due(db)
    with db.read_session() as s:
        delivery = s.scalars(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.attempts) == ("failed", webhooks.MAX_ATTEMPTS) and delivery.last_error


def test_subscriptions_are_checked_audited_and_revocable(db, receiver):
    with db.session() as s:
        for url in ("ftp://example.org/x", "javascript:alert(1)", ""):
            with pytest.raises(ValidationError):
                webhooks.create_subscription(session=s, actor=SYSTEM, name="X", url=url, events=["award_list.approved"])
        with pytest.raises(ValidationError):
            webhooks.create_subscription(session=s, actor=SYSTEM, name="X", url=receiver.url, events=["nope"],
                                         allow_private=True)
    subscribe(db, receiver.url)
    with db.session() as s:
        events.queue_webhook(s, "award_list.approved", {"id": 3})
        subscription_id = webhooks.list_subscriptions(session=s, actor=SYSTEM)[0]["id"]
        webhooks.revoke_subscription(session=s, actor=SYSTEM, subscription_id=subscription_id)
    run_worker(db)
    assert receiver.requests == []
    with db.read_session() as s:
        actions = s.scalars(select(AuditLog.action).where(AuditLog.action.like("api.webhook.%"))).all()
        assert sorted(actions) == ["api.webhook.create", "api.webhook.revoke"]
        assert s.scalars(select(WebhookDelivery.status)).all() == ["failed"]
