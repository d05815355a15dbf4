"""Backup to a portable archive and restore into an empty database: every table equal, attachments included."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.sql import sqltypes

from ideas.accounts import units
from ideas.core import audit
from ideas.core.db import Database
from ideas.core.errors import ValidationError
from ideas.core.migrate import upgrade
from ideas.core.models import Base
from ideas.core.permissions import SYSTEM
from ideas.tooling import backup
from ideas.tooling.cli import main as cli_main
from tests.support.database import create_database
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.world import make_idea

BLOB = bytes(range(256)) * 40 + b"%PDF-1.7 \x00\xff"


def _value(column, n: int):
    kind = column.type
    if isinstance(kind, sqltypes.LargeBinary):
        return BLOB
    if isinstance(kind, sqltypes.Boolean):
        return True
    if isinstance(kind, sqltypes.DateTime):
        return dt.datetime(2026, 3, 4, 5, 6, 7, 123456)
    if isinstance(kind, sqltypes.Date):
        return dt.date(2026, 3, 4)
    if isinstance(kind, sqltypes.Numeric):
        return Decimal("1.25")
    if isinstance(kind, sqltypes.Integer):
        return n
    if isinstance(kind, sqltypes.String) and kind.length:
        return f"Giá trị {n} ✓"[: kind.length]
    return f"Văn bản «{n}» 😀 <b>x</b>"


def _fill_remaining(conn) -> None:
    """One synthetic row in every table still empty, its foreign keys pointing at existing rows."""
    for table in Base.metadata.sorted_tables:
        if conn.execute(select(func.count()).select_from(table)).scalar():
            continue
        row = {}
        auto = table.autoincrement_column
        for column in table.columns:
            if column is auto:
                continue
            if column.foreign_keys:
                target = next(iter(column.foreign_keys)).column
                row[column.name] = conn.execute(select(target).limit(1)).scalar()
            else:
                row[column.name] = _value(column, 3)
        conn.execute(table.insert(), [row])


def fill_everything(db: Database) -> None:
    with db.session() as s:
        province = make_unit(s, kind="province")
        late_parent = make_unit(s, parent=province)
        child = make_unit(s, parent=province)
        moved = make_unit(s)  # created before its new parent
        newer = make_unit(s, parent=child)
        units.update_unit(session=s, actor=SYSTEM, unit_id=moved.id, parent_id=newer.id)
        units.update_unit(session=s, actor=SYSTEM, unit_id=late_parent.id, name="Sở «Nội vụ» & 'x'")
        admin = make_user(s, unit=province, roles=[("admin", None)], full_name="Trần Thị Ánh")
        author = make_user(s, unit=child, password=None)
        make_idea(s, owner=author, coauthors=(admin,), attachment=BLOB)
        make_idea(s, owner=admin, attachment=b"")
        from ideas.accounts import users

        users.login(session=s, username=admin.username, password="Mat-khau-rat-dai-2026")
        from ideas.core import settings

        settings.set_value(session=s, actor=admin, key="auth.lockout_minutes", value=20)
    with db.engine.begin() as conn:
        _fill_remaining(conn)
    with db.session() as s:
        audit.record(session=s, actor=None, action="test.after_fill", entity="db", details={"ok": True})


def _norm(value):
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def table_rows(db: Database, table: Table) -> list[tuple]:
    with db.engine.connect() as conn:
        rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
    return [tuple(_norm(v) for v in row) for row in rows]


@pytest.fixture
def empty_target(tmp_path):
    """A second, freshly migrated database on the same engine as the run's."""
    base = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    url, drop = create_database(base, tmp_path)
    target = Database(url)
    upgrade(target)
    yield target
    target.dispose()
    drop()


@pytest.fixture
def sqlite_target(tmp_path):
    target = Database(f"sqlite:///{tmp_path / 'target.db'}")
    upgrade(target)
    yield target
    target.dispose()


