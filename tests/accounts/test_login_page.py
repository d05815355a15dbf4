"""Login and setup pages: no uploader before sign-in, one message for every refusal, failures kept without help."""
from __future__ import annotations

from sqlalchemy import select

from ideas.core.models import RateCounter
from tests.support.apptest import app_test
from tests.support.factories.accounts import PASSWORD, make_unit, make_user


def _login(at, username: str, password: str):
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def test_setup_page_offers_no_upload(app_env):
    at = app_test().run()
    assert at.title[0].value == "Thiết lập ban đầu"
    assert not at.get("file_uploader")


def test_login_page_offers_no_upload_and_one_message_for_every_refusal(app_env):
    with app_env.session() as s:
        make_user(s, unit=make_unit(s), username="quan.tri", roles=[("admin", None)])
    at = app_test().run()
    assert at.title[0].value == "Đăng nhập" and not at.get("file_uploader")
    wrong = _login(at, "quan.tri", "sai-mat-khau-9").error[0].value
    unknown = _login(at, "khong.co.ai", "sai-mat-khau-9").error[0].value
    assert wrong == unknown == "Tên đăng nhập hoặc mật khẩu không đúng."
    with app_env.read_session() as s:  # the page passed nothing special: the service kept the failures
        keys = set(s.scalars(select(RateCounter.key).where(RateCounter.hits > 0)))
    assert {"u:quan.tri", "u:khong.co.ai"} <= keys


def test_right_password_signs_in_with_a_claim_bound_to_the_planted_nonce(app_env):
    with app_env.session() as s:
        make_user(s, unit=make_unit(s), username="quan.tri", roles=[("admin", None)])
    at = _login(app_test().run(), "quan.tri", PASSWORD)
    assert not at.error and at.session_state["auth_token"]
    assert len(at.session_state["prelogin_nonce"]) >= 32
