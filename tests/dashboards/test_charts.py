"""Chart specs through to_dict(): encodings, sort order, localised titles, the average rule; PNG export."""
import pandas as pd

from ideas.dashboards import charts, commitments


def participation_frame():
    return pd.DataFrame({
        "unit_id": [1, 2], "code": ["A", "D"], "name": ["Sở A", "Huyện D"], "label": ["Sở A", "Huyện D"],
        "own": [False, False], "headcount": [20, 50], "submitters": [2, 3], "participation_pct": [10.0, 6.0],
        "ideas": [2, 5], "ideas_per_100": [10.0, 10.0], "supports": [3, 1], "recognised": [1, 1]})


def test_participation_bar_is_sorted_with_an_average_rule():
    spec = charts.participation_bar(participation_frame(), 8.0).to_dict()
    assert spec["title"] == "Tỷ lệ cán bộ tham gia theo đơn vị"
    bars, rule = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "participation_pct"
    assert bars["encoding"]["x"]["title"] == "Tỷ lệ tham gia (%)"
    assert bars["encoding"]["y"] == {"field": "label", "type": "nominal", "title": "Đơn vị", "sort": "-x"}
    assert {tip["field"] for tip in bars["encoding"]["tooltip"]} >= {"headcount", "submitters", "ideas_per_100",
                                                                      "supports", "recognised"}
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["x"]["field"] == "average"
    datasets = spec["datasets"]
    assert any(rows == [{"average": 8.0, "name": "Bình quân"}] for rows in datasets.values())


def test_english_titles():
    spec = charts.participation_bar(participation_frame(), 8.0, lang="en").to_dict()
    assert spec["title"] == "Staff participation by unit"
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Participation (%)"


def test_monthly_stacked_by_status_with_localised_legend():
    frame = pd.DataFrame({"month": [1, 1, 2], "status": ["recognised", "submitted", "returned"],
                          "ideas": [2, 1, 1]})
    spec = charts.monthly_by_status(frame).to_dict()
    enc = spec["encoding"]
    assert enc["y"]["stack"] == "zero" and enc["y"]["aggregate"] == "sum"
    assert enc["x"]["field"] == "month" and enc["x"]["title"] == "Tháng"
    assert enc["color"]["field"] == "status_label" and "Được công nhận" in enc["color"]["scale"]["domain"]
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["status_label"] == "Được công nhận"


def test_year_over_year_lines():
    frame = pd.DataFrame({"year": [2025, 2026], "month": [1, 1], "ideas": [0, 2]})
    spec = charts.year_over_year(frame).to_dict()
    assert spec["mark"]["type"] == "line" and spec["encoding"]["color"]["field"] == "year"


def test_funnel_keeps_process_order():
    frame = pd.DataFrame({"order": [0, 1], "stage": ["submitted", "accepted"], "label": ["Đã nộp", "Tiếp nhận"],
                          "ideas": [8, 5], "pct_of_submitted": [100.0, 62.5]})
    spec = charts.funnel(frame).to_dict()
    bars, text = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == {"field": "order", "order": "ascending"}
    assert text["mark"]["type"] == "text" and text["encoding"]["text"]["field"] == "pct_text"
    labels = [row["pct_text"] for row in spec["datasets"][spec["data"]["name"]]]
    assert labels == ["100%", "62,5%"]  # percentages carry their sign, Vietnamese decimals, no "100,0"


def test_fields_heatmap_impact_and_review_charts():
    fields = pd.DataFrame({"field": ["PAR1", "PAR2"], "field_name": ["Chỉ đạo", "Thể chế"], "ideas": [1, 2],
                           "recognised": [1, 0]})
    spec = charts.par_fields(fields).to_dict()
    assert spec["encoding"]["yOffset"]["field"] == "measure"
    heat = pd.DataFrame({"label": ["Sở A", "Sở A"], "field": ["PAR1", "PAR2"], "field_name": ["x", "y"],
                         "ideas": [0, 2]})
    spec = charts.unit_field_heatmap(heat).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "rect" and spec["layer"][0]["encoding"]["color"]["field"] == "ideas"
    impact = pd.DataFrame({"label": ["Sở A"], "hours_saved": [100.0]})
    spec = charts.impact(impact, "hours_saved").to_dict()
    assert spec["encoding"]["x"]["title"] == "Giờ công tiết kiệm/năm" and spec["encoding"]["y"]["sort"] == "-x"
    health = pd.DataFrame({"label": ["Sở A"], "decided_on_time": [1], "decided_late": [0], "open_overdue": [1]})
    spec = charts.review_health(health).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Quyết định đúng hạn", "Quyết định quá hạn",
                                                            "Chưa quyết định, đã quá hạn"]


def test_rewards_and_delays_charts():
    frame = pd.DataFrame({"label": ["Sở A", "Sở A"], "form_name": ["CSTĐ cơ sở", "Giấy khen"], "awards": [1, 1],
                          "amount": [2_340_000, 710_000]})
    spec = charts.rewards(frame).to_dict()
    assert spec["encoding"]["x"]["aggregate"] == "sum" and spec["encoding"]["color"]["field"] == "form_name"
    delays = pd.DataFrame({"label": ["Sở A", "Tỉnh"], "rewarded": [1, 0], "median_days": [30.0, None],
                           "mean_days": [30.0, None]})
    spec = charts.reward_delays(delays).to_dict()
    assert len(next(iter(spec["datasets"].values()))) == 1  # units without rewards are left out


def test_commitments_chart_marks_expected_share():
    progress = pd.DataFrame([{"unit_id": 1, "code": "D", "name": "Huyện D", "min_ideas": 12, "ideas": 5,
                              "ideas_status": "behind", "participation_pct": 6.0, "participation_target_pct": 10.0,
                              "participation_status": "on_track", "reports_cut_actual": 1, "reports_cut_target": 1,
                              "reports_status": "met", "months_elapsed": 6}])
    spec = charts.commitments(commitments.progress_long(progress)).to_dict()
    bars, rules = spec["layer"]
    assert bars["encoding"]["x"]["field"] == "achieved_pct"
    assert "Chậm tiến độ" in bars["encoding"]["color"]["scale"]["domain"]
    assert rules["mark"]["type"] == "rule"
    assert any(rows and rows[0].get("x") == 50.0 for rows in spec["datasets"].values())


def test_png_export():
    png = charts.to_png(charts.participation_bar(participation_frame(), 8.0), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_chart_fits_only_its_width_with_the_legend_below_and_vietnamese_numbers():
    """Seen in Chromium: with Streamlit's default "fit", a legend under the plot collapses the bars."""
    spec = charts.participation_bar(participation_frame(), 8.0).to_dict()
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["config"]["legend"]["orient"] == "bottom"
    assert spec["config"]["locale"]["number"]["thousands"] == "." and spec["config"]["numberFormat"] == ",.2~f"
    english = charts.participation_bar(participation_frame(), 8.0, lang="en").to_dict()
    assert english["config"]["locale"]["number"]["thousands"] == ","
