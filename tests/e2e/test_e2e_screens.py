"""Browser sweep: every page of every role's menu at desktop (1440x900) and phone (390x844) size, plus the login,
first-run setup and public pages, as people see them and as axe-core judges them.

At each view, from the same visit: no exception, the title not covered, no sideways scroll, no violation of
impact serious or critical under the WCAG 2.1 A/AA rules of axe-core, and no English word of
tests/support/screen_words.py in the visible text, tooltips, aria-labels, alt texts or placeholders. Failures are
gathered per role and size and reported together, so one run shows everything.
"""
from __future__ import annotations

import datetime as dt
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from st_helpers import OPEN_LIST, goto, login, main, shot, wait_idle

from tests.support import launch
from tests.support.database import create_database
from tests.support.screen_words import english_on_screen

pytestmark = pytest.mark.e2e

PASSWORD = "Hoa-sen-7Kz-2026"  # not made of known words
UNIT = ("MH", "Phòng Màn Hình")
# role -> (username, full name)
ROLES = {
    "staff": ("mh.canbo", "Đỗ Thị Màn"),
    "secretary": ("mh.thuky", "Phan Văn Thư"),
    "reviewer": ("mh.giamkhao", "Lý Thị Chấm"),
    "chair": ("mh.chutich", "Vũ Văn Chủ"),
    "reward_officer": ("mh.thidua", "Mai Thị Thưởng"),
    "leader": ("mh.lanhdao", "Hồ Văn Đạo"),
    "admin": ("mh.quantri", "Tạ Văn Trị"),
}
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
# Violations that come from Streamlit itself and cannot be fixed in the app, each documented with its upstream
# issue in docs/ACCESSIBILITY.md: (rule id, a part of the failing element's selector). Never a whole rule.
KNOWN_STREAMLIT = (
)
MENU_LINKS = '[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]'
BY_HAND = 3  # pages opened by unfolding the menu on a phone (it must fold away over each); the rest by their link
TEXT_SOURCES = """() => {
  const out = [document.body.innerText, document.title];
  for (const e of document.querySelectorAll('[title], [aria-label], [placeholder], [alt], [aria-description]')) {
    for (const name of ['title', 'aria-label', 'placeholder', 'alt', 'aria-description']) {
      const value = e.getAttribute(name);
      if (value) out.push(value);
    }
  }
  return out;
}"""
# aria-labels that still hold markdown escapes (ui.plain's backslashes, which a screen reader reads aloud)
ESCAPED_LABELS = r"""() => [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))
  .filter(label => /\\[!-\/:-@\[-`{-~]/.test(label))"""


@pytest.fixture(scope="module")
def people(e2e_db, admin_account) -> dict[str, str]:
    """One account per role in a unit of its own, with a known password, and files at several states: one to
    screen, one scored by the council, one recognised with a certificate, a draft award list."""
    from ideas.accounts import units, users
    from ideas.core.models import CouncilMember
    from ideas.core.permissions import SYSTEM
    from ideas.review import scoring
    from ideas.rewards import awards
    from tests.support.factories.review import certified, make_campaign, make_council, make_idea

    with e2e_db.session() as session:
        unit = units.create_unit(session=session, actor=SYSTEM, code=UNIT[0], name=UNIT[1])
        made = {}
        for role, (username, full_name) in ROLES.items():
            roles = [] if role == "staff" else [(role, None)]
            made[role] = users.create_user(session=session, actor=SYSTEM, username=username, full_name=full_name,
                                           password=PASSWORD, unit_id=unit.id, roles=roles)
        campaign = make_campaign(session, unit=unit)
        council, _ = make_council(session, campaign=campaign, unit=unit, members=[
            (made["chair"], "chair"), (made["secretary"], "secretary"), (made["reviewer"], "member")])
        make_idea(session, campaign=campaign, unit=unit, owner=made["staff"], title="Tiếp nhận hồ sơ qua Zalo")
        scored = make_idea(session, campaign=campaign, unit=unit, owner=made["staff"],
                           title="Số hoá sổ hộ tịch cấp xã")
        scoring.screen(session=session, actor=made["secretary"], idea_id=scored.id, accept=True)
        scoring.assign(session=session, actor=made["chair"], idea_id=scored.id, mode="all")
        scoring.score(session=session, actor=made["chair"], idea_id=scored.id, verdict="meets",
                      points={"novelty": 20, "soundness": 15, "effectiveness": 20, "replicability": 10})
        certified(session, title="Số hóa sổ hộ tịch cấp xã", unit=unit, authors=[made["staff"]],
                  decided_on=dt.date(2026, 3, 2))
        awards.create_list(session=session, actor=made["reward_officer"], title="Khen thưởng sáng kiến 2026",
                           year=2026, unit_id=unit.id)
        assert session.query(CouncilMember).filter_by(council_id=council.id).count() == 3
    return {role: username for role, (username, _name) in ROLES.items()}


