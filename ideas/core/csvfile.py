"""CSV files as Vietnamese Excel opens them: cells separated by `;`, comma decimals, UTF-8 with a BOM, no formulas.

Excel set to Vietnamese (Windows' list separator `;`, decimal `,`) splits a double-clicked `.csv` at `;` and reads
`78,2` as a number; the BOM makes it read the diacritics as UTF-8. Whole numbers carry no thousands separator, so
that every Excel reads them as numbers, not text ("25000000", shown by Excel as it is set to show numbers).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd

SEPARATOR = ";"
BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text that a spreadsheet would run as a formula, shown as text (a leading apostrophe)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def cell(value: object) -> str:
    """One value as written in the file: numbers with a decimal comma and no grouping, dates dd/mm/yyyy."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if value == int(value):
            return str(int(value))
        return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The file: a header line, then one line per row (CRLF, as Excel writes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(str(name)) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def frame_bytes(frame: pd.DataFrame) -> bytes:
    """A data frame as the file: its column names as the header."""
    return csv_bytes([str(c) for c in frame.columns], frame.itertuples(index=False, name=None))


def read(data: bytes) -> list[list[str]]:
    """The rows of a file this module wrote (tests and checks read downloads back with it)."""
    text = data.decode("utf-8-sig")
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR)]
