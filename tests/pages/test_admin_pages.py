"""AppTest of the foundation pages per role: admin units/accounts/settings, staff kept out, password change."""
import pytest

from ideas.accounts import units, users
from ideas.core import settings
from ideas.core.models import User
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import PASSWORD, make_unit, make_user


def _signed_in(app_env, user):
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, user)
    return at.run()


def _admin_and_staff(app_env):
    with app_env.session() as s:
        unit = make_unit(s, code="SNV", name="Sở Nội vụ")
        admin = make_user(s, unit=unit, roles=[("admin", None)], full_name="Lê Quản Trị")
        staff = make_user(s, unit=unit, full_name="Phạm Cán Bộ")
    return unit, admin, staff


def test_staff_cannot_open_admin_pages(app_env):
    _, _, staff = _admin_and_staff(app_env)
    at = _signed_in(app_env, staff)
    assert not at.exception
    for page in ("pages/admin_units.py", "pages/admin_accounts.py", "pages/admin_settings.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_admin_adds_a_unit_and_sees_it_in_the_tree(app_env):
    unit, admin, _ = _admin_and_staff(app_env)
    at = _signed_in(app_env, admin)
    at.switch_page("pages/admin_units.py").run()
    assert not at.exception
    assert at.title[0].value == "Đơn vị"
    tree = at.dataframe[0].value.set_index("code")
    assert tree.loc["SNV", "parent_name"] == ""  # a top unit: empty, not None
    assert set(tree["kind"]) <= {"Tỉnh", "Sở, ban, ngành", "Huyện, thị xã, thành phố", "Xã, phường, thị trấn",
                                 "Khác"}  # kinds translated, not codes
    at.text_input(key="unit_add_code").input("PX1")
    at.text_input(key="unit_add_name").input("Phường 1")
    at.selectbox(key="unit_add_parent").select(unit.id)
    at.button[0].click().run()
    assert not at.exception
    with app_env.read_session() as s:
        created = units.by_code(s, "PX1")
        assert created is not None and created.parent_id == unit.id
    tree = at.dataframe[0].value.set_index("code")
    assert tree.loc["PX1", "parent_name"] == unit.name  # the parent by name, not by code


def test_duplicate_unit_code_shows_a_translated_error_and_keeps_input(app_env):
    _, admin, _ = _admin_and_staff(app_env)
    at = _signed_in(app_env, admin)
    at.switch_page("pages/admin_units.py").run()
    at.text_input(key="unit_add_code").input("SNV")
    at.text_input(key="unit_add_name").input("Trùng mã")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Mã đơn vị SNV đã tồn tại."]
    assert at.text_input(key="unit_add_name").value == "Trùng mã"


def test_admin_creates_an_account_with_a_one_time_password(app_env):
    unit, admin, _ = _admin_and_staff(app_env)
    at = _signed_in(app_env, admin)
    at.switch_page("pages/admin_accounts.py").run()
    assert not at.exception
    at.text_input(key="acc_add_username").input("tran.b")
    at.text_input(key="acc_add_full_name").input("Trần Văn B")
    at.button[0].click().run()
    assert not at.exception
    assert at.code, "the temporary password is shown once"
    temporary = at.code[0].value
    with app_env.session() as s:
        user = users.authenticate(session=s, username="tran.b", password=temporary)
        assert user.must_change_password and user.unit_id == unit.id


def test_admin_changes_a_setting(app_env):
    _, admin, _ = _admin_and_staff(app_env)
    at = _signed_in(app_env, admin)
    at.switch_page("pages/admin_settings.py").run()
    assert not at.exception
    at.number_input(key="set_auth.lockout_minutes").set_value(30)
    at.button[0].click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert settings.get(s, "auth.lockout_minutes") == 30


def test_forced_password_change_after_reset(app_env):
    _, admin, staff = _admin_and_staff(app_env)
    with app_env.session() as s:
        temporary = users.admin_reset_password(session=s, actor=s.get(User, admin.id), user_id=staff.id)
    at = app_test()
    with app_env.session() as s:
        at.session_state["auth_token"] = users.login(session=s, username=staff.username,
                                                        password=temporary).session_token
    at.run()
    assert at.title[0].value == "Tài khoản của tôi"
    assert at.warning, "explains why the password must change"
    at.text_input(key="pw_current").input(temporary)
    at.text_input(key="pw_new").input("short")
    at.text_input(key="pw_confirm").input("short")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Mật khẩu phải có ít nhất 10 ký tự."]
    at.text_input(key="pw_new").input("Mat-khau-moi-cua-toi-2026")
    at.text_input(key="pw_confirm").input("Mat-khau-moi-cua-toi-2026")
    at.button[0].click().run()
    assert not at.exception
    with app_env.session() as s:
        assert not users.authenticate(session=s, username=staff.username,
                                         password="Mat-khau-moi-cua-toi-2026").must_change_password


def test_language_switch_to_english(app_env):
    _, admin, _ = _admin_and_staff(app_env)
    at = _signed_in(app_env, admin)
    at.sidebar.selectbox(key="lang").select("en").run()
    assert at.title[0].value == "Home"
    assert PASSWORD  # the factory password is never shown


def test_accounts_table_shows_empty_cells_not_none_for_missing_unit(app_env):
    with app_env.session() as s:
        admin = make_user(s, roles=[("admin", None)], username="khong.don.vi")  # like the first admin
    at = _signed_in(app_env, admin)
    at.switch_page("pages/admin_accounts.py").run()
    assert not at.exception
    row = at.dataframe[0].value.set_index("username").loc["khong.don.vi"]
    assert (row["unit_name"], row["unit_code"], row["position"]) == ("", "", "")


def test_unit_numbers_are_vietnamese_and_account_tables_lead_with_names(app_env):
    _, admin, _ = _admin_and_staff(app_env)
    with app_env.session() as s:
        make_unit(s, code="BIG", name="Sở Giáo dục", headcount=12345)
    at = _signed_in(app_env, admin)
    at.switch_page("pages/admin_units.py").run()
    assert at.dataframe[0].value.set_index("code").loc["BIG", "headcount"] == "12.345"
    at.switch_page("pages/admin_accounts.py").run()
    assert not at.exception
    assert list(at.dataframe[0].proto.column_order)[:3] == ["full_name", "username", "unit_name"]
