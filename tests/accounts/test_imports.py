"""Units and staff import: file formats, row errors, all-or-nothing commit, upserts, roles, passwords."""
from __future__ import annotations

import time
import unicodedata

import pytest
from sqlalchemy import func, select

from ideas.accounts import import_rows, imports
from ideas.accounts import users as accounts
from ideas.core.errors import ImportFailed, PermissionDenied
from ideas.core.models import AuditLog, RoleAssignment, Unit, User
from tests.support.factories.accounts import make_unit, make_user
from tests.support.files import cp1258_bytes, xlsx_bytes

UNIT_HEADER = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Biên chế\n"
STAFF_HEADER = "Họ và tên,Tên đăng nhập,Email,Mã đơn vị,Chức vụ,Vai trò\n"


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


@pytest.fixture
def admin(session):
    return make_user(session, roles=[("admin", None)], username="quantri")


def preview(session, admin, kind, data, filename="file.csv"):
    return imports.preview_import(session=session, actor=admin, kind=kind, data=data, filename=filename)


def commit(session, admin, kind, data, filename="file.csv"):
    return imports.commit_import(session=session, actor=admin, kind=kind, data=data, filename=filename)


def keys(result) -> set[tuple[int, str, str]]:
    return {(e.row, e.column, e.key) for e in result.errors}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_units_parent_later_in_file_builds_the_tree(session, admin):
    data = csv_bytes(UNIT_HEADER + "XA,Xã An Phú,HUYEN,12\nHUYEN,Huyện Đông Lâm,TINH,40\nTINH,UBND tỉnh,,5\n")
    result = commit(session, admin, "units", data)
    assert (result.created, result.updated) == (3, 0)
    by_code = {u.code: u for u in session.scalars(select(Unit))}
    assert by_code["XA"].path == f"/{by_code['TINH'].id}/{by_code['HUYEN'].id}/{by_code['XA'].id}/"
    assert (by_code["XA"].level, by_code["XA"].kind, by_code["HUYEN"].kind) == (2, "commune", "district")
    assert by_code["HUYEN"].headcount == 40


def test_headers_without_diacritics_or_in_english(session, admin):
    data = csv_bytes("MA DON VI;ten don vi;Ma don vi cap tren;BIEN CHE\nA;Sở A;;3\n")
    assert preview(session, admin, "units", data).new == 1
    data = csv_bytes("code,name,parent_code,headcount,kind\nB,Unit B,,4,department\n")
    assert preview(session, admin, "units", data).new == 1


def test_missing_headers_are_reported_and_nothing_written(session, admin):
    data = csv_bytes("Mã,Tên\nA,Sở A\n")
    result = preview(session, admin, "units", data)
    assert {(e.column, e.key) for e in result.errors} == {
        ("parent_code", "import.error.missing_header"), ("headcount", "import.error.missing_header")}
    before = count(session, Unit)
    with pytest.raises(ImportFailed) as failed:
        commit(session, admin, "units", data)
    assert len(failed.value.rows) == 2 and count(session, Unit) == before


def test_unknown_parent_and_cycles_in_file_and_against_the_database(session, admin):
    top = make_unit(session, code="TOP")
    make_unit(session, code="LOW", parent=top)
    data = csv_bytes(UNIT_HEADER + "A,Đơn vị A,B,1\nB,Đơn vị B,A,1\nC,Đơn vị C,KHONGCO,1\nTOP,Top,LOW,1\n")
    result = preview(session, admin, "units", data)
    assert keys(result) == {(2, "parent_code", "import.error.cycle"), (3, "parent_code", "import.error.cycle"),
                            (4, "parent_code", "import.error.unknown_parent"),
                            (5, "parent_code", "import.error.cycle")}
    assert result.errors[0].message("en").startswith("Unit A would sit below itself")


