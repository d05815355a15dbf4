"""Documents of a council: the numbered certificate (docx) and the minutes with the score table (docx, xlsx).

Layout after Decree 30/2020/ND-CP: Times New Roman, national motto top right, agency top left, A4 margins.
"""
from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import clock, settings
from ideas.core.models import Decision, Idea, IdeaAuthor, ScoreItem, ScoreSheet, User
from ideas.core.permissions import require
from ideas.filing.campaigns import get_campaign
from ideas.filing.records import author_ids
from ideas.papers.verification import add_verification
from ideas.review.board import board, campaign_agreement, certificate_for
from ideas.review.councils import members_frame, require_council
from ideas.review.rubrics import rubric_for_campaign

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
SCOPE_VI = {"unit": "Cơ sở", "provincial": "Cấp tỉnh", "national": "Toàn quốc"}
OUTCOME_VI = {"recognised": "Công nhận", "not_recognised": "Không công nhận"}
ROLE_VI = {"chair": "Chủ tịch", "vice_chair": "Phó Chủ tịch", "secretary": "Thư ký", "member": "Ủy viên"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formula injection: text starting with = + - @ tab CR gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _document(landscape: bool = False) -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "Times New Roman")
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return document


def _header(document: Document, session: Session, agency: str, number_line: str, day: dt.date) -> None:
    """Decree 30 heading: the province's authority (from the settings) over the issuing agency, the number,
    the national motto, and the place and date."""
    province = str(settings.get(session, "org.province_name")).strip()
    authority = f"{settings.get(session, 'org.agency_name')} {province}".strip()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(authority.upper()).font.size = Pt(12)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(agency.upper())
    run.bold, run.font.size = True, Pt(12)
    p2 = left.add_paragraph(number_line)
    p2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(MOTTO_1)
    run.bold, run.font.size = True, Pt(12)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(MOTTO_2)
    run.bold, run.font.size = True, Pt(13)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(f"{province}, {_date_vi(day)}")
    run.italic = True


def _date_vi(day) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _authors(session: Session, idea: Idea) -> list[str]:
    names = list(session.scalars(select(User.full_name).join(IdeaAuthor, IdeaAuthor.user_id == User.id)
                                 .where(IdeaAuthor.idea_id == idea.id).order_by(IdeaAuthor.position)))
    return names or [idea.owner.full_name]


def certificate_docx(*, session: Session, actor: User, certificate_id: int) -> bytes:
    """Giấy chứng nhận sáng kiến as a .docx file."""
    certificate = certificate_for(session, certificate_id)
    decision = session.get(Decision, certificate.decision_id)
    idea = session.get(Idea, decision.idea_id)
    if actor.id not in author_ids(session, idea):  # the authors keep their own certificate
        require(session, actor, "review.view", unit_id=idea.unit_id)
    campaign = get_campaign(session, decision.campaign_id) if decision.campaign_id else None
    agency = (campaign.unit.name if campaign and campaign.unit else idea.unit.name)
    document = _document()
    _header(document, session, agency, f"Số: {certificate.number}", certificate.issued_on)
    document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("GIẤY CHỨNG NHẬN SÁNG KIẾN")
    run.bold, run.font.size = True, Pt(16)
    p = document.add_paragraph(f"Căn cứ Quyết định số {decision.number} ngày {decision.decided_on:%d/%m/%Y} "
                               "về việc công nhận sáng kiến;")
    p.runs[0].italic = True
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(f"CHỨNG NHẬN: {agency.upper()}")
    run.bold = True
    document.add_paragraph(f"Tên sáng kiến: {idea.title}")
    document.add_paragraph("Tác giả: " + ", ".join(_authors(session, idea)))
    document.add_paragraph(f"Đơn vị: {idea.unit.name}")
    scope = decision.scope or idea.scope or "unit"
    document.add_paragraph(f"Phạm vi ảnh hưởng: {SCOPE_VI.get(scope, scope)}")
    document.add_paragraph(f"Số giấy chứng nhận: {certificate.number}")
    document.add_paragraph(f"Ngày cấp: {certificate.issued_on:%d/%m/%Y}")
    if certificate.verification_code:
        add_verification(document, certificate.verification_code)
    sign = document.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = sign.add_run("THỦ TRƯỞNG ĐƠN VỊ")
    run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def score_table(session: Session, campaign_id: int) -> tuple[list[str], list[list[object]]]:
    """Rows idea x reviewer with points per criterion, total and verdict (the minutes' score table)."""
    campaign = get_campaign(session, campaign_id)
    criteria = list(rubric_for_campaign(session, campaign).criteria)
    header = ["Mã hồ sơ", "Tên sáng kiến", "Thành viên chấm"] + [f"{c.name_vi} ({c.max_points})" for c in criteria] \
        + ["Tổng điểm", "Kết luận"]
    sheets = session.execute(
        select(ScoreSheet, Idea.receipt_no, Idea.title, User.full_name)
        .join(Idea, Idea.id == ScoreSheet.idea_id).join(User, User.id == ScoreSheet.reviewer_id)
        .where(Idea.campaign_id == campaign_id).order_by(Idea.id, User.full_name)).all()
    points = {}
    for sheet_id, criterion_id, value in session.execute(
            select(ScoreItem.sheet_id, ScoreItem.criterion_id, ScoreItem.points)
            .join(ScoreSheet, ScoreSheet.id == ScoreItem.sheet_id).join(Idea, Idea.id == ScoreSheet.idea_id)
            .where(Idea.campaign_id == campaign_id)):
        points[(sheet_id, criterion_id)] = float(value)
    verdicts = {"meets": "Đạt", "does_not_meet": "Không đạt"}
    rows = []
    for sheet, receipt, title, reviewer in sheets:
        rows.append([receipt or f"#{sheet.idea_id}", title, reviewer]
                    + [points.get((sheet.id, c.id)) for c in criteria]
                    + [float(sheet.total), verdicts.get(sheet.verdict or "", "")])
    return header, rows


