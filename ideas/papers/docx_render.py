"""A `Paper` as an editable DOCX (python-docx), laid out as pdf_render lays out the PDF (Decree 30/2020, Appendix I).

Times New Roman throughout (the editor substitutes a metric-compatible font where it is missing); A4 with the
decree's margins; page numbers from page 2; table header rows repeat on each page; the lines under the motto,
the issuing body and the abstract are paragraph borders sized to their text.
"""
from __future__ import annotations

import copy
import io

from ideas.papers.paper import MOTTO_1, MOTTO_2, Block, Paper, Signer, Table, Text
from ideas.papers.pdf_render import AGENCY_COLUMN_MM, BOTTOM, LEFT, RIGHT, SIGNATURE_SPACE_MM, TOP

FONT = "Times New Roman"
ALIGN = {"left": 0, "center": 1, "right": 2, "justify": 3}  # WD_ALIGN_PARAGRAPH values


def render_docx(paper: Paper) -> bytes:
    """The paper as DOCX bytes."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    section = document.sections[0]
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    width = (297 if paper.landscape else 210) - LEFT - RIGHT

    _heading(document, paper, width)
    _blocks(document, paper.body, width)
    _closing(document, paper, width)
    if paper.annex:
        from docx.enum.text import WD_BREAK

        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _para(document, paper.annex.heading, 14, bold=True)
        _para(document, paper.annex.attached_line, 14, italic=True)
        _rule(document, 40, width)
        _para(document, "", 8)
        _blocks(document, paper.annex.blocks, width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _run(paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    run.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _para(container, text: str, size: float, *, bold: bool = False, italic: bool = False, align: str = "center",
          indent: bool = False, after: float = 0, first: bool = False):
    """A paragraph in a document or cell; `first` reuses a cell's empty first paragraph."""
    from docx.shared import Mm, Pt

    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if after:
        paragraph.paragraph_format.space_after = Pt(after)
    if text:
        _run(paragraph, text, size, bold=bold, italic=italic)
    return paragraph


def _rule(container, length_mm: float, box_mm: float) -> None:
    """A centred solid line `length_mm` long: the bottom border of a tiny paragraph indented to that length."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    side = max(0.0, (box_mm - length_mm) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _text_mm(text: str, size: float, bold: bool = True) -> float:
    """The printed width of a line in the paper's font (the same metrics as Times New Roman)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ideas.papers.pdf_render import _font, _fonts

    _fonts()
    return stringWidth(text, _font(bold), size) * 25.4 / 72


