"""Account page: one e-mail choice per notification kind with Vietnamese labels, saved for the signed-in person."""
from __future__ import annotations

from sqlalchemy import select

from ideas.core.models import UserMailPref
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user


def _account_page(db, *, email: str | None):
    with db.session() as session:
        unit = make_unit(session)
        make_user(session, unit=unit, roles=[("admin", None)], password=None)  # the first run is over
        user = make_user(session, unit=unit)
        user.email = email
    at = signed_in_app(db, user)
    at.switch_page("pages/account.py").run()
    assert not at.exception
    return at, user


def test_choices_are_shown_in_vietnamese_and_saved(app_env):
    at, user = _account_page(app_env, email="lan@example.vn")
    assert any(h.value == "Nhận thông báo qua thư điện tử" for h in at.subheader)
    due = at.selectbox(key="mail_pref_review.due")
    assert due.label == "Nhắc hạn chấm" and due.value == "immediate"
    assert due.options == ["Gửi thư ngay", "Gộp vào thư tóm tắt hằng ngày",
                           "Không gửi thư"]
    due.set_value("digest")
    at.selectbox(key="mail_pref_review.assigned").set_value("none")
    at.button(key="FormSubmitter:mail_prefs-Lưu cách nhận thư").click().run()
    assert not at.exception
    with app_env.read_session() as session:
        saved = dict(session.execute(select(UserMailPref.kind, UserMailPref.mode)
                                     .where(UserMailPref.user_id == user.id)).all())
    assert saved == {"review.due": "digest", "review.assigned": "none"}
    assert at.selectbox(key="mail_pref_review.due").value == "digest"


def test_a_person_without_an_address_is_told(app_env):
    at, _ = _account_page(app_env, email=None)
    assert any("chưa có địa chỉ thư điện tử" in info.value for info in at.info)
