"""Playwright helpers for Streamlit pages: wait for idle, fill by label, click by text, select, upload."""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
APP = '[data-testid="stApp"]'
# The button that opens a selectbox's or multiselect's list: "Mở danh sách", or Streamlit's "Open" in English
# (frontend_locale follows the page's language).
OPEN_LIST = re.compile(r"^(Mở danh sách|Open)$")
IDLE_TIMEOUT = 30_000


def new_context(browser, base_url: str) -> BrowserContext:
    """A fresh browser profile (its own cookies) with a 1280x800 Vietnamese window."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800},
                                  locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(20_000)
    return context


def wait_idle(page: Page, timeout: int = IDLE_TIMEOUT) -> None:
    """Wait until the script run triggered by the last action is over and the main block is there."""
    try:  # the run may start a moment after the click; do not miss it
        page.wait_for_selector(f'{APP}[data-test-script-state="running"]', timeout=400)
    except PlaywrightTimeout:
        pass
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout)
    page.wait_for_selector('[data-testid="stMainBlockContainer"]', timeout=timeout)


def goto(page: Page, path: str = "/") -> None:
    page.goto(path)
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]')
    wait_idle(page)


def main(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"]')


def sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def field(page: Page, label: str, *, scope: Locator | None = None, exact: bool = True) -> Locator:
    """The visible text input / text area / number input labelled `label`."""
    area = scope or main(page)
    # by accessible name, or by the label as shown (a label with escaped markdown keeps backslashes in aria-label)
    shown = area.locator('[data-testid="stTextInput"], [data-testid="stTextArea"], [data-testid="stNumberInput"]'
                         ).filter(has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=exact)
                                  ).locator("input, textarea")
    return area.get_by_label(label, exact=exact).or_(shown).filter(visible=True).first


def fill(page: Page, label: str, value: str, *, scope: Locator | None = None, exact: bool = True) -> None:
    """Type into the field labelled `label` and commit it like a user (Tab)."""
    box = field(page, label, scope=scope, exact=exact)
    box.fill(value)
    box.press("Tab")  # Streamlit sends the value on blur; outside a form that reruns the script
    if not box.locator('xpath=ancestor::*[@data-testid="stForm"]').count():
        wait_idle(page)


def click(page: Page, text: str, *, scope: Locator | None = None, exact: bool = True, wait: bool = True) -> None:
    """Click the button (or form-submit / download button) with this text, then wait for the rerun."""
    (scope or page).get_by_role("button", name=text, exact=exact).filter(visible=True).first.click()
    if wait:
        wait_idle(page)


def widget(page: Page, testid: str, label: str | None, scope: Locator | None = None) -> Locator:
    """The visible widget of this kind whose label is exactly `label` (or the first one when None)."""
    found = (scope or main(page)).locator(f'[data-testid="{testid}"]').filter(visible=True)
    if label:
        found = found.filter(has=page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True))
    return found.first


def select(page: Page, label: str, option: str, *, scope: Locator | None = None, exact: bool = False) -> None:
    """Pick `option` in the selectbox labelled `label` (open the combobox, then click the option)."""
    box = widget(page, "stSelectbox", label, scope)
    current = box.get_by_role("combobox").input_value()
    if current == option or (not exact and option in current):
        return
    choice = page.get_by_role("option", name=option, exact=exact).first
    for _attempt in range(3):  # a rerun that lands just after the click can close the list again
        box.get_by_role("button", name=OPEN_LIST).click()  # react-aria ComboBox (Streamlit 1.67)
        try:
            choice.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_idle(page)
    choice.click()
    wait_idle(page)


def expand(page: Page, title: str, *, scope: Locator | None = None) -> Locator:
    """Open the expander titled `title` and wait until it stays open (a rerun landing on the click can close it
    again); returns the expander."""
    expander = (scope or main(page)).locator('[data-testid="stExpander"]').filter(
        has=page.get_by_text(title, exact=True)).filter(visible=True).first
    details = expander.locator("details").first
    for _attempt in range(4):
        if details.evaluate("d => d.open"):
            wait_idle(page)
            if details.evaluate("d => d.open"):
                return expander
        expander.locator("summary").first.click()
        try:
            page.wait_for_function("d => d.open", arg=details.element_handle(), timeout=5_000)
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the expander {title!r} does not stay open")


def radio(page: Page, option: str, *, scope: Locator | None = None) -> None:
    """Choose the radio option with this text."""
    (scope or main(page)).locator('[data-testid="stRadio"] label').filter(visible=True).filter(
        has=page.get_by_text(option, exact=True)).first.click()
    wait_idle(page)


def checkbox(page: Page, label: str, *, scope: Locator | None = None) -> None:
    """Tick/untick the checkbox (or toggle) with this label."""
    (scope or main(page)).locator('[data-testid="stCheckbox"] label').filter(has_text=label).first.click()
    wait_idle(page)


def multiselect(page: Page, label: str, option: str, *, scope: Locator | None = None) -> None:
    """Add `option` to the multiselect labelled `label`."""
    box = widget(page, "stMultiSelect", label, scope)
    choice = page.get_by_role("option", name=option).first
    for _ in range(3):  # a click that lands while an expander above is still opening leaves the list closed
        box.get_by_role("button", name=OPEN_LIST).click()
        try:
            choice.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()
    page.keyboard.press("Escape")
    wait_idle(page)


def upload(page: Page, label: str | None, files: Path | list[Path], *, scope: Locator | None = None) -> None:
    """Give files to the file uploader labelled `label` (or the only one) via its <input type=file>."""
    uploader = widget(page, "stFileUploader", label, scope)
    uploader.locator('input[type="file"]').set_input_files(files)
    wait_idle(page)


def nav(page: Page, title: str) -> None:
    """Open a page from the sidebar's menu (app.py draws it: section headings and page links) by its title."""
    link = sidebar(page).locator('a[data-testid="stPageLink-NavLink"]').filter(
        has=page.get_by_text(title, exact=True)).first
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if not link.is_visible() and expand.is_visible():  # a folded sidebar (narrow window)
        expand.click()
        link.wait_for(state="visible")
    link.click()
    wait_idle(page)


