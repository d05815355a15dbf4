"""Bulk import of units and staff from CSV or XLSX: preview every row first, then write all or nothing."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import filetype
from passlib.context import CryptContext
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ideas.accounts import users
from ideas.core import audit
from ideas.core.errors import ImportFailed, ValidationError
from ideas.core.i18n import t
from ideas.core.models import RoleAssignment, Unit, User, utcnow
from ideas.core.permissions import ROLES, forget, require
from ideas.core.text import clean_line, fold

KINDS = ("units", "staff")
MAX_BYTES = 10 * 1024 * 1024
HEADER_SCAN_ROWS = 10

# Temporary passwords are 14 random characters (~81 bits) and must be changed at first login, so a
# slow hash buys nothing against guessing; a light argon2 keeps 5,000 new accounts to seconds instead
# of minutes. accounts.PASSWORD_CONTEXT rehashes with full parameters at login (verify_and_update).
TEMPORARY_PASSWORD_CONTEXT = CryptContext(
    schemes=["argon2"], argon2__time_cost=1, argon2__memory_cost=64, argon2__parallelism=1)

# field -> accepted header spellings (compared after fold() and dropping everything but letters/digits)
UNIT_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("Mã đơn vị", "code", "unit code", "ma"),
    "name": ("Tên đơn vị", "name", "unit name", "ten"),
    "parent_code": ("Mã đơn vị cấp trên", "parent_code", "parent", "ma cap tren"),
    "headcount": ("Biên chế", "headcount", "so bien che"),
    "kind": ("Loại", "kind", "loai don vi"),
}
UNIT_REQUIRED = ("code", "name", "parent_code", "headcount")
STAFF_FIELDS: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ và tên", "full_name", "ho ten", "name"),
    "username": ("Tên đăng nhập", "username", "login"),
    "email": ("Email", "e-mail", "thu dien tu"),
    "unit_code": ("Mã đơn vị", "unit_code", "unit"),
    "position": ("Chức vụ", "position", "title"),
    "roles": ("Vai trò", "roles", "role"),
}
STAFF_REQUIRED = ("full_name", "username", "email", "unit_code", "position", "roles")
TEMPLATE_HEADERS = {
    "units": ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Biên chế", "Loại"],
    "staff": ["Họ và tên", "Tên đăng nhập", "Email", "Mã đơn vị", "Chức vụ", "Vai trò"],
}
PROVINCE_WIDE_ROLES = {"leader", "admin"}
ROLE_ALIASES = {
    "staff": ("can bo", "cong chuc", "vien chuc", "can bo cong chuc vien chuc", "nhan vien"),
    "secretary": ("thu ky", "thu ky hoi dong"),
    "reviewer": ("thanh vien", "thanh vien hoi dong", "giam khao", "uy vien hoi dong"),
    "chair": ("chu tich", "chu tich hoi dong"),
    "reward_officer": ("thi dua", "thi dua khen thuong", "can bo thi dua", "can bo thi dua khen thuong",
                       "tdkt", "can bo tdkt"),
    "leader": ("lanh dao", "so noi vu", "lanh dao so noi vu"),
    "admin": ("quan tri", "quan tri vien", "administrator"),
}
KIND_ALIASES = {
    "province": ("tinh", "ubnd tinh"),
    "department": ("so", "so ban nganh", "ban", "nganh", "co quan"),
    "district": ("huyen", "thi xa", "thanh pho", "quan", "huyen thi xa thanh pho", "cap huyen"),
    "commune": ("xa", "phuong", "thi tran", "xa phuong thi tran", "cap xa"),
    "other": ("khac",),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class RowError:
    """One problem: the row as the user sees it in the file, the field, and a locale key + params."""

    row: int
    column: str
    key: str
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


@dataclass
class Preview:
    kind: str
    rows: list[dict]  # valid rows, cleaned, each with "_row" (file row number) and "_status"
    errors: list[RowError]
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    kind: str
    created: int
    updated: int
    unchanged: int
    passwords: list[dict]  # new staff only: username, full_name, password (shown once)


def _squash(text: object) -> str:
    return _NOT_ALNUM.sub("", fold(text))


def _phrase(text: object) -> str:
    return _NOT_ALNUM.sub(" ", fold(text)).strip()


# ---------------------------------------------------------------- reading files


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (old Vietnamese Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_csv(data: bytes) -> list[list[str]]:
    text = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    """Cell values as text; a formula is never evaluated: Excel's cached result, else the formula text."""
    import openpyxl

    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = (openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                    if _has_formulas(data) else None)
    except Exception as error:  # noqa: BLE001 - any broken workbook is the user's file problem
        raise ValidationError("import.error.unreadable", reason=type(error).__name__) from error
    try:
        sheets = [book.worksheets[0] for book in (values, formulas) if book is not None]
        for sheet in sheets:
            sheet.reset_dimensions()  # some generators write a wrong <dimension>; read every row
        value_rows = sheets[0].iter_rows(values_only=True)
        if formulas is None:
            return [[_cell_text(value) for value in row] for row in value_rows]
        rows = []
        for value_row, formula_row in zip(value_rows, sheets[1].iter_rows(values_only=True), strict=False):
            cells = []
            for index, value in enumerate(value_row):
                if value is None and index < len(formula_row) and formula_row[index] is not None:
                    value = formula_row[index]
                cells.append(_cell_text(value))
            rows.append(cells)
        return rows
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def _has_formulas(data: bytes) -> bool:
    """Whether any sheet holds a formula (<f> element), so that reading formula text is needed at all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(b"<f>" in archive.read(name) or b"<f " in archive.read(name)
                   for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    """Raw rows of the first sheet (or the CSV) as lists of text, checked by size and content."""
    if len(data) > MAX_BYTES:
        raise ValidationError("import.error.too_large", megabytes=MAX_BYTES // (1024 * 1024))
    if not data.strip():
        raise ValidationError("import.error.empty_file")
    kind = filetype.guess(data)
    if kind is not None and (kind.extension == "xlsx" or (kind.extension == "zip"
                                                          and filename.lower().endswith(".xlsx"))):
        return _read_xlsx(data)
    if kind is not None:
        raise ValidationError("import.error.file_type", found=kind.extension)
    if filename.lower().endswith((".xlsx", ".xls")):
        raise ValidationError("import.error.file_type", found="xls")
    return _read_csv(data)


def _match_headers(rows: list[list[str]], fields: dict[str, tuple[str, ...]]) -> tuple[int, dict[str, int]]:
    """The header row (the one among the first rows naming the most fields) and field -> column index."""
    aliases = {_squash(alias): name for name, spellings in fields.items() for alias in spellings}
    aliases.update({_squash(name): name for name in fields})
    best_index, best = 0, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for column, header in enumerate(row):
            name = aliases.get(_squash(header))
            if name and name not in found:
                found[name] = column
        if len(found) > len(best):
            best_index, best = index, found
    return best_index, best


# ---------------------------------------------------------------- parsing values


def parse_headcount(text: str) -> int | None:
    """A non-negative whole number ('' = 0); None when it is not one."""
    value = text.replace(" ", "").replace("\u00a0", "")
    if not value:
        return 0
    if re.fullmatch(r"-?\d+(\.0+)?", value):
        return int(float(value))
    return None


def parse_kind(text: str) -> str | None:
    phrase = _phrase(text)
    if phrase.replace(" ", "_") in KIND_ALIASES:
        return phrase.replace(" ", "_")
    for language in ("vi", "en"):
        for kind in KIND_ALIASES:
            if phrase == _phrase(t(f"unit_kind.{kind}", language)):
                return kind
    for kind, aliases in KIND_ALIASES.items():
        if phrase in aliases:
            return kind
    return None


def guess_kind(name: str) -> str:
    phrase = _phrase(name)
    for prefix, kind in (("huyen ", "district"), ("thi xa ", "district"), ("thanh pho ", "district"),
                         ("xa ", "commune"), ("phuong ", "commune"), ("thi tran ", "commune"),
                         ("ubnd tinh", "province"), ("tinh ", "province")):
        if phrase.startswith(prefix):
            return kind
    return "department"


@lru_cache(maxsize=1)
def _role_labels() -> tuple[tuple[str, str], ...]:
    labels = [(_phrase(t(f"role.{role}", lang)), role) for role in ROLES for lang in ("vi", "en")]
    labels += [(alias, role) for role, aliases in ROLE_ALIASES.items() for alias in aliases]
    labels += [(role.replace("_", " "), role) for role in ROLES]
    return tuple(sorted(set(labels), key=lambda item: -len(item[0])))


@lru_cache(maxsize=256)
def parse_roles(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Roles named in a cell (codes or Vietnamese/English names, comma separated) and the unknown ones."""
    if not text:
        return (), ()
    labels = dict(_role_labels())
    folded = fold(text)
    # Role names may themselves contain commas ("Cán bộ, công chức, viên chức"): swap whole names first.
    for role in ROLES:
        for lang in ("vi", "en"):
            label = fold(t(f"role.{role}", lang))
            if "," in label:
                folded = folded.replace(label, role)
    roles, unknown = [], []
    for part in re.split(r"[,;\n]", folded):
        phrase = _NOT_ALNUM.sub(" ", part).strip()
        if not phrase:
            continue
        code = phrase.replace(" ", "_")
        role = code if code in ROLES else labels.get(phrase)
        if role is None:
            unknown.append(clean_line(part))
        elif role not in roles:
            roles.append(role)
    return tuple(roles), tuple(unknown)


