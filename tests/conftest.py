"""Shared fixtures: one fresh database per test run (SQLite file or a new PostgreSQL database)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ideas.core.db import Database  # noqa: E402
from ideas.core.migrate import upgrade  # noqa: E402
from tests.support.database import create_database, rolled_back_session, wipe  # noqa: E402

pytest_plugins = ["tests.support.selection"]  # which tests each database's pass runs


def pytest_collection_modifyitems(config, items):
    """Browser tests run first, the journey first among them: it builds a province from the browser server's empty
    database and reads its dashboards; the other browser files follow in file order."""
    browser = sorted((item for item in items if item.get_closest_marker("e2e")),
                     key=lambda item: item.path.name != "test_e2e_journey.py")
    items[:] = browser + [item for item in items if not item.get_closest_marker("e2e")]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With `-n 2`, all browser tests are one unit of work for one worker (they share one server and its database),
    queued first so that it starts them at once while the other worker takes the rest, test by test.

    xdist's own `--dist loadgroup` cannot do this under pytest 9.2: it renames node ids, which pytest 9.2 no
    longer lets a plugin do, so the group was silently split over both workers."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/e2e/") else nodeid

    return BrowserTestsTogether(config, log)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """URL of this run's database, migrated to head. TEST_DATABASE_URL picks PostgreSQL."""
    base = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    url, drop = create_database(base, tmp_path_factory.mktemp("db"))
    database = Database(url)
    upgrade(database)
    database.dispose()
    yield url
    drop()


@pytest.fixture(scope="session")
def database(database_url) -> Database:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def db(database) -> Database:
    """The run's database, emptied after the test: for tests whose rows another connection must see (threads,
    AppTest, HTTP servers, subprocesses, sessions of their own)."""
    yield database
    wipe(database)


@pytest.fixture
def session(database, request):
    """One session whose work is rolled back at the end of the test: the default for service and read-model tests.

    No other connection sees its rows (and on SQLite it holds the write lock): a test whose rows a thread, AppTest,
    an HTTP server or a subprocess must see asks for `db` and commits with `db.session()` instead.
    """
    if {"db", "app_env"} & set(request.fixturenames):
        pytest.fail("`session` rolls back and holds the write lock: beside `db` or `app_env`, use `db.session()`")
    with rolled_back_session(database) as s:
        yield s


@pytest.fixture
def app_env(db, monkeypatch):
    """Point the Streamlit app at the test database (AppTest runs in this process)."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", db.url)
    st.cache_resource.clear()
    yield db
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def server(database_url, tmp_path_factory):
    """The deployed app (uvicorn: our routes, middleware and Streamlit) on a free port, for HTTP tests."""
    from tests.support import launch

    with launch.deployed_app(database_url, tmp_path_factory.mktemp("server") / "server.log") as app:
        yield app.url
