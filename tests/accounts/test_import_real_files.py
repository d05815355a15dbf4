"""Real-shaped exports: title rows, STT, column numbers, blank lines and a signature block around the data."""
from __future__ import annotations

import io
import unicodedata

import openpyxl
import pytest
from sqlalchemy import select

from ideas.accounts import imports
from ideas.core.errors import ImportFailed
from ideas.core.i18n import t
from ideas.core.models import Unit, User
from tests.support.factories.accounts import make_unit, make_user
from tests.support.files import cp1258_bytes, xlsx_bytes

STAFF_HEADER = ["STT", "Họ và tên", "Tên đăng nhập", "Email", "Mã đơn vị", "Chức vụ", "Vai trò"]
STAFF = [
    [1, "Nguyễn Văn An", "nvan", "an@anhoa.gov.vn", "SNV", "Chuyên viên", ""],
    [2, "Trần Thị Bình", "ttbinh", "", "SNV", "Thủ trưởng đơn vị", "Lãnh đạo / Sở Nội vụ"],
    [3, "Lê Văn Cường", "lvcuong", "cuong@anhoa.gov.vn", "SNV", "", "thi dua"],
]
SIGNATURE = [
    [],
    [None, None, None, None, "An Hòa, ngày 05 tháng 11 năm 2026"],
    [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký, ghi rõ họ tên, đóng dấu)"],
    [],
    [None, "Phạm Thị Dung", None, None, "Hoàng Văn Em"],
]


def real_export(header: list, rows: list[list], *, title: str) -> bytes:
    """An HR-system xlsx: merged title rows, the header, a row of column numbers, data, a signature block."""
    titles = [[text] for text in ("UBND TỈNH AN HÒA", "SỞ NỘI VỤ", title, "(Kèm theo Công văn số 123/SNV-TCBC)")]
    last = openpyxl.utils.get_column_letter(len(header))
    table = [*titles, [], header, [f"({n})" for n in range(1, len(header) + 1)], *rows, *SIGNATURE]
    return xlsx_bytes(table, merge=[f"A{n}:{last}{n}" for n in range(1, len(titles) + 1)])


@pytest.fixture
def admin(session):
    return make_user(session, roles=[("admin", None)], username="quantri")


def commit(session, admin, kind, data, filename):
    return imports.commit_import(session=session, actor=admin, kind=kind, data=data, filename=filename)


def test_staff_export_with_titles_and_signature_block_imports_only_the_staff(session, admin):
    make_unit(session, code="SNV", name="Sở Nội vụ")
    data = real_export(STAFF_HEADER, STAFF[:1] + [[]] + STAFF[1:], title="DANH SÁCH CÁN BỘ, CÔNG CHỨC")
    preview = imports.preview_import(session=session, actor=admin, kind="staff", data=data, filename="ds.xlsx")
    assert preview.errors == []
    assert [row["username"] for row in preview.rows] == ["nvan", "ttbinh", "lvcuong"]
    result = commit(session, admin, "staff", data, "ds.xlsx")
    assert result.created == 3
    names = dict(session.execute(select(User.username, User.position).where(User.username.in_(
        ["nvan", "ttbinh", "lvcuong", "phamthidung"]))).all())
    assert names == {"nvan": "Chuyên viên", "ttbinh": "Thủ trưởng đơn vị", "lvcuong": None}


def test_units_export_with_signature_block(session, admin):
    header = ["STT", "Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Biên chế"]
    rows = [[1, "AH", "UBND tỉnh An Hòa", None, 12], [2, "AH.SNV", "Sở Nội vụ", "AH", 40],
            [3, "AH.HLG", "Huyện Long Giang", "AH", 120]]
    result = commit(session, admin, "units", real_export(header, rows, title="DANH SÁCH ĐƠN VỊ"), "dv.xlsx")
    assert result.created == 3
    units = {u.code: u for u in session.scalars(select(Unit).where(Unit.code.like("AH%")))}
    assert units["AH.HLG"].parent_id == units["AH"].id and units["AH.HLG"].headcount == 120
    assert units["AH.HLG"].kind == "district"


