"""Issuing the certificate of a recognition: its PDF signed and recorded (ideas.papers.issued) in the decision's
transaction, and the stored bytes for the authors' download.

With a signing key configured, the certificate is issued or the decision is refused: an incomplete organisation
identity (IdentityIncomplete) or a refused signature (SigningRefused) rolls the whole decision back. Without one
(the demo, most tests), an unsigned draft marked as such is kept when the identity is complete, and nothing when it
is not: the decision is recorded either way and the paper can be produced later.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import signing_settings
from ideas.core.models import Certificate, Decision, Idea, User
from ideas.core.permissions import require
from ideas.filing.campaigns import get_campaign
from ideas.filing.records import author_ids
from ideas.papers import issued
from ideas.papers.identity import IdentityIncomplete, require_complete
from ideas.papers.pdf_render import render_pdf_placed
from ideas.papers.signing import signatories
from ideas.review.documents import certificate_paper


@dataclass(frozen=True)
class IssuedDownload:
    content: bytes
    file_name: str
    signed: bool  # False: an unsigned draft


def _issuer_unit(session: Session, decision: Decision, idea: Idea) -> int:
    campaign = get_campaign(session, decision.campaign_id) if decision.campaign_id else None
    return campaign.unit_id if campaign and campaign.unit_id else idea.unit_id


def issue_certificate(session: Session, *, actor: User, certificate: Certificate) -> issued.IssuedPaper | None:
    """Sign and record the certificate's PDF (or its draft); None when no key is configured and no paper can be
    produced yet. Raises what refuses issuing when a key is configured."""
    decision = session.get(Decision, certificate.decision_id)
    idea = session.get(Idea, decision.idea_id)
    unit_id = _issuer_unit(session, decision, idea)
    signing = signing_settings.load(session).enabled
    try:
        identity = require_complete(session, "certificate", unit_id)
    except IdentityIncomplete:
        if signing:
            raise
        return None
    signer = identity.signer("certificate")
    title = " – ".join(part for part in (signer.authority, signer.title) if part.strip())
    rendered = render_pdf_placed(certificate_paper(session=session, actor=actor, certificate_id=certificate.id))
    return issued.issue(session=session, actor=actor, kind="certificate", ref=certificate.id, pdf=rendered.pdf,
                        signatories=signatories(rendered.places, title, identity.issuing_body),
                        unit_id=idea.unit_id, reason=f"Công nhận sáng kiến, Quyết định số {decision.number}",
                        location=identity.place)


def certificate_download(*, session: Session, actor: User, idea_id: int) -> IssuedDownload | None:
    """The stored PDF of the idea's latest certificate, as issued (authors, and readers of the review)."""
    row = session.execute(select(Certificate, Idea).join(Decision, Decision.id == Certificate.decision_id)
                          .join(Idea, Idea.id == Decision.idea_id).where(Decision.idea_id == idea_id)
                          .order_by(Certificate.id.desc()).limit(1)).first()
    if row is None:
        return None
    certificate, idea = row
    if actor.id not in author_ids(session, idea):
        require(session, actor, "review.view", unit_id=idea.unit_id)
    paper = issued.latest(session, kind="certificate", ref=certificate.id)
    if paper is None:
        return None
    suffix = "" if paper.status == issued.ISSUED else "-ban-nhap"
    return IssuedDownload(paper.content, f"giay-chung-nhan-{certificate.number}{suffix}.pdf",
                          paper.status == issued.ISSUED)