def _assert_same(source: Database, target: Database) -> None:
    for table in Base.metadata.sorted_tables:
        assert table_rows(target, table) == table_rows(source, table), table.name


def test_every_table_is_filled_by_the_fixture(db):
    fill_everything(db)
    empty = [t.name for t in Base.metadata.sorted_tables if not table_rows(db, t)]
    assert empty == []


def test_round_trip_same_engine(db, empty_target, tmp_path):
    fill_everything(db)
    archive = tmp_path / "backup.zip"
    summary = backup.backup(db, archive)
    assert summary.tables["attachments"] == 2
    counts = backup.restore(empty_target, archive)
    assert counts == summary.tables
    _assert_same(db, empty_target)
    with empty_target.session() as s:
        assert audit.verify_chain(session=s) is None
        # Sequences continue after the restored ids (PostgreSQL setval), and the chain keeps growing.
        units.create_unit(session=s, actor=SYSTEM, code="SAU-KHOI-PHUC", name="Sau khôi phục")
    with empty_target.read_session() as s:
        assert audit.verify_chain(session=s) is None


def test_round_trip_into_sqlite_is_engine_independent(db, sqlite_target, tmp_path):
    fill_everything(db)
    archive = tmp_path / "portable.zip"
    backup.backup(db, archive)
    backup.restore(sqlite_target, archive)
    _assert_same(db, sqlite_target)


def test_restore_refuses_a_database_with_data(db, tmp_path, capsys):
    fill_everything(db)
    archive = tmp_path / "b.zip"
    backup.backup(db, archive)
    before = table_rows(db, Base.metadata.tables["units"])
    with pytest.raises(ValidationError) as refused:
        backup.restore(db, archive)
    assert refused.value.key == "backup.error.not_empty" and "units" in refused.value.params["tables"]
    assert cli_main(["--database-url", db.url, "restore", str(archive)]) == 2
    assert "Chỉ khôi phục vào cơ sở dữ liệu trống" in capsys.readouterr().err
    assert table_rows(db, Base.metadata.tables["units"]) == before


def test_damaged_archive_is_refused_and_nothing_is_written(db, sqlite_target, tmp_path):
    fill_everything(db)
    archive, damaged = tmp_path / "b.zip", tmp_path / "damaged.zip"
    backup.backup(db, archive)
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "tables/ideas.jsonl":
                data = data.replace("Sáng kiến".encode(), b"Sang kien")
            dst.writestr(item, data)
    with pytest.raises(ValidationError) as refused:
        backup.restore(sqlite_target, damaged)
    assert refused.value.key == "backup.error.checksum"
    assert table_rows(sqlite_target, Base.metadata.tables["units"]) == []


def test_not_an_archive(sqlite_target, tmp_path):
    bogus = tmp_path / "x.zip"
    with zipfile.ZipFile(bogus, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError) as refused:
        backup.restore(sqlite_target, bogus)
    assert refused.value.key == "backup.error.not_archive"


def test_cli_backup_and_restore(db, sqlite_target, tmp_path, capsys):
    fill_everything(db)
    archive = tmp_path / "cli.zip"
    assert cli_main(["--database-url", db.url, "backup", "--out", str(archive)]) == 0
    assert cli_main(["--database-url", sqlite_target.url, "restore", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "Đã sao lưu" in out and "Đã khôi phục" in out
    _assert_same(db, sqlite_target)


def test_sqlite_online_backup_fast_path(db, tmp_path):
    if db.engine.dialect.name != "sqlite":
        assert cli_main(["--database-url", db.url, "backup", "--sqlite-file", "--out",
                         str(tmp_path / "x.db")]) == 2
        return
    fill_everything(db)
    copy = tmp_path / "copy.db"
    assert cli_main(["--database-url", db.url, "backup", "--sqlite-file", "--out", str(copy)]) == 0
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = Database(f"sqlite:///{copy}")
    try:
        _assert_same(db, copied)
    finally:
        copied.dispose()
