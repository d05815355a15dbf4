"""Browser: the whole journey of an initiative, clicked in Vietnamese, from import to the leader's dashboard."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from st_helpers import (
    click,
    expect_cell,
    expect_text,
    expect_title,
    fill,
    login,
    nav,
    new_context,
    radio,
    select,
    shot,
    upload,
)

pytestmark = pytest.mark.e2e
INCREMENTAL = True  # a failing step skips the later ones (see conftest.py)

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Mat-khau-hanh-trinh-2026"
AUTHOR, CO_AUTHOR, COLLEAGUE = "lanvt", "binhtv", "cuclt"
SECRETARY, CHAIR, REVIEWERS = "hapt", "minhlh", ("minhlh", "vietdq", "dungnv")
REWARD_OFFICER, LEADER = "ngocttb", "longhd"
AUTHOR_UNIT = "Xã An Phú"
# Họ và tên, Tên đăng nhập, Email, Mã đơn vị, Chức vụ, Vai trò
STAFF = [
    ("Võ Thị Lan", AUTHOR, "lanvt@binhha.example.org", "BH.HDL.XAP", "Công chức Văn phòng - Thống kê", ""),
    ("Trần Văn Bình", CO_AUTHOR, "binhtv@binhha.example.org", "BH.HDL.XAP", "Công chức Tư pháp - Hộ tịch", ""),
    ("Lê Thị Cúc", COLLEAGUE, "cuclt@binhha.example.org", "BH.HDL.XAP", "Công chức Địa chính", ""),
    ("Phạm Thu Hà", SECRETARY, "hapt@binhha.example.org", "BH.HDL", "Chuyên viên", "Thư ký hội đồng"),
    ("Lê Hoàng Minh", CHAIR, "minhlh@binhha.example.org", "BH.HDL", "Phó Chủ tịch UBND",
     "Thành viên hội đồng, Chủ tịch hội đồng"),
    ("Đặng Quốc Việt", "vietdq", "vietdq@binhha.example.org", "BH.HDL", "Chánh Văn phòng", "Thành viên hội đồng"),
    ("Ngô Văn Dũng", "dungnv", "dungnv@binhha.example.org", "BH.HDL", "Trưởng phòng Nội vụ", "Thành viên hội đồng"),
    ("Trần Thị Bích Ngọc", REWARD_OFFICER, "ngocttb@binhha.example.org", "BH.HDL", "Chuyên viên",
     "Thi đua - khen thưởng"),
    ("Hoàng Đức Long", LEADER, "longhd@binhha.example.org", "BH", "Chủ tịch UBND", "Lãnh đạo"),
]
FULL_NAME = {row[1]: row[0] for row in STAFF}


@pytest.fixture(scope="module")
def journey(browser, base_url, admin_account, tmp_path_factory, downloads_dir):
    """Shared state of the journey: one browser profile per person, files made for the run."""
    state = {"contexts": {}, "tmp": tmp_path_factory.mktemp("journey"), "downloads": downloads_dir,
             "admin": admin_account}

    def page_of(username: str, password: str | None = None):
        """The signed-in tab of this person (a separate profile, so separate cookies)."""
        if username not in state["contexts"]:
            context = new_context(browser, base_url)
            page = context.new_page()
            login(page, username, password or PASSWORD)
            state["contexts"][username] = (context, page)
        return state["contexts"][username][1]

    state["page_of"] = page_of
    yield state
    for context, _page in state["contexts"].values():
        context.close()


def _staff_xlsx(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Tên đăng nhập", "Email", "Mã đơn vị", "Chức vụ", "Vai trò"])
    for row in STAFF:
        sheet.append(list(row))
    workbook.save(path)
    return path


def _set_passwords(e2e_db, usernames) -> None:  # noqa: ANN001
    """Give imported people a known password (the temporary ones are shown once on the import page)."""
    from ideas import accounts

    with e2e_db.session() as session:
        for username in usernames:
            user = accounts.by_username(session, username)
            user.password_hash = accounts.hash_password(PASSWORD)
            user.must_change_password = False


def test_admin_imports_units_and_staff_from_xlsx(journey, e2e_db):
    admin = journey["admin"]
    page = journey["page_of"](admin["username"], admin["password"])
    nav(page, "Nhập dữ liệu")
    expect_title(page, "Nhập dữ liệu từ tệp")
    radio(page, "Đơn vị")
    upload(page, "Tệp CSV hoặc XLSX", ROOT / "data/samples/units.xlsx")
    expect_text(page, "Tổng 6 dòng hợp lệ: 6 mới")
    shot(page, "10-import-units-preview")
    click(page, "Ghi dữ liệu")
    expect_text(page, "Đã nhập: 6 mới")

    radio(page, "Cán bộ, công chức")
    upload(page, "Tệp CSV hoặc XLSX", _staff_xlsx(journey["tmp"] / "can-bo.xlsx"))
    expect_text(page, f"Tổng {len(STAFF)} dòng hợp lệ: {len(STAFF)} mới")
    click(page, "Ghi dữ liệu")
    expect_text(page, f"Mật khẩu tạm của {len(STAFF)} tài khoản mới chỉ hiển thị MỘT LẦN")
    shot(page, "11-import-staff-passwords")
    click(page, "Tôi đã lưu danh sách, ẩn mật khẩu")
    _set_passwords(e2e_db, FULL_NAME)

    from ideas import accounts

    with e2e_db.read_session() as session:
        author = accounts.by_username(session, AUTHOR)
        assert author is not None and author.full_name == "Võ Thị Lan"


CAMPAIGN = "Đợt sáng kiến cải cách hành chính 2026"
COUNCIL = "Hội đồng sáng kiến huyện Đông Lâm"
COUNCIL_MEMBERS = [(SECRETARY, "Thư ký"), (CHAIR, "Chủ tịch"), ("vietdq", "Ủy viên"), ("dungnv", "Ủy viên")]


def test_admin_opens_a_campaign_and_names_the_council(journey):
    page = journey["page_of"](journey["admin"]["username"])
    nav(page, "Đợt sáng kiến")
    expect_title(page, "Đợt sáng kiến")
    fill(page, "Tên đợt", CAMPAIGN)
    select(page, "Phạm vi", "Huyện Đông Lâm (BH.HDL)")
    click(page, "Mở đợt")
    expect_text(page, "Đã lưu.")
    expect_cell(page, CAMPAIGN)
    shot(page, "12-campaigns")

    nav(page, "Hội đồng và quyết định")
    expect_title(page, "Hội đồng sáng kiến")
    expect_text(page, "Đợt này chưa có Hội đồng.")
    fill(page, "Tên Hội đồng", COUNCIL)
    fill(page, "Quyết định thành lập (số, ngày)", "15/QĐ-UBND ngày 05/01/2026")
    click(page, "Thành lập Hội đồng")
    expect_text(page, "Đã thành lập Hội đồng.")
    for username, role in COUNCIL_MEMBERS:
        fill(page, "Tìm người (tên hoặc tên đăng nhập)", username)
        select(page, "Thành viên", f"({username})")
        select(page, "Vai trò", role, exact=True)
        click(page, "Thêm / đổi vai trò")
        expect_cell(page, FULL_NAME[username])
    shot(page, "13-council-members")
