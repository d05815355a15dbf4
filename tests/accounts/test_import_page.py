"""AppTest of the import page: upload, preview with row errors, commit, one-time passwords."""
from __future__ import annotations

from sqlalchemy import func, select

from ideas.core.models import Unit, User
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.files import excel_unicode_text

UNITS = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Biên chế\nT,UBND tỉnh,,3\nS,Sở Nội vụ,T,20\n".encode()
STAFF = "Họ và tên,Tên đăng nhập,Email,Mã đơn vị,Chức vụ,Vai trò\nNguyễn Văn An,annv,,S,Chuyên viên,\n".encode()


def _admin_page(app_env):
    with app_env.session() as s:
        admin = make_user(s, unit=make_unit(s, code="ADM"), roles=[("admin", None)])
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_import.py").run()
    assert not at.exception
    return at


def test_import_page_previews_and_commits_units_then_staff(app_env):
    at = _admin_page(app_env)
    assert at.title[0].value == "Nhập dữ liệu từ tệp"
    assert any("Chưa chọn tệp" in i.value for i in at.info)
    at.file_uploader(key="import_file_units_0").set_value(("units.csv", UNITS, "text/csv"))
    at.run()
    assert not at.exception
    assert any("2 mới" in m.value for m in at.markdown)
    at.button(key="import_commit").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 3
    at.radio(key="import_kind").set_value("staff").run()
    at.file_uploader(key="import_file_staff_1").set_value(("staff.csv", STAFF, "text/csv"))
    at.run()
    at.button(key="import_commit").click().run()
    assert not at.exception
    assert any("một lần" in w.value.lower() for w in at.warning)
    assert at.dataframe[0].value.iloc[0, 0] == "annv"
    at.button(key="import_passwords_done").click().run()
    assert not at.warning
    with app_env.read_session() as s:
        assert s.scalar(select(User).where(User.username == "annv")).must_change_password


def test_import_page_lists_bad_rows_and_offers_no_commit(app_env):
    at = _admin_page(app_env)
    bad = UNITS + "X,Xã,KHONGCO,-1\n".encode()
    at.file_uploader(key="import_file_units_0").set_value(("units.csv", bad, "text/csv"))
    at.run()
    assert not at.exception
    assert at.error and "1 dòng lỗi, 2 lỗi" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table["row"]) == [4, 4]
    assert "Mã đơn vị cấp trên" in set(table["column"])
    assert not [b for b in at.button if b.key == "import_commit"]
    with app_env.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 1


def test_import_page_refuses_a_wrong_file_type(app_env):
    at = _admin_page(app_env)
    at.file_uploader(key="import_file_units_0").set_value(("units.csv", b"%PDF-1.4 not a table", "text/csv"))
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Định dạng tệp không được hỗ trợ (pdf). Chỉ nhận CSV, văn bản Unicode của Excel (.txt, .tsv) hoặc Excel .xlsx."]


def test_import_page_takes_excels_unicode_text_as_the_command_line_does(app_env):
    """Excel's "Unicode Text (*.txt)": UTF-16 with a BOM, tab-separated; the uploader takes the CLI's list."""
    from ideas.accounts import import_files

    at = _admin_page(app_env)
    uploader = at.file_uploader(key="import_file_units_0")
    assert uploader.allowed_type == [f".{ext}" for ext in import_files.FILE_TYPES] and ".txt" in uploader.allowed_type
    rows = [line.split(",") for line in UNITS.decode().splitlines()]
    uploader.set_value(("don-vi.txt", excel_unicode_text(rows), "text/plain")).run()
    assert not at.exception and not at.error
    assert any("2 mới" in m.value for m in at.markdown)
    at.button(key="import_commit").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert s.scalar(select(Unit.name).where(Unit.code == "S")) == "Sở Nội vụ"
