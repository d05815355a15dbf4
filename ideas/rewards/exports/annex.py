"""The decision annex (phụ lục kèm theo quyết định) as one `Paper` (Decree 30/2020 layout), rendered to DOCX and
PDF by ideas.papers; an approved list is an issued paper, refused while the organisation's identity lacks what
it needs (ideas.papers.identity)."""
from __future__ import annotations

from ideas.papers.docx_render import render_docx
from ideas.papers.identity import SETTINGS_PAGE, IdentityIncomplete
from ideas.papers.paper import Column, Paper, Row, Signer, Table, Text, verification_block
from ideas.papers.pdf_render import render_pdf
from ideas.rewards.exports.document import COLUMNS, TOTAL_LABEL, ListDocument, sections

DOCX_WIDTHS_MM = (12, 30, 30, 46, 22, 25)  # 165 mm = A4 portrait minus 30 + 15 mm margins
ALIGNS = ("center", "left", "left", "left", "left", "right")


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def annex_paper(doc: ListDocument) -> Paper:
    """The annex: heading, "(Kèm theo Quyết định ...)", the table by section with the total, the signer, the QR."""
    if doc.gaps:
        raise IdentityIncomplete(fields=", ".join(doc.gaps), link=SETTINGS_PAGE)
    rows: list[Row] = []
    for label, items in sections(doc):
        rows.append(Row([label, "", "", "", "", ""], bold=True, span=6))
        rows += [Row([str(number), item.name, item.position_unit, item.achievement, item.form, _money(item.amount)])
                 for number, item in enumerate(items, start=1)]
    rows.append(Row([TOTAL_LABEL, "", "", "", "", _money(doc.total)], bold=True, span=5))
    lines = doc.agency_lines
    return Paper(
        parent_body=lines[0] if len(lines) > 1 else "", issuing_body=lines[-1], number=doc.number_line[4:].strip(),
        place=doc.place or "", date=doc.decision_date, kind=doc.heading, title=doc.heading.capitalize(),
        body=[Text(doc.attached_line, italic=True, align="center", indent=False),
              Table([Column(label, width, align) for label, width, align in zip(COLUMNS, DOCX_WIDTHS_MM, ALIGNS,
                                                                                strict=True)], rows)],
        signers=[Signer(title=doc.signer_title or "", name=doc.signer)] if doc.signer else [],
        verification=verification_block(doc.public_url, doc.verification_code) if doc.public_url else None)


def to_docx(doc: ListDocument) -> bytes:
    """The decision annex (phụ lục kèm theo quyết định) as an editable DOCX."""
    return render_docx(annex_paper(doc))


def to_pdf(doc: ListDocument) -> bytes:
    """The decision annex as the PDF that is issued (every font embedded)."""
    return render_pdf(annex_paper(doc))
