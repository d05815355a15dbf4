"""AppTest of the dashboard and commitments pages for a leader, a unit-scoped secretary, an admin and staff."""
import json

import pytest

from ideas.dashboards import commitments
from ideas.dashboards.dashboard_view import SECTIONS  # every section the page offers
from tests.support.apptest import app_test, sign_in, signed_in_app
from tests.support.factories.dashboards import build_province


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page caches read models per (database, user, scope, filters); ids repeat between tests."""
    import streamlit as st

    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def province(app_env):
    with app_env.session() as s:
        p = build_province(s, logins=True)
        commitments.save_commitment(session=s, actor=p.users["admin"], unit_id=p.units["D"].id, year=2026,
                                    min_ideas=12, participation_target_pct=10, reports_baseline=5)
    return p


def open_dashboard(app_env, user):
    at = signed_in_app(app_env, user)
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception, at.exception
    return at


def chart_specs(at):
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def unit_names(at):
    """Units in the first chart's data table (Streamlit sends chart data apart from the spec)."""
    return set(at.dataframe[0].value["Đơn vị"])


def test_leader_sees_every_section(app_env, province):
    at = open_dashboard(app_env, province.users["leader"])
    at.selectbox(key="dash_year").set_value(2026).run()
    specs = chart_specs(at)
    assert specs and specs[0]["title"] == "Tỷ lệ cán bộ tham gia theo đơn vị"
    assert unit_names(at) == {"Sở A", "Huyện D", "Tỉnh Mẫu (cơ quan)"}
    assert at.get("download_button")
    for section in SECTIONS[1:]:
        at.button_group(key="dash_section").set_value(section).run()
        assert not at.exception, (section, at.exception)
        assert at.get("vega_lite_chart"), section


def test_drill_down_and_png_on_demand(app_env, province):
    at = open_dashboard(app_env, province.users["leader"])
    at.selectbox(key="dash_drill").set_value(province.units["D"].id).run()
    at.button(key="dash_drill_go").click().run()
    assert not at.exception
    assert at.selectbox(key="dash_unit").value == province.units["D"].id
    assert unit_names(at) == {"Xã C1", "Xã C2", "Huyện D (cơ quan)"}
    assert len(at.get("download_button")) == 1  # CSV only until the PNG is asked for
    at.button(key="dash_png_participation").click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 2


def test_unit_scoped_secretary_sees_her_subtree(app_env, province):
    at = open_dashboard(app_env, province.users["sec_d"])
    options = at.selectbox(key="dash_unit").options
    assert len(options) == 4  # everything I may see + D, C1, C2
    assert unit_names(at) == {"Xã C1", "Xã C2", "Huyện D (cơ quan)"}
    at.button_group(key="dash_section").set_value("commitments").run()
    assert not at.exception and at.get("vega_lite_chart")


def test_staff_has_no_dashboard_entry(app_env, province):
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, province.users["staff"])
    at.run()
    with pytest.raises(ValueError, match="dashboard"):  # not registered in this user's navigation
        at.switch_page("pages/dashboard.py")


def test_admin_commitments_page(app_env, province):
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, province.users["admin"])
    at.run()
    at.switch_page("pages/admin_commitments.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="commit_year").set_value(2026).run()
    assert not at.exception
    assert at.get("arrow_data_frame") or at.dataframe
    at.button(key="commit_save").click().run()
    assert not at.exception
    assert at.toast[0].value == "Đã lưu 0 cam kết."  # D is the only commitment and it is unchanged


def test_cli_participation_report_csv_and_json(app_env, province, capsys):
    from ideas.tooling.cli import main

    assert main(["--database-url", app_env.url, "report", "participation", "--year", "2026",
                 "--format", "json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"P", "A", "D"}
    assert rows["D"] == {"code": "D", "name": "Huyện D", "headcount": 50, "submitters": 3, "ideas": 5,
                         "recognised": 1, "participation_pct": 6.0, "ideas_per_100": 10.0, "supports": 1}
    assert main(["--database-url", app_env.url, "report", "participation", "--year", "2026", "--unit", "D",
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "code,name,headcount,submitters,ideas,recognised,participation_pct,ideas_per_100,supports"
    assert "C1,Xã C1,10,1,2,0,10.0,20.0,1" in lines
    assert main(["--database-url", app_env.url, "report", "participation", "--all", "--as", "rep_sec_d",
                 "--format", "json"]) == 0
    assert {r["code"] for r in json.loads(capsys.readouterr().out)} == {"D", "C1", "C2"}
    assert main(["--database-url", app_env.url, "report", "participation", "--as", "rep_staff"]) == 1
    assert main(["--database-url", app_env.url, "report", "commitments", "--year", "2026",
                 "--format", "json"]) == 0
    assert [r["code"] for r in json.loads(capsys.readouterr().out)] == ["D"]


def test_english_labels(app_env, province):
    at = open_dashboard(app_env, province.users["leader"])
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Initiatives dashboard"
    assert chart_specs(at)[0]["title"] == "Staff participation by unit"
    assert "Unit" in at.dataframe[0].value.columns
