"""The fpdf2 candidate for the PDF renderer, kept for the measurement (benchmarks/papers_pdf_choice.py).

Same layout as ideas/papers/pdf_render.py (reportlab, chosen: about 3 times faster on a 500-row annex).
"""
from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from ideas.papers.paper import MOTTO_1, MOTTO_2, Paper, Signer, Table, Text

FONT_DIR = Path(__file__).parent.parent / "ideas" / "papers" / "fonts"
SHIPPED = {"": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf",
           "I": "LiberationSerif-Italic.ttf", "BI": "LiberationSerif-BoldItalic.ttf"}
TIMES_CANDIDATES = [  # (regular, bold, italic, bold italic) where Times New Roman is commonly installed
    ("/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman{}.ttf", ("", "_Bold", "_Italic", "_Bold_Italic")),
    ("/usr/share/fonts/truetype/msttcorefonts/times{}.ttf", ("", "bd", "i", "bi")),
    ("C:/Windows/Fonts/times{}.ttf", ("", "bd", "i", "bi")),
    ("/Library/Fonts/Times New Roman{}.ttf", ("", " Bold", " Italic", " Bold Italic")),
    ("/System/Library/Fonts/Supplemental/Times New Roman{}.ttf", ("", " Bold", " Italic", " Bold Italic")),
]
TOP, BOTTOM, LEFT, RIGHT = 20.0, 20.0, 30.0, 15.0  # mm
PT = 25.4 / 72  # mm per point
LINE = 1.2  # line height as a multiple of the font size


@lru_cache(maxsize=1)
def font_files() -> tuple[str, dict[str, Path]]:
    """The family name and its four style files: Times New Roman where installed, else the shipped one."""
    for pattern, suffixes in TIMES_CANDIDATES:
        paths = {style: Path(pattern.format(suffix)) for style, suffix in zip(("", "B", "I", "BI"), suffixes,
                                                                                strict=True)}
        if all(path.is_file() for path in paths.values()):
            return "Times New Roman", paths
    return "Liberation Serif", {style: FONT_DIR / name for style, name in SHIPPED.items()}


def _height(size: float) -> float:
    return size * PT * LINE


class _Pdf:
    """The fpdf2 document with the paper's fonts, margins and page numbers from page 2."""

    def __init__(self, paper: Paper):
        from fpdf import FPDF

        family, files = font_files()
        renderer = self

        class Document(FPDF):
            def header(self) -> None:  # Appendix I: page numbers from the second page, centred at the top
                if self.page_no() > 1:
                    renderer.set(13)
                    self.set_xy(self.l_margin, 10)
                    self.cell(self.epw, _height(13), str(self.page_no()), align="C")
                    self.set_xy(self.l_margin, self.t_margin)

        self.pdf = pdf = Document(orientation="L" if paper.landscape else "P", unit="mm", format="A4")
        pdf.set_margins(LEFT, TOP, RIGHT)
        pdf.set_auto_page_break(True, margin=BOTTOM)
        for style, path in files.items():
            pdf.add_font("Paper", style=style, fname=str(path))
        pdf.set_title(paper.title or paper.kind.capitalize())
        pdf.set_creator("Sáng kiến CCHC")
        pdf.set_lang("vi")
        if paper.date:  # the same paper renders to the same bytes
            pdf.set_creation_date(dt.datetime.combine(paper.date, dt.time(), dt.UTC))
        pdf.add_page()

    def set(self, size: float, *, bold: bool = False, italic: bool = False) -> None:
        self.pdf.set_font("Paper", ("B" if bold else "") + ("I" if italic else ""), size)

    def lines(self, x: float, y: float, width: float, text: str, size: float, *, bold: bool = False,
              italic: bool = False, align: str = "C", after: float = 0.0) -> float:
        """Wrapped text in the box [x, x + width] from y; returns the y below it."""
        self.set(size, bold=bold, italic=italic)
        self.pdf.set_xy(x, y)
        self.pdf.multi_cell(width, _height(size), text, align=align, new_x="LEFT", new_y="NEXT")
        return self.pdf.get_y() + after

    def rule(self, x_centre: float, y: float, length: float) -> None:
        self.pdf.set_line_width(0.3)
        self.pdf.line(x_centre - length / 2, y, x_centre + length / 2, y)

    def text_width(self, text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
        self.set(size, bold=bold, italic=italic)
        return self.pdf.get_string_width(text)


def render_pdf(paper: Paper) -> bytes:
    """The paper as PDF bytes."""
    doc = _Pdf(paper)
    pdf = doc.pdf
    _heading(doc, paper)
    for block in paper.body:
        _block(doc, block)
    _closing(doc, paper)
    if paper.annex:
        pdf.add_page()
        y = doc.lines(pdf.l_margin, pdf.get_y(), pdf.epw, paper.annex.heading, 14, bold=True)
        y = doc.lines(pdf.l_margin, y, pdf.epw, paper.annex.attached_line, 14, italic=True)
        doc.rule(pdf.l_margin + pdf.epw / 2, y + 1, 40)
        pdf.set_y(y + 5)
        for block in paper.annex.blocks:
            _block(doc, block)
    return bytes(pdf.output())


def _columns(pdf) -> tuple[float, float]:
    """Widths of the heading's left (agency) and right (motto) columns."""
    left = 75.0 if pdf.epw < 200 else 100.0
    return left, pdf.epw - left


def _heading(doc: _Pdf, paper: Paper) -> None:
    pdf = doc.pdf
    x0, y0 = pdf.l_margin, pdf.t_margin
    left_w, right_w = _columns(pdf)
    # left: the agency block, the issuing body underlined (a third to a half of its length), then the number
    y = y0
    for line, bold in paper.agency_lines:
        y = doc.lines(x0, y, left_w, line, 13, bold=bold)
    last = paper.agency_lines[-1][0].split("\n")[-1]
    doc.rule(x0 + left_w / 2, y + 0.6, min(left_w, doc.text_width(last, 13, bold=True)) * 0.4)
    y = doc.lines(x0, y + 2.5, left_w, paper.number_line, 13)
    left_bottom = y
    # right: the motto, its second line underlined as long as it, then the italic place and date
    xr = x0 + left_w
    y = doc.lines(xr, y0, right_w, MOTTO_1, 13, bold=True)
    y = doc.lines(xr, y, right_w, MOTTO_2, 14, bold=True)
    doc.rule(xr + right_w / 2, y + 0.6, doc.text_width(MOTTO_2, 14, bold=True))
    y = doc.lines(xr, y + 4, right_w, paper.place_date, 14, italic=True)
    y = max(left_bottom, y) + 6
    # kind and abstract, the abstract underlined
    y = doc.lines(x0, y, pdf.epw, paper.kind, 14, bold=True)
    if paper.abstract:
        y = doc.lines(x0, y, pdf.epw, paper.abstract, 14, bold=True)
        doc.rule(x0 + pdf.epw / 2, y + 1, 40)
        y += 3
    y += 4
    pdf.set_y(y)
    for ground in paper.grounds:
        _block(doc, Text(ground, italic=True))


def _block(doc: _Pdf, block: Text | Table) -> None:
    if isinstance(block, Table):
        _table(doc, block)
        return
    pdf = doc.pdf
    align = {"justify": "J", "left": "L", "center": "C", "right": "R"}[block.align]
    doc.set(block.size, bold=block.bold, italic=block.italic)
    pdf.set_x(pdf.l_margin)
    if block.indent and align in ("J", "L"):  # running text: 1 cm first-line indent, justified
        with pdf.text_columns(text_align=align, line_height=LINE) as columns:
            with columns.paragraph(first_line_indent=10) as paragraph:
                paragraph.write(block.text)
    else:
        pdf.multi_cell(pdf.epw, _height(block.size), block.text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 2)  # 6 pt after a paragraph


def _table(doc: _Pdf, table: Table) -> None:
    from fpdf.fonts import FontFace

    pdf = doc.pdf
    doc.set(table.size)
    aligns = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}
    bold = FontFace(emphasis="BOLD")
    with pdf.table(width=min(table.width_mm, pdf.epw), col_widths=[c.width_mm for c in table.columns],
                   line_height=_height(table.size), text_align="LEFT", repeat_headings=1, headings_style=bold,
                   padding=(0.8, 1.2), v_align="TOP") as grid:
        heading = grid.row()
        for column in table.columns:
            heading.cell(column.label, align="CENTER", v_align="MIDDLE")
        for row in table.rows:
            line = grid.row()
            style = bold if row.bold else None
            start = 0
            if row.span > 1:  # a section heading across the table, or a total's label across the first columns
                line.cell(row.cells[0], align="LEFT" if row.span >= len(table.columns) else "CENTER",
                          colspan=min(row.span, len(table.columns)), style=style)
                start = row.span
            for index in range(start, len(table.columns)):
                text = row.cells[index] if index < len(row.cells) else ""
                line.cell(text, align=aligns[table.columns[index].align], style=style)
    pdf.set_y(pdf.get_y() + 3)


