"""Browser: first-run setup, login, persistent cookie across reloads and tabs, logout, delays, login CSRF."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from st_helpers import click, expect_text, expect_title, fill, goto, login, logout, main, new_context, shot

pytestmark = pytest.mark.e2e

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
RESTING = "Đã đăng nhập sai nhiều lần. Vui lòng thử lại sau"


def test_first_run_setup_creates_the_administrator(admin_account, e2e_db):
    from ideas.accounts import users

    with e2e_db.read_session() as session:
        assert users.has_admin(session)
        assert users.by_username(session, admin_account["username"]) is not None


def test_login_persists_across_reload_and_tabs_until_logout(browser, base_url, admin_account):
    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, admin_account["username"], admin_account["password"])
    expect_title(page, "Trang chủ")
    expect_text(page, f"Xin chào {admin_account['full_name']}.")
    assert any(c["name"] == "sk_session" and c["httpOnly"] for c in context.cookies())
    shot(page, "03-home-admin")

    page.reload()
    page.wait_for_load_state()
    goto(page, "/")
    expect_text(page, f"Xin chào {admin_account['full_name']}.")

    other_tab = context.new_page()
    goto(other_tab, "/")
    expect_text(other_tab, f"Xin chào {admin_account['full_name']}.")
    other_tab.close()

    logout(page)
    expect_title(page, "Đăng nhập")
    assert not any(c["name"] == "sk_session" for c in context.cookies())
    page.reload()
    goto(page, "/")
    expect_title(page, "Đăng nhập")
    context.close()


def test_wrong_password_then_a_growing_delay_after_five_tries(browser, base_url, admin_account, e2e_db):
    from ideas.accounts import users

    with e2e_db.session() as session:
        users.create_user(session=session, actor=None, username="canbo.khoa", full_name="Trần Văn Khoá",
                             password="Mat-khau-dung-2026", check=False)
    context = new_context(browser, base_url)
    page = context.new_page()
    goto(page, "/")
    for attempt in range(1, 6):
        fill(page, "Tên đăng nhập", "canbo.khoa")
        fill(page, "Mật khẩu", f"sai-mat-khau-{attempt}")
        click(page, "Đăng nhập")
        if attempt == 1:
            expect_text(page, WRONG)
            shot(page, "04-login-wrong-password")
    expect_text(page, RESTING)
    shot(page, "05-login-locked")
    # Even the right password is not checked while the name rests: it reveals nothing.
    fill(page, "Mật khẩu", "Mat-khau-dung-2026")
    click(page, "Đăng nhập")
    expect_text(page, RESTING)
    expect(main(page).locator("h1").first).to_have_text("Đăng nhập")
    context.close()


def test_a_claim_token_from_another_browser_does_not_sign_in(browser, base_url, admin_account, e2e_db):
    """Login CSRF: the attacker's own unfinished login, replayed in the victim's browser, signs nobody in."""
    from ideas.accounts import users

    attacker = new_context(browser, base_url)
    login_page = attacker.new_page()
    goto(login_page, "/")  # the login page plants the attacker's pre-login nonce, from a script that runs after it
    login_page.wait_for_function("() => document.cookie.includes('sk_prelogin=')")
    nonce = next(c["value"] for c in attacker.cookies() if c["name"] == "sk_prelogin")
    with e2e_db.session() as session:
        users.create_user(session=session, actor=None, username="ke.tan.cong", full_name="Kẻ Tấn Công",
                          password="Mat-khau-ke-gian-2026", check=False)
    with e2e_db.session() as session:
        result = users.login(session=session, username="ke.tan.cong", password="Mat-khau-ke-gian-2026",
                             nonce=nonce)
    victim = new_context(browser, base_url)
    page = victim.new_page()
    goto(page, "/")
    page.goto(f"/auth/claim?t={result.claim_token}")
    page.wait_for_load_state()
    goto(page, "/")
    expect_title(page, "Đăng nhập")
    assert not any(c["name"] == "sk_session" for c in victim.cookies())
    attacker.close()
    victim.close()


def test_a_known_browser_signs_in_while_its_name_rests_for_everyone_else(browser, base_url, admin_account, e2e_db):
    """Device cookie: the HttpOnly cookie /auth/claim gave this browser reaches the login page's service."""
    from ideas.accounts import users
    from ideas.core.errors import AuthenticationError

    with e2e_db.session() as session:
        users.create_user(session=session, actor=None, username="canbo.thietbi", full_name="Đỗ Thị Thiết",
                          password="Mat-khau-dung-2026", check=False)
    owner = new_context(browser, base_url)
    page = owner.new_page()
    login(page, "canbo.thietbi", "Mat-khau-dung-2026")
    expect_title(page, "Trang chủ")
    assert any(c["name"] == "sk_device" and c["httpOnly"] for c in owner.cookies())
    logout(page)
    for attempt in range(12):  # someone at the same address guesses the password
        # (Streamlit gives no ip_address on loopback: the page's client is then "-")
        with pytest.raises(AuthenticationError), e2e_db.session() as session:
            users.login(session=session, username="canbo.thietbi", password=f"doan-{attempt}-mat-khau",
                        client="-" if attempt % 2 else "127.0.0.1")
    stranger = new_context(browser, base_url)
    other = stranger.new_page()
    goto(other, "/")
    fill(other, "Tên đăng nhập", "canbo.thietbi")
    fill(other, "Mật khẩu", "Mat-khau-dung-2026")
    click(other, "Đăng nhập")
    expect_text(other, RESTING)  # a browser never used for this account waits, like the guesser
    login(page, "canbo.thietbi", "Mat-khau-dung-2026")  # the owner's browser gets in at once
    expect_title(page, "Trang chủ")
    owner.close()
    stranger.close()
