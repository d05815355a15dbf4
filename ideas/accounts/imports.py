"""Bulk import of units and staff from CSV or XLSX: preview every row first, then write all or nothing.

Reading files and finding the table in a real export is import_files; checking rows is import_rows.
"""
from __future__ import annotations

import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from passlib.context import CryptContext
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ideas.accounts import users
from ideas.accounts.import_files import RowError, data_block, read_rows
from ideas.accounts.import_rows import (
    STAFF_FIELDS,
    STAFF_REQUIRED,
    TEMPLATE_HEADERS,
    UNIT_FIELDS,
    UNIT_REQUIRED,
    check_staff,
    check_units,
)
from ideas.core import audit, clock, csvfile
from ideas.core.errors import ImportFailed, ValidationError
from ideas.core.i18n import t
from ideas.core.models import RoleAssignment, Unit, UnitMembership, User, utcnow
from ideas.core.permissions import Actor, forget, require
from ideas.core.text import fold

KINDS = ("units", "staff")

# Temporary passwords are 14 random characters (~81 bits) and must be changed at first login, so a
# slow hash buys nothing against guessing; a light argon2 keeps 5,000 new accounts to seconds instead
# of minutes. accounts.PASSWORD_CONTEXT rehashes with full parameters at login (verify_and_update).
TEMPORARY_PASSWORD_CONTEXT = CryptContext(
    schemes=["argon2"], argon2__time_cost=1, argon2__memory_cost=64, argon2__parallelism=1)


@dataclass
class Preview:
    kind: str
    rows: list[dict]  # valid rows, cleaned, each with "_row" (file row number) and "_status"
    errors: list[RowError]
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def bad_rows(self) -> int:
        """Rows with at least one error (a row may have several)."""
        return len({error.row for error in self.errors})


@dataclass
class ImportResult:
    kind: str
    created: int
    updated: int
    unchanged: int
    passwords: list[dict]  # new staff only: username, full_name, password (shown once)


def _parse(session: Session, kind: str, data: bytes, filename: str) -> Preview:
    if kind not in KINDS:
        raise ValidationError("import.error.kind", kind=kind)
    rows = read_rows(data, filename)
    fields, required, check = ((UNIT_FIELDS, UNIT_REQUIRED, check_units) if kind == "units"
                               else (STAFF_FIELDS, STAFF_REQUIRED, check_staff))
    records, errors = data_block(rows, fields, required)
    missing_header = any(error.key == "import.error.missing_header" for error in errors)
    good, more = check(session, records) if not missing_header else ([], [])
    errors = sorted(errors + more, key=lambda e: (e.row, e.column))
    preview = Preview(kind=kind, rows=good, errors=errors)
    for record in good:
        setattr(preview, record["_status"], getattr(preview, record["_status"]) + 1)
    return preview


def preview_import(*, session: Session, actor: Actor, kind: str, data: bytes, filename: str) -> Preview:
    """Parse and validate a units/staff file; nothing is written."""
    require(session, actor, "accounts.import")
    return _parse(session, kind, data, filename)


# ---------------------------------------------------------------- writing


def write_units(session: Session, rows: list[dict]) -> None:
    """Upsert checked unit rows ({code, name, kind, parent_code, headcount, _status}) and rebuild every path.

    No permission check and no audit row: callers are commit_import and the demo loader, which check and audit.
    """
    # populate_existing: paths rewritten in SQL earlier in this session must not be read stale.
    units = {unit.code: unit for unit in session.scalars(select(Unit).execution_options(populate_existing=True))}
    for record in rows:
        if record["_status"] == "new":
            unit = Unit(code=record["code"], name=record["name"], kind=record["kind"],
                        headcount=record["headcount"], path="/", level=0)
            session.add(unit)
            units[record["code"]] = unit
        elif record["_status"] == "updated":
            unit = units[record["code"]]
            unit.name, unit.kind, unit.headcount = record["name"], record["kind"], record["headcount"]
    session.flush()
    for record in rows:
        parent = record["parent_code"]
        units[record["code"]].parent_id = units[parent].id if parent else None
    session.flush()
    _rebuild_paths(list(units.values()))
    session.flush()


def _rebuild_paths(units: list[Unit]) -> None:
    """Recompute every unit's materialised path and level from parent_id (the import may move many)."""
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    stack = [(unit, "/", 0) for unit in children.get(None, [])]
    while stack:
        unit, prefix, level = stack.pop()
        path = f"{prefix}{unit.id}/"
        if unit.path != path:
            unit.path = path
        if unit.level != level:
            unit.level = level
        stack.extend((child, path, level + 1) for child in children.get(unit.id, []))


