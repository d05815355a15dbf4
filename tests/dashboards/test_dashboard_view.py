"""The dashboard's view (no Streamlit): every section's tables and chart specs read in Vietnamese."""
import json
import re

import pandas as pd
import pytest

from ideas.dashboards import dashboard_view
from ideas.dashboards.display import display_table
from tests.support.factories.dashboards import TODAY, build_province

RAW_CODE = re.compile(r"\b(PAR\d|None|NaN|nan|NaT)\b")
ENGLISH_NUMBER = re.compile(r"\d,\d{3}\b|\d\.\d{1,2}\b(?!\.)")  # 1,234 or 78.2 (vi writes 1.234 and 78,2)


@pytest.fixture
def province(session):
    return build_province(session)


def _texts(frame):
    return [str(v) for v in [*frame.columns, *frame.to_numpy().ravel().tolist()]]


@pytest.mark.parametrize("name", dashboard_view.SECTIONS)
def test_every_section_reads_in_vietnamese(session, province, name):
    view = dashboard_view.section(session=session, actor=province.users["leader"], name=name, year=2026, today=TODAY)
    assert view.panels or view.empty_message
    codes = {u.code for u in province.units.values()}
    for panel in view.panels:
        for text in _texts(panel.table):
            assert not RAW_CODE.search(text), (panel.key, text)
            assert text not in codes, (panel.key, text)
            assert not ENGLISH_NUMBER.search(text), (panel.key, text)
        spec = panel.chart.to_dict()
        assert spec["config"]["locale"]["number"] == {"decimal": ",", "thousands": ".", "grouping": [3],
                                                      "currency": ["", "\u00a0đ"]}
        assert spec["config"]["legend"]["orient"] == "bottom"
        assert spec.get("width", spec.get("layer", [{}])[0].get("width")) in ("container", None)


def test_money_and_decimals_use_vietnamese_separators(session, province):
    rewards = dashboard_view.section(session=session, actor=province.users["leader"], name="rewards", year=2026,
                             today=TODAY)
    assert rewards.panels[0].table["Số tiền (đồng)"].tolist() == ["2.340.000", "710.000", "2.340.000"]
    delays = rewards.panels[1].table
    assert delays["Trung vị số ngày"].tolist()[-1] == ""  # no award yet: blank, never None or NaN
    table = display_table(pd.DataFrame({"participation_pct": [78.25, 10.0], "amount": [4_000_000, 0]}), "vi")
    assert table.to_dict("list") == {"Tỷ lệ tham gia (%)": ["78,2", "10"], "Số tiền (đồng)": ["4.000.000", "0"]}


def test_heatmap_and_commitments_name_fields_and_units(session, province):
    from ideas.dashboards import commitments

    commitments.save_commitment(session=session, actor=province.users["admin"], unit_id=province.units["D"].id,
                                year=2026, min_ideas=12, participation_target_pct=10, reports_baseline=5)
    fields = dashboard_view.section(session=session, actor=province.users["leader"], name="fields", year=2026,
                                    today=TODAY)
    heat = fields.panels[1].chart.to_dict()["layer"][0]["encoding"]
    assert heat["x"]["field"] == "field_name"
    view = dashboard_view.section(session=session, actor=province.users["leader"], name="commitments", year=2026,
                          today=TODAY)
    bars = view.panels[0].chart.to_dict()["layer"][0]["encoding"]
    assert bars["y"]["field"] == "name"
    assert "D" not in json.dumps(view.panels[0].table.to_dict("list"), ensure_ascii=False).split('"')


def test_filters_have_names_not_codes(session, province):
    options = dashboard_view.filters(session=session, actor=province.users["leader"])
    assert all("(" not in label for label in options.units.values())
    assert options.years[0] >= 2026
