"""Browser: a person chooses a daily digest for one kind of notification on the account page; it is stored."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from st_helpers import (
    click,
    eventually,
    expect_text,
    expect_title,
    goto,
    login,
    nav,
    new_context,
    select,
    shot,
    widget,
)

pytestmark = pytest.mark.e2e


def test_mail_choice_is_saved_from_the_account_page(browser, base_url, admin_account, e2e_db):
    from sqlalchemy import select as sql_select

    from ideas.accounts import users
    from ideas.core.models import UserMailPref

    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, admin_account["username"], admin_account["password"])
    nav(page, "Tài khoản của tôi")
    expect_title(page, "Tài khoản của tôi")
    expect_text(page, "Nhận thông báo qua thư điện tử")
    select(page, "Nhắc hạn chấm", "Gộp vào thư tóm tắt hằng ngày", exact=True)
    click(page, "Lưu cách nhận thư")
    shot(page, "mail-01-choices")

    def saved() -> dict:
        with e2e_db.read_session() as session:
            admin = users.by_username(session, admin_account["username"])
            return dict(session.execute(sql_select(UserMailPref.kind, UserMailPref.mode)
                                        .where(UserMailPref.user_id == admin.id)).all())

    eventually(saved)
    assert saved() == {"review.due": "digest"}
    goto(page, "/account")
    expect(widget(page, "stSelectbox", "Nhắc hạn chấm").get_by_role("combobox")).to_have_value(
        "Gộp vào thư tóm tắt hằng ngày")
    context.close()
