"""Checking import rows: the accepted columns, cell values (headcount, kind, roles) and every row's problems.

Each check returns the good rows, cleaned and marked new/updated/unchanged against the database, and a
RowError per problem (row, column, real cause); nothing is written here.
"""
from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.accounts import identity, users
from ideas.accounts.import_files import RowError, phrase
from ideas.core.i18n import t
from ideas.core.models import RoleAssignment, Unit, User
from ideas.core.permissions import ROLES
from ideas.core.text import clean_line, fold, has_visible

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
    "personal_id": ("Số định danh cá nhân", "personal_id", "cccd", "so cccd", "can cuoc cong dan",
                    "so can cuoc", "so dinh danh", "ma dinh danh"),
}
STAFF_REQUIRED = ("full_name", "username", "email", "unit_code", "position", "roles")
TEMPLATE_HEADERS = {
    "units": ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Biên chế", "Loại"],
    "staff": ["Họ và tên", "Tên đăng nhập", "Email", "Mã đơn vị", "Chức vụ", "Vai trò", "Số định danh cá nhân"],
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
    words = phrase(text)
    if words.replace(" ", "_") in KIND_ALIASES:
        return words.replace(" ", "_")
    for language in ("vi", "en"):
        for kind in KIND_ALIASES:
            if words == phrase(t(f"unit_kind.{kind}", language)):
                return kind
    for kind, aliases in KIND_ALIASES.items():
        if words in aliases:
            return kind
    return None


def guess_kind(name: str) -> str:
    words = phrase(name)
    for prefix, kind in (("huyen ", "district"), ("thi xa ", "district"), ("thanh pho ", "district"),
                         ("xa ", "commune"), ("phuong ", "commune"), ("thi tran ", "commune"),
                         ("ubnd tinh", "province"), ("tinh ", "province")):
        if words.startswith(prefix):
            return kind
    return "department"


@lru_cache(maxsize=1)
def _role_labels() -> tuple[tuple[str, str], ...]:
    labels = [(phrase(t(f"role.{role}", lang)), role) for role in ROLES for lang in ("vi", "en")]
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
        words = _NOT_ALNUM.sub(" ", part).strip()
        if not words:
            continue
        code = words.replace(" ", "_")
        role = code if code in ROLES else labels.get(words)
        if role is None:
            unknown.append(clean_line(part))
        elif role not in roles:
            roles.append(role)
    return tuple(roles), tuple(unknown)


def _text_problem(errors: list[RowError], row: int, column: str, value: str, max_chars: int) -> bool:
    """Record why a required name or code is unusable (empty, invisible only, too long); True when it is."""
    if not value:
        errors.append(RowError(row, column, "import.error.required"))
    elif not has_visible(value):
        errors.append(RowError(row, column, "import.error.invisible"))
    elif len(value) > max_chars:
        errors.append(RowError(row, column, "import.error.too_long", {"max": max_chars}))
    else:
        return False
    return True


def _repeated(errors: list[RowError], seen: dict[str, int], row: int, column: str, value: str) -> bool:
    """Whether `value` already stood on an earlier row of the file (recorded as an error); else remember it."""
    if value in seen:
        errors.append(RowError(row, column, "import.error.duplicate_in_file",
                               {"value": value, "first_row": seen[value]}))
        return True
    seen[value] = row
    return False


def _personal_number(errors: list[RowError], seen: dict[str, int], row: int, text: str) -> tuple[str | None, bool]:
    """The row's identification number (None when the cell is empty) and whether it is refused (recorded)."""
    number = identity.normalise(text)
    if not number:
        return None, False
    key = identity.problem(number)
    if key:
        errors.append(RowError(row, "personal_id", key))
        return None, True
    if number in seen:  # the message names the first row, never the number
        errors.append(RowError(row, "personal_id", "identity.error.repeated", {"first_row": seen[number]}))
        return None, True
    seen[number] = row
    return number, False


def check_units(session: Session, records: list[dict]) -> tuple[list[dict], list[RowError]]:
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
        if _text_problem(errors, row, "code", code, 50):
            bad = True
        elif _repeated(errors, seen, row, "code", code):
            bad = True
        bad = _text_problem(errors, row, "name", name, 255) or bad
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


def check_staff(session: Session, records: list[dict]) -> tuple[list[dict], list[RowError]]:
    errors: list[RowError] = []
    unit_ids = {code: uid for code, uid in session.execute(select(Unit.code, Unit.id))}
    existing = {row.username: row for row in session.execute(
        select(User.id, User.username, User.full_name, User.email, User.unit_id, User.position, User.personal_id))}
    # The personal identification number, when present, is the match key: a re-import after a reorganisation
    # (new username, new unit) updates the person it names instead of adding a second account.
    by_number = {row.personal_id: row for row in existing.values() if row.personal_id}
    seen: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    good: list[dict] = []
    for record in records:
        row, bad = record["_row"], False
        bad = _text_problem(errors, row, "full_name", record["full_name"], 255)
        username = users.normalise_username(record["username"])
        if not username:
            errors.append(RowError(row, "username", "import.error.required"))
            bad = True
        elif len(username) > 100 or not set(username) <= users.USERNAME_CHARS:
            errors.append(RowError(row, "username", "import.error.username_invalid",
                                   {"value": record["username"]}))
            bad = True
        elif _repeated(errors, seen, row, "username", username):
            bad = True
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
        number, number_bad = _personal_number(errors, seen_numbers, row, record.get("personal_id", ""))
        bad = bad or number_bad
        before = by_number.get(number) if number else None
        holder = existing.get(username) if username else None
        if before is not None and holder is not None and holder.id != before.id:
            errors.append(RowError(row, "username", "identity.error.username_of_other", {"value": username}))
            bad = True
        elif before is None and holder is not None and number and holder.personal_id not in (None, number):
            errors.append(RowError(row, "personal_id", "identity.error.other_number", {"value": username}))
            bad = True
        if bad:
            continue
        before = before or holder
        record.update(username=username, unit_id=unit_id, email=email or None,
                      position=record["position"] or None, roles=[r for r in roles if r != "staff"],
                      personal_id=number or (before.personal_id if before is not None else None))
        if before is None:
            record["_status"] = "new"
        else:
            record["_id"] = before.id
            if before.unit_id is not None and before.unit_id != unit_id:
                record["_left_unit_id"] = before.unit_id  # kept as a closed membership: history as it was
            if before.username != username:
                record["_renamed_from"] = before.username
            same = (before.username, before.full_name, before.email, before.unit_id, before.position,
                    before.personal_id) == (username, record["full_name"], record["email"], unit_id,
                                            record["position"], record["personal_id"])
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
