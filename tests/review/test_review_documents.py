"""Certificate and minutes documents (python-docx / openpyxl), the review CLI summary, and the review demo seeder."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from ideas.core import clock
from ideas.core.models import Certificate
from ideas.review import board as boards
from ideas.review import decisions, documents
from ideas.tooling.cli import main as cli_main
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import complete_identity
from tests.support.factories.review import decided_by_council


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_certificate_docx_has_motto_number_title_authors(session):
    data = decided_by_council(session)
    complete_identity(session)
    cert = session.scalar(select(Certificate).where(Certificate.decision_id == data["decision"].id))
    text = _docx_text(documents.certificate_docx(session=session, actor=data["chair"],
                                                       certificate_id=cert.id))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GIẤY CHỨNG NHẬN SÁNG KIẾN",
                     "GCN-2026-0001", "Sổ tay một cửa điện tử", "Đinh Thị Hoa", "Cơ sở", "7/QĐ-HĐSK"):
        assert expected in text
    document = Document(io.BytesIO(documents.certificate_docx(session=session, actor=data["chair"],
                                                                     certificate_id=cert.id)))
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_minutes_docx_and_xlsx_contain_score_table(session):
    data = decided_by_council(session, title="=HYPERLINK(\"http://x\")")
    complete_identity(session)
    text = _docx_text(documents.minutes_docx(session=session, actor=data["chair"],
                                                    campaign_id=data["campaign"].id))
    assert "BIÊN BẢN\nHọp Hội đồng sáng kiến" in text and "Trần Chủ Tịch" in text and "Chủ tịch" in text
    assert "Tính mới, sáng tạo (30)" in text and "80" in text and "Công nhận" in text
    assert "THƯ KÝ\n\nLê Thư Ký" in text and "CHỦ TỊCH HỘI ĐỒNG\n\nTrần Chủ Tịch" in text and "nan" not in text
    workbook = load_workbook(io.BytesIO(documents.minutes_xlsx(session=session, actor=data["chair"],
                                                                      campaign_id=data["campaign"].id)))
    scores = workbook["Bảng điểm"]
    header = [c.value for c in scores[1]]
    assert header[:3] == ["Mã hồ sơ", "Tên sáng kiến", "Thành viên chấm"] and "Tổng điểm" in header
    rows = list(scores.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 and all(r[header.index("Tổng điểm")] == 80 for r in rows)
    assert rows[0][1] == "'=HYPERLINK(\"http://x\")"  # formula neutralised
    assert scores.cell(row=2, column=2).data_type == "s"
    results = list(workbook["Kết quả"].iter_rows(min_row=2, values_only=True))
    assert results[0][-2] == "Công nhận" and results[0][-1] == "7/QĐ-HĐSK"


def test_certificate_and_minutes_head_with_the_identity_of_the_campaigns_unit(session):
    data = decided_by_council(session)
    complete_identity(session)
    complete_identity(session, unit_id=data["campaign"].unit_id, parent_body="Ủy ban nhân dân tỉnh Hà Giang",
                      issuing_body="Sở Khoa học và Công nghệ", place="Hà Giang")
    cert = session.scalar(select(Certificate).where(Certificate.decision_id == data["decision"].id))
    certificate = Document(io.BytesIO(documents.certificate_docx(session=session, actor=data["chair"],
                                                                 certificate_id=cert.id)))
    left, right = certificate.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"
    assert left.paragraphs[1].text == "SỞ KHOA HỌC VÀ CÔNG NGHỆ" and left.paragraphs[1].runs[0].bold
    assert right.paragraphs[-1].text == "Hà Giang, ngày 20 tháng 11 năm 2026"
    # 23:30 UTC on 31 December is already 1 January in Vietnam: the minutes carry the local date
    with clock.frozen(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)):
        minutes = Document(io.BytesIO(documents.minutes_docx(session=session, actor=data["chair"],
                                                             campaign_id=data["campaign"].id)))
    left, right = minutes.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG"
    assert right.paragraphs[-1].text == "Hà Giang, ngày 01 tháng 01 năm 2027"


@pytest.mark.parametrize("value", ["=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_formulas(value):
    assert documents.safe_cell(value) == "'" + value
    assert documents.safe_cell("Bình thường") == "Bình thường" and documents.safe_cell(5) == 5


def test_certificate_numbers_increase_per_year(session):
    assert decisions.next_number(session, "certificate", 2031) == 1
    assert decisions.next_number(session, "certificate", 2031) == 2
    assert decisions.next_number(session, "certificate", 2032) == 1


def test_cli_review_summary_json(db, capsys):
    with db.session() as s:
        data = decided_by_council(s)
        campaign_id = data["campaign"].id
    assert cli_main(["--database-url", db.url, "review", "summary", str(campaign_id), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["mean"] == 80 and rows[0]["calibrated_mean"] == 80 and rows[0]["votes_for"] == 4
    assert rows[0]["decision"] == "recognised"
    assert cli_main(["--database-url", db.url, "review", "summary", "--format", "csv"]) == 0
    assert "calibrated_mean" in capsys.readouterr().out


def test_demo_review_seed_with_minimal_context(session):
    from ideas.tooling import demo_review

    unit = make_unit(session)
    roles = {"chair": [make_user(session, roles=[("chair", None)], unit=unit, password=None)],
             "secretary": [make_user(session, roles=[("secretary", None)], unit=unit, password=None)],
             "reviewer": [make_user(session, roles=[("reviewer", None)], unit=unit, password=None) for _ in range(4)],
             "admin": [make_user(session, roles=[("admin", None)], unit=unit, password=None)]}
    staff = [make_user(session, unit=unit, password=None) for _ in range(3)]
    context = {"users_by_role": roles, "staff": staff}
    demo_review.seed(session=session, context=context)
    board = boards.board(session, context["review"]["campaign"].id)
    assert set(board["decision"].dropna()) == {"recognised", "not_recognised"}
    assert (board["calibrated_mean"].dropna() != board["mean"].dropna()).any()
    assert session.scalar(select(Certificate.id)) is not None


def test_the_author_downloads_their_own_certificate_and_other_staff_cannot(session):
    from ideas.core.errors import PermissionDenied
    from ideas.core.models import User

    data = decided_by_council(session)
    complete_identity(session)
    cert_id = documents.certificate_id_for_idea(session, data["idea"].id)
    author = session.get(User, data["idea"].owner_id)
    assert "Đinh Thị Hoa" in _docx_text(documents.certificate_docx(session=session, actor=author,
                                                                         certificate_id=cert_id))
    stranger = make_user(session, unit=make_unit(session))
    with pytest.raises(PermissionDenied):
        documents.certificate_docx(session=session, actor=stranger, certificate_id=cert_id)
