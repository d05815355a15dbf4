"""AppTest: an administrator records a province's council rules and a campaign shows them; staff see their own
identification number in full on their account page, administrators only its last digits."""
import datetime as dt

from sqlalchemy import select

from ideas.accounts import identity
from ideas.core.models import CouncilRule, User
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user


def test_the_admin_records_rules_and_the_campaign_shows_them(app_env):
    with app_env.session() as s:
        root = make_unit(s, code="BN", name="UBND tỉnh Bắc Ninh", kind="province")
        admin = make_user(s, unit=root, roles=[("admin", None)])
        root_id = root.id
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_campaigns.py").run()
    assert not at.exception
    at.text_input(key="cr_code").input("bac_ninh")
    at.text_input(key="cr_name").input("Quy chế Hội đồng sáng kiến tỉnh")
    at.selectbox(key="cr_unit").set_value(root_id)
    at.date_input(key="cr_from").set_value(dt.date(2025, 7, 1))
    at.text_input(key="cr_approval").input("70%")
    at.text_input(key="cr_rounds").input("06-30, 11-30")
    at.text_area(key="cr_basis").input("Quy chế năm 2025 của tỉnh")
    at.button(key="FormSubmitter:council_rules_add-Thêm quy định Hội đồng").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        row = s.scalar(select(CouncilRule).where(CouncilRule.code == "bac_ninh"))
        assert (row.approval_ratio, row.rounds, row.unit_id) == ("7/10", '[{"deadline": "06-30"}, '
                                                                 '{"deadline": "11-30"}]', root_id)
    at.text_input(key="camp_add_name").input("Đợt 2026")
    at.selectbox(key="camp_add_rules").set_value("bac_ninh")
    at.selectbox(key="camp_add_level").set_value("province")
    at.button(key="FormSubmitter:campaign_add-Mở đợt").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    shown = [t.value for t in at.text]
    assert any("đồng ý từ 70%" in line for line in shown)
    assert any("Hội đồng của đợt này: Cấp tỉnh" in line for line in shown)


def test_the_number_is_whole_for_its_holder_and_masked_for_the_admin(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        admin = make_user(s, unit=unit, roles=[("admin", None)], full_name="Lê Quản Trị")
        person = make_user(s, unit=unit, full_name="Trần Thị Định")
    at = signed_in_app(app_env, person)
    at.switch_page("pages/account.py").run()
    at.text_input(key="my_personal_id_value").input("001203012345")
    at.button(key="FormSubmitter:my_personal_id-Lưu số định danh").click().run()
    assert not at.exception and not at.error
    with app_env.read_session() as s:
        assert s.get(User, person.id).personal_id == "001203012345"
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_accounts.py").run()
    at.text_input(key="acc_search").input("Định").run()
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # markdown escapes of ui.plain
    assert identity.mask("001203012345") in captions and "001203012345" not in captions
