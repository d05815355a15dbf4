"""The issued-paper registry: a paper is issued by signing its PDF and keeping the signed bytes and their SHA-256.

`issue()` runs inside the caller's transaction (the decision or approval that makes the paper): it signs, records
the row and its audit entry, and flushes. A refusal raises a DomainError and records nothing, so the caller's
transaction rolls back and the file's state stays as it was.

Where no signing key is configured (the demo, most tests, a province that has not set up its token yet), the paper
is produced as an unsigned draft: every page carries "BẢN NHÁP – CHƯA KÝ SỐ", the row's status is "draft", and
/verify by file says it is a draft with no legal value. The decision itself is recorded either way.
"""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit, signing_settings
from ideas.core.errors import DomainError, NotFound
from ideas.core.models import AwardList, Certificate, IssuedPaper, User, utcnow
from ideas.core.permissions import Actor, require
from ideas.papers import signing
from ideas.papers.signing import Signatory

ISSUED, DRAFT = "issued", "draft"
# kind -> (the action whose holders issue it, the model whose verification code the paper carries)
KINDS: dict[str, tuple[str, type | None]] = {
    "certificate": ("review.decide", Certificate),
    "recognition_decision": ("review.decide", None),
    "award_decision": ("rewards.approve", AwardList),
}
DRAFT_MARK = "BẢN NHÁP – CHƯA KÝ SỐ, KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


class AlreadyIssued(DomainError, key="papers_trust.error.already_issued"):
    """These exact bytes were issued before (a paper is issued once)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mark_draft(pdf: bytes) -> bytes:
    """The PDF with the draft mark stamped at the top of every page (an incremental update)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStamp, TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    style = TextStampStyle(stamp_text=DRAFT_MARK, border_width=1,
                           text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(signing.font_file(),
                                                                                    font_size=10)))
    pages = int(writer.root["/Pages"]["/Count"])
    for page in range(pages):
        box = writer.find_page_for_modification(page)[0].get_object().get("/MediaBox", [0, 0, 595, 842])
        TextStamp(writer=writer, style=style).apply(page, 30, int(float(box[3])) - 30)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _code(session: Session, kind: str, ref: int) -> str | None:
    if kind == "recognition_decision":  # the decision's certificate carries the code
        return session.scalar(select(Certificate.verification_code).where(Certificate.decision_id == ref))
    model = KINDS[kind][1]
    return session.scalar(select(model.verification_code).where(model.id == ref)) if model is not None else None


def issue(*, session: Session, actor: Actor, kind: str, ref: int, pdf: bytes, signatories: list[Signatory],
          unit_id: int | None = None, reason: str = "", location: str = "") -> IssuedPaper:
    """Sign `pdf` and record it as the issued paper of (kind, ref); a draft when no signing key is configured.

    SigningRefused (Vietnamese message naming the cause) when a key, a certificate or the time-stamp server fails:
    nothing is recorded then. The actor must hold the action that issues this kind (over `unit_id`).
    """
    if kind not in KINDS:
        raise NotFound("papers_trust.error.kind")
    require(session, actor, KINDS[kind][0], unit_id=unit_id)
    config = signing_settings.load(session)
    if config.enabled:
        signed = signing.sign(session=session, pdf=pdf, signatories=signatories, reason=reason, location=location,
                              config=config)
        content, status, signers, timestamped = signed.content, ISSUED, signed.signers, signed.timestamped
    else:
        content, status, signers, timestamped = mark_draft(pdf), DRAFT, [], False
    digest = sha256(content)
    if session.scalar(select(IssuedPaper.id).where(IssuedPaper.sha256 == digest)) is not None:
        raise AlreadyIssued()
    paper = IssuedPaper(kind=kind, ref_id=ref, verification_code=_code(session, kind, ref), status=status,
                        sha256=digest, size=len(content), content=content,
                        signers=json.dumps([asdict(s) for s in signers], ensure_ascii=False),
                        timestamped=timestamped, issued_at=utcnow(),
                        issued_by=actor.id if isinstance(actor, User) else None)
    session.add(paper)
    session.flush()
    audit.record(session=session, actor=actor, action=f"paper.{status}", entity="issued_paper", entity_id=paper.id,
                 details={"kind": kind, "ref": ref, "sha256": digest, "size": len(content),
                          "signers": [s.name for s in signers], "timestamped": timestamped})
    return paper


def latest(session: Session, *, kind: str, ref: int) -> IssuedPaper | None:
    """The newest paper issued (or drafted) for the record; a signed one wins over a later draft."""
    rows = session.scalars(select(IssuedPaper).where(IssuedPaper.kind == kind, IssuedPaper.ref_id == ref)
                           .order_by(IssuedPaper.id.desc())).all()
    return next((row for row in rows if row.status == ISSUED), rows[0] if rows else None)


def by_hash(session: Session, digest: str) -> IssuedPaper | None:
    return session.scalar(select(IssuedPaper).where(IssuedPaper.sha256 == digest))


def content(session: Session, *, kind: str, ref: int) -> bytes | None:
    """The stored bytes of the record's paper, as issued (what a download returns)."""
    paper = latest(session, kind=kind, ref=ref)
    return paper.content if paper is not None else None
