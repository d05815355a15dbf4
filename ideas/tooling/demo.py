"""Demo data: a believable (fictional) Vietnamese province, Tỉnh An Hòa, its units and staff.

The units-and-staff part lives here; each capability then adds its part through AREA_SEEDERS.
"""
from __future__ import annotations

import random

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ideas.accounts import imports
from ideas.accounts import users as accounts
from ideas.core import audit, csvfile
from ideas.core.errors import ValidationError
from ideas.core.i18n import t
from ideas.core.models import RoleAssignment, Unit, User, utcnow
from ideas.core.permissions import SYSTEM, forget
from ideas.core.text import fold

# Each capability seeds its part of the demo in `ideas/tooling/demo_<area>.py` with `seed(session=..., context=...)`;
# they run in this order, each seeing what the ones before it created (context is a shared dict).
AREA_SEEDERS = ("ideas.tooling.demo_papers", "ideas.tooling.demo_filing", "ideas.tooling.demo_review",
                "ideas.tooling.demo_rewards",
                "ideas.tooling.demo_dashboards", "ideas.tooling.demo_followthrough", "ideas.tooling.demo_rules")
SEED = 2026
EMAIL_DOMAIN = "anhoa.example.org"

# (code, name, kind, parent code, headcount), parents first
UNITS: list[tuple[str, str, str, str | None, int]] = [
    ("AH", "UBND tỉnh An Hòa", "province", None, 12),
    ("VPUB", "Văn phòng UBND tỉnh", "department", "AH", 45),
    ("SNV", "Sở Nội vụ", "department", "AH", 40),
    ("STC", "Sở Tài chính", "department", "AH", 38),
    ("STP", "Sở Tư pháp", "department", "AH", 30),
    ("STTTT", "Sở Thông tin và Truyền thông", "department", "AH", 28),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "department", "AH", 35),
    ("SKHCN", "Sở Khoa học và Công nghệ", "department", "AH", 26),
    ("SYT", "Sở Y tế", "department", "AH", 42),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "department", "AH", 40),
    ("HPT", "Huyện Phú Thạnh", "district", "AH", 60),
    ("HPT.PL", "Xã Phú Lợi", "commune", "HPT", 18),
    ("HPT.TH", "Xã Tân Hòa", "commune", "HPT", 16),
    ("HPT.TT", "Thị trấn Phú Thạnh", "commune", "HPT", 20),
    ("TXBS", "Thị xã Bình Sơn", "district", "AH", 55),
    ("TXBS.AL", "Phường An Lạc", "commune", "TXBS", 20),
    ("TXBS.BM", "Phường Bình Minh", "commune", "TXBS", 18),
    ("HLG", "Huyện Long Giang", "district", "AH", 50),
    ("HLG.LH", "Xã Long Hưng", "commune", "HLG", 15),
    ("HLG.MT", "Xã Mỹ Thuận", "commune", "HLG", 14),
]
ACCOUNT_SHARE = 0.55  # share of the headcount that has an account in the demo

# username, full name, unit code, position, roles (role, province-wide?)
DEMO_LOGINS: list[tuple[str, str, str, str, list[tuple[str, bool]]]] = [
    ("demo.quantri", "Trần Minh Khoa", "STTTT", "Chuyên viên chính", [("admin", True)]),
    ("demo.lanhdao", "Nguyễn Thị Thu Hà", "VPUB", "Phó Chánh Văn phòng", [("leader", True)]),
    ("demo.chutich", "Lê Văn Thành", "SKHCN", "Giám đốc", [("chair", True)]),
    ("demo.thuky", "Phạm Thị Ngọc Ánh", "SKHCN", "Chuyên viên", [("secretary", True)]),
    ("demo.giamkhao1", "Hoàng Đức Minh", "SNV", "Phó Giám đốc", [("reviewer", True)]),
    ("demo.giamkhao2", "Võ Thị Mỹ Linh", "STC", "Trưởng phòng", [("reviewer", True)]),
    ("demo.giamkhao3", "Đặng Quang Huy", "STTTT", "Trưởng phòng", [("reviewer", True)]),
    ("demo.giamkhao4", "Bùi Thị Thanh Tâm", "STP", "Phó Trưởng phòng", [("reviewer", True)]),
    ("demo.thidua", "Huỳnh Văn Phúc", "SNV", "Chuyên viên chính", [("reward_officer", True)]),
    ("demo.canbo", "Đỗ Thị Hồng Nhung", "TXBS.AL", "Công chức Văn phòng - Thống kê", []),
]

FAMILY = [("Nguyễn", 32), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 5), ("Phan", 4),
          ("Vũ", 4), ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
          ("Lý", 1)]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Ngọc", "Xuân", "Quốc", "Anh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Hồng", "Bích", "Minh"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Khoa", "Long",
              "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thịnh", "Trung", "Tuấn",
              "Việt", "Vinh", "Toàn", "Lộc", "Hậu", "Tâm", "Kiên"]
GIVEN_FEMALE = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
                "Ngân", "Nhung", "Phương", "Quyên", "Thảo", "Trang", "Uyên", "Yến", "Vy", "Hằng", "Loan",
                "Tuyết", "Oanh", "Thủy"]
POSITIONS_AGENCY = ["Chuyên viên"] * 10 + ["Chuyên viên chính"] * 4 + ["Phó Trưởng phòng"] * 2 + [
    "Trưởng phòng", "Văn thư", "Kế toán", "Cán sự", "Chuyên viên cao cấp"]
POSITIONS_COMMUNE = ["Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch",
                     "Công chức Địa chính - Xây dựng", "Công chức Tài chính - Kế toán",
                     "Công chức Văn hóa - Xã hội", "Chỉ huy trưởng Quân sự", "Văn thư"]
