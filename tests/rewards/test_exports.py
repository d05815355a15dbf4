"""Award-list exports opened back: XLSX cell by cell, CSV with BOM, DOCX paragraph by paragraph."""
import csv
import datetime as dt
import io
import json

import pytest
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from ideas.core.errors import PermissionDenied
from ideas.core.permissions import SYSTEM
from ideas.rewards import awards, exports
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import complete_identity
from tests.support.factories.rewards import make_recognised_idea

AGENCY = "Ủy ban nhân dân huyện Đông Anh"
SUPERIOR = "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
SIGNER_TITLE = "Chủ tịch Ủy ban nhân dân huyện Đông Anh"


@pytest.fixture
def approved(session):
    complete_identity(session, parent_body="", issuing_body="Ủy ban nhân dân tỉnh Quảng Trị", place="Quảng Trị")
    unit = make_unit(session, kind="district", name=AGENCY)
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    author = make_user(session, unit=unit, full_name="Nguyễn Thị Ánh")
    evil = make_user(session, unit=unit, full_name="=HYPERLINK(\"http://x.test\",\"bấm\")")
    at_sign = make_user(session, unit=unit, full_name="@SUM(1)")
    idea = make_recognised_idea(session, authors=[author], unit=unit, title="Số hóa hồ sơ một cửa")
    award_list = awards.create_list(session=session, actor=officer, title="cá nhân, tập thể được tặng Giấy khen",
                                    year=2025, unit_id=unit.id, agency_name=AGENCY)
    awards.add_collective(session=session, actor=officer, list_id=award_list.id, unit_id=unit.id,
                          form_code="GIAY_KHEN", achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025")
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=author.id,
                          form_code="GIAY_KHEN", idea_id=idea.id, position_unit="Chuyên viên, Phòng Nội vụ")
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=evil.id,
                          form_code="GIAY_KHEN", achievement="-1+1", position_unit="+cmd|' /C calc'!A0")
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=at_sign.id,
                          form_code="GIAY_KHEN", achievement="@Thành tích đặc biệt")
    awards.submit_list(session=session, actor=officer, list_id=award_list.id)
    awards.approve_list(session=session, actor=officer, list_id=award_list.id, decision_no="125/QĐ-UBND",
                        decision_date=dt.date(2025, 8, 5), signer="Lê Văn Ký", signer_title=SIGNER_TITLE)
    return {"officer": officer, "list": award_list, "unit": unit}


