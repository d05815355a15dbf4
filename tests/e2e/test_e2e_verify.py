"""Browser: the login page links to the public registry; search it, follow a certificate link, read /verify/<code>."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from st_helpers import expect_title, goto, new_context, shot

pytestmark = pytest.mark.e2e

HOSTILE_TITLE = 'Một cửa <b>số</b> "liên thông" <script>document.title="x"</script>'


def test_registry_search_leads_to_a_verified_certificate(browser, base_url, admin_account, e2e_db):
    from tests.support.factories.accounts import make_unit, make_user
    from tests.support.factories.review import certified

    with e2e_db.session() as s:
        unit = make_unit(s, name="UBND xã Phong Điền")
        author = make_user(s, unit=unit, full_name="Hoàng Thị Thu")
        _, decision, certificate = certified(s, title=HOSTILE_TITLE, unit=unit, authors=[author],
                                             decided_on=dt.date(2026, 5, 20), scope="provincial")
        certified(s, title="Sổ theo dõi công văn điện tử", unit=unit, authors=[author])
        code, decision_no = certificate.verification_code, decision.number
    context = new_context(browser, base_url)
    page = context.new_page()
    goto(page, "/")
    expect_title(page, "Đăng nhập")
    link = page.get_by_role("link", name="Tra cứu danh mục sáng kiến được công nhận và xác thực giấy chứng nhận")
    expect(link).to_have_attribute("href", "/registry")
    shot(page, "verify-01-login-link")

    page.goto("/registry")
    expect(page.get_by_role("heading", name="Danh mục sáng kiến được công nhận")).to_be_visible()
    page.get_by_label("Tìm kiếm (không cần dấu)").fill("lien thong")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("1 sáng kiến", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name=HOSTILE_TITLE)).to_be_visible()  # shown as text, not markup
    shot(page, "verify-02-registry")
    page.get_by_role("link", name="Xem giấy chứng nhận").click()

    expect(page).to_have_url(f"{base_url}/verify/{code}")
    expect(page.get_by_role("heading", name="Giấy chứng nhận sáng kiến")).to_be_visible()
    for text in ("Văn bản hợp lệ: do hệ thống Sáng kiến CCHC cấp.", decision_no, "20/05/2026", "Cấp tỉnh",
                 HOSTILE_TITLE, "Hoàng Thị Thu"):
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    assert page.title().startswith("Giấy chứng nhận sáng kiến")  # the title's script never ran
    # the inline style is allowed by its hash: the banner is drawn in the page's red
    banner = page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert banner == "rgb(163, 29, 36)"
    shot(page, "verify-03-certificate")

    page.goto("/verify/AAAA-BBBB-CC")
    expect(page.get_by_text("Không tìm thấy văn bản nào có mã xác thực này", exact=False)).to_be_visible()
    context.close()
