"""First run through the Streamlit app: setup page, login, navigation by role."""

from ideas.accounts import users
from tests.support.apptest import app_test, signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user


def test_first_run_shows_setup_and_creates_admin(app_env):
    at = app_test().run()
    assert not at.exception
    assert at.title[0].value == "Thiết lập ban đầu"
    at.text_input(key="setup_username").input("quantri")
    at.text_input(key="setup_full_name").input("Nguyễn Quản Trị")
    at.text_input(key="setup_password").input(PASSWORD)
    at.text_input(key="setup_confirm").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert users.has_admin(s)
    at.run()
    assert at.title[0].value == "Đăng nhập", [t.value for t in at.title]


def test_staff_navigation_has_no_admin_page(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, unit=unit, roles=[("admin", None)])
        staff = make_user(s, unit=unit)
    at = signed_in_app(app_env, staff)
    assert not at.exception
    assert at.title[0].value == "Trang chủ"
