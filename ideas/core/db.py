"""Engine and session factory from DATABASE_URL, with SQLite pragmas and write transactions."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
T = TypeVar("T")
DEFAULT_URL = f"sqlite:///{DATA_DIR / 'ideas.db'}"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: explicit argument, then DATABASE_URL, then the SQLite file under data/."""
    return explicit or os.environ.get("DATABASE_URL") or DEFAULT_URL


def fetch(session: Session, model: type[T], ident: object, key: str, **params: object) -> T:
    """The `model` row with primary key `ident`; NotFound(key, **params) when there is none."""
    from ideas.core.errors import NotFound

    row = session.get(model, ident)
    if row is None:
        raise NotFound(key, **params)
    return row


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, a busy timeout and explicit BEGIN."""
    url = database_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _install_sqlite_pragmas(engine)
        return engine
    size, overflow = pool_limits()
    return create_engine(url, pool_pre_ping=True, pool_size=size, max_overflow=overflow)


def pool_limits(environ: dict[str, str] | None = None) -> tuple[int, int]:
    """Connections one process keeps open and may add at a peak: IDEAS_DB_POOL_SIZE (10) and IDEAS_DB_MAX_OVERFLOW
    (20). Every replica and worker has its own pool; their sum must stay under PostgreSQL's max_connections
    (docs/DEPLOY.md, Sizing)."""
    environ = os.environ if environ is None else environ

    def number(name: str, default: int) -> int:
        value = environ.get(name, "").strip()
        if not value:
            return default
        if not value.isdigit():
            raise ValueError(f"{name} must be a whole number, not {value!r}")
        return int(value)

    return max(1, number("IDEAS_DB_POOL_SIZE", 10)), number("IDEAS_DB_MAX_OVERFLOW", 20)


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, emit BEGIN so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A write transaction that starts by reading would fail with SQLITE_BUSY_SNAPSHOT when
        # another writer commits first; BEGIN IMMEDIATE queues it on the busy timeout instead.
        if conn.get_execution_options().get("sqlite_read_only"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """One engine and its session factories; the caller owns each transaction."""

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.engine = engine or make_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=False)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        reader = self.engine.execution_options(sqlite_read_only=True)
        self._read = sessionmaker(reader, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: commits when the block ends cleanly, rolls back on any error."""
        session = self._write()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only unit of work (never commits); objects stay readable after the block."""
        session = self._read()
        try:
            yield session
        finally:
            # close() ends the transaction without expiring what was loaded (rollback() would).
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


@lru_cache(maxsize=4)
def _shared(url: str) -> Database:
    return Database(url)


def shared_database() -> Database:
    """One Database (engine and pool) per URL in this process, for the HTTP routes beside the app."""
    return _shared(database_url())