def _covering_element(page, locator) -> str:
    """The data-testid chain at the centre of `locator`: what a finger would touch there."""
    box = locator.bounding_box()
    return page.evaluate(
        """([x, y]) => { let e = document.elementFromPoint(x, y); const ids = [];
            while (e) { if (e.dataset && e.dataset.testid) ids.push(e.dataset.testid); e = e.parentElement; }
            return ids.join(' < '); }""", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])


class Sweep:
    """The failures found on the views of one test, listed together at its end."""

    def __init__(self, viewport: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.viewport = viewport
        self.width = VIEWPORTS[viewport]["width"]
        self.failures: list[str] = []
        self.views = 0
        self.axe_seconds = 0.0

    def check(self, page, view: str, *, streamlit: bool = True) -> None:
        """Everything one view is held to, from this one visit."""
        self.views += 1
        where = f"{view} at {self.viewport}"
        if streamlit:
            if main(page).locator('[data-testid="stException"]').count():
                self.failures.append(f"{where}: an exception is shown")
            title = main(page).locator("h1").first
            if not title.count():
                self.failures.append(f"{where}: no title")
            else:
                if "stMain" not in _covering_element(page, title):
                    self.failures.append(f"{where}: the title is covered")
                if title.bounding_box()["y"] >= 320:
                    self.failures.append(f"{where}: the title starts too far down")
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        if overflow > self.width + 2:
            self.failures.append(f"{where}: the page is {overflow}px wide at {self.width}px")
        language = page.evaluate("() => document.documentElement.lang")
        if language != "vi":
            self.failures.append(f"{where}: <html lang={language!r}>, not vi")
        for found in english_on_screen(page.evaluate(TEXT_SOURCES)):
            self.failures.append(f"{where}: English {found}")
        for label in page.evaluate(ESCAPED_LABELS):
            self.failures.append(f"{where}: aria-label with markdown escapes {label!r}")
        started = time.monotonic()
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                              "resultTypes": ["violations"]})
        self.axe_seconds += time.monotonic() - started
        for violation in results.response["violations"]:
            if violation["impact"] not in FAILING_IMPACTS:
                continue
            for node in violation["nodes"]:
                selector = " ".join(str(part) for part in node["target"])
                if any(rule == violation["id"] and part in selector for rule, part in KNOWN_STREAMLIT):
                    continue
                summary = (node.get("failureSummary") or "").replace("\n", " ")[:160]
                self.failures.append(f"{where}: axe {violation['id']} ({violation['impact']}) at {selector}: "
                                     f"{summary} | {node.get('html', '')[:140]}")

    def assert_clean(self) -> None:
        assert not self.failures, f"{len(self.failures)} problems on {self.views} views:\n" + "\n".join(self.failures)


def _menu_pages(page) -> list[str]:
    """The page names of the menu, in order (the sidebar holds its links even when folded away)."""
    page.locator(MENU_LINKS).first.wait_for(state="attached")
    wait_idle(page)
    hrefs = page.locator(MENU_LINKS).evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    return [href.strip("/") for href in hrefs]


def _open_from_menu(page, position: int, *, by_hand: bool = True) -> None:
    """Open the menu's page at `position` the way a person does: unfolding the sidebar if needed, then its link.

    Without `by_hand`, a folded sidebar stays folded and the link gets the click event: the same client-side
    navigation, without the sidebar's two animations (two seconds per page on a phone)."""
    link = page.locator(MENU_LINKS).nth(position)
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    folded = expand.is_visible()
    if folded and not by_hand:
        link.dispatch_event("click")
        wait_idle(page)
        main(page).locator("h1").first.wait_for()
        return
    if folded:  # a folded sidebar keeps its links in the page, just off screen
        expand.click()
        link.wait_for(state="visible")
        page.wait_for_timeout(400)
        if position == 1:
            shot(page, f"{page.viewport_size['width']}px-menu")
    link.click()
    wait_idle(page)
    if folded:
        page.wait_for_timeout(600)  # the sidebar's closing animation
    main(page).locator("h1").first.wait_for()


