"""AppTest of the follow-through page: pick an initiative, add a milestone, post progress, record results."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ideas.accounts import users
from ideas.core import clock
from ideas.core.models import AuditLog, FollowMilestone, Unit, User
from ideas.filing import followthrough
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea

PAGE = "pages/ideas_followup.py"
NASTY = "**Đậm** <script>alert(1)</script>"


def _setup(app_env):
    with app_env.session() as s:
        unit = make_unit(s, name="Sở Nội vụ")
        make_user(s, unit=unit, roles=[("admin", None)], password=None)  # past the first-run setup page
        owner = make_user(s, unit=unit, full_name="Trần Tác Giả")
        helper = make_user(s, unit=unit, full_name="Lê Phụ Trách", password=None)
        idea = make_recognised_idea(s, authors=[owner], unit=unit, title="Một cửa điện tử",
                                    decided_on=clock.add_months(clock.today(), -6))
        ids = {"idea": idea.id, "owner": owner, "helper": helper.id, "unit": unit.id}
    return ids


def _button(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def _open(app_env, user):
    at = signed_in_app(app_env, user)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_author_adds_a_milestone_posts_progress_and_records_results(app_env):
    ids = _setup(app_env)
    at = _open(app_env, ids["owner"])
    assert at.title[0].value == "Theo dõi triển khai sáng kiến"
    assert at.selectbox(key="follow_pick").value == ids["idea"]
    at.text_input(key=f"follow_new_title_{ids['idea']}").input(NASTY)
    at.selectbox(key=f"follow_new_owner_{ids['idea']}").set_value(ids["helper"])
    at.date_input(key=f"follow_new_due_{ids['idea']}").set_value(clock.today() + dt.timedelta(days=20))
    _button(at, "Thêm mốc triển khai")
    table = at.dataframe[0].value
    assert list(table.iloc[0, :4]) == [NASTY, "Lê Phụ Trách",
                                       (clock.today() + dt.timedelta(days=20)).strftime("%d/%m/%Y"), "Chưa bắt đầu"]
    with app_env.session() as s:
        milestone_id = s.scalar(select(FollowMilestone.id))

    at.selectbox(key=f"follow_update_milestone_{ids['idea']}").set_value(milestone_id)
    at.text_area(key=f"follow_update_body_{ids['idea']}").input("Đã trình dự thảo")
    at.number_input(key=f"follow_update_percent_{ids['idea']}").set_value(40)
    _button(at, "Thêm cập nhật tiến độ")
    assert list(at.dataframe[0].value.iloc[0, 3:5]) == ["Đang thực hiện", "40 %"]
    assert at.dataframe[1].value.iloc[0, 3] == "Đã trình dự thảo"

    at.text_input(key=f"follow_m_hours_saved_{ids['idea']}").input("420,5")
    at.text_input(key=f"follow_m_vnd_saved_{ids['idea']}").input("2.340.000")
    _button(at, "Ghi nhận kết quả đo")
    results = at.dataframe[2].value.set_index("Chỉ tiêu")
    assert results.loc["Giờ công tiết kiệm mỗi năm", "Đo sau 6 tháng"] == "420,5"
    assert results.loc["Kinh phí tiết kiệm mỗi năm (đồng)", "Đo sau 6 tháng"] == "2.340.000"
    assert any("đúng hạn" in c.value for c in at.caption)
    with app_env.session() as s:
        actions = set(s.scalars(select(AuditLog.action)))
    assert {"followup.milestone.add", "followup.update", "followup.measure"} <= actions


def test_bad_input_shows_a_translated_error_and_keeps_nothing(app_env):
    ids = _setup(app_env)
    at = _open(app_env, ids["owner"])
    at.text_input(key=f"follow_m_hours_saved_{ids['idea']}").input("nhiều")
    _button(at, "Ghi nhận kết quả đo")
    assert at.error and "Giờ công tiết kiệm mỗi năm" in at.error[0].value
    _button(at, "Thêm mốc triển khai")  # blank title
    assert at.error and "follow." not in at.error[0].value
    with app_env.session() as s:
        assert s.scalar(select(FollowMilestone.id)) is None


def test_milestone_owner_may_only_post_progress(app_env):
    ids = _setup(app_env)
    with app_env.session() as s:
        followthrough.add_milestone(session=s, actor=ids["owner"], idea_id=ids["idea"], title="Tập huấn",
                                    owner_id=ids["helper"], due_on=clock.today())
        helper = s.get(User, ids["helper"])
        helper.password_hash = users.PASSWORD_CONTEXT.hash(PASSWORD)
    at = _open(app_env, helper)
    labels = {e.label for e in at.expander}
    assert "Thêm cập nhật tiến độ" in labels
    assert not labels & {"Thêm mốc triển khai", "Sửa mốc triển khai", "Ghi nhận kết quả đo"}


def test_someone_with_nothing_to_follow_sees_why(app_env):
    ids = _setup(app_env)
    with app_env.session() as s:
        stranger = make_user(s, unit=s.get(Unit, ids["unit"]))
    at = _open(app_env, stranger)
    assert at.info[0].value == "Chưa có sáng kiến được công nhận nào do bạn theo dõi."


def test_the_initiative_page_opens_its_follow_through(app_env):
    with app_env.session() as s:
        unit = make_unit(s, name="Sở Tư pháp")
        make_user(s, unit=unit, roles=[("admin", None)], password=None)
        owner = make_user(s, unit=unit, full_name="Phạm Tác Giả")
        second = make_recognised_idea(s, authors=[owner], unit=unit, title="Sáng kiến thứ hai",
                                      decided_on=clock.add_months(clock.today(), -3))
        make_recognised_idea(s, authors=[owner], unit=unit, title="Sáng kiến thứ nhất",
                             decided_on=clock.add_months(clock.today(), -2))  # listed first
    at = signed_in_app(app_env, owner)
    at.session_state["view_idea_id"] = second.id
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception, at.exception
    at.button(key="detail_followup").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Theo dõi triển khai sáng kiến"
    assert at.selectbox(key="follow_pick").value == second.id
