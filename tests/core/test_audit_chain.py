"""The audit hash chain: intact logs verify; hand edits and deletions are named by `python -m ideas audit verify`."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import text

from ideas.core import admin_audit_view, audit, clock
from ideas.tooling.cli import main as cli_main
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user


def _fill(db, n: int = 6) -> None:
    with db.session() as s:
        admin = make_user(s, unit=make_unit(s), roles=[("admin", None)], password=None)
        for i in range(n):
            audit.record(session=s, actor=admin, action="test.event", entity="thing", entity_id=i,
                         details={"i": i, "text": "<script>alert(1)</script> Tiếng Việt"})


def _verify(db, capsys) -> tuple[int, str]:
    code = cli_main(["--database-url", db.url, "audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _seq_id(db, seq: int) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT id FROM audit_log WHERE seq = :s"), {"s": seq}).scalar_one()


def test_intact_log_verifies(db, capsys):
    _fill(db)
    code, out = _verify(db, capsys)
    assert code == 0, out
    assert "nguyên vẹn" in out


def test_empty_log_verifies(db, capsys):
    assert _verify(db, capsys)[0] == 0


def test_edited_row_is_named(db, capsys):
    _fill(db)
    row_id = _seq_id(db, 4)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET details = '{\"i\": 99}' WHERE seq = 4"))
    code, out = _verify(db, capsys)
    assert code == 1
    assert "dòng số 4" in out and f"id {row_id}" in out and "bị sửa" in out


def test_edited_row_with_recomputed_hash_breaks_the_next_link(db, capsys):
    _fill(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET action = 'x', hash = 'f00' WHERE seq = 3"))
    code, out = _verify(db, capsys)
    assert code == 1 and "dòng số 3" in out


def test_deleted_row_is_named(db, capsys):
    _fill(db)
    next_id = _seq_id(db, 4)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    code, out = _verify(db, capsys)
    assert code == 1
    assert "dòng số 3" in out and f"id {next_id}" in out and "bị xoá" in out


def test_deleted_last_row_is_detected_through_the_head(db, capsys):
    _fill(db)
    with db.engine.begin() as conn:
        top = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
        conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": top})
    code, out = _verify(db, capsys)
    assert code == 1 and f"dòng số {top}" in out


def test_failed_action_leaves_no_audit_row(db):
    _fill(db, 1)
    with db.read_session() as s:
        before = audit.count_rows(s)
    try:
        with db.session() as s:
            audit.record(session=s, actor=None, action="test.rolled_back", entity="thing")
            raise RuntimeError("the action failed after writing")
    except RuntimeError:
        pass
    with db.read_session() as s:
        assert audit.count_rows(s) == before
        assert audit.verify_chain(session=s) is None


def test_search_filters_and_paginates_in_sql(db):
    _fill(db, 30)
    with db.read_session() as s:
        admin = s.execute(text("SELECT id FROM users")).scalar_one()
        from ideas.core.models import User

        actor = s.get(User, admin)
        page, total = admin_audit_view.search_audit(s, actor=actor, action="test.", limit=10, offset=10)
        assert total == 30 and len(page) == 10
        assert list(page.seq) == sorted(page.seq, reverse=True)
        one, total_one = admin_audit_view.search_audit(s, actor=actor, entity="thing", entity_id="7")
        assert total_one == 1 and '"i": 7' in one.details.iloc[0]
        today = clock.today()
        _, in_range = admin_audit_view.search_audit(s, actor=actor, date_from=today - dt.timedelta(days=1),
                                                    date_to=today + dt.timedelta(days=1))
        _, out_of_range = admin_audit_view.search_audit(s, actor=actor, date_to=today - dt.timedelta(days=2))
        assert in_range >= 30 and out_of_range == 0
        _, by_actor = admin_audit_view.search_audit(s, actor=actor, actor_text=actor.full_name.upper())
        assert by_actor >= 30


def test_admin_page_filters_and_shows_details_as_data(app_env):

    _fill(app_env, 3)
    with app_env.session() as s:
        admin = make_user(s, unit=make_unit(s), roles=[("admin", None)])
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_audit.py").run()
    assert not at.exception
    at.selectbox(key="audit_action").select("test.event").run()
    assert not at.exception
    frame = at.dataframe[0].value
    # An action without a label reads as "other", never its code; details are text lines, not JSON.
    assert len(frame) == 3 and set(frame.action) == {"Hành động khác (test)"}
    assert "text: <script>alert(1)</script> Tiếng Việt" in frame.details.iloc[0]
    assert not frame.details.str.contains("{", regex=False).any()
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", at) for at in frame["at"])
    assert not any("<script>" in m.value for m in at.markdown)
    at.button(key="audit_verify").click().run()
    assert any("nguyên vẹn" in m.value for m in at.success)


def test_actions_read_as_labels_and_date_filters_use_vietnam_days(db):
    from ideas.core import clock
    from ideas.core.models import User

    with db.session() as s:
        admin = make_user(s, unit=make_unit(s), roles=[("admin", None)], password=None)
        # 23:30 UTC on 1 March is 06:30 on 2 March in Vietnam.
        with clock.frozen(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)):
            audit.record(session=s, actor=admin, action="idea.submit", entity="idea", entity_id=1,
                         details={"from": "draft", "to": "submitted", "reason": None})
            audit.record(session=s, actor=admin, action="auth.login", entity="user", entity_id=admin.id)
    with db.read_session() as s:
        actor = s.get(User, admin.id)
        frame, total = admin_audit_view.search_audit(s, actor=actor, date_from=dt.date(2026, 3, 2),
                                                     date_to=dt.date(2026, 3, 2))
        _, on_first = admin_audit_view.search_audit(s, actor=actor, date_from=dt.date(2026, 3, 1),
                                                    date_to=dt.date(2026, 3, 1))
    assert (total, on_first) == (2, 0)
    shown = admin_audit_view.readable(frame, "vi").set_index("entity")
    assert shown.loc["user", "action"] == "Đăng nhập"
    assert shown.loc["idea", "action"] == "Sáng kiến: Bản nháp → Đã nộp"
    assert shown.loc["idea", "at"] == "02/03/2026 06:30"
    assert shown.loc["idea", "details"] == "from: draft\nto: submitted"
