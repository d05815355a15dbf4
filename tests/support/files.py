"""Import files as other programs write them: XLSX with merged titles, Windows-1258 text."""
from __future__ import annotations

import io
import unicodedata

import openpyxl


def xlsx_bytes(rows: list[list[object]], *, merge: str | list[str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in [merge] if isinstance(merge, str) else merge or []:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 has base letters with circumflex/breve/horn, and the five tones as combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
            out += base.encode("cp1258") + "".join(p for p in parts if p in tones).encode("cp1258")
    return out


def excel_unicode_text(rows: list[list[str]]) -> bytes:
    """What Excel writes for "Save as: Unicode Text (*.txt)": UTF-16 LE with a BOM, tabs, CRLF, quotes around a
    cell holding a tab, quote or line break (its quotes doubled)."""
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in '\t"\n') else text
    lines = "".join("\t".join(cell(c) for c in row) + "\r\n" for row in rows)
    return "\ufeff".encode("utf-16-le") + lines.encode("utf-16-le")
