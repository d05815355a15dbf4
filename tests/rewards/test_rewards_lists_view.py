"""The award-list page's view (no Streamlit): Vietnamese numbers, names not codes, choices by permission."""
import datetime as dt

import pytest

from ideas.core.permissions import SYSTEM
from ideas.rewards import awards
from ideas.rewards import rewards_lists_view as lists_view
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea


@pytest.fixture
def draft(session):
    unit = make_unit(session, kind="district", name="UBND huyện Tây")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    leader = make_user(session, unit=unit, roles=[("leader", unit)])
    first, second = make_user(session, unit=unit, full_name="Lý Văn A"), make_user(session, unit=unit,
                                                                                   full_name="Lý Thị B")
    idea = make_recognised_idea(session, authors=[first, second], unit=unit, title="Sổ tay số",
                                decided_on=dt.date(2025, 3, 4), scope="provincial")
    award_list = awards.create_list(session=session, actor=officer, title="cá nhân được tặng Giấy khen",
                                    year=2025, unit_id=unit.id)
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=first.id,
                          form_code="GIAY_KHEN", idea_id=idea.id)
    awards.add_collective(session=session, actor=officer, list_id=award_list.id, unit_id=unit.id,
                          form_code="GIAY_KHEN")
    return {"officer": officer, "leader": leader, "list": award_list, "idea": idea}


def test_detail_for_the_officer(session, draft):
    view = lists_view.detail(session=session, actor=draft["officer"], list_id=draft["list"].id)
    assert view.title == "Cá nhân được tặng Giấy khen"
    rows = view.items.set_index("kind")
    assert rows.loc["Cá nhân", "coefficient"] == "0,3" and rows.loc["Cá nhân", "amount_text"] == "710.000"
    assert rows.loc["Tập thể", "multiplier"] == "2" and rows.loc["Tập thể", "amount_text"] == "1.410.000"
    assert rows.loc["Tập thể", "position_unit"] == ""  # never None or NaN on screen
    assert view.total == "2.120.000"
    assert view.may_build and not view.may_approve
    assert list(view.authors.label) == ["Lý Thị B — Sổ tay số (Cấp tỉnh)", "Lý Văn A — Sổ tay số (Cấp tỉnh)"]
    assert view.decisions == {draft["idea"].id: "Sổ tay số — 04/03/2025 (Cấp tỉnh)"}
    assert view.individual_forms["GIAY_KHEN"] == "Giấy khen"
    assert lists_view.form_index(view.individual_forms) == list(view.individual_forms).index("GIAY_KHEN")
    assert "Dự thảo" in view.status_line and "None" not in view.status_line


def test_leader_reads_without_build_choices(session, draft):
    view = lists_view.detail(session=session, actor=draft["leader"], list_id=draft["list"].id)
    assert not view.may_build and view.authors.empty and not view.individual_forms
    lists = lists_view.overview(session=session, actor=draft["leader"], year=None)
    assert not lists.can_build
    assert lists.table.to_dict("records") == [{
        "id": draft["list"].id, "title": "Cá nhân được tặng Giấy khen", "unit": "UBND huyện Tây",
        "status": "Dự thảo", "decision_no": "", "decision_date": "", "items": "2", "total": "2.120.000"}]


def test_overview_for_the_command_line(session, draft):
    lists = lists_view.overview(session=session, actor=SYSTEM, year=2025, lang="en")
    assert lists.titles == {draft["list"].id: "Cá nhân được tặng Giấy khen (2025, Draft)"}


def test_year_filter_and_service_messages_are_translated():
    years = lists_view.year_options(2026, "vi")
    assert list(years)[:3] == [None, 2027, 2026] and list(years)[-1] == 2019
    assert years[None] == "Tất cả các năm" and years[2027] == "2027"

    class Added:
        warnings = [("rewards.bulk.added", {})]

    assert lists_view.warnings(Added(), "vi") == ["Đã thêm."] and lists_view.warnings(None, "vi") == []


def test_bulk_choices_by_decision(session, draft):
    view = lists_view.detail(session=session, actor=draft["officer"], list_id=draft["list"].id)
    idea_id = draft["idea"].id
    assert view.decision_options == {None: "Tất cả sáng kiến được công nhận trong năm", **view.decisions}
    assert lists_view.authors_of_decision(view.authors, None) == [0, 1]
    assert lists_view.authors_of_decision(view.authors, idea_id) == [0, 1]
    assert lists_view.authors_of_decision(view.authors, idea_id + 1000) == []
    pairs = lists_view.author_pairs(view.authors, [1])
    assert pairs == [(lists_view.author_of(view.authors, 1)["user_id"], idea_id)]
    lines = awards.add_authors(session=session, actor=draft["officer"], list_id=draft["list"].id,
                               form_code="GIAY_KHEN", authors=lists_view.author_pairs(view.authors, [0, 1]))
    report = dict(lists_view.bulk_report(lines, "vi"))
    assert set(report) == {"Lý Thị B", "Lý Văn A"} and report["Lý Thị B"] == "Đã thêm."
    assert report["Lý Văn A"] and "{" not in report["Lý Văn A"]
