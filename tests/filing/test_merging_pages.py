"""AppTest: a secretary merges a duplicate from its page (both pages link), and screens several files at once."""
from __future__ import annotations

from sqlalchemy import select

from ideas.core.models import Idea, ReviewAssignment
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.review import make_campaign, make_council, make_idea


def _setup(env, files: int = 2):
    with env.session() as s:
        make_user(s, roles=[("admin", None)], password=None)
        unit = make_unit(s, name="Sở Nội vụ thử")
        campaign = make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=3, password=PASSWORD)
        author = make_user(s, unit=unit, full_name="Vũ Thị Tác Giả", roles=[("staff", None)])
        ideas = [make_idea(s, campaign=campaign, unit=unit, owner=author, title=f"Một cửa [liên thông] số {n}")
                 for n in range(files)]
        return {"ids": [i.id for i in ideas], "receipts": [i.receipt_no for i in ideas], "people": people,
                "author": author}


def _open(env, user, page, **state):
    at = signed_in_app(env, user)
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_secretary_merges_a_duplicate_and_both_pages_link(app_env):
    data = _setup(app_env)
    a, b = data["ids"]
    at = _open(app_env, data["people"]["secretary"][0], "pages/ideas_detail.py", view_idea_id=a)
    at.selectbox(key="merge_into").set_value(b).run()
    at.text_area(key="merge_reason").input("Trùng với hồ sơ đã nộp trước")
    at.button(key="merge_submit").click().run()
    at.button(key="merge_confirm_yes").click().run()  # the confirmation naming both files
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(data["receipts"][1] in shown(w.value) for w in at.warning)  # "merged into B" on A's page
    assert [m.value for m in at.metric][0] == "Đã gộp"
    with app_env.read_session() as s:
        assert s.get(Idea, a).merged_into_id == b
    at.button(key="merge_open_target").click().run()
    assert at.session_state["view_idea_id"] == b
    assert list(at.selectbox(key="merge_absorbed").options) and not at.warning


def test_the_author_sees_no_merge_action(app_env):
    data = _setup(app_env)
    at = _open(app_env, data["author"], "pages/ideas_detail.py", view_idea_id=data["ids"][0])
    assert not [e for e in at.selectbox if e.key == "merge_into"]


def test_secretary_accepts_several_files_and_reads_the_report(app_env):
    data = _setup(app_env, files=3)
    at = _open(app_env, data["people"]["secretary"][0], "pages/review_screening.py")
    at.multiselect(key="bulk_pick").set_value(data["ids"][:2]).run()
    at.button(key="bulk_accept").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    report = at.dataframe[0].value
    assert list(report.columns) == ["Hồ sơ", "Kết quả", "Chi tiết"]
    assert list(report["Kết quả"]) == ["Đã xử lý", "Đã xử lý"]
    assert [t.value for t in at.toast] == ["Đã xử lý 2/2 hồ sơ; bỏ qua 0."]
    with app_env.read_session() as s:
        statuses = [s.get(Idea, i).status for i in data["ids"]]
    assert statuses == ["under_review", "under_review", "submitted"]


def test_returning_several_without_a_reason_changes_nothing(app_env):
    data = _setup(app_env)
    at = _open(app_env, data["people"]["secretary"][0], "pages/review_screening.py")
    at.multiselect(key="bulk_pick").set_value(data["ids"]).run()
    at.button(key="bulk_return").click().run()
    assert [e.value for e in at.error]
    with app_env.read_session() as s:
        assert {s.get(Idea, i).status for i in data["ids"]} == {"submitted"}


def test_secretary_assigns_reviewers_to_several_files(app_env):
    data = _setup(app_env, files=3)
    at = _open(app_env, data["people"]["secretary"][0], "pages/review_screening.py")
    at.multiselect(key="bulk_pick").set_value(data["ids"]).run()
    at.button(key="bulk_accept").click().run()
    at.number_input(key="assign_count").set_value(1)
    at.multiselect(key="bulk_assign_pick").set_value(data["ids"]).run()
    at.button(key="bulk_assign").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        reviewers = s.scalars(select(ReviewAssignment.reviewer_id)).all()
    assert len(reviewers) == 3 and len(set(reviewers)) == 3  # one each: balanced over the three members