def _write_staff(session: Session, rows: list[dict], *, hasher: CryptContext = TEMPORARY_PASSWORD_CONTEXT,
                 passwords: bool = True) -> list[dict]:
    """Bulk upsert; new accounts get a temporary password (returned) unless `passwords` is False."""
    now = utcnow()
    new_rows = [record for record in rows if record["_status"] == "new"]
    issued: list[dict] = []
    secrets_ = [users.generate_temporary_password() if passwords else None for _ in new_rows]
    # argon2-cffi releases the GIL: hash on every core.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        hashes = list(pool.map(lambda p: hasher.hash(p) if p else None, secrets_))
    values = []
    for record, password, hashed in zip(new_rows, secrets_, hashes, strict=True):
        if password:
            issued.append({"username": record["username"], "full_name": record["full_name"],
                           "password": password})
        values.append({
            "username": record["username"], "full_name": record["full_name"],
            "search_name": fold(record["full_name"]), "email": record["email"], "unit_id": record["unit_id"],
            "position": record["position"], "personal_id": record.get("personal_id"), "password_hash": hashed,
            "must_change_password": bool(password), "password_changed_at": now, "active": True,
            "failed_logins": 0, "created_at": now,
        })
    if values:
        session.execute(insert(User), values)
    changed = [record for record in rows if record["_status"] == "updated"]
    moved = [{"user_id": record["_id"], "unit_id": record["_left_unit_id"], "valid_to": clock.today()}
             for record in changed if record.get("_left_unit_id")]
    if moved:  # a person's unit on an earlier day stays readable (reports "as it was")
        session.execute(insert(UnitMembership), moved)
    if changed:
        session.execute(update(User), [
            {"id": record["_id"], "username": record["username"], "full_name": record["full_name"],
             "search_name": fold(record["full_name"]), "email": record["email"], "unit_id": record["unit_id"],
             "position": record["position"], "personal_id": record.get("personal_id")}
            for record in changed
        ])
    if new_rows:
        wanted = {record["username"] for record in new_rows}
        ids = {name: uid for uid, name in session.execute(select(User.id, User.username))
               if name in wanted}
        for record in new_rows:
            record["_id"] = ids[record["username"]]
    grants = [{"user_id": record["_id"], "role": role, "unit_id": scope, "created_at": now}
              for record in rows for role, scope in record.get("_new_roles", [])]
    if grants:
        session.execute(insert(RoleAssignment), grants)
        forget(session)
    session.flush()
    return issued


def commit_import(*, session: Session, actor: Actor, kind: str, data: bytes, filename: str) -> ImportResult:
    """Write a units/staff file: all rows or none (ImportFailed lists the bad rows); upsert by code/username."""
    require(session, actor, "accounts.import")
    preview = _parse(session, kind, data, filename)
    if preview.errors:
        raise ImportFailed(rows=preview.errors)
    passwords: list[dict] = []
    if kind == "units":
        write_units(session, preview.rows)
    else:
        passwords = _write_staff(session, preview.rows)
    audit.record(session=session, actor=actor, action=f"import.{kind}", entity="import", entity_id=filename[:60],
                 details={"file": filename, "rows": len(preview.rows), "created": preview.new,
                          "updated": preview.updated, "unchanged": preview.unchanged,
                          "renamed": [[r["_renamed_from"], r["username"]] for r in preview.rows
                                      if r.get("_renamed_from")],
                          "moved": sum(1 for r in preview.rows if r.get("_left_unit_id"))})
    session.flush()
    return ImportResult(kind=kind, created=preview.new, updated=preview.updated, unchanged=preview.unchanged,
                        passwords=passwords)


# ---------------------------------------------------------------- helpers for pages and the CLI


def template_csv(kind: str) -> bytes:
    """A header-only CSV for Vietnamese Excel (`;`, BOM so that Excel shows the diacritics); the import reads it."""
    return csvfile.csv_bytes(TEMPLATE_HEADERS[kind], [])


def passwords_csv(passwords: list[dict], lang: str = "vi") -> bytes:
    """The temporary passwords of new accounts as a CSV for Vietnamese Excel, headed in the language; formula-safe
    (a password is written as it is: one that starts with "-" must not gain an apostrophe)."""
    rows = [[csvfile.neutralise(item["username"]), csvfile.neutralise(item["full_name"]), item["password"]]
            for item in passwords]
    header = [t(f"import.passwords.col.{name}", lang) for name in ("username", "full_name", "password")]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=csvfile.SEPARATOR, lineterminator="\r\n").writerows([header, *rows])
    return (csvfile.BOM + buffer.getvalue()).encode("utf-8")


def column_label(column: str, kind: str, lang: str) -> str:
    return t(f"import.col.{column}", lang) if column else ""


def error_rows(errors: list[RowError], kind: str, lang: str) -> list[dict]:
    """Errors as plain rows (row, column, reason) in the reader's language, for tables and the CLI."""
    return [{"row": error.row, "column": column_label(error.column, kind, lang), "reason": error.message(lang)}
            for error in errors]