def test_a_data_row_after_the_signature_is_named_not_dropped(session, admin):
    make_unit(session, code="SNV")
    data = real_export(STAFF_HEADER, STAFF, title="DANH SÁCH")
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active.append([4, "Đỗ Thị Giang", "dtgiang", "giang@anhoa.gov.vn", "SNV", "Chuyên viên", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFailed) as failed:
        commit(session, admin, "staff", buffer.getvalue(), "ds.xlsx")
    (error,) = failed.value.rows
    assert error.key == "import.error.after_footer" and error.row == book.active.max_row
    assert error.params == {"footer_row": 12}
    assert session.scalar(select(User.id).where(User.username == "nvan")) is None  # nothing written


def test_still_wrong_rows_name_row_column_and_cause_with_rows_and_errors_counted(session, admin):
    make_unit(session, code="SNV")
    rows = [[1, "Nguyễn Văn An", "nvan", "khong-phai-email", "KHONGCO", "", ""],
            [2, "\u00ad\u3164", "lê c", "", "SNV", "", "phù thủy"]]
    preview = imports.preview_import(session=session, actor=admin, kind="staff", filename="ds.xlsx",
                                     data=real_export(STAFF_HEADER, rows, title="DANH SÁCH"))
    assert {(e.row, e.column, e.key) for e in preview.errors} == {
        (8, "email", "import.error.email_invalid"), (8, "unit_code", "import.error.unknown_unit"),
        (9, "full_name", "import.error.invisible"), (9, "username", "import.error.username_invalid"),
        (9, "roles", "import.error.unknown_role")}
    assert (preview.bad_rows, len(preview.errors)) == (2, 5)
    assert t("import.errors_title", "vi", count=preview.bad_rows, errors=len(preview.errors)).startswith(
        "Có 2 dòng lỗi, 5 lỗi")
    with pytest.raises(ImportFailed) as failed:
        commit(session, admin, "staff", real_export(STAFF_HEADER, rows, title="DANH SÁCH"), "ds.xlsx")
    assert failed.value.params == {"count": 2, "errors": 5}


def test_unit_names_made_of_invisible_characters_are_refused(session, admin):
    data = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Biên chế\nX1,\u2800\u034f\u180e,,1\n".encode()
    preview = imports.preview_import(session=session, actor=admin, kind="units", data=data, filename="u.csv")
    assert [(e.row, e.column, e.key) for e in preview.errors] == [(2, "name", "import.error.invisible")]


CSV_EXPORT = ("DANH SÁCH CÁN BỘ\n\nSTT,Họ và tên,Tên đăng nhập,Email,Mã đơn vị,Chức vụ,Vai trò\n"
              "1,Nguyễn Thị Hồng,nthong,,SNV,Chuyên viên,\n\n2,Võ Đức Thắng,vdthang,,SNV,,\n\n"
              ",,,,An Hòa, ngày 05 tháng 11 năm 2026,\n,Người lập biểu,,,Thủ trưởng đơn vị,\n"
              ",Phạm Thị Dung,,,Hoàng Văn Em,\n")


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf8-bom"),
    pytest.param(lambda text: text.replace(",", "\t").encode("utf-16"), id="utf16-tab"),
    pytest.param(cp1258_bytes, id="windows-1258"),
    pytest.param(lambda text: unicodedata.normalize("NFD", text).encode("utf-8"), id="nfd"),
])
def test_csv_exports_in_every_encoding_import_the_same_people(session, admin, encode):
    make_unit(session, code="SNV")
    result = commit(session, admin, "staff", encode(CSV_EXPORT), "ds.csv")
    assert result.created == 2
    people = dict(session.execute(select(User.username, User.full_name).where(
        User.username.in_(["nthong", "vdthang"]))).all())
    assert people == {"nthong": "Nguyễn Thị Hồng", "vdthang": "Võ Đức Thắng"}
