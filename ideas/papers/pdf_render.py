"""A `Paper` as PDF (reportlab): A4, the decree's margins, every font embedded (subset), text wrapped to its box.

Chosen on measurement against fpdf2 (benchmarks/papers_pdf_choice.py, docs/PAPERS.md): on the same papers
reportlab was about 3 times faster on a 500-row annex and 8 times on a certificate, and both embed TrueType
subsets. LibreOffice is not an option: the app runs from pip alone.

Font: Times New Roman when its four TrueType files are installed (Windows, macOS, ttf-mscorefonts), else
Liberation Serif 2 shipped in ideas/papers/fonts (SIL OFL 1.1), metric-compatible, so lines break at the same
places. Layout after Decree 30/2020, Appendix I: margins top 20, bottom 20, left 30, right 15 mm; motto
12 pt bold and 13 pt bold with a solid line under the second line as long as it; agency 12 pt, the issuing
body bold with a line under it 40 % of its length; number 13 pt; place and date 14 pt italic; kind 14 pt
bold, abstract 14 pt bold with a short line under it; grounds 14 pt italic; body 14 pt justified with a 1 cm
first-line indent and 6 pt after; signature 14 pt bold; "Nơi nhận:" 12 pt bold italic and its lines 11 pt;
page numbers from page 2, centred at the top. Every text is escaped: user text is never markup.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from ideas.papers.paper import MOTTO_1, MOTTO_2, Block, Paper, Signer, Table, Text

FONT_DIR = Path(__file__).with_name("fonts")
SHIPPED = {"": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf",
           "I": "LiberationSerif-Italic.ttf", "BI": "LiberationSerif-BoldItalic.ttf"}
TIMES_CANDIDATES = [  # where Times New Roman's four files are commonly installed: pattern, style suffixes
    ("/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman{}.ttf", ("", "_Bold", "_Italic", "_Bold_Italic")),
    ("/usr/share/fonts/truetype/msttcorefonts/times{}.ttf", ("", "bd", "i", "bi")),
    ("C:/Windows/Fonts/times{}.ttf", ("", "bd", "i", "bi")),
    ("/Library/Fonts/Times New Roman{}.ttf", ("", " Bold", " Italic", " Bold Italic")),
    ("/System/Library/Fonts/Supplemental/Times New Roman{}.ttf", ("", " Bold", " Italic", " Bold Italic")),
]
TOP, BOTTOM, LEFT, RIGHT = 20.0, 20.0, 30.0, 15.0  # mm
LEADING = 1.2  # line height as a multiple of the font size
AGENCY_COLUMN_MM = 75.0  # the heading's left column on a portrait page; the motto keeps 90 mm, its 12 pt line is 88
SIGNATURE_SPACE_MM = 25.0  # between the title and the name: the signature and the seal


@lru_cache(maxsize=1)
def font_files() -> tuple[str, dict[str, Path]]:
    """The family name and its four style files: Times New Roman where installed, else the shipped one."""
    for pattern, suffixes in TIMES_CANDIDATES:
        paths = {style: Path(pattern.format(suffix))
                 for style, suffix in zip(("", "B", "I", "BI"), suffixes, strict=True)}
        if all(path.is_file() for path in paths.values()):
            return "Times New Roman", paths
    return "Liberation Serif", {style: FONT_DIR / name for style, name in SHIPPED.items()}


@lru_cache(maxsize=1)
def _fonts() -> str:
    """Register the four styles once per process; returns the family's name for reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _, files = font_files()
    for style, path in files.items():
        pdfmetrics.registerFont(TTFont(f"Paper{style}", str(path)))
    pdfmetrics.registerFontFamily("Paper", normal="Paper", bold="PaperB", italic="PaperI", boldItalic="PaperBI")
    return "Paper"


def _font(bold: bool = False, italic: bool = False) -> str:
    return "Paper" + ("B" if bold else "") + ("I" if italic else "")


@lru_cache(maxsize=256)
def _style(size: float, bold: bool = False, italic: bool = False, align: str = "center", indent: bool = False,
           after: float = 0.0):
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    alignment = {"center": TA_CENTER, "left": TA_LEFT, "right": TA_RIGHT, "justify": TA_JUSTIFY}[align]
    return ParagraphStyle(f"p{size}{bold}{italic}{align}{indent}{after}", fontName=_font(bold, italic),
                          fontSize=size, leading=size * LEADING, alignment=alignment,
                          firstLineIndent=10 * mm if indent else 0, spaceAfter=after, splitLongWords=1)