def test_xlsx_cell_by_cell(session, approved):
    data = exports.export(session, actor=approved["officer"], list_id=approved["list"].id, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == SUPERIOR and not sheet["A1"].font.b
    assert sheet["A2"].value == AGENCY.upper() and sheet["A2"].font.b
    assert sheet["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and sheet["D1"].font.b
    assert sheet["D2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert sheet["A4"].value == "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC TẶNG GIẤY KHEN"
    assert sheet["A5"].value == f"(Kèm theo Quyết định số 125/QĐ-UBND ngày 05 tháng 8 năm 2025 của {SIGNER_TITLE})"
    assert sheet["A5"].font.i
    assert [c.value for c in sheet[7]] == list(exports.COLUMNS)
    assert sheet["A8"].value == "I. TẬP THỂ"
    assert [c.value for c in sheet[9]] == [1, AGENCY, None, "Hoàn thành xuất sắc nhiệm vụ năm 2025", "Giấy khen",
                                           1_410_000]
    assert sheet["A10"].value == "II. CÁ NHÂN"
    assert [c.value for c in sheet[11]] == [1, "Nguyễn Thị Ánh", "Chuyên viên, Phòng Nội vụ",
                                            "Tác giả sáng kiến «Số hóa hồ sơ một cửa» được công nhận", "Giấy khen",
                                            710_000]
    assert sheet["A14"].value == "Tổng cộng" and sheet["F14"].value == 1_410_000 + 3 * 710_000
    assert sheet["F11"].number_format == "#,##0" and sheet["F14"].font.b
    for row in sheet.iter_rows(min_row=7, max_row=14):
        for cell in row:
            if cell.value is not None:
                assert cell.font.name == "Times New Roman"
    # page setup: A4 landscape, one page wide
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0  # 1 is the default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    widths = [sheet.column_dimensions[c].width for c in "ABCDEF"]
    assert all(w > 5 for w in widths) and sum(widths) < 170


def test_xlsx_formula_injection_stays_text(session, approved):
    data = exports.export(session, actor=approved["officer"], list_id=approved["list"].id, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    evil_name, evil_pos, evil_ach = sheet["B12"], sheet["C12"], sheet["D12"]
    assert evil_name.value == "=HYPERLINK(\"http://x.test\",\"bấm\")"
    assert evil_name.data_type == "s" and evil_name.quotePrefix
    assert evil_pos.data_type == "s" and evil_pos.quotePrefix and evil_ach.quotePrefix
    assert sheet["B13"].value == "@SUM(1)" and sheet["B13"].data_type == "s" and sheet["B13"].quotePrefix
    assert sheet["D13"].quotePrefix
    assert not sheet["B11"].quotePrefix
    # no cell in the file is a formula
    raw = load_workbook(io.BytesIO(data), data_only=False).active
    assert all(cell.data_type != "f" for row in raw.iter_rows() for cell in row)


def test_csv_bom_and_neutralised(session, approved):
    """For Vietnamese Excel: a BOM, cells separated by ";" (ideas.core.csvfile), formulas neutralised."""
    data = exports.export(session, actor=approved["officer"], list_id=approved["list"].id, fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Mục", *exports.COLUMNS]
    assert rows[1][:3] == ["I. TẬP THỂ", "1", AGENCY] and rows[1][-1] == "1410000"
    assert rows[2][2] == "Nguyễn Thị Ánh"
    assert rows[3][2] == "'=HYPERLINK(\"http://x.test\",\"bấm\")"
    assert rows[3][3] == "'+cmd|' /C calc'!A0" and rows[3][4] == "'-1+1"
    assert rows[4][2] == "'@SUM(1)" and rows[4][4] == "'@Thành tích đặc biệt"
    assert rows[-1][2] == "Tổng cộng" and rows[-1][-1] == str(1_410_000 + 3 * 710_000)


def _texts(container):
    return [p.text for p in container.paragraphs]


def test_docx_decree_30_layout(session, approved):
    data = exports.export(session, actor=approved["officer"], list_id=approved["list"].id, fmt="docx")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    # Decree 30/2020 ranges (Word stores twips, so allow a tenth of a millimetre of rounding)
    def within(value, low, high):
        return Mm(low - 0.1) <= value <= Mm(high + 0.1)

    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)
    # page numbers centred in the header, none on page 1
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and section.header.paragraphs[0].alignment == 1
    assert "PAGE" not in section.first_page_header._element.xml
    assert document.styles["Normal"].font.name == "Times New Roman"

    heading = document.tables[0]
    left, right = heading.rows[0].cells
    assert [text for text in _texts(left) if text] == [SUPERIOR, AGENCY.upper(), "Số: 125/QĐ-UBND"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    assert "w:pBdr" in left.paragraphs[2]._p.xml and "w:pBdr" in right.paragraphs[2]._p.xml  # the two rules
    motto1, motto2, place_date = [p for p in right.paragraphs if p.text]
    assert motto1.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and motto1.runs[0].bold
    assert 12 <= motto1.runs[0].font.size.pt <= 13
    assert motto2.text == "Độc lập - Tự do - Hạnh phúc" and motto2.runs[0].bold
    assert 13 <= motto2.runs[0].font.size.pt <= 14 and motto2.alignment == 1
    assert place_date.text == "Quảng Trị, ngày 05 tháng 8 năm 2025" and place_date.runs[0].italic  # 0 below 3 only
    for paragraph in [*left.paragraphs, *right.paragraphs]:
        assert all(run.font.name == "Times New Roman" for run in paragraph.runs)

    body = [p for p in document.paragraphs if p.text]
    assert body[0].text == "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC TẶNG GIẤY KHEN" and body[0].runs[0].bold
    assert body[1].text.startswith("(Kèm theo Quyết định số 125/QĐ-UBND ngày 05 tháng 8 năm 2025")
    assert body[1].runs[0].italic
    signature = [p.text for p in document.tables[-1].rows[0].cells[-1].paragraphs if p.text]
    assert signature == [SIGNER_TITLE.upper(), "Lê Văn Ký"]

    table = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == list(exports.COLUMNS)
    assert rows[1][0] == "I. TẬP THỂ"
    assert rows[2] == ["1", AGENCY, "", "Hoàn thành xuất sắc nhiệm vụ năm 2025", "Giấy khen", "1.410.000"]
    assert rows[3][0] == "II. CÁ NHÂN"
    assert rows[4] == ["1", "Nguyễn Thị Ánh", "Chuyên viên, Phòng Nội vụ",
                       "Tác giả sáng kiến «Số hóa hồ sơ một cửa» được công nhận", "Giấy khen", "710.000"]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][-1] == "3.540.000"
    bold = [[run.bold for cell in row.cells for p in cell.paragraphs for run in p.runs] for row in table.rows]
    assert all(bold[0]) and all(bold[1]) and all(bold[3]) and all(bold[-1])  # header, sections, total
    assert not any(bold[2]) and not any(bold[4])
    assert all(run.font.name == "Times New Roman" for row in table.rows for cell in row.cells
               for p in cell.paragraphs for run in p.runs)
    assert "w:tblHeader" in table.rows[0]._tr.xml


def test_draft_export_has_blank_decision_and_needs_view_permission(session, approved):
    officer = approved["officer"]
    draft = awards.create_list(session=session, actor=officer, title="DANH SÁCH tập thể năm 2026", year=2026,
                               unit_id=approved["unit"].id)
    doc = exports.load_document(session, actor=officer, list_id=draft.id)
    assert doc.heading == "DANH SÁCH TẬP THỂ NĂM 2026"
    assert doc.attached_line.startswith("(Kèm theo Quyết định số      /QĐ-")
    assert exports.to_docx(doc) and exports.to_xlsx(doc) and exports.to_csv(doc)
    outsider = make_user(session, unit=make_unit(session))
    with pytest.raises(PermissionDenied):
        exports.export(session, actor=outsider, list_id=draft.id, fmt="csv")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx"])
def test_neutralise_every_trigger(text):
    assert exports.neutralise(text) == "'" + text and exports.is_dangerous(text)
    assert exports.neutralise("Bình thường") == "Bình thường"


def test_benchmark_function_runs_small():
    result = exports.benchmark(50)
    assert result["items"] == 50 and result["xlsx_bytes"] > 0 and result["docx_bytes"] > 0


def test_cli_list_and_export(db, tmp_path, capsys):
    from ideas.tooling.cli import main

    with db.session() as s:
        unit = make_unit(s, kind="district", name=AGENCY)
        officer = make_user(s, unit=unit, roles=[("reward_officer", unit)])
        award_list = awards.create_list(session=s, actor=officer, title="=danh sách", year=2025, unit_id=unit.id)
        awards.add_collective(session=s, actor=officer, list_id=award_list.id, unit_id=unit.id, form_code="GIAY_KHEN")
    assert main(["--database-url", db.url, "awards", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["items"]) for r in listed] == [(award_list.id, "draft", 1)]
    for fmt in ("xlsx", "csv", "docx"):
        out = tmp_path / f"list.{fmt}"
        assert main(["--database-url", db.url, "awards", "export", str(award_list.id), "--format", fmt,
                     "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    assert (tmp_path / "list.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["--database-url", db.url, "awards", "export", "999999", "--format", "csv",
                 "--out", str(tmp_path / "none.csv")]) == 2


def test_individuals_alone_are_section_one_and_unset_province_is_not_invented(session):
    unit = make_unit(session, kind="district", name=AGENCY)
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    author = make_user(session, unit=unit, full_name="Lê Thị Một")
    award_list = awards.create_list(session=session, actor=officer, title="cá nhân được tặng Giấy khen",
                                    year=2025, unit_id=unit.id)
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=author.id,
                          form_code="GIAY_KHEN", achievement="Thành tích")
    sheet = load_workbook(io.BytesIO(exports.export(session, actor=officer, list_id=award_list.id,
                                                    fmt="xlsx"))).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "I. CÁ NHÂN" in values and not any(v.startswith("II.") for v in values)
    assert sheet["A1"].value == AGENCY.upper()  # the shipped placeholder "UỶ BAN NHÂN DÂN TỈNH" is left out
    assert sheet["A4"].value == "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN"
    document = Document(io.BytesIO(exports.export(session, actor=officer, list_id=award_list.id, fmt="docx")))
    rows = [row.cells[0].text for row in document.tables[1].rows]
    assert rows[1] == "I. CÁ NHÂN" and not any(r.startswith("II.") for r in rows)
    place_date = document.tables[0].rows[0].cells[1].paragraphs[-1].text
    assert place_date.startswith("Ngày ")  # no province set: no place, and the line starts with a capital
    body = [p.text for p in document.paragraphs if p.text]
    assert body[0] == "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN"
    assert exports.to_csv(exports.load_document(session, actor=officer, list_id=award_list.id)).decode(
        "utf-8-sig").splitlines()[1].startswith("I. CÁ NHÂN;1;")


def test_actor_none_is_refused_and_system_sees_every_list(session, approved):
    with pytest.raises(PermissionDenied):
        exports.load_document(session, actor=None, list_id=approved["list"].id)
    assert exports.load_document(session, actor=SYSTEM, list_id=approved["list"].id).individuals