# ---------------------------------------------------------------- validation


def _table(rows: list[list[str]], fields: dict[str, tuple[str, ...]], required: tuple[str, ...]
           ) -> tuple[list[dict], list[RowError]]:
    """Rows as {field: cleaned text, "_row": n}; blank rows skipped; header problems as errors."""
    if not rows:
        raise ValidationError("import.error.empty_file")
    header_index, columns = _match_headers(rows, fields)
    errors = [RowError(header_index + 1, name, "import.error.missing_header")
              for name in required if name not in columns]
    if errors:
        # Merged header cells leave blanks between titles; say so instead of only "missing column".
        filled = [bool(clean_line(cell)) for cell in rows[header_index]]
        if True in filled and False in filled[: len(filled) - filled[::-1].index(True)]:
            errors.append(RowError(header_index + 1, "", "import.error.blank_header"))
        return [], errors
    records = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if not any(clean_line(cell) for cell in row):
            continue
        record = {name: clean_line(row[col]) if col < len(row) else "" for name, col in columns.items()}
        record["_row"] = index + 1
        records.append(record)
    return records, []


def _check_units(session: Session, records: list[dict]) -> tuple[list[dict], list[RowError]]:
    errors: list[RowError] = []
    existing = {code: (uid, name, kind, parent_id, headcount) for uid, code, name, kind, parent_id, headcount
                in session.execute(select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent_id,
                                          Unit.headcount))}
    code_by_id = {values[0]: code for code, values in existing.items()}
    seen: dict[str, int] = {}
    good: list[dict] = []
    for record in records:
        row, bad = record["_row"], False
        code, name = record["code"], record["name"]
        if not code:
            errors.append(RowError(row, "code", "import.error.required"))
            bad = True
        elif len(code) > 50:
            errors.append(RowError(row, "code", "import.error.too_long", {"max": 50}))
            bad = True
        elif code in seen:
            errors.append(RowError(row, "code", "import.error.duplicate_in_file",
                                   {"value": code, "first_row": seen[code]}))
            bad = True
        else:
            seen[code] = row
        if not name:
            errors.append(RowError(row, "name", "import.error.required"))
            bad = True
        elif len(name) > 255:
            errors.append(RowError(row, "name", "import.error.too_long", {"max": 255}))
            bad = True
        headcount = parse_headcount(record["headcount"])
        if headcount is None:
            errors.append(RowError(row, "headcount", "import.error.headcount_invalid",
                                   {"value": record["headcount"]}))
            bad = True
        elif headcount < 0:
            errors.append(RowError(row, "headcount", "import.error.headcount_negative",
                                   {"value": record["headcount"]}))
            bad = True
        kind_text = record.get("kind", "")
        kind = parse_kind(kind_text) if kind_text else None
        if kind_text and kind is None:
            errors.append(RowError(row, "kind", "import.error.unknown_kind", {"value": kind_text}))
            bad = True
        record.update(headcount=headcount, kind=kind, _bad=bad)
        if code and seen.get(code) == row:
            good.append(record)
    # Parents: defined in this file (anywhere) or already in the database; the final tree has no cycle.
    file_codes = {record["code"] for record in records if record["code"]}
    parent_of = {code: code_by_id.get(values[3]) for code, values in existing.items()}
    parent_of.update({record["code"]: record["parent_code"] or None for record in records
                      if record["code"] and seen.get(record["code"]) == record["_row"]})
    checked: list[dict] = []
    for record in good:
        parent = record["parent_code"]
        if parent and parent not in file_codes and parent not in existing:
            errors.append(RowError(record["_row"], "parent_code", "import.error.unknown_parent",
                                   {"value": parent}))
            continue
        node, steps, cycle = parent, 0, False
        while node is not None and steps <= len(parent_of):
            if node == record["code"]:
                cycle = True
                break
            node, steps = parent_of.get(node), steps + 1
        if cycle:
            errors.append(RowError(record["_row"], "parent_code", "import.error.cycle",
                                   {"code": record["code"], "value": parent}))
            continue
        if not record.pop("_bad"):
            checked.append(record)
    for record in checked:
        before = existing.get(record["code"])
        if before is None:
            record["_status"] = "new"
            record["kind"] = record["kind"] or guess_kind(record["name"])
        else:
            record["kind"] = record["kind"] or before[2]
            same = (before[1], before[2], code_by_id.get(before[3]), before[4]) == (
                record["name"], record["kind"], record["parent_code"] or None, record["headcount"])
            record["_status"] = "unchanged" if same else "updated"
    return checked, errors


