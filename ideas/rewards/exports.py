"""Award-list exports: XLSX (XlsxWriter), CSV (UTF-8 with BOM) and the DOCX decision annex (Decree 30/2020).

XlsxWriter rather than openpyxl for writing: it streams rows, is several times faster on large lists,
writes page setup (A4, landscape, fit to one page wide, repeated header rows) directly, and has an
explicit `write_string` so that no text is ever turned into a formula. openpyxl is used by the tests to
read the files back.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import time
from dataclasses import dataclass, field

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from ideas.core.errors import PermissionDenied
from ideas.core.models import AwardForm, AwardItem, AwardList, Setting, Unit, User
from ideas.rewards.awards import can_view, get_list

FONT = "Times New Roman"
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
COLUMNS = ("STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Thành tích", "Hình thức", "Số tiền (đồng)")
SECTION_COLLECTIVE = "I. TẬP THỂ"
SECTION_INDIVIDUAL = "II. CÁ NHÂN"
TOTAL_LABEL = "Tổng cộng"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


@dataclass
class Row:
    name: str
    position_unit: str
    achievement: str
    form: str
    amount: int


@dataclass
class ListDocument:
    """Everything an export needs, read once from the database."""

    list_id: int
    agency_name: str
    title: str
    year: int
    status: str
    decision_no: str | None
    decision_date: dt.date | None
    signer: str | None
    signer_title: str | None
    place: str | None
    collectives: list[Row] = field(default_factory=list)
    individuals: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.collectives) + sum(r.amount for r in self.individuals)

    @property
    def heading(self) -> str:
        title = self.title.strip()
        return title.upper() if title.upper().startswith("DANH SÁCH") else f"DANH SÁCH {title.upper()}"

    @property
    def number_line(self) -> str:
        return f"Số: {self.decision_no}" if self.decision_no else "Số:        /QĐ-"

    @property
    def place_date(self) -> str:
        when = self.decision_date
        text = (f"ngày {when.day:02d} tháng {when.month:02d} năm {when.year}" if when
                else "ngày      tháng      năm        ")
        return f"{self.place}, {text}" if self.place else text[0].upper() + text[1:]

    @property
    def attached_line(self) -> str:
        number = self.decision_no or "     /QĐ-"
        when = self.decision_date
        date_text = (f"ngày {when.day:02d} tháng {when.month:02d} năm {when.year}" if when
                     else "ngày      tháng      năm        ")
        return f"(Kèm theo Quyết định số {number} {date_text} của {self.signer_title or '...'})"


def load_document(session: Session, *, actor: User | None, list_id: int) -> ListDocument:
    """Read one list with its items (collectives first) for export; checks the actor may view it."""
    award_list: AwardList = get_list(session, list_id)
    if actor is not None and not can_view(session, actor, award_list):
        raise PermissionDenied(action="rewards.view")
    agency = award_list.agency_name
    if not agency and award_list.unit_id:
        agency = session.scalar(select(Unit.name).where(Unit.id == award_list.unit_id))
    place = session.scalar(select(Setting.value).where(Setting.key == "rewards.place"))
    doc = ListDocument(list_id=award_list.id, agency_name=agency or "", title=award_list.title,
                       year=award_list.year, status=award_list.status, decision_no=award_list.decision_no,
                       decision_date=award_list.decision_date, signer=award_list.signer,
                       signer_title=award_list.signer_title, place=place)
    rows = session.execute(
        select(AwardItem.recipient_kind, AwardItem.display_name, AwardItem.position_unit, AwardItem.achievement,
               AwardForm.name_vi, AwardItem.amount)
        .join(AwardForm, AwardForm.id == AwardItem.award_form_id).where(AwardItem.list_id == list_id)
        .order_by(case((AwardItem.recipient_kind == "collective", 0), else_=1), AwardItem.position))
    for kind, name, position_unit, achievement, form, amount in rows:
        row = Row(name or "", position_unit or "", achievement or "", form or "", int(amount or 0))
        (doc.collectives if kind == "collective" else doc.individuals).append(row)
    return doc


def sections(doc: ListDocument) -> list[tuple[str, list[Row]]]:
    return [(label, rows) for label, rows in ((SECTION_COLLECTIVE, doc.collectives),
                                              (SECTION_INDIVIDUAL, doc.individuals)) if rows]


# ---------------------------------------------------------------- XLSX


XLSX_WIDTHS = (6, 28, 34, 46, 24, 16)  # characters; sums to ~154 = one landscape A4 page width at fit-to-width


def to_xlsx(doc: ListDocument) -> bytes:
    """The list as an .xlsx workbook laid out to print on A4 landscape, one page wide."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}

    def fmt(**extra: object):  # noqa: ANN202
        return book.add_format({**base, **extra})

    agency_f = fmt(bold=True, align="center", text_wrap=True)
    motto1_f = fmt(bold=True, align="center", font_size=12)
    motto2_f = fmt(bold=True, align="center", font_size=13)
    title_f = fmt(bold=True, align="center", font_size=14, text_wrap=True)
    italic_f = fmt(italic=True, align="center", text_wrap=True)
    header_f = fmt(bold=True, align="center", border=1, text_wrap=True, bg_color="#F2F2F2")
    section_f = fmt(bold=True, border=1)
    cell_f = fmt(border=1, text_wrap=True, valign="top")
    cell_q = fmt(border=1, text_wrap=True, valign="top", quote_prefix=True)
    center_f = fmt(border=1, align="center", valign="top")
    money_f = fmt(border=1, num_format="#,##0", valign="top")
    total_label_f = fmt(bold=True, border=1, align="center")
    total_f = fmt(bold=True, border=1, num_format="#,##0")

    sheet = book.add_worksheet("Danh sach")
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    for index, width in enumerate(XLSX_WIDTHS):
        sheet.set_column(index, index, width)

    sheet.merge_range(0, 0, 0, 2, doc.agency_name.upper(), agency_f)
    sheet.merge_range(0, 3, 0, 5, MOTTO_1, motto1_f)
    sheet.merge_range(1, 3, 1, 5, MOTTO_2, motto2_f)
    sheet.merge_range(3, 0, 3, 5, doc.heading, title_f)
    sheet.set_row(3, 36)
    sheet.merge_range(4, 0, 4, 5, doc.attached_line, italic_f)
    header_row = 6
    for col, label in enumerate(COLUMNS):
        sheet.write_string(header_row, col, label, header_f)
    sheet.repeat_rows(header_row)

    def text(row: int, col: int, value: str) -> None:
        # A string cell never evaluates; the quote prefix (Excel's leading apostrophe) also keeps it a
        # string when someone later edits the cell.
        if not value:
            sheet.write_blank(row, col, None, cell_f)
        else:
            sheet.write_string(row, col, value, cell_q if is_dangerous(value) else cell_f)

    row = header_row + 1
    for label, rows in sections(doc):
        sheet.merge_range(row, 0, row, 5, label, section_f)
        row += 1
        for number, item in enumerate(rows, start=1):
            sheet.write_number(row, 0, number, center_f)
            text(row, 1, item.name)
            text(row, 2, item.position_unit)
            text(row, 3, item.achievement)
            text(row, 4, item.form)
            sheet.write_number(row, 5, item.amount, money_f)
            sheet.set_row(row, _row_height(item))
            row += 1
    sheet.merge_range(row, 0, row, 4, TOTAL_LABEL, total_label_f)
    sheet.write_number(row, 5, doc.total, total_f)
    sheet.print_area(0, 0, row, 5)
    book.close()
    return buffer.getvalue()


