"""AppTest of the rewards pages: build an award list, add an item, approve, see amounts; other pages render."""
import datetime as dt

from ideas.core import clock
from ideas.core.models import AwardList, RuleValue
from ideas.rewards import awards
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_rating, make_recognised_idea

YEAR = clock.today().year


def _goto(at, page):
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _texts(at):
    return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), *(s.value for s in at.success),
                     *(s.value for s in at.toast), *(e.value for e in at.error), *(w.value for w in at.warning),
                     *(i.value for i in at.info), *(t.value for t in at.text)])


def test_build_add_approve_and_see_amounts(app_env):
    with app_env.session() as s:
        unit = make_unit(s, kind="district", name="UBND huyện Mẫu")
        make_user(s, roles=[("admin", None)])  # past first-run setup
        officer = make_user(s, unit=unit, roles=[("reward_officer", unit)])
        author = make_user(s, unit=unit, full_name="Đỗ Thị Sáng Kiến")
        make_recognised_idea(s, authors=[author], unit=unit, title="Tiếp nhận hồ sơ qua Zalo",
                             decided_on=dt.date(YEAR, 1, 2))
    at = signed_in_app(app_env, officer)
    _goto(at, "pages/rewards_lists.py")
    at.text_input(key="rl_new_title").input("cá nhân được tặng Giấy khen")
    at.button(key="rl_new_submit").click().run()
    assert not at.exception, at.exception
    with app_env.read_session() as s:
        award_list = s.query(AwardList).one()
    assert award_list.status == "draft"

    at.selectbox(key="rl_author_form").set_value("GIAY_KHEN")
    at.button(key="rl_author_add").click().run()
    assert not at.exception, at.exception
    frame = at.dataframe[2].value  # the lists, as a whole table and as a phone's, then the list's items
    assert list(frame["name"]) == ["Đỗ Thị Sáng Kiến"]
    assert list(frame["achievement"]) == ["Tác giả sáng kiến «Tiếp nhận hồ sơ qua Zalo» được công nhận"]

    at.button(key="rl_submit").click().run()
    assert not at.exception, at.exception
    at.text_input(key="rl_decision_no").input("88/QĐ-UBND")
    at.date_input(key="rl_decision_date").set_value(dt.date(YEAR, 8, 5))
    at.text_input(key="rl_signer").input("Lê Văn Ký")
    at.text_input(key="rl_signer_title").input("Chủ tịch UBND huyện Mẫu")
    at.button(key="rl_approve_submit").click().run()
    assert not at.exception, at.exception
    with app_env.read_session() as s:
        award_list = s.query(AwardList).one()
        assert award_list.status == "approved" and award_list.decision_no == "88/QĐ-UBND"
        base = s.query(RuleValue).filter(RuleValue.key == "base_salary",
                                         RuleValue.effective_from <= dt.date(YEAR, 8, 5)) \
            .order_by(RuleValue.effective_from.desc()).first().value
        expected = award_list.items[0].amount
    assert expected >= int(base) * 3 // 10
    frame = at.dataframe[2].value
    assert list(frame["amount_text"]) == [f"{expected:,}".replace(",", ".")]
    assert "Đã phê duyệt" in _texts(at)
    at.toggle(key="rl_exports").set_value(True).run()
    assert not at.exception, at.exception


def test_eligibility_ledger_and_rules_pages_render(app_env):
    with app_env.session() as s:
        unit = make_unit(s, kind="district")
        officer = make_user(s, unit=unit, roles=[("reward_officer", unit), ("admin", None)])
        author = make_user(s, unit=unit, full_name="Vũ Văn Ứng Viên")
        make_recognised_idea(s, authors=[author], unit=unit, decided_on=dt.date(YEAR, 3, 3))
        make_rating(s, user=author, year=YEAR)
    at = signed_in_app(app_env, officer)
    _goto(at, "pages/rewards_eligibility.py")
    frame = at.dataframe[0].value
    assert list(frame["name"]) == ["Vũ Văn Ứng Viên"]
    assert "Chiến sĩ thi đua cơ sở" in frame["qualifies"].iloc[0]
    _goto(at, "pages/rewards_ledger.py")
    _goto(at, "pages/admin_rules.py")
    at.text_input(key="ar_base_salary_value").input("2530000")
    at.text_input(key="ar_base_salary_basis").input("Nghị định thử")
    at.button(key="ar_base_salary_submit").click().run()
    assert not at.exception, at.exception
    with app_env.read_session() as s:
        assert s.query(RuleValue).filter_by(key="base_salary").count() == 3


def test_staff_sees_only_own_awards(app_env):
    with app_env.session() as s:
        make_user(s, roles=[("admin", None)])
        staff = make_user(s, unit=make_unit(s))
    at = signed_in_app(app_env, staff)
    _goto(at, "pages/rewards_ledger.py")
    assert "Bạn chưa có khen thưởng nào" in _texts(at)
    assert not at.get("metric")


def test_all_authors_of_a_decision_in_one_action_and_plain_user_text(app_env):
    with app_env.session() as s:
        unit = make_unit(s, kind="district", name="UBND huyện Bulk")
        make_user(s, roles=[("admin", None)])
        officer = make_user(s, unit=unit, roles=[("reward_officer", unit)])
        first = make_user(s, unit=unit, full_name="Đào Văn Một")
        second = make_user(s, unit=unit, full_name="Đào Thị Hai")
        idea = make_recognised_idea(s, authors=[first, second], unit=unit, title="Hẹn giờ trả kết quả",
                                    decided_on=dt.date(YEAR, 2, 2))
        award_list = awards.create_list(session=s, actor=officer, title="*đậm* [x](http://x.test)", year=YEAR,
                                        unit_id=unit.id)
        awards.add_individual(session=s, actor=officer, list_id=award_list.id, user_id=second.id,
                              form_code="GIAY_KHEN", idea_id=idea.id)
        awards.update_list(session=s, actor=officer, list_id=award_list.id, signer="**Ký** <b>x</b>")
    at = signed_in_app(app_env, officer)
    _goto(at, "pages/rewards_lists.py")
    at.selectbox(key=f"rl_bulk_decision_{award_list.id}").set_value(idea.id).run()
    assert at.multiselect(key=f"rl_bulk_authors_{award_list.id}_{idea.id}").value == [0, 1]
    at.button(key="rl_bulk_add").click().run()
    assert not at.exception, at.exception
    with app_env.read_session() as s:
        names = sorted(item.display_name for item in s.get(AwardList, award_list.id).items)
    assert names == ["Đào Thị Hai", "Đào Văn Một"]
    report = [t.value for t in at.text]
    assert "Đào Văn Một: Đã thêm." in report
    assert any(line.startswith("Đào Thị Hai: ") and "đã có hình thức Giấy khen" in line for line in report)
    assert "GIAY_KHEN" not in _texts(at)
    assert at.subheader[0].value.startswith("\\*đậm\\*")  # markdown of user text is escaped, never rendered
    assert "\\*\\*Ký\\*\\*" in at.caption[1].value
