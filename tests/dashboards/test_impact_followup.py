"""Dashboard follow-through section: claimed against measured impact per unit, share measured on time, scope."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from ideas.core.errors import PermissionDenied
from ideas.core.permissions import SYSTEM
from ideas.dashboards import dashboard_view
from ideas.dashboards.reports import followthrough as report
from ideas.filing import followthrough
from tests.support.factories.accounts import make_unit
from tests.support.factories.accounts import make_user as _make_user
from tests.support.factories.rewards import make_recognised_idea

TODAY = dt.date(2026, 9, 1)


def make_user(session, **kw):
    return _make_user(session, password=None, **kw)


def _idea(session, owner, unit, *, hours, vnd, decided=dt.date(2025, 6, 15)):
    idea = make_recognised_idea(session, authors=[owner], unit=unit, decided_on=decided)
    idea.hours_saved, idea.vnd_saved = Decimal(hours), vnd
    idea.submitted_at = dt.datetime(2025, 3, 1, 3)
    session.flush()
    return idea


@pytest.fixture
def world(session):
    province = make_unit(session, code="P", name="Tỉnh")
    a = make_unit(session, code="A", name="Huyện A", parent=province)
    b = make_unit(session, code="B", name="Huyện B", parent=province)
    commune = make_unit(session, code="A1", name="Xã A1", parent=a)
    owner_a, owner_b = make_user(session, unit=commune), make_user(session, unit=b)
    measured = _idea(session, owner_a, commune, hours="500", vnd=20_000_000)
    unmeasured = _idea(session, owner_a, a, hours="100", vnd=1_000_000)
    late = _idea(session, owner_b, b, hours="50", vnd=0)
    record = followthrough.record_measurement
    record(session=session, actor=owner_a, idea_id=measured.id, checkpoint=6, today=dt.date(2025, 12, 20),
           hours_saved=300, vnd_saved=5_000_000)
    record(session=session, actor=owner_a, idea_id=measured.id, checkpoint=12, today=dt.date(2026, 6, 20),
           hours_saved="420,5", vnd_saved=15_000_000)
    record(session=session, actor=owner_b, idea_id=late.id, checkpoint=6, today=dt.date(2026, 3, 1),
           hours_saved=80)
    followthrough.schedule_all(session)
    return {"a": a, "b": b, "province": province, "ideas": (measured, unmeasured, late),
            "leader": make_user(session, unit=province, roles=[("leader", None)]),
            "district_leader": make_user(session, unit=b, roles=[("leader", b)]),
            "staff": owner_a}


def test_claimed_against_measured_by_unit(session, world):
    frame = report.claimed_vs_measured(session=session, actor=world["leader"], today=TODAY).set_index("code")
    a, b = frame.loc["A"], frame.loc["B"]
    assert (a.recognised, a.measured_ideas, b.recognised, b.measured_ideas) == (2, 1, 1, 1)
    # claims of the measured idea only, against its latest (12-month) figures
    assert (a.claimed_hours_saved, a.measured_hours_saved) == (500.0, 420.5)
    assert (a.claimed_vnd_saved, a.measured_vnd_saved) == (20_000_000, 15_000_000)
    assert (b.claimed_hours_saved, b.measured_hours_saved) == (50.0, 80.0)
    # A: two measured on time, and the unmeasured idea's 6-month checkpoint (due 15/12/2025) is past its window;
    # its 12-month one (15/06/2026) too. B: one late, its 12-month one is past its window.
    assert (a.due, a.on_time, a.on_time_pct) == (4, 2, 50.0)
    assert (b.due, b.on_time, b.on_time_pct) == (2, 0, 0.0)


def test_an_open_window_is_not_yet_due(session, world):
    frame = report.claimed_vs_measured(session=session, actor=SYSTEM, today=dt.date(2026, 7, 10)).set_index("code")
    assert frame.loc["A"].due == 3  # the unmeasured idea's 12-month checkpoint may still be recorded until 15/07


def test_scope_and_refusal(session, world):
    frame = report.claimed_vs_measured(session=session, actor=world["district_leader"], today=TODAY)
    assert list(frame.code) == ["B"]
    with pytest.raises(PermissionDenied):
        report.claimed_vs_measured(session=session, actor=world["staff"], today=TODAY)
    drilled = report.claimed_vs_measured(session=session, actor=world["leader"], unit_id=world["a"].id, today=TODAY)
    assert set(drilled.code) == {"A1", "A"} and int(drilled.recognised.sum()) == 2


def test_section_reads_vietnamese(session, world):
    view = dashboard_view.section(session=session, actor=world["leader"], name="followup", benefit="vnd_saved",
                          today=TODAY, lang="vi")
    impact, on_time = view.panels
    spec = impact.chart.to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == "," and spec["config"]["locale"]["number"][
        "thousands"] == "."
    assert spec["title"] == "Kinh phí tiết kiệm/năm (đồng): theo đơn và đo được, theo đơn vị"
    row = impact.table.set_index("Đơn vị").loc["Huyện A"]
    assert row["Kinh phí tiết kiệm/năm (đồng) (theo đơn)"] == "20.000.000"
    assert row["Giờ công tiết kiệm/năm (đo được)"] == "420,5"
    assert on_time.table.set_index("Đơn vị").loc["Huyện A", "Đúng hạn (%)"] == "50"
    assert "Huyện A" in on_time.csv.decode("utf-8-sig") and json.dumps(on_time.chart.to_dict())


def test_no_recognised_ideas_means_no_data(session):
    province = make_unit(session)
    leader = make_user(session, unit=province, roles=[("leader", None)])
    view = dashboard_view.section(session=session, actor=leader, name="followup", today=TODAY)
    assert all(panel.table.empty for panel in view.panels)


def test_dashboard_page_shows_the_section(app_env):
    import streamlit as st

    from tests.support.apptest import signed_in_app

    with app_env.session() as s:
        province = make_unit(s, name="Tỉnh")
        district = make_unit(s, name="Huyện A", parent=province)
        owner = make_user(s, unit=district)
        idea = _idea(s, owner, district, hours="500", vnd=20_000_000, decided=dt.date(2025, 1, 10))
        followthrough.record_measurement(session=s, actor=owner, idea_id=idea.id, checkpoint=6,
                                         today=dt.date(2025, 7, 15), vnd_saved=12_000_000)
        leader = _make_user(s, unit=province, roles=[("leader", None)])
        make_user(s, unit=province, roles=[("admin", None)])  # past the first-run setup page
    st.cache_data.clear()
    at = signed_in_app(app_env, leader)
    at.switch_page("pages/dashboard.py").run()
    at.selectbox(key="dash_year").set_value(2025).run()
    at.button_group(key="dash_section").set_value("followup").run()
    at.selectbox(key="dash_benefit").set_value("vnd_saved").run()
    assert not at.exception, at.exception
    titles = [json.loads(chart.proto.spec)["title"] for chart in at.get("vega_lite_chart")]
    assert titles == ["Kinh phí tiết kiệm/năm (đồng): theo đơn và đo được, theo đơn vị",
                      "Tỷ lệ kỳ đo được ghi nhận đúng hạn (%)"]
    assert not at.get("toggle")  # "recognised only" belongs to the claimed-impact section
    st.cache_data.clear()