def _row_height(item: Row) -> float:
    """Points for a row whose wrapped texts fit: spreadsheets do not re-measure rows of generated files."""
    lines = 1
    for text, width in ((item.name, XLSX_WIDTHS[1]), (item.position_unit, XLSX_WIDTHS[2]),
                        (item.achievement, XLSX_WIDTHS[3]), (item.form, XLSX_WIDTHS[4])):
        # about 1.2 characters of 12 pt Times New Roman per width unit; word wrapping loses a little
        lines = max(lines, -(-len(text) // max(1, int(width * 1.2))))
    return 16.5 * lines


# ---------------------------------------------------------------- CSV


def to_csv(doc: ListDocument) -> bytes:
    """The list as CSV, UTF-8 with a BOM so that Excel shows Vietnamese; formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Mục", *COLUMNS])
    for label, rows in sections(doc):
        for number, item in enumerate(rows, start=1):
            writer.writerow([label, number, neutralise(item.name), neutralise(item.position_unit),
                             neutralise(item.achievement), neutralise(item.form), item.amount])
    writer.writerow(["", "", TOTAL_LABEL, "", "", "", doc.total])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- DOCX


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float = 13):  # noqa: ANN001, ANN202
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    run.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _page_number_field(paragraph) -> None:  # noqa: ANN001
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
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.agency_name.upper(), bold=True, size=13)
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


def _docx_table(document, doc: ListDocument) -> None:  # noqa: ANN001
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


def _merge_total(tbl) -> None:  # noqa: ANN001
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


# ---------------------------------------------------------------- all in one


EXPORTERS = {"xlsx": to_xlsx, "csv": to_csv, "docx": to_docx}
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def export(session: Session, *, actor: User | None, list_id: int, fmt: str) -> bytes:
    """Bytes of one list in `fmt` (xlsx, csv or docx)."""
    return EXPORTERS[fmt](load_document(session, actor=actor, list_id=list_id))


def filename(doc_or_id: ListDocument | int, fmt: str) -> str:
    list_id = doc_or_id.list_id if isinstance(doc_or_id, ListDocument) else doc_or_id
    return f"danh-sach-khen-thuong-{list_id}.{fmt}"


def benchmark(items: int = 10_000) -> dict[str, float]:
    """Time the xlsx and docx exports of a list of `items` rows in a scratch SQLite database (seconds)."""
    import tempfile
    from decimal import Decimal
    from pathlib import Path

    from ideas.core.db import Database
    from ideas.core.migrate import upgrade

    scratch = tempfile.TemporaryDirectory()
    database = Database(f"sqlite:///{Path(scratch.name) / 'export-benchmark.db'}")
    upgrade(database)
    with database.session() as session:
        unit = Unit(code="BENCH", name="Ủy ban nhân dân huyện Thử Nghiệm", path="/")
        session.add(unit)
        session.flush()
        form = session.scalar(select(AwardForm).where(AwardForm.code == "GIAY_KHEN"))
        award_list = AwardList(title="cá nhân được tặng Giấy khen năm 2025", year=2025, unit_id=unit.id,
                               agency_name=unit.name, status="approved", decision_no="123/QĐ-UBND",
                               decision_date=dt.date(2025, 8, 5), signer="Nguyễn Văn A",
                               signer_title="Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm")
        session.add(award_list)
        session.flush()
        session.execute(AwardItem.__table__.insert(), [
            {"list_id": award_list.id, "recipient_kind": "individual", "unit_id": unit.id,
             "display_name": f"Nguyễn Thị Bình {n}", "position_unit": "Chuyên viên, Phòng Nội vụ",
             "achievement": f"Tác giả sáng kiến «Rút ngắn thời gian giải quyết hồ sơ số {n}» được công nhận",
             "award_form_id": form.id, "coefficient": Decimal("0.3"), "base_salary": 2_340_000,
             "multiplier": Decimal(1), "amount": 710_000, "position": n} for n in range(1, items + 1)])
        list_id = award_list.id
    result: dict[str, float] = {"items": items}
    with database.read_session() as session:
        started = time.perf_counter()
        doc = load_document(session, actor=None, list_id=list_id)
        result["load_s"] = round(time.perf_counter() - started, 3)
    for fmt in ("xlsx", "docx", "csv"):
        started = time.perf_counter()
        data = EXPORTERS[fmt](doc)
        result[f"{fmt}_s"] = round(time.perf_counter() - started, 3)
        result[f"{fmt}_bytes"] = len(data)
    database.dispose()
    scratch.cleanup()
    return result
