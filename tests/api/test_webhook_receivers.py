"""One bad webhook receiver cannot stop the worker: garbage, silence, redirects, TLS errors and poisoned URLs fail
only their own deliveries; subscription URLs are checked and private addresses need the administrator's opt-in."""
from __future__ import annotations

import datetime as dt
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from ideas.api import admin_api_view, webhooks
from ideas.core import clock, events
from ideas.core.errors import ValidationError
from ideas.core.models import WebhookDelivery, WebhookSubscription
from ideas.core.permissions import SYSTEM
from ideas.tooling import cli


class RawReceiver:
    """A TCP server that reads what arrives and answers with `reply` (bytes, or None: say nothing and hang)."""

    def __init__(self, reply: bytes | None) -> None:
        self.reply, self.connections, self.stop = reply, 0, threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/hook"
        self.held: list[socket.socket] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.settimeout(1)
            try:
                conn.recv(65536)
            except OSError:
                pass
            if self.reply is None:
                self.held.append(conn)  # never answers, never closes
            else:
                conn.sendall(self.reply)
                conn.close()

    def close(self) -> None:
        self.stop.set()
        for conn in self.held:
            conn.close()
        self.sock.close()


class Healthy:
    """A well-behaved receiver that counts the delivery ids it accepted."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                outer.ids.append(self.headers["X-Ideas-Delivery"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers():
    made = {"healthy": Healthy(),
            "garbage": RawReceiver(b"HTTP/1.1 two hundred OK\r\n\x00\x01garbage\r\n\r\n"),
            "binary": RawReceiver(b"\x16\x03\x01\x00\x02\x02\x28"),
            "hang": RawReceiver(None),
            "redirect": RawReceiver(b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\n"
                                    b"Content-Length: 0\r\n\r\n")}
    yield made
    for receiver in made.values():
        receiver.close()


def _subscribe(db, name: str, url: str) -> int:
    with db.session() as s:
        return webhooks.create_subscription(session=s, actor=SYSTEM, name=name, url=url,
                                            events=list(events.WEBHOOK_EVENTS), allow_private=True)[0].id


def _run(db, timeout: float) -> int:
    return cli.main(["--database-url", db.url, "webhooks", "run", "--once", "--timeout", str(timeout)])


def test_bad_receivers_fail_only_their_own_deliveries(db, receivers, capsys):
    ids = {name: _subscribe(db, name, receiver.url) for name, receiver in receivers.items() if name != "healthy"}
    ids["tls"] = _subscribe(db, "tls", receivers["healthy"].url.replace("http://", "https://"))
    ids["refused"] = _subscribe(db, "refused", "http://127.0.0.1:9/nothing-listens")
    with db.session() as s:  # a URL stored before the checks existed, carrying CR/LF into the request line
        poisoned = WebhookSubscription(name="poisoned", url=receivers["healthy"].url + "\r\nX-Evil: 1", secret="s",
                                       events=",".join(events.WEBHOOK_EVENTS), allow_private=True)
        s.add(poisoned)
        s.flush()
        ids["poisoned"] = poisoned.id
    ids["healthy"] = _subscribe(db, "healthy", receivers["healthy"].url)  # the newest: it waits behind all the rest
    with db.session() as s:
        for number in range(3):
            events.queue_webhook(s, "initiative.recognised", {"id": number})
    started = dt.datetime.now(dt.UTC)
    assert _run(db, timeout=3) == 0  # generous: the healthy receiver runs on a busy test machine
    assert "Traceback" not in capsys.readouterr().err
    assert (dt.datetime.now(dt.UTC) - started).total_seconds() < 12  # receivers in parallel, one timeout each
    with db.read_session() as s:
        healthy = s.execute(select(WebhookDelivery.delivery_id, WebhookDelivery.status, WebhookDelivery.last_error)
                            .where(WebhookDelivery.subscription_id == ids["healthy"])).all()
    assert [tuple(row)[1:] for row in healthy] == [("delivered", None)] * 3
    assert sorted(receivers["healthy"].ids) == sorted(row[0] for row in healthy)
    assert receivers["hang"].connections == 1  # its other two deliveries failed with it, unsent
    at = dt.datetime.now(dt.UTC)
    for _ in range(webhooks.MAX_ATTEMPTS):  # every retry, until each bad delivery has used its attempts
        at += dt.timedelta(hours=7)
        with clock.frozen(at):
            assert _run(db, timeout=1) == 0
    assert "Traceback" not in capsys.readouterr().err
    with db.read_session() as s:
        rows = s.execute(select(WebhookDelivery.subscription_id, WebhookDelivery.status, WebhookDelivery.attempts,
                                WebhookDelivery.last_error)).all()
    by_name = {name: [(status, attempts, error) for sub, status, attempts, error in rows if sub == sub_id]
               for name, sub_id in ids.items()}
    assert by_name["healthy"] == [("delivered", 1, None)] * 3
    expected = {"garbage": {"malformed"}, "binary": {"malformed", "connection"}, "hang": {"timeout"},
                "redirect": {"redirect"}, "tls": {"tls"}, "refused": {"connection"}, "poisoned": {"url"}}
    for name, errors in expected.items():  # (a binary answer and a close may reach the worker as a reset)
        assert [(status, attempts) for status, attempts, _ in by_name[name]] == [("failed", webhooks.MAX_ATTEMPTS)] * 3
        assert {error for _, _, error in by_name[name]} <= errors, name
    assert len(receivers["healthy"].ids) == 3  # the TLS and poisoned attempts never reached it as a delivery
    with db.read_session() as s:
        shown = admin_api_view.admin_api_view(session=s, actor=SYSTEM, lang="en").deliveries
    assert set(shown["Last error"]) <= {"—", "Not accepted by the receiver"}  # never the remote's words


def test_a_delivery_whose_leases_ran_out_is_failed_not_sent_forever(db, receivers):
    subscription_id = _subscribe(db, "healthy", receivers["healthy"].url)
    with db.session() as s:
        events.queue_webhook(s, "initiative.recognised", {"id": 1})
        events.queue_webhook(s, "initiative.recognised", {"id": 2})
        first = s.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).first()
        first.attempts = webhooks.MAX_ATTEMPTS  # a worker died after claiming it, lease after lease
        first.locked_until = clock.utcnow() - dt.timedelta(seconds=1)
    assert webhooks.deliver_due(db, timeout=0.5) == {"delivered": 1, "pending": 0, "failed": 1}
    with db.read_session() as s:
        rows = s.execute(select(WebhookDelivery.status, WebhookDelivery.attempts)
                         .where(WebhookDelivery.subscription_id == subscription_id)
                         .order_by(WebhookDelivery.id)).all()
    assert [tuple(r) for r in rows] == [("failed", webhooks.MAX_ATTEMPTS), ("delivered", 1)]
    assert len(receivers["healthy"].ids) == 1


@pytest.mark.parametrize("url", [
    "http://example.org/a\r\nX-Injected: 1", "http://example.org/\x00", "http://exa mple.org/", "http://exa\x85mple.org/",
    "http://user:secret@example.org/hook", "http://user@example.org/hook", "https://example.org:99999/hook",
    "https://example.org:0/", "https:///nohost", "file:///etc/passwd", "gopher://example.org/", "//example.org/x",
])
def test_malformed_subscription_urls_are_refused(db, url):
    with db.session() as s, pytest.raises(ValidationError):
        webhooks.create_subscription(session=s, actor=SYSTEM, name="X", url=url, events=["award_list.approved"],
                                     allow_private=True)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:5432/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8501/", "http://0x7f000001/",
    "http://2130706433/", "http://localhost:8501/", "http://10.1.2.3/hook", "http://192.168.1.10/", "http://172.16.0.1/",
    "http://100.64.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://[fe80::1]/", "http://[fd00::1]/",
    "http://[64:ff9b::a9fe:a9fe]/", "http://224.0.0.1/",
])
def test_private_addresses_need_the_administrators_opt_in(db, url):
    with db.session() as s:
        with pytest.raises(ValidationError) as refused:
            webhooks.create_subscription(session=s, actor=SYSTEM, name="X", url=url, events=["award_list.approved"])
        assert refused.value.key == "security_surface.webhook.private"
        subscription, _ = webhooks.create_subscription(session=s, actor=SYSTEM, name="X", url=url,
                                                       events=["award_list.approved"], allow_private=True)
        assert subscription.allow_private is True


def test_a_public_address_is_accepted_and_checked_again_when_sending(db, receivers):
    with db.session() as s:
        public, _ = webhooks.create_subscription(session=s, actor=SYSTEM, name="Cổng", url="https://93.184.215.14/x",
                                                 events=["award_list.approved"])
        assert public.allow_private is False
    # an address that was public when subscribing and points inside later (DNS rebinding) is refused at sending
    with db.session() as s:
        inside = webhooks.create_subscription(session=s, actor=SYSTEM, name="Sau", url="https://93.184.215.15/x",
                                              events=["award_list.approved"])[0]
        inside.url = receivers["healthy"].url  # as if its name resolved to 127.0.0.1 now
        s.delete(s.get(WebhookSubscription, public.id))
        events.queue_webhook(s, "award_list.approved", {"id": 1})
    webhooks.deliver_due(db, timeout=0.5)
    with db.read_session() as s:
        delivery = s.scalars(select(WebhookDelivery)).one()
        shown = admin_api_view.admin_api_view(session=s, actor=SYSTEM, lang="vi").deliveries
    assert (delivery.status, delivery.last_error) == ("pending", "address") and receivers["healthy"].ids == []
    assert list(shown["Lỗi gần nhất"]) == ["Địa chỉ bị từ chối (mạng nội bộ)"]