def test_duplicates_blank_rows_and_bad_headcounts(session, admin):
    data = csv_bytes(UNIT_HEADER + "A,Đơn vị A,,1\n,,,\n\nA,Đơn vị A lần 2,,1\nB,B,,-3\nC,C,,nhiều\nD,D,,\n")
    result = preview(session, admin, "units", data)
    assert keys(result) == {(5, "code", "import.error.duplicate_in_file"),
                            (6, "headcount", "import.error.headcount_negative"),
                            (7, "headcount", "import.error.headcount_invalid")}
    assert result.errors[0].params == {"value": "A", "first_row": 2}
    assert [r["code"] for r in result.rows] == ["A", "D"] and result.rows[1]["headcount"] == 0


def test_nfd_and_nfc_names_are_the_same(session, admin):
    nfc = "Sở Thông tin và Truyền thông"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    commit(session, admin, "units", csv_bytes(UNIT_HEADER + f"STT,{nfd},,10\n"))
    assert session.scalar(select(Unit.name).where(Unit.code == "STT")) == nfc
    again = commit(session, admin, "units", csv_bytes(UNIT_HEADER + f"STT,{nfc},,10\n"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    code = unicodedata.normalize("NFD", "Ở")
    result = preview(session, admin, "units", csv_bytes(UNIT_HEADER + f"{code},A,,1\nỞ,B,,1\n"))
    assert keys(result) == {(3, "code", "import.error.duplicate_in_file")}


def test_reimport_is_idempotent_and_updates_changes(session, admin):
    data = csv_bytes(UNIT_HEADER + "P,Tỉnh,,1\nQ,Sở Q,P,10\nR,Sở R,P,10\n")
    commit(session, admin, "units", data)
    before = count(session, Unit)
    again = commit(session, admin, "units", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3) and count(session, Unit) == before
    changed = commit(session, admin, "units", csv_bytes(UNIT_HEADER + "Q,Sở Q mới,R,12\n"))
    assert (changed.created, changed.updated) == (0, 1)
    q, r = (session.scalar(select(Unit).where(Unit.code == c)) for c in ("Q", "R"))
    session.refresh(q)
    assert (q.name, q.headcount, q.parent_id, q.level) == ("Sở Q mới", 12, r.id, 2)
    assert q.path == f"{r.path}{q.id}/"


def test_moving_a_unit_rewrites_its_subtree(session, admin):
    commit(session, admin, "units", csv_bytes(UNIT_HEADER + "T,Tỉnh,,1\nH,Huyện,T,1\nX,Xã,H,1\nS,Sở,T,1\n"))
    commit(session, admin, "units", csv_bytes(UNIT_HEADER + "H,Huyện,S,1\n"))
    units = {u.code: u for u in session.scalars(select(Unit))}
    for unit in units.values():
        session.refresh(unit)
    assert units["X"].path == f"/{units['T'].id}/{units['S'].id}/{units['H'].id}/{units['X'].id}/"
    assert units["X"].level == 3


def test_formula_text_is_stored_as_text(session, admin):
    commit(session, admin, "units", csv_bytes(UNIT_HEADER + "F,=1+2,,1\n"))
    assert session.scalar(select(Unit.name).where(Unit.code == "F")) == "=1+2"
    data = xlsx_bytes([["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Biên chế"], ["G", "=SUM(1,2)", None, 7]])
    commit(session, admin, "units", data, "units.xlsx")
    assert session.scalar(select(Unit.name).where(Unit.code == "G")) == "=SUM(1,2)"


def test_csv_encodings_utf16_cp1258_and_bom(session, admin):
    text = UNIT_HEADER + "E1,Sở Giáo dục và Đào tạo,,30\n"
    for data in (text.encode("utf-16"), cp1258_bytes(text), b"\xef\xbb\xbf" + text.encode("utf-8"),
                 text.replace(",", "\t").encode("utf-16")):
        result = preview(session, admin, "units", data)
        assert not result.errors
        assert result.rows[0]["name"] == "Sở Giáo dục và Đào tạo"


def test_xlsx_numbers_title_row_and_merged_header(session, admin):
    rows = [["DANH SÁCH ĐƠN VỊ"], [], ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Biên chế"],
            [101, "Sở A", None, 25.0], [102, "Sở B", 101, 3]]
    result = preview(session, admin, "units", xlsx_bytes(rows, merge="A1:D1"), "u.xlsx")
    assert not result.errors
    assert [(r["_row"], r["code"], r["parent_code"], r["headcount"]) for r in result.rows] == [
        (4, "101", "", 25), (5, "102", "101", 3)]
    merged = xlsx_bytes([["Mã đơn vị", "Tên đơn vị", None, "Biên chế"], ["A", "B", "C", 1]], merge="B1:C1")
    result = preview(session, admin, "units", merged, "u.xlsx")
    assert ("import.error.blank_header") in {e.key for e in result.errors}


def test_wrong_file_type_is_refused(session, admin):
    from ideas.core.errors import ValidationError

    with pytest.raises(ValidationError) as error:
        preview(session, admin, "units", b"%PDF-1.4\n%...", "x.csv")
    assert error.value.key == "import.error.file_type"
    with pytest.raises(ValidationError):
        preview(session, admin, "units", b"PK\x03\x04broken", "x.xlsx")


def test_staff_rows_are_checked(session, admin):
    make_unit(session, code="SNV")
    make_user(session, username="cosan")
    data = csv_bytes(STAFF_HEADER
                     + "Nguyễn Văn A,nva,a@x.vn,SNV,Chuyên viên,\n"
                     + "Trần B,nva,b@x.vn,SNV,,\n"
                     + "Lê C,lê c,c@x.vn,SNV,,\n"
                     + "Phạm D,pd,khong-phai-email,SNV,,\n"
                     + "Hồ E,he,,KHONGCO,,\n"
                     + "Ngô F,nf,,SNV,,phù thủy\n"
                     + ",ng,,SNV,,\n")
    result = preview(session, admin, "staff", data)
    assert keys(result) == {(3, "username", "import.error.duplicate_in_file"),
                            (4, "username", "import.error.username_invalid"),
                            (5, "email", "import.error.email_invalid"),
                            (6, "unit_code", "import.error.unknown_unit"),
                            (7, "roles", "import.error.unknown_role"),
                            (8, "full_name", "import.error.required")}
    assert result.new == 1


def test_roles_by_name_or_code_with_unit_or_province_scope(session, admin):
    unit = make_unit(session, code="STC")
    data = csv_bytes(STAFF_HEADER
                     + 'Lê Minh,minh,,STC,,"Thành viên hội đồng, chair"\n'
                     + 'Võ Lan,lan,,STC,,"Cán bộ, công chức, viên chức; Lãnh đạo / Sở Nội vụ"\n'
                     + "Đỗ Ngọc,ngoc,,STC,,thi dua - khen thuong\n"
                     + "Bùi An,an,,STC,,\n")
    result = commit(session, admin, "staff", data)
    assert result.created == 4
    grants = set(session.execute(select(User.username, RoleAssignment.role, RoleAssignment.unit_id)
                                 .join(User, User.id == RoleAssignment.user_id)).all())
    assert {("minh", "reviewer", unit.id), ("minh", "chair", unit.id), ("lan", "leader", None),
            ("ngoc", "reward_officer", unit.id)} <= grants
    assert not any(name == "an" for name, _, _ in grants)


def test_new_staff_get_temporary_passwords_rehashed_at_first_login(session, admin):
    make_unit(session, code="STP")
    existing = make_user(session, username="cu")
    old_hash = existing.password_hash
    data = csv_bytes(STAFF_HEADER + "Nguyễn Mới,moi,,STP,,\nNguyễn Cũ,cu,,STP,,\n")
    result = commit(session, admin, "staff", data)
    assert (result.created, result.updated) == (1, 1)
    assert [p["username"] for p in result.passwords] == ["moi"]
    password = result.passwords[0]["password"]
    user = accounts.by_username(session, "moi")
    assert user.must_change_password and password not in user.password_hash
    assert accounts.PASSWORD_CONTEXT.needs_update(user.password_hash)
    accounts.authenticate(session=session, username="moi", password=password)
    assert not accounts.PASSWORD_CONTEXT.needs_update(user.password_hash)
    session.refresh(existing)
    assert existing.password_hash == old_hash and existing.full_name == "Nguyễn Cũ"
    assert "moi" in imports.passwords_csv(result.passwords).decode("utf-8-sig")


def test_staff_reimport_is_idempotent_and_audited_once(session, admin):
    make_unit(session, code="SYT")
    data = csv_bytes(STAFF_HEADER + "A A,aa,,SYT,,reviewer\nB B,bb,,SYT,,\n")
    audits = count(session, AuditLog)
    commit(session, admin, "staff", data)
    assert count(session, AuditLog) == audits + 1
    users, grants = count(session, User), count(session, RoleAssignment)
    again = commit(session, admin, "staff", data)
    assert (again.created, again.updated, again.unchanged, again.passwords) == (0, 0, 2, [])
    assert (count(session, User), count(session, RoleAssignment)) == (users, grants)


def test_bad_staff_file_writes_nothing(session, admin):
    make_unit(session, code="SNV")
    data = csv_bytes(STAFF_HEADER + "Tốt,tot,,SNV,,\nXấu,xau,,SAI,,\n")
    users, audits = count(session, User), count(session, AuditLog)
    with pytest.raises(ImportFailed) as failed:
        commit(session, admin, "staff", data)
    assert [(e.row, e.column) for e in failed.value.rows] == [(3, "unit_code")]
    assert (count(session, User), count(session, AuditLog)) == (users, audits)


def test_staff_role_cannot_import(session):
    unit = make_unit(session)
    clerk = make_user(session, unit=unit)
    with pytest.raises(PermissionDenied):
        preview(session, clerk, "units", csv_bytes(UNIT_HEADER + "A,A,,1\n"))
    with pytest.raises(PermissionDenied):
        commit(session, clerk, "staff", csv_bytes(STAFF_HEADER))


def test_five_thousand_staff_from_xlsx(session, admin):
    make_unit(session, code="BIG")
    rows = [["Họ và tên", "Tên đăng nhập", "Email", "Mã đơn vị", "Chức vụ", "Vai trò"]]
    rows += [[f"Nguyễn Văn Số {n}", f"nv{n:05d}", f"nv{n:05d}@example.org", "BIG", "Chuyên viên", ""]
             for n in range(5000)]
    data = xlsx_bytes(rows)
    started = time.perf_counter()
    result = commit(session, admin, "staff", data, "big.xlsx")
    elapsed = time.perf_counter() - started
    print(f"5000-row staff import: {elapsed:.2f} s")
    assert result.created == 5000 and len(result.passwords) == 5000
    assert session.scalar(select(func.count()).select_from(User).where(User.username.like("nv%"))) == 5000


def test_templates_are_header_only_csv():
    for kind in imports.KINDS:
        text = imports.template_csv(kind).decode("utf-8-sig")
        assert text.strip() == ";".join(import_rows.TEMPLATE_HEADERS[kind])  # Vietnamese Excel's separator


def test_sample_files_import_in_csv_and_xlsx_alike(session, admin):
    from ideas.core.db import PROJECT_ROOT

    samples = PROJECT_ROOT / "data" / "samples"
    units = commit(session, admin, "units", (samples / "units.csv").read_bytes(), "units.csv")
    staff = commit(session, admin, "staff", (samples / "staff.xlsx").read_bytes(), "staff.xlsx")
    assert units.created == 6 and staff.created == 7
    again_units = commit(session, admin, "units", (samples / "units.xlsx").read_bytes(), "units.xlsx")
    again_staff = commit(session, admin, "staff", (samples / "staff.csv").read_bytes(), "staff.csv")
    assert (again_units.unchanged, again_staff.unchanged) == (6, 7)
