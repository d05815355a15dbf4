"""Shared fixtures: one fresh database per test run (SQLite file or a new PostgreSQL database)."""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ideas.core.db import Database  # noqa: E402
from ideas.core.migrate import upgrade  # noqa: E402
from ideas.core.models import Base  # noqa: E402


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    """Browser tests run last (after the unit and AppTest tests), on one worker with `-n`: the journey first, since
    it builds a province from an empty database and reads its dashboards; the other files follow in file order."""
    browser = sorted((item for item in items if item.get_closest_marker("e2e")),
                     key=lambda item: item.path.name != "test_e2e_journey.py")
    for item in browser:
        item.add_marker(pytest.mark.xdist_group("e2e"))
    items[:] = [item for item in items if not item.get_closest_marker("e2e")] + browser


def _create_database(base_url: str, tmp_dir: Path) -> tuple[str, callable]:
    """A brand-new empty database for this run (or xdist worker) and a function that drops it."""
    if base_url.startswith("sqlite"):
        path = tmp_dir / f"test-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: None
    url = make_url(base_url)
    name = f"ideas_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()

    def drop() -> None:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """URL of this run's database, migrated to head. TEST_DATABASE_URL picks PostgreSQL."""
    base = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    url, drop = _create_database(base, tmp_path_factory.mktemp("db"))
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


def _wipe(database: Database) -> None:
    """Delete every row, then re-create the reference data (used after tests that commit)."""
    from ideas.core.reference import ensure_reference_data

    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
    with database.session() as session:
        ensure_reference_data(session=session)


@pytest.fixture
def db(database) -> Database:
    """The run's database, emptied after the test: for tests that commit (services, AppTest, threads)."""
    yield database
    _wipe(database)


@pytest.fixture
def session(db):
    """One session whose work commits at the end of the test, like a page action."""
    with db.session() as s:
        yield s


@pytest.fixture
def app_env(db, monkeypatch):
    """Point the Streamlit app at the test database (AppTest runs in this process)."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", db.url)
    st.cache_resource.clear()
    yield db
    st.cache_resource.clear()