def _check_staff(session: Session, records: list[dict]) -> tuple[list[dict], list[RowError]]:
    errors: list[RowError] = []
    unit_ids = {code: uid for code, uid in session.execute(select(Unit.code, Unit.id))}
    existing = {row.username: row for row in session.execute(
        select(User.id, User.username, User.full_name, User.email, User.unit_id, User.position))}
    seen: dict[str, int] = {}
    good: list[dict] = []
    for record in records:
        row, bad = record["_row"], False
        if not record["full_name"]:
            errors.append(RowError(row, "full_name", "import.error.required"))
            bad = True
        elif len(record["full_name"]) > 255:
            errors.append(RowError(row, "full_name", "import.error.too_long", {"max": 255}))
            bad = True
        username = users.normalise_username(record["username"])
        if not username:
            errors.append(RowError(row, "username", "import.error.required"))
            bad = True
        elif len(username) > 100 or not set(username) <= users.USERNAME_CHARS:
            errors.append(RowError(row, "username", "import.error.username_invalid",
                                   {"value": record["username"]}))
            bad = True
        elif username in seen:
            errors.append(RowError(row, "username", "import.error.duplicate_in_file",
                                   {"value": username, "first_row": seen[username]}))
            bad = True
        else:
            seen[username] = row
        email = record["email"]
        if email and (len(email) > 255 or not _EMAIL.match(email)):
            errors.append(RowError(row, "email", "import.error.email_invalid", {"value": email}))
            bad = True
        unit_id = unit_ids.get(record["unit_code"])
        if not record["unit_code"]:
            errors.append(RowError(row, "unit_code", "import.error.required"))
            bad = True
        elif unit_id is None:
            errors.append(RowError(row, "unit_code", "import.error.unknown_unit", {"value": record["unit_code"]}))
            bad = True
        if len(record["position"]) > 255:
            errors.append(RowError(row, "position", "import.error.too_long", {"max": 255}))
            bad = True
        roles, unknown = parse_roles(record["roles"])
        for name in unknown:
            errors.append(RowError(row, "roles", "import.error.unknown_role", {"value": name}))
            bad = True
        if bad:
            continue
        record.update(username=username, unit_id=unit_id, email=email or None,
                      position=record["position"] or None, roles=[r for r in roles if r != "staff"])
        before = existing.get(username)
        if before is None:
            record["_status"] = "new"
        else:
            record["_id"] = before.id
            same = (before.full_name, before.email, before.unit_id, before.position) == (
                record["full_name"], record["email"], unit_id, record["position"])
            record["_status"] = "unchanged" if same else "updated"
        good.append(record)
    if good:
        held = {tuple(row) for row in session.execute(
            select(RoleAssignment.user_id, RoleAssignment.role, RoleAssignment.unit_id))}
        for record in good:
            record["_new_roles"] = [
                (role, None if role in PROVINCE_WIDE_ROLES else record["unit_id"]) for role in record["roles"]
                if (record.get("_id"), role, None if role in PROVINCE_WIDE_ROLES else record["unit_id"]) not in held
            ]
            if record["_status"] == "unchanged" and record["_new_roles"]:
                record["_status"] = "updated"
    return good, errors


