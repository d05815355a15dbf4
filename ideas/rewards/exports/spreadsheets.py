"""Award-list spreadsheets: XLSX laid out to print (XlsxWriter) and CSV for Vietnamese Excel (`;`, a BOM).

XlsxWriter rather than openpyxl for writing: it streams rows, is several times faster on large lists,
writes page setup (A4, landscape, fit to one page wide, repeated header rows) directly, and has an
explicit `write_string` so that no text is ever turned into a formula. openpyxl is used by the tests to
read the files back.
"""
from __future__ import annotations

import io

from ideas.core import csvfile
from ideas.rewards.exports.document import (
    COLUMNS,
    FONT,
    MOTTO_1,
    MOTTO_2,
    TOTAL_LABEL,
    ListDocument,
    Row,
    is_dangerous,
    neutralise,
    sections,
)

XLSX_WIDTHS = (6, 28, 34, 46, 24, 16)  # characters; sums to ~154 = one landscape A4 page width at fit-to-width


def to_xlsx(doc: ListDocument) -> bytes:
    """The list as an .xlsx workbook laid out to print on A4 landscape, one page wide."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}

    def fmt(**extra: object):
        return book.add_format({**base, **extra})

    upper_f = fmt(align="center", text_wrap=True)
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

    agency_lines = doc.agency_lines
    for line_no, line in enumerate(agency_lines):
        sheet.merge_range(line_no, 0, line_no, 2, line, agency_f if line_no == len(agency_lines) - 1 else upper_f)
    sheet.merge_range(0, 3, 0, 5, MOTTO_1, motto1_f)
    sheet.merge_range(1, 3, 1, 5, MOTTO_2, motto2_f)
    top = max(len(agency_lines), 2) + 1
    sheet.merge_range(top, 0, top, 5, doc.heading, title_f)
    sheet.set_row(top, 36)
    sheet.merge_range(top + 1, 0, top + 1, 5, doc.attached_line, italic_f)
    header_row = top + 3
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


def to_csv(doc: ListDocument) -> bytes:
    """The list as a CSV for Vietnamese Excel (ideas.core.csvfile: `;`, BOM); formulas neutralised."""
    rows = [[label, number, neutralise(item.name), neutralise(item.position_unit), neutralise(item.achievement),
             neutralise(item.form), item.amount]
            for label, items in sections(doc) for number, item in enumerate(items, start=1)]
    return csvfile.csv_bytes(["Mục", *COLUMNS], [*rows, ["", "", TOTAL_LABEL, "", "", "", doc.total]])


