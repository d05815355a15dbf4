"""The annual report (form 0603.N layout): figures by form, unit and recipient, both structures, xlsx and docx."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from docx import Document
from sqlalchemy import select

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import AwardForm, AwardItem, AwardList, Decision, Notification
from ideas.core.permissions import SYSTEM
from ideas.dashboards import dashboard_view
from ideas.dashboards.reports import annual
from ideas.rewards import annual_due
from ideas.tooling.cli import main
from tests.support.factories.accounts import make_user
from tests.support.factories.history import build_reorganised

# (list status, decision date, form, recipient, unit code, person key or None, position, amount)
AWARDS = [
    ("approved", dt.date(2025, 5, 20), "BK_TINH", "collective", "S1", None, None, 3_510_000),
    ("approved", dt.date(2025, 6, 20), "BK_TINH", "individual", "S2", "s2a", "Phó Giám đốc, Sở Đầu tư", 3_510_000),
    ("locked", dt.date(2025, 6, 25), "GIAY_KHEN", "individual", "X2", "x2a", "Trưởng phòng Văn hóa, Xã Hai",
     700_000),
    ("approved", dt.date(2025, 10, 1), "GIAY_KHEN", "individual", "X3", "x3a", "Chuyên viên, Xã Ba", 700_000),
    ("draft", dt.date(2025, 11, 1), "GIAY_KHEN", "individual", "X3", "x3a", "Chuyên viên, Xã Ba", 700_000),
    ("approved", dt.date(2024, 12, 1), "GIAY_KHEN", "individual", "X3", "x3a", "Chuyên viên, Xã Ba", 700_000),
]


def populate(session):
    """The reorganised province with the year's award lists and one recognition, and a reward officer."""
    w = build_reorganised(session)
    form_ids = {code: fid for code, fid in session.execute(select(AwardForm.code, AwardForm.id))}
    for n, (status, day, form, kind, unit, person, position, amount) in enumerate(AWARDS, start=1):
        award_list = AwardList(title=f"Danh sách {n}", year=day.year, status=status, decision_date=day,
                               decision_no=f"{n}/QĐ-UBND")
        award_list.items.append(AwardItem(
            recipient_kind=kind, unit_id=w.units[unit].id, user_id=w.users[person].id if person else None,
            display_name=person or unit, position_unit=position, award_form_id=form_ids[form], amount=amount))
        session.add(award_list)
    session.add(Decision(idea_id=w.ideas["B1"].id, number="7/QĐ-HĐSK", decided_on=dt.date(2025, 3, 20),
                         outcome="recognised", scope="unit", unit_id=w.units["S1"].id))
    officer = make_user(session, unit=w.units["P"], roles=[("reward_officer", None)], password=None)
    session.flush()
    return w, officer


@pytest.fixture
def province(session):
    return populate(session)


def _by_unit(report):
    return {r.code: (r.submitted, r.recognised, r.awards, r.collective, r.leader_high, r.leader_division, r.staff)
            for r in report.by_unit.itertuples()}


def test_figures_by_form_and_recipient(session, province):
    _, officer = province
    report = annual.annual_report(session=session, actor=officer, year=2025)
    forms = {r.form: (r.level, r.awards, r.collective, r.individual, r.leader_high, r.leader_division, r.staff,
                      r.amount) for r in report.by_form.itertuples()}
    assert forms == {"BK_TINH": ("provincial", 2, 1, 1, 1, 0, 0, 7_020_000),
                     "GIAY_KHEN": ("unit", 2, 0, 2, 0, 1, 1, 1_400_000)}
    assert list(report.by_form.form) == ["BK_TINH", "GIAY_KHEN"]  # higher level first
    assert report.totals["awards"] == 4 and report.totals["amount"] == 8_420_000
    assert (report.first, report.last) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_today_rolls_merged_units_up_and_as_it_was_keeps_them(session, province):
    _, officer = province
    today = annual.annual_report(session=session, actor=officer, year=2025, structure="today")
    rows = _by_unit(today)
    assert rows["S12"] == (3, 1, 2, 1, 1, 0, 0)  # S1 and S2 merged into S12
    assert rows["X12"] == (4, 0, 1, 0, 0, 1, 0)
    assert rows["H"] == (0, 0, 1, 0, 0, 0, 1)
    was = _by_unit(annual.annual_report(session=session, actor=officer, year=2025, structure="as_was"))
    assert was["S1"] == (1, 1, 1, 1, 0, 0, 0) and was["S2"] == (1, 0, 1, 0, 1, 0, 0)
    assert was["H"][2] == 2 and was["X12"][2] == 0  # X2 (under the old district) and X3


def test_xlsx_and_docx_carry_the_header_and_the_same_figures(session, province):
    _, officer = province
    report = annual.annual_report(session=session, actor=officer, year=2025, structure="today")
    sheet = openpyxl.load_workbook(io.BytesIO(annual.to_xlsx(session, report))).active
    cells = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    text = "\n".join(str(c) for row in cells for c in row if c is not None)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Biểu số 0603.N/BNV-TĐKT" in text
    assert "Thông tư 02/2023/TT-BNV" in text and "01/01/2025" in text and "31/12/2025" in text
    totals = [row for row in cells if row[0] == "Tổng cộng"]
    assert totals[0][3:10] == (4, 1, 3, 1, 1, 1, 8_420_000)  # by form
    assert totals[1][2:11] == (7, 1, 4, 1, 3, 1, 1, 1, 8_420_000)  # by unit: filed, recognised, awards...
    s12 = next(row for row in cells if row[1] == "Sở Kế hoạch và Đầu tư")
    assert s12[2:6] == (3, 1, 2, 1)
    document = Document(io.BytesIO(annual.to_docx(session, report)))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    everything = paragraphs + "\n" + "\n".join(c for t in tables for row in t for c in row)
    assert "Biểu số 0603.N/BNV-TĐKT (phiên bản bố cục 2023.1)" in everything and "BÁO CÁO" in everything
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything
    unit_table = next(t for t in tables if any("Sáng kiến đăng ký" in c for c in t[0]))
    total_row = unit_table[-1]
    assert total_row[0] == "Tổng cộng" and total_row[-1] == "8.420.000" and "7" in total_row