def _parse(session: Session, kind: str, data: bytes, filename: str) -> Preview:
    if kind not in KINDS:
        raise ValidationError("import.error.kind", kind=kind)
    rows = read_rows(data, filename)
    if kind == "units":
        records, errors = _table(rows, UNIT_FIELDS, UNIT_REQUIRED)
        good, more = _check_units(session, records) if not errors else ([], [])
    else:
        records, errors = _table(rows, STAFF_FIELDS, STAFF_REQUIRED)
        good, more = _check_staff(session, records) if not errors else ([], [])
    errors = sorted(errors + more, key=lambda e: (e.row, e.column))
    preview = Preview(kind=kind, rows=good, errors=errors)
    for record in good:
        setattr(preview, record["_status"], getattr(preview, record["_status"]) + 1)
    return preview


def preview_import(*, session: Session, actor: User | None, kind: str, data: bytes, filename: str,
                   check: bool = True) -> Preview:
    """Parse and validate a units/staff file; nothing is written."""
    if check:
        require(session, actor, "accounts.import")
    return _parse(session, kind, data, filename)


# ---------------------------------------------------------------- writing


def _write_units(session: Session, rows: list[dict]) -> None:
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
            "position": record["position"], "password_hash": hashed,
            "must_change_password": bool(password), "password_changed_at": now, "active": True,
            "failed_logins": 0, "created_at": now,
        })
    if values:
        session.execute(insert(User), values)
    changed = [record for record in rows if record["_status"] == "updated"]
    if changed:
        session.execute(update(User), [
            {"id": record["_id"], "full_name": record["full_name"], "search_name": fold(record["full_name"]),
             "email": record["email"], "unit_id": record["unit_id"], "position": record["position"]}
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


def commit_import(*, session: Session, actor: User | None, kind: str, data: bytes, filename: str,
                  check: bool = True) -> ImportResult:
    """Write a units/staff file: all rows or none (ImportFailed lists the bad rows); upsert by code/username."""
    if check:
        require(session, actor, "accounts.import")
    preview = _parse(session, kind, data, filename)
    if preview.errors:
        raise ImportFailed(rows=preview.errors)
    passwords: list[dict] = []
    if kind == "units":
        _write_units(session, preview.rows)
    else:
        passwords = _write_staff(session, preview.rows)
    audit.record(session=session, actor=actor, action=f"import.{kind}", entity="import", entity_id=filename[:60],
                 details={"file": filename, "rows": len(preview.rows), "created": preview.new,
                          "updated": preview.updated, "unchanged": preview.unchanged})
    session.flush()
    return ImportResult(kind=kind, created=preview.new, updated=preview.updated, unchanged=preview.unchanged,
                        passwords=passwords)


# ---------------------------------------------------------------- helpers for pages and the CLI


def template_csv(kind: str) -> bytes:
    """A header-only CSV (UTF-8 with BOM so that Excel shows the diacritics)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(TEMPLATE_HEADERS[kind])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def passwords_csv(passwords: list[dict]) -> bytes:
    """The temporary passwords of new accounts as CSV (UTF-8 with BOM), formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["username", "full_name", "password"])
    for item in passwords:
        writer.writerow([_safe_cell(item["username"]), _safe_cell(item["full_name"]), item["password"]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def column_label(column: str, kind: str, lang: str) -> str:
    return t(f"import.col.{column}", lang) if column else ""


def error_rows(errors: list[RowError], kind: str, lang: str) -> list[dict]:
    """Errors as plain rows (row, column, reason) in the reader's language, for tables and the CLI."""
    return [{"row": error.row, "column": column_label(error.column, kind, lang), "reason": error.message(lang)}
            for error in errors]
