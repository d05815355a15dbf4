"""The receipt (phiếu tiếp nhận) of a filed initiative as one `Paper` (Decree 30/2020 layout), issued as PDF
beside the editable DOCX. It lives in papers, not filing, because filing sits below papers in the area order."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.db import Database
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.i18n import fmt_date, t
from ideas.core.models import Campaign, IdeaAuthor, Unit, User
from ideas.core.permissions import can
from ideas.filing.form import format_share
from ideas.filing.records import get_idea, is_author
from ideas.papers.docx_render import render_docx
from ideas.papers.identity import require_complete
from ideas.papers.paper import Column, Paper, Row, Signer, Table, Text
from ideas.papers.pdf_render import render_pdf


def receipt_paper(session: Session, *, actor: User, idea_id: int, lang: str = "vi") -> Paper:
    """The receipt of a filed idea, for its authors and for people who handle files in its unit."""
    idea = get_idea(session, idea_id)
    if not (is_author(session, idea, actor.id)
            or can(session, actor, "ideas.view_confidential", unit_id=idea.unit_id)):
        raise PermissionDenied(action="ideas.receipt")
    if idea.receipt_no is None:
        raise ValidationError("ideas.receipt.error.not_filed")
    campaign = session.get(Campaign, idea.campaign_id) if idea.campaign_id else None
    identity = require_complete(session, "receipt", campaign.unit_id if campaign and campaign.unit_id
                                else idea.unit_id)
    authors = session.execute(
        select(User.full_name, User.position, Unit.name, IdeaAuthor.share)
        .join(User, User.id == IdeaAuthor.user_id).outerjoin(Unit, Unit.id == User.unit_id)
        .where(IdeaAuthor.idea_id == idea.id).order_by(IdeaAuthor.position)).all()
    received = clock.local_date(idea.submitted_at)
    tail = idea.receipt_no.rsplit("-", 1)[-1]
    facts = [(t("ideas.receipt.receipt_no", lang), idea.receipt_no),
             (t("ideas.receipt.received_on", lang), fmt_date(received, lang)),
             (t("ideas.receipt.idea_title", lang), idea.title),
             (t("ideas.receipt.campaign", lang), campaign.name if campaign else t("ideas.receipt.free", lang)),
             (t("ideas.receipt.addressee", lang), idea.addressee or "")]
    body = [Text(f"{label}: {value}", indent=False, align="left") for label, value in facts]
    body.append(Text(t("ideas.receipt.authors", lang) + ":", bold=True, indent=False))
    body.append(Table([Column(t("ideas.receipt.col.no", lang), 12, "center"),
                       Column(t("ideas.receipt.col.name", lang), 50),
                       Column(t("ideas.receipt.col.workplace", lang), 73),
                       Column(t("ideas.receipt.col.share", lang), 30, "center")],
                      [Row([str(number), name, ", ".join(p for p in (position, workplace) if p),
                            f"{format_share(share).replace('.', ',')}%"])
                       for number, (name, position, workplace, share) in enumerate(authors, start=1)]))
    body.append(Text(f"{t('ideas.receipt.due', lang)}: {fmt_date(idea.decision_due_on, lang)}", bold=True,
                     indent=False))
    body.append(Text(t("ideas.receipt.note", lang, date=fmt_date(idea.decision_due_on, lang))))
    signer = identity.signer("receipt")
    return Paper(
        parent_body=identity.parent_body, issuing_body=identity.issuing_body, place=identity.place,
        number=f"{int(tail) if tail.isdigit() else idea.receipt_no}/{identity.symbol('receipt')}", date=received,
        kind="PHIẾU TIẾP NHẬN", abstract="Hồ sơ yêu cầu công nhận sáng kiến", body=body,
        title=f"Phiếu tiếp nhận {idea.receipt_no}",
        signers=[Signer(authority=signer.authority, title=signer.title, name=signer.name)],
        recipients=["Tác giả sáng kiến;", "Lưu: VT, hồ sơ sáng kiến."])


def receipt_docx(session: Session, *, actor: User, idea_id: int, lang: str = "vi") -> bytes:
    return render_docx(receipt_paper(session, actor=actor, idea_id=idea_id, lang=lang))


def receipt_pdf(session: Session, *, actor: User, idea_id: int, lang: str = "vi") -> bytes:
    return render_pdf(receipt_paper(session, actor=actor, idea_id=idea_id, lang=lang))


def receipt_file(database: Database, *, user_id: int, idea_id: int, fmt: str) -> bytes:
    """The receipt as a file (pdf or docx), made with the page's permission check in a session of its own (the
    download button calls this on click, in another thread, without the page's session state)."""
    with database.read_session() as session:
        actor = session.get(User, user_id)
        return (receipt_pdf if fmt == "pdf" else receipt_docx)(session, actor=actor, idea_id=idea_id)