HEADS = {"province": ("Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh"),
         "department": ("Giám đốc", "Phó Giám đốc"),
         "district": ("Chủ tịch UBND", "Phó Chủ tịch UBND"),
         "commune": ("Chủ tịch UBND", "Phó Chủ tịch UBND")}


def _name(rng: random.Random) -> str:
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    if rng.random() < 0.5:
        return f"{family} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{family} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def _username(full_name: str, taken: set[str]) -> str:
    """'Nguyễn Văn An' -> 'annv' (given name + initials), numbered on collision."""
    parts = fold(full_name).split()
    base = parts[-1] + "".join(part[0] for part in parts[:-1])
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


def _staff_rows(rng: random.Random) -> list[dict]:
    """Generated people per unit (heads first), plus the named demo logins."""
    taken = {login[0] for login in DEMO_LOGINS}
    rows = []
    for code, _unit_name, kind, _parent, headcount in UNITS:
        count = max(3, round(headcount * ACCOUNT_SHARE))
        head, deputy = HEADS[kind]
        pool = POSITIONS_COMMUNE if kind == "commune" else POSITIONS_AGENCY
        for index in range(count):
            position = head if index == 0 else deputy if index <= (1 if kind == "commune" else 2) else rng.choice(pool)
            full_name = _name(rng)
            rows.append({"username": _username(full_name, taken), "full_name": full_name, "unit_code": code,
                         "position": position, "roles": [], "login": False})
    for username, full_name, code, position, roles in DEMO_LOGINS:
        rows.append({"username": username, "full_name": full_name, "unit_code": code, "position": position,
                     "roles": roles, "login": True})
    # A district-scoped reward officer without a demo login, for scoped data.
    for row in rows:
        if row["unit_code"] == "HPT" and not row["login"] and row["position"].startswith("Chuyên viên"):
            row["roles"] = [("reward_officer", False)]
            break
    return rows


def load_demo(*, session: Session) -> list[dict]:
    """Load the demo province into an empty database; returns the demo logins (shown once)."""
    import importlib
    import importlib.util

    if session.scalar(select(Unit.id).limit(1)) is not None:
        raise ValidationError("demo.error.not_empty")
    rng = random.Random(SEED)
    imports.write_units(session, [
        {"code": code, "name": name, "kind": kind, "parent_code": parent, "headcount": headcount,
         "_status": "new"} for code, name, kind, parent, headcount in UNITS])
    unit_ids = {code: uid for code, uid in session.execute(select(Unit.code, Unit.id))}
    now = utcnow()
    rows = _staff_rows(rng)
    logins: list[dict] = []
    values = []
    for row in rows:
        password = accounts.generate_temporary_password() if row["login"] else None
        if password:
            logins.append({"username": row["username"], "full_name": row["full_name"],
                           "roles": ", ".join(role for role, _ in row["roles"]) or "staff", "password": password})
        values.append({
            "username": row["username"], "full_name": row["full_name"], "search_name": fold(row["full_name"]),
            "email": f"{row['username']}@{EMAIL_DOMAIN}", "unit_id": unit_ids[row["unit_code"]],
            "position": row["position"],
            # Random one-time demo passwords: the light hash is upgraded at first login (see imports).
            "password_hash": imports.TEMPORARY_PASSWORD_CONTEXT.hash(password) if password else None,
            "must_change_password": False, "password_changed_at": now, "active": True, "failed_logins": 0,
            "created_at": now,
        })
    session.execute(insert(User), values)
    user_ids = {name: uid for uid, name in session.execute(select(User.id, User.username))}
    grants = [{"user_id": user_ids[row["username"]], "role": role,
               "unit_id": None if province_wide else unit_ids[row["unit_code"]], "created_at": now}
              for row in rows for role, province_wide in row["roles"]]
    session.execute(insert(RoleAssignment), grants)
    forget(session)
    audit.record(session=session, actor=SYSTEM, action="demo.load", entity="demo", entity_id=SEED,
                 details={"units": len(UNITS), "users": len(rows)})
    session.flush()

    demo_ids = [user_ids[row["username"]] for row in rows]
    users = {user.id: user for user in session.scalars(select(User).where(User.id.in_(demo_ids)))}
    staff = [users[uid] for uid in demo_ids]
    by_role: dict[str, list[User]] = {"staff": list(staff)}
    # Named demo logins first in each list so that later seeders give them the interesting data.
    for row in sorted(rows, key=lambda r: not r["login"]):
        for role, _scope in row["roles"]:
            by_role.setdefault(role, []).append(users[user_ids[row["username"]]])
    context: dict = {
        "units": list(session.scalars(select(Unit).order_by(Unit.path))),
        "units_by_code": {code: session.get(Unit, uid) for code, uid in unit_ids.items()},
        "users_by_role": by_role,
        "staff": staff,
        "logins": {login["username"]: users[user_ids[login["username"]]] for login in logins},
        "rng": random.Random(SEED + 1),
    }
    for name in AREA_SEEDERS:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).seed(session=session, context=context)
    return logins


def login_roles(codes: str, lang: str = "vi") -> str:
    """A login's roles as people say them ("staff, admin" -> "Cán bộ, công chức, viên chức; Quản trị")."""
    return "; ".join(t(f"role.{code.strip()}", lang) for code in codes.split(",") if code.strip())


def logins_csv(logins: list[dict], lang: str = "vi") -> bytes:
    """The demo logins as a CSV for Vietnamese Excel: headings and roles in the language."""
    fields = ("username", "full_name", "roles", "password")
    return csvfile.csv_bytes([t(f"field.{name}", lang) for name in fields],
                             [[row[name] if name != "roles" else login_roles(row[name], lang) for name in fields]
                              for row in logins])