def _minutes_data(session: Session, actor: User, campaign_id: int) -> dict:
    campaign = get_campaign(session, campaign_id)
    require(session, actor, "review.view", unit_id=campaign.unit_id)
    council = require_council(session, campaign_id)
    header, rows = score_table(session, campaign_id)
    return {"campaign": campaign, "council": council, "members": members_frame(session, council.id),
            "score_header": header, "score_rows": rows, "board": board(session, campaign_id),
            "agreement": campaign_agreement(session, campaign_id)}


def _summary_rows(data: dict) -> tuple[list[str], list[list[object]]]:
    header = ["Mã hồ sơ", "Tên sáng kiến", "Số phiếu chấm", "Điểm TB", "Điểm TB hiệu chỉnh", "Độ lệch chuẩn",
              "Tán thành", "Không tán thành", "Kết quả", "Số quyết định"]
    rows = []
    for r in data["board"].itertuples():
        rows.append([r.receipt_no or f"#{r.idea_id}", r.title, int(r.n),
                     None if r.mean != r.mean else round(float(r.mean), 2),
                     None if r.calibrated_mean != r.calibrated_mean else round(float(r.calibrated_mean), 2),
                     None if r.std != r.std else round(float(r.std), 2), int(r.votes_for), int(r.votes_against),
                     OUTCOME_VI.get(r.decision or "", "Chưa quyết định"), r.decision_no or ""])
    return header, rows


def minutes_docx(*, session: Session, actor: User, campaign_id: int) -> bytes:
    """Biên bản họp Hội đồng sáng kiến with members, the score table and the results, as .docx."""
    data = _minutes_data(session, actor, campaign_id)
    campaign, council = data["campaign"], data["council"]
    document = _document(landscape=True)
    agency = campaign.unit.name if campaign.unit else council.name
    _header(document, session, agency, f"Số: {council.decision_ref or '.../BB-HĐSK'}", clock.today())
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run("BIÊN BẢN HỌP HỘI ĐỒNG SÁNG KIẾN")
    run.bold, run.font.size = True, Pt(14)
    p = document.add_paragraph(f"{council.name} — {campaign.name}")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("I. Thành phần Hội đồng").runs[0].bold = True
    for member in data["members"].itertuples():
        document.add_paragraph(f"- {member.full_name}: {ROLE_VI.get(member.role, member.role)}")
    document.add_paragraph("II. Bảng điểm").runs[0].bold = True
    _table(document, data["score_header"], data["score_rows"])
    document.add_paragraph("III. Kết quả").runs[0].bold = True
    header, rows = _summary_rows(data)
    _table(document, header, rows)
    alpha = data["agreement"]["alpha"]
    if alpha is not None:
        document.add_paragraph(f"Mức độ thống nhất giữa các thành viên (Krippendorff alpha): {alpha:.2f}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: Document, header: list[str], rows: list[list[object]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))


def minutes_xlsx(*, session: Session, actor: User, campaign_id: int) -> bytes:
    """The minutes' tables as .xlsx (score table, results, members); text cells safe from formula injection."""
    data = _minutes_data(session, actor, campaign_id)
    workbook = Workbook()
    sheets = [("Bảng điểm", data["score_header"], data["score_rows"]), ("Kết quả", *_summary_rows(data)),
              ("Thành viên", ["Họ và tên", "Vai trò"],
               [[m.full_name, ROLE_VI.get(m.role, m.role)] for m in data["members"].itertuples()])]
    for index, (title, header, rows) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True, name="Times New Roman")
        for row in rows:
            ws.append([safe_cell(v) for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def certificate_id_for_idea(session: Session, idea_id: int) -> int | None:
    from ideas.core.models import Certificate

    return session.scalar(select(Certificate.id).join(Decision, Decision.id == Certificate.decision_id)
                          .where(Decision.idea_id == idea_id).order_by(Certificate.id.desc()).limit(1))
