"""Papers after Decree 30/2020 Appendix I, opened and read back: PDF text, fonts, margins, wrapping; identity rules."""
from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from ideas.core.i18n import error_text
from ideas.core.models import IdeaAuthor
from ideas.core.permissions import SYSTEM
from ideas.core.text import same_name
from ideas.papers import identity
from ideas.papers.docx_render import render_docx
from ideas.papers.paper import Column, Paper, Row, Signer, Table, Text, date_words
from ideas.papers.pdf_render import render_pdf
from ideas.review import documents
from ideas.rewards import awards, exports
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import complete_identity
from tests.support.factories.review import certified, decided_by_council

A4_POINTS = (595.28, 841.89)
MM = 72 / 25.4


def _run(tmp_path, data: bytes, *command: str) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    return subprocess.run([*command, str(path), "-"] if command[0] == "pdftotext" else [*command, str(path)],
                          capture_output=True, text=True, check=True).stdout


def _text(tmp_path, data: bytes) -> str:
    return _run(tmp_path, data, "pdftotext", "-layout")


def _fonts(tmp_path, data: bytes) -> list[list[str]]:
    return [line.split() for line in _run(tmp_path, data, "pdffonts").splitlines()[2:]]


def _words(tmp_path, data: bytes) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of every word on every page (pdftotext -bbox)."""
    import re

    html = _run(tmp_path, data, "pdftotext", "-bbox")
    return [(float(a), float(b), w) for a, b, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]


def _two_author_certificate(session, decided_on=dt.date(2026, 2, 5)):
    unit = make_unit(session, name="Sở Nội vụ")
    authors = [make_user(session, unit=unit, full_name="Lê Thị Mai", password=None),
               make_user(session, unit=unit, full_name="Ngô Văn Bình", password=None)]
    idea, decision, certificate = certified(session, unit=unit, authors=authors, decided_on=decided_on)
    shares = {authors[0].id: Decimal("66.67"), authors[1].id: Decimal("33.33")}
    for row in session.query(IdeaAuthor).filter(IdeaAuthor.idea_id == idea.id):
        row.share = shares[row.user_id]
    session.flush()
    return idea, decision, certificate


def test_the_certificate_pdf_has_every_appendix_one_element_and_names_the_authors(session, tmp_path):
    complete_identity(session)
    idea, decision, certificate = _two_author_certificate(session)
    pdf = documents.certificate_pdf(session=session, actor=SYSTEM, certificate_id=certificate.id)
    text = _text(tmp_path, pdf)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "ỦY BAN NHÂN DÂN TỈNH AN HÒA", "HỘI ĐỒNG SÁNG KIẾN TỈNH",
                     f"Số: {int(certificate.number.rsplit('-', 1)[1])}/GCN-HĐSK",
                     "An Hòa, ngày 05 tháng 02 năm 2026",  # leading zeros: day below 10, month 2
                     "GIẤY CHỨNG NHẬN SÁNG KIẾN", "Căn cứ Nghị định số 13/2012/NĐ-CP",
                     f"Căn cứ Quyết định số {decision.number}", idea.title,
                     "Lê Thị Mai", "66,67%", "Ngô Văn Bình", "33,33%",  # the authors and shares, decimal comma
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Chủ", certificate.verification_code,
                     f"https://sangkien.anhoa.gov.vn/verify/{certificate.verification_code}"):
        assert expected in text, expected
    assert "CHỨNG NHẬN: " not in text and "nan" not in text.split()
    fonts = _fonts(tmp_path, pdf)
    assert fonts and all(row[-5] == "yes" for row in fonts)  # every font embedded
    assert any("Italic" in row[0] for row in fonts) and any("Bold" in row[0] for row in fonts)
    info = _run(tmp_path, pdf, "pdfinfo")
    assert "Page size:       595.276 x 841.89 pts (A4)" in info and "Pages:           1" in info
    # nothing outside the margins: left 30 mm, right 15 mm
    assert all(x0 >= 30 * MM - 1 and x1 <= A4_POINTS[0] - 15 * MM + 1 for x0, x1, _ in _words(tmp_path, pdf))


def test_the_certificate_docx_has_the_rules_italic_date_and_the_signature_block(session):
    complete_identity(session)
    _, _, certificate = _two_author_certificate(session, decided_on=dt.date(2026, 3, 9))
    document = Document(io.BytesIO(documents.certificate_docx(session=session, actor=SYSTEM,
                                                              certificate_id=certificate.id)))
    left, right = document.tables[0].rows[0].cells
    assert "w:pBdr" in right.paragraphs[2]._p.xml and "w:pBdr" in left.paragraphs[2]._p.xml  # motto, issuer rules
    place = right.paragraphs[-1]
    assert place.text == "An Hòa, ngày 09 tháng 3 năm 2026" and place.runs[0].italic  # no zero before month 3
    authors = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert authors[1][1:] == ["Lê Thị Mai", "Sở Nội vụ", "66,67%"] and authors[2][3] == "33,33%"
    signature = [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Chủ"]
    section = document.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.page_width.mm) == 210


def test_the_recognition_decision_has_kind_abstract_grounds_recipients_and_its_annex(session, tmp_path):
    complete_identity(session)
    data = decided_by_council(session)
    pdf = documents.recognition_pdf(session=session, actor=data["chair"], decision_id=data["decision"].id)
    text = _text(tmp_path, pdf)
    for expected in ("QUYẾT ĐỊNH", "Về việc công nhận sáng kiến", "Số: 7/QĐ-HĐSK", "Căn cứ Thông tư số 18/2013",
                     "Điều 1. Công nhận 1 sáng kiến", "Nơi nhận:", "- Như Điều 3;",
                     "DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN", "(Kèm theo Quyết định số 7/QĐ-HĐSK ngày 20 tháng 11",
                     "Sổ tay một cửa điện tử", "Đinh Thị Hoa (100%)", "Cơ sở"):
        assert expected in text, expected
    pages = text.split("\f")
    assert "DANH SÁCH SÁNG KIẾN" in pages[1] and pages[1].strip().startswith("2")  # the annex: page 2, numbered
    docx = Document(io.BytesIO(documents.recognition_docx(session=session, actor=data["chair"],
                                                          decision_id=data["decision"].id)))
    assert "w:tblHeader" in docx.tables[-1].rows[0]._tr.xml


def test_the_minutes_are_signed_by_secretary_and_chair_with_no_nan_and_print_as_xlsx(session, tmp_path):
    complete_identity(session)
    data = decided_by_council(session, parts=(25, 15, 25, 15))
    pdf = documents.minutes_pdf(session=session, actor=data["chair"], campaign_id=data["campaign"].id)
    text = _text(tmp_path, pdf)
    assert "BIÊN BẢN" in text and "THƯ KÝ" in text and "CHỦ TỊCH HỘI ĐỒNG" in text
    assert "Lê Thư Ký" in text and "Trần Chủ Tịch" in text and "nan" not in text.split()
    assert "Page size:       841.89 x 595.276 pts (A4)" in _run(tmp_path, pdf, "pdfinfo")  # landscape
    assert documents._num(75.4) == "75,4" and documents._num(1234.5) == "1.234,5" and documents._num(80.0) == "80"
    assert documents._num(float("nan")) == "" and documents._num(None) == ""
    book = load_workbook(io.BytesIO(documents.minutes_xlsx(session=session, actor=data["chair"],
                                                           campaign_id=data["campaign"].id)))
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1" and sheet.column_dimensions["A"].width >= 16
        assert not any(cell.value == "nan" for row in sheet.iter_rows() for cell in row)


def test_long_text_wraps_inside_its_box_and_nothing_is_cut(tmp_path):
    unbroken = "Sốhóa" * 60  # 300 characters without a space: broken inside the word, never cut
    title = "Sáng kiến " + " ".join(["rút ngắn thời gian giải quyết thủ tục hành chính"] * 40)
    paper = Paper(parent_body="Ủy ban nhân dân tỉnh An Hòa",
                  issuing_body="Hội đồng sáng kiến tỉnh " + "rất dài " * 12, number="1/GCN-HĐSK", place="An Hòa",
                  date=dt.date(2026, 1, 2), kind="GIẤY CHỨNG NHẬN SÁNG KIẾN",
                  body=[Text(title), Text(unbroken),
                        Table([Column("STT", 12, "center"), Column("Họ và tên", 40), Column("Ghi chú", 113)],
                              [Row(["1", unbroken, title])])],
                  signers=[Signer(title="Phó Chủ tịch " + "Ủy ban nhân dân " * 5, name="Trần Văn Chủ")])
    pdf = render_pdf(paper)
    assert render_pdf(paper) == pdf  # the same paper gives the same bytes (a hash of the issued file means something)
    words = _words(tmp_path, pdf)
    assert all(x0 >= 30 * MM - 1 and x1 <= A4_POINTS[0] - 15 * MM + 1 for x0, x1, _ in words)
    joined = "".join(word for _, _, word in words)
    assert "Sốhóa" * 60 in joined and joined.count("ó") >= 120  # the paragraph whole, the table cell's copy too
    assert joined.count("giải") == 80  # every word of the long title, in the paragraph and in the cell
    assert render_docx(paper)[:2] == b"PK"


def test_a_placeholder_identity_refuses_issuing_and_names_the_fields_and_the_settings_page(session):
    _, _, certificate = certified(session)
    with pytest.raises(identity.IdentityIncomplete) as refused:  # the shipped defaults
        documents.certificate_pdf(session=session, actor=SYSTEM, certificate_id=certificate.id)
    message = error_text(refused.value, "vi")
    for field in ("Cơ quan ban hành", "Địa danh", "Địa chỉ công khai dùng trong mã QR", "Họ tên người ký"):
        assert field in message
    assert "/admin_settings" in message
    complete_identity(session, signers={"certificate": {"authority": "KT. CHỦ TỊCH", "title": "Phó Chủ tịch",
                                                        "name": "Nguyễn Văn A"}})
    with pytest.raises(identity.IdentityIncomplete) as refused:  # a sample name is a placeholder too
        documents.certificate_docx(session=session, actor=SYSTEM, certificate_id=certificate.id)
    assert refused.value.params["fields"] == "Họ tên người ký — Giấy chứng nhận sáng kiến"
    complete_identity(session, public_url="http://localhost:8501")
    with pytest.raises(identity.IdentityIncomplete, match="public_url|QR"):
        documents.certificate_pdf(session=session, actor=SYSTEM, certificate_id=certificate.id)


def test_a_unit_identity_overrides_the_province_field_by_field_down_the_tree(session):
    complete_identity(session)
    district = make_unit(session, name="Thị xã Bình Sơn")
    ward = make_unit(session, name="Phường An Lạc", parent=district)
    complete_identity(session, unit_id=district.id, parent_body="", issuing_body="Ủy ban nhân dân thị xã Bình Sơn",
                      place="Bình Sơn", public_url="", symbols={}, signers={})
    found = identity.identity_for(session, ward.id)
    assert (found.issuing_body, found.place) == ("Ủy ban nhân dân thị xã Bình Sơn", "Bình Sơn")
    assert found.parent_body == "Ủy ban nhân dân tỉnh An Hòa"  # empty in the unit: the province's
    assert found.public_url == "https://sangkien.anhoa.gov.vn" and found.signer("certificate").name == "Trần Văn Chủ"
    assert identity.identity_for(session, None).place == "An Hòa"
    identity.remove_unit_identity(session=session, actor=SYSTEM, unit_id=district.id)
    assert identity.identity_for(session, ward.id).place == "An Hòa"


def test_saving_refuses_overlong_fields_and_a_non_web_address_naming_the_field(session):
    from ideas.core.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        complete_identity(session, place="x" * 201)
    assert "Địa danh" in error_text(refused.value, "vi")
    with pytest.raises(ValidationError) as refused:
        complete_identity(session, public_url="sangkien.anhoa.gov.vn")
    assert "Địa chỉ công khai" in error_text(refused.value, "vi") and "http" in error_text(refused.value, "vi")


def test_spelling_variants_compare_equal_and_the_annex_names_one_body_once(session):
    assert same_name("UỶ BAN NHÂN DÂN TỈNH", "Ủy ban nhân dân tỉnh") and same_name("Hoà Bình", "Hòa Bình")
    assert same_name("Thuỷ Nguyên", "Thủy  Nguyên") and not same_name("Hòa", "Hóa")
    complete_identity(session, parent_body="UỶ BAN NHÂN DÂN TỈNH AN HOÀ", issuing_body="Sở Nội vụ")
    unit = make_unit(session, kind="province", name="Ủy ban nhân dân tỉnh An Hòa")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    award_list = awards.create_list(session=session, actor=officer, title="cá nhân được tặng Giấy khen", year=2025,
                                    unit_id=unit.id, agency_name="Ủy ban nhân dân tỉnh An Hòa")
    doc = exports.load_document(session, actor=officer, list_id=award_list.id)
    assert doc.agency_lines == ["ỦY BAN NHÂN DÂN TỈNH AN HÒA"]  # not "UỶ ... HOÀ / ỦY ... HÒA"


def test_dates_have_leading_zeros_for_days_below_ten_and_months_one_and_two():
    assert date_words(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_words(dt.date(2026, 1, 15)) == "ngày 15 tháng 01 năm 2026"
    assert date_words(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert date_words(dt.date(2026, 12, 31)) == "ngày 31 tháng 12 năm 2026"


def test_the_award_annex_is_issued_as_pdf_with_fonts_embedded(session, tmp_path):
    complete_identity(session)
    unit = make_unit(session, kind="district", name="Ủy ban nhân dân huyện Đông Anh")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    author = make_user(session, unit=unit, full_name="Nguyễn Thị Ánh")
    award_list = awards.create_list(session=session, actor=officer, title="cá nhân được tặng Giấy khen", year=2025,
                                    unit_id=unit.id, agency_name="Ủy ban nhân dân huyện Đông Anh")
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=author.id,
                          form_code="GIAY_KHEN", achievement="Thành tích xuất sắc")
    awards.submit_list(session=session, actor=officer, list_id=award_list.id)
    awards.approve_list(session=session, actor=officer, list_id=award_list.id, decision_no="125/QĐ-UBND",
                        decision_date=dt.date(2025, 8, 5), signer="Lê Văn Ký", signer_title="Chủ tịch")
    pdf = exports.export(session, actor=officer, list_id=award_list.id, fmt="pdf")
    text = _text(tmp_path, pdf)
    for expected in ("ỦY BAN NHÂN DÂN TỈNH AN HÒA", "ỦY BAN NHÂN DÂN HUYỆN ĐÔNG", "Số: 125/QĐ-UBND",
                     "An Hòa, ngày 05 tháng 8 năm 2025", "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN", "Nguyễn Thị",
                     "Tổng cộng", "CHỦ TỊCH", "Lê Văn Ký"):
        assert expected in text, expected
    assert all(row[-5] == "yes" for row in _fonts(tmp_path, pdf))
    sheet = load_workbook(io.BytesIO(exports.export(session, actor=officer, list_id=award_list.id,
                                                    fmt="xlsx"))).active  # the list beside it, laid out to print
    setup = sheet.page_setup  # one page wide (1, the default, is left out), as many pages tall as needed
    assert setup.orientation == "landscape" and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows
    assert sheet.column_dimensions["B"].width >= 20
    assert not any(cell.value in ("nan", "None") for row in sheet.iter_rows() for cell in row)
