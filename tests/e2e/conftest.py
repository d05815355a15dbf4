"""Browser-test fixtures: one `streamlit run app.py` on a free port with a fresh database, one Chromium."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import launch
from tests.support.database import create_database

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")  # override only to try the skip path
APT_HINT = "apt-get install -y --no-install-recommends chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests without Chromium, unless E2E_REQUIRED=1 (CI) demands them."""
    if Path(CHROMIUM).exists():
        return
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if not e2e:
        return
    if os.environ.get("E2E_REQUIRED") == "1":
        raise pytest.UsageError(f"E2E_REQUIRED=1 but {CHROMIUM} is missing: run `{APT_HINT}`")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install it with `{APT_HINT}`")
    for item in e2e:
        item.add_marker(skip)


def _fresh_database(tmp_dir: Path) -> tuple[str, callable]:
    """An empty database for the server: a SQLite file, or a new PostgreSQL database when asked."""
    return create_database(os.environ.get("TEST_DATABASE_URL", "sqlite://"), tmp_dir)


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory) -> str:
    """The server's own database, migrated before the server starts (never the unit tests' one)."""
    from ideas.core.db import Database
    from ideas.core.migrate import upgrade

    url, drop = _fresh_database(tmp_path_factory.mktemp("e2e-db"))
    database = Database(url)
    upgrade(database)
    database.dispose()
    yield url
    drop()


@pytest.fixture(scope="session")
def e2e_db(e2e_database_url):
    """A Database on the server's URL, for test setup and checks from the test process."""
    from ideas.core.db import Database

    database = Database(e2e_database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e-log") / "streamlit.log"


@pytest.fixture(scope="session")
def app_server(e2e_database_url, server_log, request) -> launch.Server:
    """`streamlit run app.py` on a free port, once /_stcore/health answers ok; its log's tail when a test failed."""
    try:
        with launch.streamlit(e2e_database_url, server_log) as server:
            yield server
    except launch.DidNotStart as error:
        pytest.fail(str(error))
    finally:
        if request.session.testsfailed:
            print(f"\n--- streamlit log tail ({server_log}) ---\n{launch.tail(server_log)}")


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {CHROMIUM} is missing: run `{APT_HINT}`")
        pytest.skip(f"Chromium not found at {CHROMIUM}; install it with `{APT_HINT}`")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    playwright = sync_playwright().start()
    _PLAYWRIGHT.append(playwright)
    yield playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    _stop_playwright()


# Sync Playwright keeps an asyncio loop running in this thread while it is started; the tests that a worker runs
# after the browser tests (pyHanko's signing, asyncio.run in route tests) need a thread without one. So the
# browser ends with the last browser test, not with the worker's session.
_PLAYWRIGHT: list = []


def _stop_playwright() -> None:
    while _PLAYWRIGHT:
        _PLAYWRIGHT.pop().stop()  # closes the browser too


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After pytest's own teardown, so a module's fixtures close their windows before the browser stops."""
    try:
        return (yield)
    finally:
        if nextitem is None or Path(str(nextitem.path)).parent != Path(str(item.path)).parent:
            _stop_playwright()


@pytest.fixture(scope="session")
def downloads_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e-downloads")


ADMIN = {"username": "quantri", "full_name": "Nguyễn Quản Trị", "password": "Mat-khau-rat-dai-2026"}


@pytest.fixture(scope="session")
def admin_account(browser, base_url) -> dict:
    """First-run setup through the browser (Vietnamese UI): the first administrator of the fresh database."""
    from st_helpers import click, expect_title, fill, goto, new_context, shot

    context = new_context(browser, base_url)
    page = context.new_page()
    goto(page, "/")
    expect_title(page, "Thiết lập ban đầu")
    shot(page, "01-setup")
    fill(page, "Tên đăng nhập", ADMIN["username"])
    fill(page, "Họ và tên", ADMIN["full_name"])
    fill(page, "Mật khẩu", ADMIN["password"])
    fill(page, "Nhập lại mật khẩu", ADMIN["password"])
    click(page, "Tạo quản trị viên")
    expect_title(page, "Đăng nhập")  # the confirmation is a toast: the sign-in form is what lasts
    shot(page, "02-login")
    context.close()
    return dict(ADMIN)


def pytest_runtest_makereport(item, call):
    """On a failing step: screenshot every open tab; in an INCREMENTAL module, remember the step."""
    if call.excinfo is None or call.when != "call":
        return
    if getattr(item.module, "INCREMENTAL", False) and item.name not in getattr(item.module, "NON_BLOCKING", ()):
        item.parent._first_failure = item.name
    browser = item.funcargs.get("browser")
    if browser is None:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for c, context in enumerate(browser.contexts):
        for p, page in enumerate(context.pages):
            try:
                name = SCREENSHOTS / f"FAILED-{item.name}-{c}-{p}"
                page.screenshot(path=str(name.with_suffix(".png")))
                # Streamlit scrolls inside its own container: keep the messages below the fold as text too
                alerts = page.locator('[data-testid="stAlert"], [data-testid="stException"]').all_inner_texts()
                name.with_suffix(".txt").write_text(f"{page.url}\n" + "\n---\n".join(alerts), encoding="utf-8")
            except Exception:  # noqa: BLE001 - best effort while reporting a failure
                pass


def pytest_runtest_setup(item):
    """Later steps of an incremental journey are skipped once a step fails (they would only fail too)."""
    failed = getattr(item.parent, "_first_failure", None)
    if failed and getattr(item.module, "INCREMENTAL", False):
        pytest.skip(f"blocked: the earlier journey step {failed} failed")
