"""Which tests a pass runs (a pytest plugin loaded by tests/conftest.py).

SQLite runs the whole suite except the load smoke. PostgreSQL runs what depends on the database: services, read
models, concurrency, migrations, the HTTP routes and API, the two replicas and the load smoke; AppTest pages and the
other browser tests read the same views the SQLite pass already covers. `IDEAS_TESTS=all` runs everything on either.
"""
from __future__ import annotations

import os

import pytest

DATABASE_FIXTURES = frozenset({"session", "db", "database", "database_url"})
ON_POSTGRESQL_ONLY = ("tests/tooling/test_load.py",)
BROWSER_ON_BOTH = ("tests/e2e/test_replicas.py",)


def on_postgresql() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def depends_on_the_database(item: pytest.Item) -> bool:
    path = item.nodeid.split("::", 1)[0]
    if path.startswith(ON_POSTGRESQL_ONLY + BROWSER_ON_BOTH):
        return True
    if item.get_closest_marker("e2e") or "app_env" in item.fixturenames:
        return False
    return bool(DATABASE_FIXTURES.intersection(item.fixturenames))


def selected(item: pytest.Item) -> bool:
    if on_postgresql():
        return depends_on_the_database(item)
    return not item.nodeid.startswith(ON_POSTGRESQL_ONLY)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("IDEAS_TESTS") == "all":
        return
    kept = [item for item in items if selected(item)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if not selected(item)])
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str:
    if os.environ.get("IDEAS_TESTS") == "all":
        return "test selection: all tests (IDEAS_TESTS=all)"
    if on_postgresql():
        return "test selection: PostgreSQL pass, tests that depend on the database (IDEAS_TESTS=all for every test)"
    return "test selection: SQLite pass, every test but the load smoke (it runs on PostgreSQL)"
