"""Reading import files: bytes -> rows of text, and the data block inside a real export.

Real exports carry merged title rows above the table, an STT column, a row of column numbers, blank lines,
and a footer or signature block below ("Người lập biểu", "(Ký, ghi rõ họ tên)", a date line, names). The
block starts at the header row and ends where the footer starts; rows that still look like data after the
footer are reported, never dropped silently.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import filetype

from ideas.core import settings
from ideas.core.errors import ValidationError
from ideas.core.i18n import t
from ideas.core.text import clean_line, fold

MAX_BYTES = settings.UPLOAD_MAX_BYTES  # the one upload limit (ideas.core.settings)
# The kinds of file an import takes, on the command line and on the web page alike: CSV (comma, semicolon or
# tab; UTF-8, UTF-16 or Windows-1258), Excel's "Unicode text" (.txt: UTF-16 with BOM, tab-separated), TSV, XLSX.
FILE_TYPES = ("csv", "txt", "tsv", "xlsx")
HEADER_SCAN_ROWS = 30
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Phrases (folded, punctuation as spaces) that only a footer or signature block carries.
_FOOTER = re.compile(
    r"\b(nguoi lap( bieu)?|thu truong|ky ghi ro|ky va ghi ro|ky ten|ky dong dau|dong dau|xac nhan cua"
    r"|tong cong|ngay( \d{1,2})? thang( \d{1,2})? nam( \d{4})?)\b")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_SERIAL = re.compile(r"^\d{1,6}$")


@dataclass(frozen=True)
class RowError:
    """One problem: the row as the user sees it in the file, the field, and a locale key + params."""

    row: int
    column: str
    key: str
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def squash(text: object) -> str:
    return _NOT_ALNUM.sub("", fold(text))


def phrase(text: object) -> str:
    return _NOT_ALNUM.sub(" ", fold(text)).strip()


# ---------------------------------------------------------------- bytes -> rows


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (old Vietnamese Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_csv(data: bytes) -> list[list[str]]:
    text = decode_csv(data)
    # The delimiter is the one the header uses most; title lines above it have few or none.
    lines = text.splitlines()[:HEADER_SCAN_ROWS] or [""]
    delimiter = max((",", ";", "\t"), key=lambda mark: max(line.count(mark) for line in lines))
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    """Cell values as text; a formula is never evaluated: Excel's cached result, else the formula text."""
    import openpyxl

    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = (openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                    if _has_formulas(data) else None)
    except Exception as error:  # any broken workbook is the user's file problem
        raise ValidationError("import.error.unreadable", reason=type(error).__name__) from error
    try:
        sheets = [book.worksheets[0] for book in (values, formulas) if book is not None]
        for sheet in sheets:
            sheet.reset_dimensions()  # some generators write a wrong <dimension>; read every row
        value_rows = sheets[0].iter_rows(values_only=True)
        if formulas is None:
            return [[_cell_text(value) for value in row] for row in value_rows]
        rows = []
        for value_row, formula_row in zip(value_rows, sheets[1].iter_rows(values_only=True), strict=False):
            cells = []
            for index, value in enumerate(value_row):
                if value is None and index < len(formula_row) and formula_row[index] is not None:
                    value = formula_row[index]
                cells.append(_cell_text(value))
            rows.append(cells)
        return rows
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def _has_formulas(data: bytes) -> bool:
    """Whether any sheet holds a formula (<f> element), so that reading formula text is needed at all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(b"<f>" in archive.read(name) or b"<f " in archive.read(name)
                   for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    """Raw rows of the first sheet (or the CSV) as lists of text, checked by size and content."""
    if len(data) > MAX_BYTES:
        raise ValidationError("import.error.too_large", megabytes=settings.UPLOAD_LIMIT_MB)
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix and suffix not in FILE_TYPES and suffix != "xls":  # an old .xls gets its own message below
        raise ValidationError("import.error.file_type", found=suffix)
    if not data.strip():
        raise ValidationError("import.error.empty_file")
    kind = filetype.guess(data)
    if kind is not None and (kind.extension == "xlsx" or (kind.extension == "zip"
                                                          and filename.lower().endswith(".xlsx"))):
        return _read_xlsx(data)
    if kind is not None:
        raise ValidationError("import.error.file_type", found=kind.extension)
    if filename.lower().endswith((".xlsx", ".xls")):
        raise ValidationError("import.error.file_type", found="xls")
    return _read_csv(data)


# ---------------------------------------------------------------- rows -> the data block


def match_headers(rows: list[list[str]], fields: dict[str, tuple[str, ...]]) -> tuple[int, dict[str, int]]:
    """The header row (the one among the first rows naming the most fields) and field -> column index."""
    aliases = {squash(alias): name for name, spellings in fields.items() for alias in spellings}
    aliases.update({squash(name): name for name in fields})
    best_index, best = 0, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for column, header in enumerate(row):
            name = aliases.get(squash(header))
            if name and name not in found:
                found[name] = column
        if len(found) > len(best):
            best_index, best = index, found
    return best_index, best


def _serial_column(header: list[str]) -> int | None:
    for column, text in enumerate(header):
        if squash(text) in ("stt", "tt", "sothutu"):
            return column
    return None


def _is_footer(cells: list[str], filled: int, required: int) -> bool:
    """A signature or date line: a footer phrase in a row that fills at most half the columns.

    A staff row whose position is "Thủ trưởng đơn vị" fills more than half and stays data.
    """
    return filled * 2 <= required and any(_FOOTER.search(phrase(cell)) for cell in cells if cell)


def data_block(rows: list[list[str]], fields: dict[str, tuple[str, ...]], required: tuple[str, ...]
               ) -> tuple[list[dict], list[RowError]]:
    """The table's records as {field: cleaned text, "_row": file row}; header problems or stray rows as errors."""
    if not rows:
        raise ValidationError("import.error.empty_file")
    header_index, columns = match_headers(rows, fields)
    errors = [RowError(header_index + 1, name, "import.error.missing_header")
              for name in required if name not in columns]
    if errors:
        # Merged header cells leave blanks between titles; say so instead of only "missing column".
        filled = [bool(clean_line(cell)) for cell in rows[header_index]]
        if True in filled and False in filled[: len(filled) - filled[::-1].index(True)]:
            errors.append(RowError(header_index + 1, "", "import.error.blank_header"))
        return [], errors
    serial = _serial_column(rows[header_index])
    records: list[dict] = []
    footer_row: int | None = None
    gap = False  # a blank line since the last record
    for index in range(header_index + 1, len(rows)):
        cells = [clean_line(cell) for cell in rows[index]]
        if not any(cells):
            gap = bool(records)
            continue
        record = {name: cells[col] if col < len(cells) else "" for name, col in columns.items()}
        filled = sum(1 for name in required if record.get(name))
        numbered = serial is not None and serial < len(cells) and bool(_SERIAL.match(cells[serial]))
        if not records and all(_COLUMN_NUMBER.match(cell) for cell in cells if cell) and len(
                [cell for cell in cells if cell]) >= 3:
            continue  # the "(1) (2) (3)" row printed under the header
        if footer_row is None and (_is_footer(cells, filled, len(required))
                                   or (gap and not numbered and filled * 2 < len(required))):
            footer_row = index + 1
        if footer_row is not None:
            if filled * 2 > len(required):
                errors.append(RowError(index + 1, "", "import.error.after_footer", {"footer_row": footer_row}))
            continue
        record["_row"] = index + 1
        records.append(record)
        gap = False
    return records, errors