def test_only_readers_of_rewards_see_it_and_bad_choices_are_refused(session, province):
    w, officer = province
    with pytest.raises(PermissionDenied):
        annual.annual_report(session=session, actor=w.users["x3a"], year=2025)
    with pytest.raises(ValidationError):
        annual.annual_report(session=session, actor=officer, year=2025, structure="both")
    with pytest.raises(ValidationError):
        annual.annual_report(session=session, actor=officer, year=2025, form_code="0699.N")
    assert annual.annual_report(session=session, actor=SYSTEM, year=2025).totals["awards"] == 4


def test_leadership_levels_are_read_from_the_recorded_position():
    level = annual.FORM_0603.level_of
    assert level("Phó Giám đốc, Sở Nội vụ") == "leader_high"
    assert level("Chủ tịch UBND xã, Xã Phù Lãng") == "leader_high"
    assert level("Phó Trưởng phòng Tổ chức, Sở Nội vụ") == "leader_division"
    assert level("Chuyên viên chính, Văn phòng UBND tỉnh") == "staff"
    assert level(None) == "staff"


def test_the_dashboard_block_reads_the_same_report(session, province):
    _, officer = province
    assert dashboard_view.annual_available(session=session, actor=officer)
    block = dashboard_view.annual(session=session, actor=officer, year=2025, structure="as_was")
    assert block.due == "15/12/2025" and "0603.N/BNV-TĐKT" in next(iter(block.forms.values()))
    assert "tại thời điểm phát sinh" in block.caption
    assert block.by_form.iloc[0]["Hình thức khen thưởng"] == "Bằng khen của Chủ tịch UBND tỉnh"
    assert block.xlsx[:2] == b"PK" and block.docx[:2] == b"PK" and block.xlsx_name.endswith("as_was.xlsx")


def test_the_reward_officers_are_reminded_before_and_on_the_due_day_once(session, province):
    _, officer = province
    assert annual_due.remind(session=session, actor=SYSTEM, today=dt.date(2025, 11, 30)) == 0
    assert annual_due.remind(session=session, actor=SYSTEM, today=dt.date(2025, 12, 1)) == 1
    assert annual_due.remind(session=session, actor=SYSTEM, today=dt.date(2025, 12, 5)) == 0  # never twice
    assert annual_due.remind(session=session, actor=SYSTEM, today=dt.date(2025, 12, 15)) == 1
    notes = session.scalars(select(Notification).where(Notification.user_id == officer.id)
                            .order_by(Notification.id)).all()
    assert [n.message_key for n in notes] == ["annual.msg.due_soon", "annual.msg.due_today"]
    from ideas.core import settings

    settings.set_value(session=session, actor=SYSTEM, key="rewards.annual_report_due", value="12-01")
    assert annual_due.due_date(session, 2026) == dt.date(2026, 12, 1)
    with pytest.raises(ValidationError):
        settings.set_value(session=session, actor=SYSTEM, key="rewards.annual_report_due", value="31-12")


def test_the_command_line_writes_both_files(db, tmp_path, capsys):
    with db.session() as s:
        populate(s)
    out = tmp_path / "bao-cao.xlsx"
    assert main(["--database-url", db.url, "report", "annual", "--year", "2025", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    totals = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng"]
    assert totals[1][2:5] == (7, 1, 4)
    docx_out = tmp_path / "bao-cao.docx"
    assert main(["--database-url", db.url, "report", "annual", "--year", "2025", "--structure", "as_was",
                 "--format", "docx", "--out", str(docx_out)]) == 0
    assert "0603.N/BNV-TĐKT" in "\n".join(p.text for p in Document(docx_out).paragraphs)
    assert main(["--database-url", db.url, "report", "annual", "--year", "2025", "--as", "hist_x3a"]) == 1
    assert main(["--database-url", db.url, "report", "annual-remind", "--today", "2025-12-15"]) == 0
    assert capsys.readouterr().out.strip().endswith("1")


def test_the_dashboard_page_offers_the_report_in_the_rewards_section(app_env):
    import streamlit as st

    from tests.support.apptest import signed_in_app

    with app_env.session() as s:
        w, _ = populate(s)
        officer = make_user(s, unit=w.units["P"], roles=[("reward_officer", None)])  # one who signs in
        make_user(s, unit=w.units["P"], roles=[("admin", None)])  # without an administrator the app shows setup
    st.cache_data.clear()
    at = signed_in_app(app_env, officer)
    at.switch_page("pages/dashboard.py").run()
    at.button_group(key="dash_section").set_value("rewards").run()
    assert not at.exception, at.exception
    assert "Báo cáo thi đua, khen thưởng năm" in [h.value for h in at.subheader]
    at.number_input(key="annual_year").set_value(2025).run()
    at.button_group(key="dash_structure").set_value("as_was").run()  # the dashboard's structure choice
    assert not at.exception
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Tải báo cáo (xlsx)", "Tải báo cáo (docx)"} <= labels
    assert any("tại thời điểm phát sinh" in t.value for t in at.text)
    st.cache_data.clear()