def _closing(doc: _Pdf, paper: Paper) -> None:
    """Signature blocks, "Nơi nhận" and the verification block, kept together on one page."""
    pdf = doc.pdf
    left_w, right_w = _columns(pdf)
    x0 = pdf.l_margin
    needed = 55 + (8 * len(paper.recipients) if len(paper.signers) != 1 else 0)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    y0 = pdf.get_y() + 2
    if len(paper.signers) <= 1:
        bottom = _signer(doc, paper.signers[0], x0 + left_w, y0, right_w) if paper.signers else y0
        left_bottom = _left_column(doc, paper, x0, y0, left_w)
        pdf.set_y(max(bottom, left_bottom))
        return
    width = pdf.epw / len(paper.signers)
    bottom = max(_signer(doc, signer, x0 + n * width, y0, width) for n, signer in enumerate(paper.signers))
    pdf.set_y(bottom + 4)
    if pdf.get_y() + 8 + 5 * len(paper.recipients) > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.set_y(_left_column(doc, paper, x0, pdf.get_y(), left_w))


def _signer(doc: _Pdf, signer: Signer, x: float, y: float, width: float) -> float:
    if signer.authority:
        y = doc.lines(x, y, width, signer.authority.upper(), 14, bold=True)
    y = doc.lines(x, y, width, signer.title.upper(), 14, bold=True)
    y += 25  # the signature and the seal
    if signer.name:
        y = doc.lines(x, y, width, signer.name, 14, bold=True)
    return y


def _left_column(doc: _Pdf, paper: Paper, x: float, y: float, width: float) -> float:
    if paper.recipients:
        y = doc.lines(x, y, width, "Nơi nhận:", 12, bold=True, italic=True, align="L")
        for recipient in paper.recipients:
            y = doc.lines(x, y, width, f"- {recipient}", 11, align="L")
        y += 3
    if paper.verification:
        pdf = doc.pdf
        if y + 40 > pdf.h - pdf.b_margin:
            pdf.add_page()
            y = pdf.get_y()
        pdf.image(io.BytesIO(paper.verification.png), x=x, y=y, w=26, h=26)
        y = doc.lines(x, y + 27, width, f"Mã tra cứu: {paper.verification.code}", 11, align="L")
        y = doc.lines(x, y, width, paper.verification.url, 9, align="L")
    return y