def _page_number(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = ALIGN["center"]
    run = _run(paragraph, "", 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _layout_table(document, widths_mm: list[float]):
    """A borderless table with fixed column widths (the heading, the signatures)."""
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths_mm, strict=True):
        column.width = cell.width = Mm(width)
    return table


def _heading(document, paper: Paper, width: float) -> None:
    left_w = 100.0 if paper.landscape else AGENCY_COLUMN_MM
    left, right = _layout_table(document, [left_w, width - left_w]).rows[0].cells
    for number, (line, bold) in enumerate(paper.agency_lines):
        _para(left, line, 12, bold=bold, first=number == 0)
    _rule(left, _text_mm(paper.agency_lines[-1][0], 12) * 0.4, left_w)
    _para(left, paper.number_line, 13)
    _para(right, MOTTO_1, 12, bold=True, first=True)
    _para(right, MOTTO_2, 13, bold=True)
    _rule(right, _text_mm(MOTTO_2, 13), width - left_w)
    _para(right, paper.place_date, 14, italic=True)
    _para(document, "", 14)
    _para(document, paper.kind, 14, bold=True)
    if paper.abstract:
        _para(document, paper.abstract, 14, bold=True)
        _rule(document, 40, width)
    _para(document, "", 10)
    for ground in paper.grounds:
        _para(document, ground, 14, italic=True, align="justify", indent=True, after=3)


def _blocks(document, blocks: list[Block], width: float) -> None:
    for block in blocks:
        if isinstance(block, Text):
            _para(document, block.text, block.size, bold=block.bold, italic=block.italic, align=block.align,
                  indent=block.indent and block.align in ("justify", "left"), after=6)
        else:
            _table(document, block, width)
            _para(document, "", 8)


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def _table(document, table: Table, width: float) -> None:
    """A ruled table; rows are cloned from one prepared row (far faster than add_row() on long lists)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    scale = min(1.0, width / table.width_mm)
    widths = [c.width_mm * scale for c in table.columns]
    grid = document.add_table(rows=1, cols=len(widths))
    grid.style = "Table Grid"
    grid.autofit = False
    grid.alignment = 1  # centred
    for column, cell, label, w in zip(grid.columns, grid.rows[0].cells, table.columns, widths, strict=True):
        column.width = cell.width = Mm(w)
        _run(cell.paragraphs[0], label.label, table.size, bold=True)
        cell.paragraphs[0].alignment = ALIGN["center"]
        cell.vertical_alignment = 1
    header = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    template_row = grid.add_row()
    for cell, column, w in zip(template_row.cells, table.columns, widths, strict=True):
        cell.width = Mm(w)
        run = _run(cell.paragraphs[0], "x", table.size)
        run.font.size = Pt(table.size)
        cell.paragraphs[0].alignment = ALIGN[column.align]
    template = template_row._tr
    tbl = grid._tbl
    tbl.remove(template)
    bold_template = copy.deepcopy(template)
    for r in bold_template.iter(qn("w:r")):
        r_pr = r.find(qn("w:rPr"))
        r_pr.insert(0, OxmlElement("w:b"))
    for row in table.rows:
        tr = copy.deepcopy(bold_template if row.bold else template)
        cells = tr.findall(qn("w:tc"))
        values = (list(row.cells) + [""] * len(cells))[:len(cells)]
        for tc, value in zip(cells, values, strict=True):
            text = tc.find(".//" + qn("w:t"))
            text.text = value
            text.set(qn("xml:space"), "preserve")
        if row.span > 1:
            span = min(row.span, len(cells))
            first = cells[0]
            tc_pr = first.find(qn("w:tcPr"))
            merge = OxmlElement("w:gridSpan")
            merge.set(qn("w:val"), str(span))
            tc_pr.append(merge)
            tc_pr.find(qn("w:tcW")).set(qn("w:w"), _twips(sum(widths[:span])))
            jc = first.find(".//" + qn("w:jc"))
            if jc is None:
                p_pr = first.find(".//" + qn("w:pPr"))
                jc = OxmlElement("w:jc")
                p_pr.append(jc)
            jc.set(qn("w:val"), "left" if span >= len(cells) else "center")
            for tc in cells[1:span]:
                tr.remove(tc)
        tbl.append(tr)


def _signature(cell, signer: Signer) -> None:
    from docx.shared import Pt

    first = True
    if signer.authority:
        _para(cell, signer.authority.upper(), 14, bold=True, first=True)
        first = False
    _para(cell, signer.title.upper(), 14, bold=True, first=first)
    spacer = _para(cell, "", 14)
    spacer.paragraph_format.space_before = Pt(SIGNATURE_SPACE_MM * 72 / 25.4 - 16)
    if signer.name:
        _para(cell, signer.name, 14, bold=True)


def _left(cell, paper: Paper, *, first: bool) -> None:
    from docx.shared import Mm

    if paper.recipients:
        _para(cell, "Nơi nhận:", 12, bold=True, italic=True, align="left", first=first)
        first = False
        for recipient in paper.recipients:
            _para(cell, f"- {recipient}", 11, align="left")
    if paper.verification:
        paragraph = _para(cell, "", 11, align="left", first=first)
        paragraph.add_run().add_picture(io.BytesIO(paper.verification.png), width=Mm(26))
        _para(cell, f"Mã tra cứu: {paper.verification.code}", 11, align="left")
        _para(cell, paper.verification.url, 9, align="left")


def _closing(document, paper: Paper, width: float) -> None:
    left_w = 100.0 if paper.landscape else AGENCY_COLUMN_MM
    _para(document, "", 8)
    if len(paper.signers) <= 1:
        left, right = _layout_table(document, [left_w, width - left_w]).rows[0].cells
        if paper.signers:
            _signature(right, paper.signers[0])
        _left(left, paper, first=True)
        return
    share = width / len(paper.signers)
    cells = _layout_table(document, [share] * len(paper.signers)).rows[0].cells
    for cell, signer in zip(cells, paper.signers, strict=True):
        _signature(cell, signer)
    if paper.recipients or paper.verification:
        _para(document, "", 8)
        (only,) = _layout_table(document, [left_w]).rows[0].cells
        _left(only, paper, first=True)
