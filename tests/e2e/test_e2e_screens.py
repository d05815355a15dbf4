"""Browser: every role's main pages at desktop (1440x900) and phone (390x844) size, as people see them."""
from __future__ import annotations

import pytest
from st_helpers import APP, login, main, shot, wait_idle

pytestmark = pytest.mark.e2e

PASSWORD = "Hoa-sen-7Kz-2026"  # not made of known words
UNIT = ("MH", "Phòng Màn Hình")
# role -> (username, full name, main pages of that role)
ROLES = {
    "staff": ("mh.canbo", "Đỗ Thị Màn", ["", "ideas_submit", "ideas_browse", "ideas_mine", "ideas_followup", "inbox",
                                       "account"]),
    "secretary": ("mh.thuky", "Phan Văn Thư", ["review_screening", "review_deadlines"]),
    "reviewer": ("mh.giamkhao", "Lý Thị Chấm", ["review_queue"]),
    "chair": ("mh.chutich", "Vũ Văn Chủ", ["review_council"]),
    "reward_officer": ("mh.thidua", "Mai Thị Thưởng", ["rewards_lists", "rewards_eligibility"]),
    "leader": ("mh.lanhdao", "Hồ Văn Đạo", ["dashboard"]),
    "admin": ("mh.quantri", "Tạ Văn Trị", ["admin_accounts", "admin_units", "admin_audit", "admin_api"]),
}
STREAMLIT_ENGLISH = ("Choose an option", "Select all", "View less", "View more", "No results")
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def people(e2e_db, admin_account) -> dict[str, str]:
    """One account per role in a unit of its own, with a known password."""
    from ideas.accounts import units, users
    from ideas.core.permissions import SYSTEM

    with e2e_db.session() as session:
        unit = units.create_unit(session=session, actor=SYSTEM, code=UNIT[0], name=UNIT[1])
        for role, (username, full_name, _pages) in ROLES.items():
            roles = [] if role == "staff" else [(role, None)]
            users.create_user(session=session, actor=SYSTEM, username=username, full_name=full_name,
                              password=PASSWORD, unit_id=unit.id, roles=roles)
    return {role: username for role, (username, _name, _pages) in ROLES.items()}


def _open_from_menu(page, name: str) -> None:
    """Open a page the way a person does: through the menu, unfolding the sidebar or its "more" list if needed."""
    if page.url.split("?")[0].endswith(f"/{name}"):
        return  # already there (the home page after signing in)
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{name}"], header a[href$="/{name}"]')
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if expand.is_visible():  # a folded sidebar keeps its links in the page, just off screen
        expand.click()
        page.locator('[data-testid="stSidebarNav"]').wait_for(state="visible")
        page.wait_for_timeout(400)
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if not link.filter(visible=True).count() and more.is_visible():
        more.click()
    link.filter(visible=True).first.click()
    wait_idle(page)
    page.wait_for_timeout(600)  # the sidebar's closing animation, if it closes


def _covering_element(page, locator) -> str:
    """The data-testid chain at the centre of `locator`: what a finger would touch there."""
    box = locator.bounding_box()
    return page.evaluate(
        """([x, y]) => { let e = document.elementFromPoint(x, y); const ids = [];
            while (e) { if (e.dataset && e.dataset.testid) ids.push(e.dataset.testid); e = e.parentElement; }
            return ids.join(' < '); }""", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", list(ROLES))
def test_main_pages_render_readably(browser, base_url, people, role, viewport):
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport], locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, people[role], PASSWORD)
    width = VIEWPORTS[viewport]["width"]
    for name in ROLES[role][2]:
        _open_from_menu(page, name)
        title = main(page).locator("h1").first
        title.wait_for()
        shot(page, f"{viewport}-{role}-{name or 'home'}")
        assert not main(page).locator('[data-testid="stException"]').count(), f"{name or 'home'}: an exception is shown"
        # the page's title is what a finger touches at its centre: no sidebar or overlay lies over the page
        assert "stMain" in _covering_element(page, title), f"{name or 'home'}: the title is covered at {viewport} size"
        # content starts near the top and the page does not scroll sideways
        assert title.bounding_box()["y"] < 320, f"{name or 'home'}: the title starts too far down"
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= width + 2, f"{name or 'home'}: the page is {overflow}px wide at {width}px"
        placeholders = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMain] input')].map(e => e.placeholder || '')")
        text = main(page).inner_text() + "\n" + "\n".join(placeholders)
        for raw in ("None", "NaN", "Traceback"):
            assert f" {raw} " not in f" {text} ".replace("\n", " "), f"{name or 'home'}: {raw!r} is shown"
        for english in STREAMLIT_ENGLISH:
            assert english not in text, f"{name or 'home'}: Streamlit's {english!r} is left in English"
    page.locator(APP).wait_for()
    context.close()
