"""An idle session ends on the login page with a message saying why (and after how many minutes)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ideas.core.models import AuthSession
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import make_unit, make_user


def test_an_idle_session_ends_on_the_login_page_saying_why(app_env):
    with app_env.session() as s:
        make_user(s, roles=[("admin", None)], password=None)
        person = make_user(s, unit=make_unit(s), full_name="Người Ngồi Lâu")
    at = signed_in_app(app_env, person)
    assert at.title[0].value != "Đăng nhập"
    with app_env.session() as s:
        for row in s.scalars(select(AuthSession)):
            row.last_seen_at -= dt.timedelta(hours=9)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Đăng nhập"
    said = [shown(w.value) for w in at.warning]
    assert any("không thao tác quá" in text and "phút" in text for text in said), said
    at.run()  # still said on the next run (the cookie of the ended session is still there in a browser)
    assert at.title[0].value == "Đăng nhập"


def test_a_fresh_visit_to_the_login_page_says_nothing_about_a_session(app_env):
    from tests.support.apptest import app_test

    with app_env.session() as s:
        make_user(s, roles=[("admin", None)], password=None)
    at = app_test().run()
    assert at.title[0].value == "Đăng nhập" and not at.warning
