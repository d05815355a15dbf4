"""The decision annex (phụ lục kèm theo quyết định) as DOCX in the Decree 30/2020 layout."""
from __future__ import annotations

import io

from ideas.rewards.exports.document import COLUMNS, FONT, MOTTO_1, MOTTO_2, TOTAL_LABEL, ListDocument, sections


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float = 13):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    run.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _page_number_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = _run(paragraph, "", size=13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def to_docx(doc: ListDocument) -> bytes:
    """The decision annex (phụ lục kèm theo quyết định) in the Decree 30/2020 layout."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    header_paragraph = section.header.paragraphs[0]
    header_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header_paragraph)
    section.first_page_header.paragraphs[0].text = ""

    heading = document.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    heading.autofit = False
    left, right = heading.rows[0].cells
    left.width, right.width = Mm(68), Mm(97)
    heading.columns[0].width, heading.columns[1].width = Mm(68), Mm(97)  # the grid is what renderers use
    agency_lines = doc.agency_lines
    for line_no, line in enumerate(agency_lines):
        p = left.paragraphs[0] if line_no == 0 else left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, line, bold=line_no == len(agency_lines) - 1, size=13)  # the issuing body in bold, Decree 30
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.number_line, size=13)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, MOTTO_1, bold=True, size=12)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, MOTTO_2, bold=True, size=13)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.place_date, italic=True, size=13)

    document.add_paragraph()
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.heading, bold=True, size=14)
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.attached_line, italic=True, size=13)
    document.add_paragraph()

    _docx_table(document, doc)

    document.add_paragraph()
    if doc.verification_code:  # under the table, before the signature: the signer's block stays last
        from ideas.papers.verification import add_verification

        add_verification(document, doc.verification_code)
    if doc.signer:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, (doc.signer_title or "").upper(), bold=True, size=13)
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, doc.signer, bold=True, size=13)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_WIDTHS_MM = (12, 30, 30, 46, 22, 25)  # 165 mm = A4 portrait minus 30 + 15 mm margins


def _docx_table(document, doc: ListDocument) -> None:
    """The award table; rows are cloned from one prepared row, which is far faster than add_row() cell styling."""
    import copy

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm
    from docx.text.run import Run

    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, DOCX_WIDTHS_MM, strict=True):
        column.width = Mm(width)
    for cell, label, width in zip(table.rows[0].cells, COLUMNS, DOCX_WIDTHS_MM, strict=True):
        cell.width = Mm(width)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, label, bold=True, size=12)
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)

    # A template data row: six cells with one run each; clones get their texts set.
    template_row = table.add_row()
    for cell, width in zip(template_row.cells, DOCX_WIDTHS_MM, strict=True):
        cell.width = Mm(width)
        _run(cell.paragraphs[0], "x", size=12)
    template_row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    template_row.cells[5].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    template = template_row._tr
    table._tbl.remove(template)
    tbl = table._tbl

    def add(values: list[str], *, bold: bool = False, merge_label: bool = False) -> None:
        tr = copy.deepcopy(template)
        cells = tr.findall(qn("w:tc"))
        for tc, value in zip(cells, values, strict=True):
            t = tc.find(".//" + qn("w:t"))
            t.text = value
            t.set(qn("xml:space"), "preserve")
            if bold:
                Run(tc.find(".//" + qn("w:r")), None).bold = True
        if merge_label:
            # The label spans all columns before the amount (or all of them for a section row).
            span = len(values)
            first = cells[0]
            tc_pr = first.find(qn("w:tcPr"))
            grid = OxmlElement("w:gridSpan")
            grid.set(qn("w:val"), str(span))
            tc_pr.append(grid)
            tc_pr.find(qn("w:tcW")).set(qn("w:w"), _twips(sum(DOCX_WIDTHS_MM[:span])))
            first.find(".//" + qn("w:pPr")).find(qn("w:jc")).set(qn("w:val"), "left" if span == 6 else "center")
            for tc in cells[1:span]:
                tr.remove(tc)
        tbl.append(tr)

    for label, rows in sections(doc):
        add([label, "", "", "", "", ""], bold=True, merge_label=True)
        for number, item in enumerate(rows, start=1):
            add([str(number), item.name, item.position_unit, item.achievement, item.form, _money(item.amount)])
    add([TOTAL_LABEL, "", "", "", "", _money(doc.total)], bold=True)
    _merge_total(tbl)


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def _merge_total(tbl) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr = tbl.findall(qn("w:tr"))[-1]
    cells = tr.findall(qn("w:tc"))
    grid = OxmlElement("w:gridSpan")
    grid.set(qn("w:val"), "5")
    cells[0].find(qn("w:tcPr")).append(grid)
    cells[0].find(qn("w:tcPr")).find(qn("w:tcW")).set(qn("w:w"), _twips(sum(DOCX_WIDTHS_MM[:5])))
    cells[0].find(".//" + qn("w:pPr")).find(qn("w:jc")).set(qn("w:val"), "center")
    for tc in cells[1:5]:
        tr.remove(tc)


