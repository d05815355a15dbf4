"""Award-list exports: XLSX and CSV (spreadsheets), the DOCX decision annex (annex), one document read (document).

document   ListDocument: heading lines from the settings, numbered sections, rows
spreadsheets  XLSX laid out for A4 and CSV with a BOM, formulas neutralised
annex      the decision annex as a Paper: DOCX and PDF in the Decree 30/2020 layout
benchmark  export timing on a scratch database
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ideas.core.permissions import Actor
from ideas.rewards.exports.annex import annex_paper, to_docx, to_pdf
from ideas.rewards.exports.benchmark import benchmark
from ideas.rewards.exports.document import COLUMNS, ListDocument, Row, is_dangerous, load_document, neutralise, sections
from ideas.rewards.exports.spreadsheets import to_csv, to_xlsx

EXPORTERS = {"xlsx": to_xlsx, "csv": to_csv, "docx": to_docx, "pdf": to_pdf}
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf"}


def export(session: Session, *, actor: Actor, list_id: int, fmt: str) -> bytes:
    """Bytes of one list in `fmt` (xlsx, csv, docx or pdf)."""
    return EXPORTERS[fmt](load_document(session, actor=actor, list_id=list_id))


def filename(doc_or_id: ListDocument | int, fmt: str) -> str:
    list_id = doc_or_id.list_id if isinstance(doc_or_id, ListDocument) else doc_or_id
    return f"danh-sach-khen-thuong-{list_id}.{fmt}"


__all__ = ["COLUMNS", "EXPORTERS", "MIME", "ListDocument", "Row", "annex_paper", "benchmark", "export", "filename",
           "is_dangerous", "load_document", "neutralise", "sections", "to_csv", "to_docx", "to_pdf", "to_xlsx"]
