"""Browser at 390 px: the public registry and a certificate's page do not scroll sideways (rows become cards);
"Sáng kiến của tôi" shows its key columns only on a phone and the whole table at 1440 px."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from st_helpers import goto, login, shot, wait_idle

pytestmark = pytest.mark.e2e

LONG_TITLE = ("Phân công công chức theo vị trí việc làm bằng bảng ma trận kỹ năng tại bộ phận tiếp nhận và trả kết quả "
              "của Ủy ban nhân dân thị xã Bình Sơn")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def _context(browser, base_url, viewport):
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="vi-VN")
    context.set_default_timeout(20_000)
    return context


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_public_pages_fit_a_phone(browser, base_url, e2e_db):
    from tests.support.factories.accounts import make_unit, make_user
    from tests.support.factories.review import certified

    with e2e_db.session() as s:
        unit = make_unit(s, name="Ủy ban nhân dân thị xã Bình Sơn")
        authors = [make_user(s, unit=unit, full_name=name) for name in ("Nguyễn Thị Minh Khai", "Trần Quốc Toản")]
        _, _, certificate = certified(s, title=LONG_TITLE, unit=unit, authors=authors, decided_on=dt.date(2026, 7, 14))
        code = certificate.verification_code
    context = _context(browser, base_url, PHONE)
    page = context.new_page()
    page.goto("/registry")
    expect(page.get_by_role("heading", name="Danh mục sáng kiến được công nhận")).to_be_visible()
    expect(page.get_by_text(LONG_TITLE)).to_be_visible()
    assert _scroll_width(page) <= 392
    shot(page, "narrow-01-registry-390")
    page.goto(f"/verify/{code}")
    expect(page.get_by_text(LONG_TITLE).first).to_be_visible()
    assert _scroll_width(page) <= 392
    shot(page, "narrow-02-verify-390")
    context.close()


def test_my_files_show_key_columns_on_a_phone(browser, base_url, admin_account, e2e_db):
    from tests.support.factories.accounts import PASSWORD, make_unit, make_user
    from tests.support.factories.review import make_campaign, make_idea

    with e2e_db.session() as s:
        unit = make_unit(s, name="Phường Hòa Bình")
        owner = make_user(s, unit=unit, full_name="Lý Thị Narrow", password=PASSWORD)
        make_idea(s, campaign=make_campaign(s, unit=unit), unit=unit, owner=owner, title=LONG_TITLE)
        username = owner.username
    for viewport, shown, hidden in ((PHONE, "phone", "wide"), (DESKTOP, "wide", "phone")):
        context = _context(browser, base_url, viewport)
        page = context.new_page()
        login(page, username, PASSWORD)
        goto(page, "/ideas_mine")
        wait_idle(page)
        expect(page.locator(f".st-key-table_{shown}_mine [data-testid='stDataFrame']")).to_be_visible()
        expect(page.locator(f".st-key-table_{hidden}_mine")).to_be_hidden()
        assert _scroll_width(page) <= viewport["width"] + 2
        shot(page, f"narrow-03-mine-{viewport['width']}")
        context.close()
