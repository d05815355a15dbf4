"""Backup and restore as a portable archive: a zip with one JSON-lines file per table and a manifest.

The archive does not depend on the database engine, so a SQLite backup restores into PostgreSQL and
back. Restore only goes into a migrated database that holds nothing but reference data, in one
transaction; PostgreSQL sequences are moved past the restored ids afterwards.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, Table, func, select, text, update
from sqlalchemy.sql import sqltypes

from ideas.core import clock
from ideas.core.bulk import analyze
from ideas.core.db import Database
from ideas.core.errors import ValidationError
from ideas.core.models import AuditHead, Base

FORMAT = "ideas-backup/1"
MANIFEST = "manifest.json"
# A database counts as empty when these hold no rows (reference data inserted by every migration run,
# such as PAR fields, rubrics and award forms, is replaced by the archive's copy).
OWNED_TABLES = ("users", "units", "ideas", "audit_log", "campaigns", "award_lists", "auth_sessions")
BATCH = 500


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: dict[str, int]


def tables() -> list[Table]:
    """Every table of the schema in foreign-key order (parents first)."""
    return list(Base.metadata.sorted_tables)


def _encode(column, value):
    if value is None:
        return None
    if isinstance(column.type, sqltypes.LargeBinary):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sqltypes.LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, sqltypes.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, sqltypes.Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, sqltypes.Numeric) and not isinstance(kind, sqltypes.Float):
        return Decimal(value)
    return value


def _order(table: Table):
    return [c for c in table.primary_key.columns]


def schema_revision(conn: Connection) -> str | None:
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database that was never migrated
        return None


def backup(database: Database, out: str | Path) -> BackupSummary:
    """Write every table to a zip archive at `out` (read in one consistent transaction)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    entries: dict[str, dict] = {}
    reader = database.engine.execution_options(sqlite_read_only=True)
    with reader.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        revision = schema_revision(conn)
        if revision is None:
            raise ValidationError("backup.error.no_schema")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            _write_tables(conn, archive, counts, entries)
            manifest = {"format": FORMAT, "revision": revision, "source_dialect": conn.dialect.name,
                        "created_at": clock.instant().isoformat(timespec="seconds"),
                        "tables": entries}
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return BackupSummary(out, counts)


def _write_tables(conn: Connection, archive: zipfile.ZipFile, counts: dict, entries: dict) -> None:
    for table in tables():
        name = f"tables/{table.name}.jsonl"
        digest, count = hashlib.sha256(), 0
        with archive.open(name, "w") as handle:
            result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
                select(table).order_by(*_order(table)))
            for row in result.mappings():
                record = {c.name: _encode(c, row[c.name]) for c in table.columns}
                line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
                handle.write(line)
                digest.update(line)
                count += 1
        counts[table.name] = count
        entries[table.name] = {"file": name, "rows": count, "sha256": digest.hexdigest()}


def backup_sqlite_file(database: Database, out: str | Path) -> Path:
    """SQLite fast path: a page-level copy through the online backup API (consistent while in use)."""
    if database.engine.dialect.name != "sqlite":
        raise ValidationError("backup.error.not_sqlite")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(database.engine.url.database)
    target = sqlite3.connect(out)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    return out


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise ValidationError("backup.error.not_archive") from None
    if manifest.get("format") != FORMAT:
        raise ValidationError("backup.error.format", format=manifest.get("format"))
    return manifest


def _nonreference_rows(conn: Connection) -> dict[str, int]:
    found = {}
    for table in tables():
        if table.name not in OWNED_TABLES:
            continue
        count = conn.execute(select(func.count()).select_from(table)).scalar() or 0
        if count:
            found[table.name] = count
    head_seq = conn.execute(select(AuditHead.seq).where(AuditHead.id == 1)).scalar()
    if head_seq:
        found["audit_head"] = 1
    return found


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def restore(database: Database, source: str | Path) -> dict[str, int]:
    """Load an archive into an empty, migrated database in one transaction; return rows per table."""
    with zipfile.ZipFile(source) as archive:
        manifest = read_manifest(archive)
        with database.engine.begin() as conn:
            revision = schema_revision(conn)
            if manifest.get("revision") != revision:
                raise ValidationError("backup.error.revision", archive=manifest.get("revision"),
                                      database=revision)
            occupied = _nonreference_rows(conn)
            if occupied:
                raise ValidationError("backup.error.not_empty",
                                      tables=", ".join(f"{k} ({v})" for k, v in sorted(occupied.items())))
            for table in reversed(tables()):
                conn.execute(table.delete())
            counts = {}
            for table in tables():
                entry = manifest["tables"].get(table.name)
                counts[table.name] = _load_table(conn, archive, table, entry) if entry else 0
            if conn.dialect.name == "postgresql":
                _fix_sequences(conn)
    analyze(database)
    return counts


def _load_table(conn: Connection, archive: zipfile.ZipFile, table: Table, entry: dict) -> int:
    deferred = _self_references(table)
    pk = [c.name for c in table.primary_key.columns]
    digest, count, batch, links = hashlib.sha256(), 0, [], []
    with archive.open(entry["file"]) as raw:
        for line in io.BufferedReader(raw):
            digest.update(line)
            record = json.loads(line)
            row = {c.name: _decode(c, record.get(c.name)) for c in table.columns if c.name in record}
            if deferred:
                # Parents may come after children in id order (a moved unit): link them afterwards.
                links.append(({k: row[k] for k in pk}, {k: row.get(k) for k in deferred}))
                row.update({k: None for k in deferred})
            batch.append(row)
            count += 1
            if len(batch) >= BATCH:
                conn.execute(table.insert(), batch)
                batch = []
    if batch:
        conn.execute(table.insert(), batch)
    if digest.hexdigest() != entry["sha256"] or count != entry["rows"]:
        raise ValidationError("backup.error.checksum", table=table.name)
    for key, values in links:
        if any(v is not None for v in values.values()):
            clause = [table.c[k] == v for k, v in key.items()]
            conn.execute(update(table).where(*clause).values(**values))
    return count


def _fix_sequences(conn: Connection) -> None:
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sqltypes.Integer):
            continue
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table.name, "c": pk[0].name}).scalar()
        if sequence:
            top = conn.execute(select(func.max(pk[0]))).scalar()
            conn.execute(text("SELECT setval(:s, :v, :called)"),
                         {"s": sequence, "v": top or 1, "called": top is not None})
