"""The receipt (phiếu tiếp nhận) of a filed initiative as a DOCX in the official document format."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import clock, settings
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.i18n import fmt_date, t
from ideas.core.models import Campaign, IdeaAuthor, Unit, User
from ideas.core.permissions import can
from ideas.filing.form import format_share
from ideas.filing.records import get_idea, is_author


def receipt_docx(session: Session, *, actor: User, idea_id: int, lang: str = "vi") -> bytes:
    """The receipt of a filed idea, for its authors and for people who handle files in its unit."""
    idea = get_idea(session, idea_id)
    if not (is_author(session, idea, actor.id)
            or can(session, actor, "ideas.view_confidential", unit_id=idea.unit_id)):
        raise PermissionDenied(action="ideas.receipt")
    if idea.receipt_no is None:
        raise ValidationError("ideas.receipt.error.not_filed")
    authors = session.execute(
        select(User.full_name, User.position, Unit.name, IdeaAuthor.share)
        .join(User, User.id == IdeaAuthor.user_id).outerjoin(Unit, Unit.id == User.unit_id)
        .where(IdeaAuthor.idea_id == idea.id).order_by(IdeaAuthor.position)).all()
    unit_name = session.scalar(select(Unit.name).where(Unit.id == idea.unit_id)) or ""
    campaign = session.get(Campaign, idea.campaign_id) if idea.campaign_id else None
    agency = agency_heading(str(settings.get(session, "org.agency_name") or ""),
                            str(settings.get(session, "org.province_name") or ""))

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)

    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    _line(left, agency, bold=True, size=12)
    _line(left, unit_name, bold=True, size=12)
    _line(left, t("ideas.receipt.number", lang, number=idea.receipt_no), size=12)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    received = clock.local_date(idea.submitted_at)
    _line(right, t("ideas.receipt.place_date", lang, date=fmt_date(received, lang)), italic=True, size=13)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(t("ideas.receipt.title", lang))
    run.bold, run.font.size = True, Pt(14)

    rows = [
        (t("ideas.receipt.receipt_no", lang), idea.receipt_no),
        (t("ideas.receipt.received_on", lang), fmt_date(received, lang)),
        (t("ideas.receipt.idea_title", lang), idea.title),
        (t("ideas.receipt.campaign", lang), campaign.name if campaign else t("ideas.receipt.free", lang)),
        (t("ideas.receipt.addressee", lang), idea.addressee or ""),
    ]
    for label, value in rows:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(str(value))
    doc.add_paragraph().add_run(t("ideas.receipt.authors", lang) + ":").bold = True
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, ("no", "name", "workplace", "share"), strict=True):
        cell.text = t(f"ideas.receipt.col.{key}", lang)
    for number, (name, position, workplace, share) in enumerate(authors, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(number), name
        cells[2].text = ", ".join(p for p in (position, workplace) if p)
        cells[3].text = f"{format_share(share)}%"
    due = doc.add_paragraph()
    due.add_run(t("ideas.receipt.due", lang) + ": ").bold = True
    due.add_run(fmt_date(idea.decision_due_on, lang))
    doc.add_paragraph(t("ideas.receipt.note", lang, date=fmt_date(idea.decision_due_on, lang)))
    signature = doc.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run(t("ideas.receipt.receiver", lang)).bold = True

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def agency_heading(agency: str, province: str) -> str:
    """The issuing agency in capitals, completed with the province's name unless it already names it.

    The default agency "ỦY BAN NHÂN DÂN TỈNH" alone names no province; "UBND tỉnh Sơn La" already does.
    """
    agency, province = agency.strip(), province.strip()
    for prefix in ("tỉnh ", "thành phố ", "tp. ", "tp "):  # the setting may hold "Tỉnh Sơn La" or "Sơn La"
        if province.casefold().startswith(prefix):
            province = province[len(prefix):].strip()
    if province.casefold() in ("", "tỉnh") or province.casefold() in agency.casefold():
        return agency.upper()
    return f"{agency} {province}".strip().upper()


def _line(cell, text: str, *, bold: bool = False, italic: bool = False, size: int = 13) -> None:
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