def tab(page: Page, title: str) -> None:
    """Open the section with this title: an st.tabs tab (switches in the browser) or a radio option."""
    tabs = main(page).get_by_role("tab", name=title, exact=True)
    options = main(page).locator('[data-testid="stRadio"] label').filter(has=page.get_by_text(title, exact=True))
    tabs.or_(options).first.wait_for()  # the page may still be drawing
    if tabs.count():
        tabs.first.click()
        wait_idle(page)  # tabs that draw only the open one (the idea page's) rerun the page
    else:
        radio(page, title)


def expect_text(page: Page, text: str | re.Pattern, *, timeout: int = IDLE_TIMEOUT) -> None:
    """Visible text in the main area. Never a toast: confirmations are toasts that go after a few seconds, which
    a busy machine can miss; check what the action left instead (a row in a table, a status, `eventually`)."""
    expect(main(page).get_by_text(text).filter(visible=True).first).to_be_visible(timeout=timeout)


def eventually(check: Callable[[], object], *, timeout: int = IDLE_TIMEOUT) -> None:
    """Poll `check` (say, a query on the server's database) until it returns something true, or fail."""
    deadline = time.monotonic() + timeout / 1000
    while not check():
        assert time.monotonic() < deadline, f"{getattr(check, '__name__', check)} still false after {timeout} ms"
        time.sleep(0.2)


def expect_cell(page: Page, text: str | re.Pattern, *, timeout: int = IDLE_TIMEOUT) -> Locator:
    """A st.dataframe cell containing `text` (the grid is a canvas; its accessible table holds the text)."""
    cell = main(page).locator('[data-testid="stDataFrame"] td[role="gridcell"]').filter(has_text=text).first
    expect(cell).to_be_attached(timeout=timeout)
    return cell


def expect_title(page: Page, title: str) -> None:
    expect(main(page).locator("h1").first).to_have_text(title, timeout=IDLE_TIMEOUT)


def shot(page: Page, name: str) -> Path:
    """Save a screenshot of the window to the git-ignored tests/e2e/screenshots/ folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def login(page: Page, username: str, password: str) -> None:
    """Sign in on the login page; the browser goes through /auth/claim and comes back to '/'."""
    goto(page, "/")
    fill(page, "Tên đăng nhập", username)
    fill(page, "Mật khẩu", password)
    with page.expect_navigation(url=re.compile(r"/$|/\?"), timeout=IDLE_TIMEOUT):
        click(page, "Đăng nhập", wait=False)
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]')
    wait_idle(page)


def logout(page: Page) -> None:
    with page.expect_navigation(timeout=IDLE_TIMEOUT):
        sidebar(page).get_by_role("button", name="Đăng xuất").click()
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]')
    wait_idle(page)


def follow(page: Page, text: str) -> None:
    """Follow the link in the main area whose text contains `text` (a work item on home, a home link...)."""
    main(page).locator('[data-testid="stPageLink"] a, a[data-testid="stPageLink-NavLink"]').filter(
        has_text=text).filter(visible=True).first.click()
    wait_idle(page)


def open_message(page: Page, text: str, button: str) -> None:
    """In the inbox (newest first), once a message containing `text` is shown, press the first `button` (a
    message's link: the newest message with that action)."""
    expect(main(page).get_by_text(text).filter(visible=True).first).to_be_visible(timeout=IDLE_TIMEOUT)
    main(page).get_by_role("button", name=button).filter(visible=True).first.click()
    wait_idle(page)


class Tally:
    """What a person does in the browser: trusted clicks (counted in the page), page changes (the address's path
    changes, link or menu), typed fields and sign-ins; counted only while `on`, per person."""

    def __init__(self) -> None:
        self.on = False
        self.signing_in = False
        self.clicks = self.pages = self.fields = self.signins = 0
        self.by_person: dict[str, dict[str, int]] = {}

    def _add(self, who: str, what: str, n: int = 1) -> None:
        if self.on and not self.signing_in:
            setattr(self, what, getattr(self, what) + n)
            person = self.by_person.setdefault(who, {"clicks": 0, "pages": 0, "fields": 0})
            person[what] = person.get(what, 0) + n

    def watch(self, context: BrowserContext, page: Page, who: str) -> None:
        """Count this person's clicks and page changes from now on."""
        context.expose_binding("__skClick", lambda _source: self._add(who, "clicks"))
        context.add_init_script(
            "document.addEventListener('click', e => { if (e.isTrusted && window.__skClick) window.__skClick(); },"
            " true);")
        last = {"path": None}

        def navigated(frame) -> None:
            if frame != page.main_frame:
                return
            path = frame.url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            if last["path"] is not None and path != last["path"] and "auth" not in frame.url:
                self._add(who, "pages")
            last["path"] = path

        page.on("framenavigated", navigated)

    def typed(self, who: str) -> None:
        self._add(who, "fields")

    def summary(self) -> str:
        return (f"{self.clicks} clicks, {self.fields} typed fields, {self.signins} sign-ins, {self.pages} page changes"
                f" — by person: {self.by_person}")