def _expected_menu(e2e_db, username: str) -> list[str]:
    from sqlalchemy import select

    from ideas.core import navigation
    from ideas.core.models import User

    with e2e_db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        return [page.path.removeprefix("pages/").removesuffix(".py") for page in navigation.menu(session=session,
                                                                                                    actor=user)]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_menu(browser, base_url, e2e_db, people, role, viewport):
    started = time.monotonic()
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport], locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, people[role], PASSWORD)
    main(page).locator("h1").first.wait_for()
    names = _menu_pages(page)
    expected = _expected_menu(e2e_db, people[role])
    assert [name or "home" for name in names] == expected, "the menu's links are not the pages of this role"
    sweep = Sweep(viewport)
    for position, name in enumerate(names):
        if position:  # on a phone, the menu is unfolded by hand for the first pages, then only followed
            _open_from_menu(page, position, by_hand=position <= BY_HAND)
        shot(page, f"{viewport}-{role}-{name or 'home'}")
        sweep.check(page, name or "home")
    context.close()
    print(f"{role} {viewport}: {sweep.views} views in {time.monotonic() - started:.1f} s "
          f"(axe {sweep.axe_seconds:.1f} s)")
    sweep.assert_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_login_and_public_pages(browser, base_url, e2e_db, people, viewport):
    from sqlalchemy import select

    from ideas.core.models import Certificate

    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport], locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sweep = Sweep(viewport)
    goto(page, "/")
    main(page).locator("h1").first.wait_for()
    shot(page, f"{viewport}-login")
    sweep.check(page, "login")
    for path in ("/", "/ideas_submit"):  # the page shell itself, before any script run
        shell = context.request.get(path).text()
        assert '<html lang="vi">' in shell and "<title>Sáng kiến CCHC</title>" in shell, path
    with e2e_db.session() as session:
        code = session.scalars(select(Certificate.verification_code)).first()
    for path in ("/registry", "/verify", f"/verify/{code}"):
        page.goto(path)
        shot(page, f"{viewport}-public-{path.strip('/').replace('/', '-')}")
        sweep.check(page, path, streamlit=False)
    context.close()
    sweep.assert_clean()


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory):
    """A second server on an empty database: the first-run setup page (the session's server is past it)."""
    import os

    from ideas.core.db import Database
    from ideas.core.migrate import upgrade

    folder = tmp_path_factory.mktemp("e2e-setup")
    url, drop = create_database(os.environ.get("TEST_DATABASE_URL", "sqlite://"), folder)
    database = Database(url)
    upgrade(database)
    database.dispose()
    try:
        with launch.streamlit(url, folder / "streamlit.log") as server:
            yield server.url
    finally:
        drop()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_first_run_setup_page(browser, fresh_server, viewport):
    context = browser.new_context(base_url=fresh_server, viewport=VIEWPORTS[viewport], locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sweep = Sweep(viewport)
    goto(page, "/")
    main(page).locator("h1").first.wait_for()
    shot(page, f"{viewport}-setup")
    sweep.check(page, "setup")
    context.close()
    sweep.assert_clean()


def test_the_document_language_follows_the_language_switch(browser, base_url, people):
    """English readers get lang="en" and Streamlit's own strings in English; back in Vietnamese, both return.

    Streamlit's strings change as their components next draw: on the next page opened (the page where the
    language was switched keeps the ones it has drawn)."""
    from st_helpers import select, sidebar

    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS["desktop"], locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, people["staff"], PASSWORD)
    submit = _menu_pages(page).index("ideas_submit")

    def reopen_submit_page() -> tuple[str, str]:
        _open_from_menu(page, 0)
        _open_from_menu(page, submit)
        main(page).locator('[data-testid="stFileUploader"]').first.wait_for()
        text = main(page).locator('[data-testid="stFileUploaderDropzoneInstructions"]').first.inner_text()
        return page.evaluate("() => document.documentElement.lang"), text

    lang, text = reopen_submit_page()
    assert lang == "vi" and "mỗi tệp" in text, (lang, text)
    typing = main(page).locator('[data-testid="stTextInput"] input').first
    typing.type("Sổ tay")  # the field's instructions appear while typing, in the reader's language
    instructions = main(page).locator('[data-testid="InputInstructions"]').first.inner_text()
    assert "Nhấn Enter" in instructions and not english_on_screen([instructions]), instructions
    typing.fill("")
    select(page, "Ngôn ngữ", "English", scope=sidebar(page))
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    lang, text = reopen_submit_page()
    assert lang == "en" and "per file" in text, (lang, text)
    select(page, "Language", "Tiếng Việt", scope=sidebar(page))
    page.wait_for_function("() => document.documentElement.lang === 'vi'")
    lang, text = reopen_submit_page()
    assert lang == "vi" and "mỗi tệp" in text, (lang, text)
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_pop_ups_speak_vietnamese(browser, base_url, people, viewport):
    """What a page's first view does not show: the date picker's calendar, an open list, a file the uploader
    refuses. Each is checked as the sweep checks a page (English, escapes, axe-core) while it is open."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport], locale="en-US")  # an English browser
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, people["staff"], PASSWORD)
    _open_from_menu(page, _menu_pages(page).index("ideas_submit"), by_hand=False)
    sweep = Sweep(viewport)

    field = main(page).locator('[data-testid="stDateInput"]').first
    field.scroll_into_view_if_needed()
    field.get_by_role("button", name="Chọn ngày").click()
    calendar = page.locator('[data-testid="stDateInputCalendar"]')
    calendar.wait_for()
    shot(page, f"{viewport}-calendar")
    sweep.check(page, "submit, the calendar open", streamlit=False)
    days = calendar.locator('[role="gridcell"] [aria-label]').evaluate_all(
        "cells => cells.map(c => c.getAttribute('aria-label'))")
    assert days[0].startswith("Thứ Hai,") and days[6].startswith("Chủ Nhật,"), days[:7]  # weeks start on Monday
    assert calendar.locator("select").first.evaluate("s => s.options[1].text") == "Tháng 1"
    calendar.get_by_text("15", exact=True).first.click()
    calendar.wait_for(state="hidden")
    segments = field.locator('[role="spinbutton"]').evaluate_all(
        "parts => parts.map(p => [p.getAttribute('aria-label').split(',')[0], p.textContent])")
    assert [name for name, _value in segments] == ["Ngày", "Tháng", "Năm"] and segments[0][1] == "15", segments

    wait_idle(page)  # the date chosen reruns the page
    box = main(page).locator('[data-testid="stSelectbox"]').first
    for _attempt in range(3):  # a rerun that lands just after the click can close the list again
        box.get_by_role("button", name=OPEN_LIST).click()
        try:
            page.get_by_role("option").first.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_idle(page)
    sweep.check(page, "submit, a list open", streamlit=False)
    page.keyboard.press("Escape")
    wait_idle(page)

    uploader = main(page).locator('[data-testid="stFileUploader"]').first
    uploader.locator('input[type="file"]').set_input_files(
        [{"name": "Bản quét lớn.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * 10_000_000}])
    row = uploader.locator('[data-testid="stFileChip"]').filter(has_text="Bản quét lớn.pdf")
    row.wait_for()
    assert "Tệp phải không quá 10,0MB" in row.inner_text(), row.inner_text()  # the one limit, on the file's row
    shot(page, f"{viewport}-upload-refused")
    sweep.check(page, "submit, a file refused", streamlit=False)
    assert not main(page).locator('[data-testid="stException"]').count()

    _open_from_menu(page, _menu_pages(page).index("ideas_browse"), by_hand=False)
    pager = main(page).locator('[data-testid="stNumberInput"]').filter(has_text="Trang").first
    pager.locator("input").fill("9999")  # past the last page: the widget keeps its bounds, and says so
    pager.locator("input").press("Tab")
    expect(pager).to_contain_text("Lỗi: Số nằm ngoài khoảng cho phép. Hãy nhập một số từ 1 đến")
    sweep.check(page, "browse, a page number past the last", streamlit=False)
    context.close()
    sweep.assert_clean()