def _p(text: str, size: float, *, bold: bool = False, italic: bool = False, align: str = "center",
       indent: bool = False, after: float = 0.0):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), _style(size, bold, italic, align, indent, after))


def _rule(length_mm: float | None = None, *, text: str = "", size: float = 13, bold: bool = True,
          share: float = 1.0, space: float = 1.0):
    """A centred solid line: `length_mm` long, or `share` of `text`'s width in that font."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    length = length_mm * mm if length_mm is not None else stringWidth(text, _font(bold), size) * share

    class Rule(Flowable):
        def wrap(self, available_width, available_height):
            self.width = available_width
            self.length = min(length, available_width)
            return available_width, (space + 1.2) * mm

        def draw(self):  # 1 mm under the text above, then `space` mm to the next
            self.canv.setLineWidth(0.6)
            start, y = (self.width - self.length) / 2, (space + 0.2) * mm
            self.canv.line(start, y, start + self.length, y)

    return Rule()


@dataclass(frozen=True)
class SignaturePlace:
    """Where a signer's signature goes on the rendered page: the space between the title and the name (0-based page,
    PDF points from the bottom-left corner), so the visible digital signature stands where the ink one would."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    places: list[SignaturePlace]  # one per signer, in the paper's order


def render_pdf(paper: Paper) -> bytes:
    """The paper as PDF bytes (the same paper gives the same bytes)."""
    return render_pdf_placed(paper).pdf


def render_pdf_placed(paper: Paper) -> Rendered:
    """The paper as PDF bytes, with where each signer's signature goes."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

    _fonts()
    page = landscape(A4) if paper.landscape else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=LEFT * mm, rightMargin=RIGHT * mm,
                            topMargin=TOP * mm, bottomMargin=BOTTOM * mm, title=paper.title or paper.kind,
                            author=paper.issuing_body, creator="Sáng kiến CCHC", lang="vi",
                            initialFontName="Paper", invariant=1)
    width = page[0] - (LEFT + RIGHT) * mm
    story = _heading(paper, width)
    story += _blocks(paper.body, width)
    places: list[SignaturePlace] = []
    story += _closing(paper, width, places)
    if paper.annex:
        story += [PageBreak(), _p(paper.annex.heading, 14, bold=True), _p(paper.annex.attached_line, 14, italic=True),
                  _rule(40, space=1.5), Spacer(1, 4 * mm)]
        story += _blocks(paper.annex.blocks, width)

    def page_number(canvas, document) -> None:  # from the second page on, centred at the top
        canvas.saveState()
        canvas.setFont("Paper", 13)
        canvas.drawCentredString(LEFT * mm + width / 2, page[1] - 12 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story, onLaterPages=page_number)
    return Rendered(buffer.getvalue(), places)


def _heading(paper: Paper, width: float) -> list:
    """Agency block and number on the left; motto and the place-and-date line on the right; kind, abstract,
    grounds across."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer
    from reportlab.platypus import Table as RlTable

    left_width = AGENCY_COLUMN_MM * mm if not paper.landscape else 100 * mm
    left = [_p(line, 12, bold=bold) for line, bold in paper.agency_lines]
    left += [_rule(text=paper.agency_lines[-1][0], size=12, share=0.4), Spacer(1, 1.5 * mm),
             _p(paper.number_line, 13)]
    right = [_p(MOTTO_1, 12, bold=True), _p(MOTTO_2, 13, bold=True), _rule(text=MOTTO_2, size=13),
             Spacer(1, 2.5 * mm), _p(paper.place_date, 14, italic=True)]
    head = RlTable([[left, right]], colWidths=[left_width, width - left_width])
    head.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), "Paper"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    story = [head, Spacer(1, 8 * mm), _p(paper.kind, 14, bold=True)]
    if paper.abstract:
        story += [_p(paper.abstract, 14, bold=True), _rule(40, space=1.5)]
    story.append(Spacer(1, 4 * mm))
    story += [_p(ground, 14, italic=True, align="justify", indent=True, after=3) for ground in paper.grounds]
    if paper.grounds:
        story.append(Spacer(1, 2 * mm))
    return story


