"""E-mail: outbox queued with the inbox event, sent by the worker to a real SMTP server, retries, crash, digests."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from ideas.accounts import mail, mail_worker
from ideas.core import clock, events
from ideas.core.db import PROJECT_ROOT
from ideas.core.errors import ValidationError
from ideas.core.models import AuditLog, MailOutbox, Notification, User
from ideas.core.settings import mail_settings
from ideas.filing import coauthors, submissions
from ideas.tooling.cli import main as cli_main
from tests.support import launch, mail_server
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import make_campaign, make_draft, person

BASE = "https://sangkien.example.vn"
T0 = dt.datetime(2026, 3, 10, 9, 0)  # Vietnam time


@pytest.fixture
def smtp(monkeypatch):
    controller, recorder = mail_server.start()
    monkeypatch.setenv("IDEAS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("IDEAS_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("IDEAS_SMTP_STARTTLS", "false")
    monkeypatch.setenv("IDEAS_SMTP_FROM", "Sáng kiến CCHC <sang-kien@example.vn>")
    monkeypatch.setenv("IDEAS_BASE_URL", BASE)
    monkeypatch.delenv("IDEAS_SMTP_USER", raising=False)
    yield recorder
    controller.stop()


def _reader(db, *, email: str | None = "lan@example.vn", **prefs: str) -> int:
    with db.session() as session:
        user = person(session, unit=make_unit(session), full_name="Trần Thị Lan")
        user.email = email
        if prefs:
            mail.save_preferences(session=session, actor=user, modes=prefs)
        return user.id


def _notify(db, user_id: int, *, kind: str = "review.due", title: str = "Một cửa số") -> int:
    with db.session() as session:
        note = events.notify(session=session, user_id=user_id, kind=kind, message_key="inbox.msg.due",
                            title=title, due="2026-03-20")
        session.flush()
        return note.id


def _rows(db) -> list[MailOutbox]:
    with db.read_session() as session:
        return list(session.scalars(select(MailOutbox).order_by(MailOutbox.id)))


def test_a_filed_idea_reaches_the_coauthor_by_mail_in_vietnamese_with_a_link(db, smtp):
    with db.session() as session:
        unit = make_unit(session)
        owner, co = person(session, unit=unit), person(session, unit=unit, full_name="Lê Văn Bình")
        co.email = "binh@example.vn"
        campaign = make_campaign(session)
        idea = make_draft(session, owner=owner, campaign=campaign, authors=[(owner.id, 60), (co.id, 40)])
        coauthors.respond(session=session, actor=co, idea_id=idea.id, accept=True)
        submissions.submit(session=session, actor=owner, idea_id=idea.id)
        idea_id = idea.id
    assert [r.status for r in _rows(db)] == ["queued", "queued"]

    report = mail_worker.run_once(db)

    assert len(report.sent) == 2 and not report.retried and not report.failed
    subjects = [m["Subject"] for m in smtp.received]
    assert subjects == ["[Sáng kiến CCHC] Mời làm đồng tác giả", "[Sáng kiến CCHC] Hồ sơ sáng kiến được nộp"]
    submitted = smtp.received[1]
    assert submitted["To"] == "binh@example.vn" and submitted["X-Envelope-To"] == "binh@example.vn"
    body = mail_server.text_of(submitted)
    assert body.startswith("Kính gửi Lê Văn Bình,")
    assert "Số hoá hồ sơ một cửa cấp xã" in body
    assert f"Xem hồ sơ: {BASE}/ideas_mine?idea={idea_id}&step=mine" in body  # the file and action of the message
    invitation = mail_server.text_of(smtp.received[0])
    assert f"{BASE}/ideas_detail?idea={idea_id}&step=consent" in invitation
    assert f"{BASE}/account" in body
    rows = _rows(db)
    assert [r.status for r in rows] == ["sent", "sent"] and all(r.sent_at for r in rows)
    assert submitted["Message-ID"] == f"<outbox-{rows[1].id}@example.vn>"
    assert [r.dedupe_key for r in rows] == [f"note:{r.notification_id}" for r in rows]
    assert mail_worker.run_once(db).sent == []  # nothing twice
    assert len(smtp.received) == 2


def test_the_mail_rolls_back_with_the_event(db, smtp):
    user_id = _reader(db)
    with pytest.raises(RuntimeError), db.session() as session:
        events.notify(session=session, user_id=user_id, kind="review.due", message_key="inbox.msg.due",
                     title="X", due="2026-03-20")
        raise RuntimeError("the action fails after notifying")
    assert _rows(db) == []


def test_no_address_none_and_digest_queue_nothing_at_once(db, smtp):
    no_address = _reader(db, email=None)
    silent = _reader(db, email="im@example.vn", **{"review.due": "none"})
    daily = _reader(db, email="ngay@example.vn", **{"review.due": "digest"})
    for user_id in (no_address, silent, daily):
        _notify(db, user_id)
    assert _rows(db) == []
    with db.read_session() as session:  # the inbox still has every message
        assert session.scalar(select(func.count()).select_from(Notification)) == 3
    assert mail_worker.run_once(db).sent == [] and smtp.received == []


def test_nothing_is_queued_without_an_smtp_host(db, monkeypatch):
    monkeypatch.delenv("IDEAS_SMTP_HOST", raising=False)
    monkeypatch.setattr("ideas.core.settings.SECRETS_FILE", PROJECT_ROOT / "no-such-secrets.toml")
    _notify(db, _reader(db))
    assert _rows(db) == []


def test_a_refusing_server_means_retries_with_growing_waits(db, smtp):
    user_id = _reader(db)
    with clock.frozen(T0):
        _notify(db, user_id)
    smtp.refuse = 2
    start = clock.to_utc(T0)
    with clock.frozen(T0):
        report = mail_worker.run_once(db)
    assert report.retried and smtp.received == []
    (row,) = _rows(db)
    assert (row.status, row.attempts, row.next_attempt_at) == ("queued", 1, start + dt.timedelta(minutes=1))
    assert row.last_error.startswith("recipients refused") and "451" in row.last_error
    with clock.frozen(T0 + dt.timedelta(seconds=59)):
        assert mail_worker.run_once(db).retried == []  # not due yet
    with clock.frozen(T0 + dt.timedelta(minutes=1)):
        mail_worker.run_once(db)
    (row,) = _rows(db)
    assert (row.status, row.attempts, row.next_attempt_at) == ("queued", 2, start + dt.timedelta(minutes=3))
    with clock.frozen(T0 + dt.timedelta(minutes=3)):
        assert len(mail_worker.run_once(db).sent) == 1
    assert len(smtp.received) == 1
    (row,) = _rows(db)
    assert (row.status, row.attempts) == ("sent", 3)


def test_backoff_is_capped_and_the_last_attempt_gives_up(db, smtp):
    assert [mail_worker.backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    user_id = _reader(db)
    with clock.frozen(T0):
        _notify(db, user_id)
    smtp.refuse = 10_000
    at = T0
    for _ in range(mail_worker.MAX_ATTEMPTS):
        with clock.frozen(at):
            mail_worker.run_once(db)
        at += dt.timedelta(hours=2)
    (row,) = _rows(db)
    assert (row.status, row.attempts) == ("failed", mail_worker.MAX_ATTEMPTS)
    with clock.frozen(at):
        assert mail_worker.run_once(db).retried == []
    assert smtp.received == []


def test_survives_a_crash_between_send_and_mark(db, smtp):
    """At-least-once: the row is re-sent only after its lease, with the same Message-ID so clients dedupe."""
    user_id = _reader(db)
    with clock.frozen(T0):
        _notify(db, user_id)
        settings = mail_settings()
        (item,) = mail_worker.claim(db)
        server = mail_worker.connect(settings)
        with pytest.raises(SystemExit):  # the worker dies after the server accepted, before mark_sent
            server.send_message(mail_worker.build_message(item, settings))
            raise SystemExit("killed")
        server.close()
    (row,) = _rows(db)
    assert row.status == "sending" and len(smtp.received) == 1
    with clock.frozen(T0 + mail_worker.LEASE - dt.timedelta(seconds=1)):
        report = mail_worker.run_once(db)  # the lease still holds: another worker must not send it
    assert report.reclaimed == 0 and report.sent == [] and len(smtp.received) == 1
    with clock.frozen(T0 + mail_worker.LEASE + dt.timedelta(seconds=1)):
        report = mail_worker.run_once(db)
    assert report.reclaimed == 1 and report.sent == [row.id]
    first, second = smtp.received
    assert first["Message-ID"] == second["Message-ID"] == f"<outbox-{row.id}@example.vn>"
    assert mail_server.text_of(first) == mail_server.text_of(second)
    (row,) = _rows(db)
    assert (row.status, row.attempts) == ("sent", 2)
    # and the lost worker, coming back, cannot mark a row it no longer owns
    assert mail_worker.mark_sent(db, item) is False


def test_two_workers_never_take_the_same_row(db, smtp):
    user_id = _reader(db)
    for n in range(12):
        _notify(db, user_id, title=f"Sáng kiến {n}")
    taken: list[list[int]] = [[], []]

    def worker(slot: int) -> None:
        while items := mail_worker.claim(db, limit=1):
            taken[slot].extend(item.id for item in items)

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(taken[0]) & set(taken[1])
    assert sorted(taken[0] + taken[1]) == [r.id for r in _rows(db)]


def test_daily_digest_one_message_per_person_and_day(db, smtp):
    user_id = _reader(db, **{"review.due": "digest", "review.assigned": "none"})
    day = T0.date()
    with clock.frozen(T0):
        _notify(db, user_id, title="Sáng kiến A")
        _notify(db, user_id, title="Sáng kiến B")
        _notify(db, user_id, kind="review.assigned", title="Không gửi")
        _notify(db, user_id, kind="review.accepted", title="Gửi ngay")
        assert len(mail_worker.run_once(db).sent) == 1  # only the immediate kind
    with clock.frozen(dt.datetime.combine(day, dt.time(23, 59))):
        _notify(db, user_id, title="Sáng kiến C")  # still that Vietnam day (16:59 UTC)
    with clock.frozen(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(6, 59))):
        assert mail_worker.run_once(db).digests == 0  # before the send hour
        _notify(db, user_id, title="Ngày hôm sau")
    with clock.frozen(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(7, 0))):
        report = mail_worker.run_once(db)
        again = mail_worker.run_once(db)
    assert report.digests == 1 and len(report.sent) == 1 and again.digests == 0 and again.sent == []
    digest = smtp.received[-1]
    assert len(smtp.received) == 2
    assert digest["Subject"] == "[Sáng kiến CCHC] Tóm tắt thông báo ngày 10/03/2026"
    body = mail_server.text_of(digest)
    assert "Ngày 10/03/2026 bạn có 3 thông báo:" in body
    assert body.index("Sáng kiến A") < body.index("Sáng kiến B") < body.index("Sáng kiến C")
    assert "Không gửi" not in body and "Gửi ngay" not in body and "Ngày hôm sau" not in body
    assert "20/03/2026" in body  # ISO dates shown the Vietnamese way
    (key,) = [r.dedupe_key for r in _rows(db) if r.kind == "digest"]
    assert key == f"digest:{user_id}:2026-03-10"


def test_preferences_are_checked_and_audited(db):
    user_id = _reader(db)
    with db.session() as session:
        user = session.get(User, user_id)
        assert mail.preferences(session=session, actor=user).modes["review.due"] == "immediate"
        changed = mail.save_preferences(session=session, actor=user,
                                        modes={"review.due": "digest", "review.accepted": "immediate"})
        assert changed == ["review.due"]
        with pytest.raises(ValidationError) as caught:
            mail.save_preferences(session=session, actor=user, modes={"review.due": "weekly"})
        assert caught.value.key == "mail.error.mode"
        with pytest.raises(ValidationError):
            mail.save_preferences(session=session, actor=user, modes={"no.such": "none"})
        assert mail.preferences(session=session, actor=user).modes["review.due"] == "digest"
        actions = list(session.scalars(select(AuditLog.action).where(AuditLog.action == "mail.preferences")))
    assert actions == ["mail.preferences"]


def test_user_text_is_escaped_in_the_html_part(db, smtp):
    _notify(db, _reader(db), title='<script>alert("x")</script>')
    mail_worker.run_once(db)
    html_part = smtp.received[0].get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html_part and "&lt;script&gt;" in html_part


def test_cli_runs_one_pass(db, smtp, capsys):
    _notify(db, _reader(db))
    assert cli_main(["--database-url", db.url, "mail", "run", "--once"]) == 0
    assert "sent 1" in capsys.readouterr().out and len(smtp.received) == 1


def test_settings_come_from_the_environment_or_the_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('IDEAS_SMTP_HOST = "smtp.tinh.gov.vn"\nIDEAS_SMTP_STARTTLS = "true"\n'
                       'IDEAS_SMTP_USER = "sangkien"\n', encoding="utf-8")
    settings = mail_settings({"IDEAS_SMTP_USER": "env-user"}, secrets)
    assert (settings.host, settings.port, settings.starttls, settings.user) == ("smtp.tinh.gov.vn", 587, True,
                                                                                 "env-user")
    assert not mail_settings({}, tmp_path / "none.toml").enabled


def test_a_locked_row_is_skipped_not_waited_for_on_postgresql(db, smtp):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the conditional UPDATE claims there")
    user_id = _reader(db)
    for n in range(3):
        _notify(db, user_id, title=f"Sáng kiến {n}")
    first, *others = [r.id for r in _rows(db)]
    with db.session() as holder:  # another worker is in the middle of claiming the first row
        holder.execute(select(MailOutbox.id).where(MailOutbox.id == first).with_for_update())
        taken = [item.id for item in mail_worker.claim(db, limit=5)]
    assert taken == others


def test_templates_in_english_and_for_kinds_added_later(db):
    from ideas.accounts import mail_templates

    user = User(full_name="Trần Thị Lan")
    english = mail_templates.notification(user=user, kind="review.due", message_key="inbox.msg.due",
                                          params={"title": "One stop", "due": "2026-03-20"}, idea_id=7,
                                          base_url=BASE + "/", lang="en")
    assert english.subject == "[CCHC initiatives] Review deadline reminder"
    assert english.text.startswith("Dear Trần Thị Lan,") and f"Open the file: {BASE}/ideas_detail?id=7" in english.text
    other = mail_templates.notification(user=user, kind="followup.reminder", message_key="inbox.msg.due",
                                        params={"title": "X", "due": "2026-03-20"}, idea_id=None, base_url=BASE,
                                        lang="vi")
    assert other.subject == "[Sáng kiến CCHC] Thông báo mới" and "Xem hồ sơ" not in other.text


def test_a_broken_address_fails_that_row_only(db, smtp):
    bad = _reader(db, email="lan@example.vn\r\nBcc: ke-gian@example.com")
    unknown = _reader(db, email="khong-co-a-cong")
    good = _reader(db, email="binh@example.vn")
    for user_id in (bad, unknown, good):
        _notify(db, user_id)
    report = mail_worker.run_once(db)
    assert len(report.failed) == 2 and len(report.sent) == 1
    assert [m["To"] for m in smtp.received] == ["binh@example.vn"]
    statuses = {r.user_id: (r.status, r.last_error or "") for r in _rows(db)}
    assert statuses[bad][0] == "failed" and statuses[bad][1].startswith("unusable message")
    assert statuses[unknown][0] == "failed" and "550" in statuses[unknown][1]  # permanent: no retry


def test_a_relay_that_is_down_means_a_retry_not_a_loss(db, smtp, monkeypatch):
    with clock.frozen(T0):
        _notify(db, _reader(db))
        monkeypatch.setenv("IDEAS_SMTP_PORT", str(launch.free_port()))  # nothing listens there
        report = mail_worker.run_once(db)
    assert len(report.retried) == 1 and not report.failed
    (row,) = _rows(db)
    assert (row.status, row.attempts) == ("queued", 1) and "ConnectionRefusedError" in row.last_error


def test_the_worker_process_loops_until_interrupted(db, smtp, tmp_path):
    import signal
    import sys
    import time

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 60  # generous: the worker's start-up alone takes seconds on a busy machine
        while len(smtp.received) < count and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(smtp.received) == count, launch.tail(log)

    _notify(db, _reader(db))
    log = tmp_path / "worker.log"
    # started with SIGINT ignored, as a background job of a non-interactive shell (a CI runner) starts it
    command = ["bash", "-c", 'trap "" INT; exec "$@"', "worker",
               sys.executable, "-m", "ideas", "--database-url", db.url, "mail", "run", "--interval", "0.2"]
    with launch.running(command, log_path=log, cwd=PROJECT_ROOT) as worker:  # ended however the test ends
        wait_for(1)
        _notify(db, _reader(db, email="binh@example.vn"))  # a later event is picked up by a later pass
        wait_for(2)
        assert [m["To"] for m in smtp.received] == ["lan@example.vn", "binh@example.vn"]
        worker.send_signal(signal.SIGINT)  # what the systemd unit's KillSignal sends
        assert worker.wait(timeout=60) == 0, launch.tail(log)
