"""Render every kind of paper of the demo province to PDF, DOCX (and XLSX where there is one) and PNG, to look at.

    python -m benchmarks.papers_render --out DIR [--database-url URL] [--dpi 80]

Without --database-url it loads the demo into a scratch SQLite database first. For each kind (receipt,
certificate, recognition decision, council minutes, award annex) it writes the first paper of the demo,
checks with poppler that every font is embedded, and turns each PDF page into a PNG (`pdftoppm -png -r 80`).
It prints one line per file: the name, pages, bytes, seconds to build.
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from ideas.core.db import Database
from ideas.core.migrate import upgrade
from ideas.core.models import AwardList, Certificate, Council, Decision, Idea
from ideas.core.permissions import SYSTEM
from ideas.core.words import DECIDED_LIST_STATUSES
from ideas.papers import receipts
from ideas.review import documents
from ideas.rewards import exports


def _papers(session) -> list[tuple[str, str, object]]:
    """(file stem, format, build) for the first paper of each kind in the database."""
    out: list[tuple[str, str, object]] = []
    idea_id = session.scalar(select(Idea.id).where(Idea.receipt_no.is_not(None)).order_by(Idea.id).limit(1))
    if idea_id:
        for fmt, build in (("pdf", receipts.receipt_pdf), ("docx", receipts.receipt_docx)):
            out.append(("phieu-tiep-nhan", fmt, lambda b=build: b(session, actor=SYSTEM, idea_id=idea_id)))
    certificate_id = session.scalar(select(Certificate.id).order_by(Certificate.id).limit(1))
    if certificate_id:
        decision_id = session.scalar(select(Certificate.decision_id).where(Certificate.id == certificate_id))
        for fmt, build in (("pdf", documents.certificate_pdf), ("docx", documents.certificate_docx)):
            out.append(("giay-chung-nhan", fmt,
                        lambda b=build: b(session=session, actor=SYSTEM, certificate_id=certificate_id)))
        for fmt, build in (("pdf", documents.recognition_pdf), ("docx", documents.recognition_docx)):
            out.append(("quyet-dinh-cong-nhan", fmt,
                        lambda b=build: b(session=session, actor=SYSTEM, decision_id=decision_id)))
    campaign_id = session.scalar(select(Council.campaign_id).join(Decision, Decision.campaign_id == Council.campaign_id)
                                 .order_by(Council.id).limit(1))
    if campaign_id:
        for fmt, build in (("pdf", documents.minutes_pdf), ("docx", documents.minutes_docx),
                           ("xlsx", documents.minutes_xlsx)):
            out.append(("bien-ban-hoi-dong", fmt,
                        lambda b=build: b(session=session, actor=SYSTEM, campaign_id=campaign_id)))
    list_id = session.scalar(select(AwardList.id).where(AwardList.status.in_(DECIDED_LIST_STATUSES))
                             .order_by(AwardList.id).limit(1))
    if list_id:
        for fmt in ("pdf", "docx", "xlsx"):
            out.append(("phu-luc-khen-thuong", fmt,
                        lambda f=fmt: exports.export(session, actor=SYSTEM, list_id=list_id, fmt=f)))
    return out


def render(out: Path, database_url: str | None = None, dpi: int = 80) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    scratch = None
    if database_url is None:
        from ideas.tooling.demo import load_demo

        scratch = tempfile.TemporaryDirectory()
        database_url = f"sqlite:///{Path(scratch.name) / 'papers.db'}"
        database = Database(database_url)
        upgrade(database)
        with database.session() as session:
            load_demo(session=session)
    else:
        database = Database(database_url)
    lines = []
    with database.read_session() as session:
        for stem, fmt, build in _papers(session):
            started = time.perf_counter()
            data = build()
            seconds = time.perf_counter() - started
            path = out / f"{stem}.{fmt}"
            path.write_bytes(data)
            pages = ""
            if fmt == "pdf":
                fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
                embedded = all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:])
                for old in out.glob(f"{stem}-*.png"):
                    old.unlink()
                subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(out / stem)], check=True)
                pages = f"{len(list(out.glob(f'{stem}-*.png')))} pages, fonts embedded: {embedded}, "
            lines.append(f"{path.name}: {pages}{len(data):,} bytes, {seconds:.2f} s")
    database.dispose()
    if scratch:
        scratch.cleanup()
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    print("\n".join(render(args.out, args.database_url, args.dpi)))


if __name__ == "__main__":
    main()