def _blocks(blocks: list[Block], width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    story = []
    for block in blocks:
        if isinstance(block, Text):
            story.append(_p(block.text, block.size, bold=block.bold, italic=block.italic, align=block.align,
                            indent=block.indent and block.align in ("justify", "left"), after=6))
        else:
            story += [_table(block, width), Spacer(1, 3 * mm)]
    return story


def _table(table: Table, width: float):
    """A ruled table whose header row repeats on each page; cells wrap (never cut)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable

    scale = min(1.0, width / (table.width_mm * mm))  # never wider than the page
    columns = len(table.columns)
    data = [[_p(column.label, table.size, bold=True) for column in table.columns]]
    style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), "Paper"),
              ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
             ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    for index, row in enumerate(table.rows, start=1):
        cells = (list(row.cells) + [""] * columns)[:columns]
        line = []
        for number, (text, column) in enumerate(zip(cells, table.columns, strict=True)):
            align = column.align
            if row.span > 1 and number == 0:
                align = "left" if row.span >= columns else "center"
            line.append(_p(text, table.size, bold=row.bold, align=align) if text else "")
        data.append(line)
        if row.span > 1:
            style.append(("SPAN", (0, index), (min(row.span, columns) - 1, index)))
    return LongTable(data, colWidths=[c.width_mm * mm * scale for c in table.columns], repeatRows=1,
                     style=style, hAlign="CENTER")


def _signature_space(places: list[SignaturePlace]):
    """The blank between the title and the name; it notes where it was drawn."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable

    class Space(Flowable):
        def wrap(self, available_width, available_height):
            self.width, self.height = available_width, SIGNATURE_SPACE_MM * mm
            return self.width, self.height

        def draw(self):
            x, y = self.canv.absolutePosition(0, 0)
            inset = min(10 * mm, self.width / 8)  # clear of the column beside it (a QR code, "Nơi nhận")
            places.append(SignaturePlace(self.canv.getPageNumber() - 1,
                                         (round(x + inset, 1), round(y + mm, 1), round(x + self.width - inset, 1),
                                          round(y + self.height - mm, 1))))

    return Space()


def _signature(signer: Signer, places: list[SignaturePlace]) -> list:
    lines = [_p(signer.authority.upper(), 14, bold=True)] if signer.authority else []
    lines += [_p(signer.title.upper(), 14, bold=True), _signature_space(places)]
    if signer.name:
        lines.append(_p(signer.name, 14, bold=True))
    return lines


def _recipients_and_code(paper: Paper) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Spacer

    out = []
    if paper.recipients:
        out.append(_p("Nơi nhận:", 12, bold=True, italic=True, align="left"))
        out += [_p(f"- {recipient}", 11, align="left") for recipient in paper.recipients]
        out.append(Spacer(1, 3 * mm))
    if paper.verification:
        image = Image(io.BytesIO(paper.verification.png), 26 * mm, 26 * mm)
        image.hAlign = "LEFT"
        out += [image, _p(f"Mã tra cứu: {paper.verification.code}", 11, align="left"),
                _p(paper.verification.url, 9, align="left")]
    return out


def _closing(paper: Paper, width: float, places: list[SignaturePlace]) -> list:
    """Signature blocks beside "Nơi nhận" (one signer) or side by side above it (several), kept together."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer
    from reportlab.platypus import Table as RlTable

    plain = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), "Paper"),
              ("LEFTPADDING", (0, 0), (-1, -1), 0),
             ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]
    left_width = AGENCY_COLUMN_MM * mm if not paper.landscape else 100 * mm
    left = _recipients_and_code(paper)
    if len(paper.signers) <= 1:
        right = _signature(paper.signers[0], places) if paper.signers else ""
        table = RlTable([[left or "", right]], colWidths=[left_width, width - left_width], style=plain)
        return [Spacer(1, 2 * mm), KeepTogether([table])]
    share = width / len(paper.signers)
    signers = RlTable([[_signature(signer, places) for signer in paper.signers]],
                      colWidths=[share] * len(paper.signers),
                      style=plain)
    story = [Spacer(1, 2 * mm), KeepTogether([signers])]
    if left:
        story += [Spacer(1, 4 * mm), KeepTogether(left)]
    return story
