"""Issuing the award decision's annex: its PDF signed and recorded (ideas.papers.issued) when the list is approved,
in the approval's transaction, and the stored bytes for downloads.

As for certificates (ideas.review.issuing): with a signing key configured the annex is issued or the approval is
refused as a whole (incomplete identity, refused signature); without one, an unsigned draft marked as such is kept
when the identity is complete, and nothing when it is not.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from ideas.core import signing_settings
from ideas.core.models import AwardList
from ideas.core.permissions import Actor
from ideas.papers import issued
from ideas.papers.identity import IdentityIncomplete
from ideas.papers.signing import Signatory
from ideas.rewards.exports import annex, document


def issue_award_decision(session: Session, *, actor: Actor, award_list: AwardList) -> issued.IssuedPaper | None:
    """Sign and record the approved list's annex PDF (or its draft); None when no key is configured and the
    identity cannot produce it yet. Raises what refuses issuing when a key is configured."""
    doc = document.load_document(session, actor=actor, list_id=award_list.id)
    try:
        pdf = annex.to_pdf(doc)
    except IdentityIncomplete:
        if signing_settings.load(session).enabled:
            raise
        return None
    return issued.issue(session=session, actor=actor, kind="award_decision", ref=award_list.id, pdf=pdf,
                        signatories=[Signatory("signer", award_list.signer_title or ""),
                                     Signatory("agency", award_list.agency_name or "")],
                        unit_id=award_list.unit_id,
                        reason=f"Quyết định khen thưởng số {award_list.decision_no}", location=doc.place or "")


def award_decision_pdf(session: Session, *, list_id: int) -> issued.IssuedPaper | None:
    """The stored annex as issued (or its draft), for the list's downloads (the caller checks who may read it)."""
    return issued.latest(session, kind="award_decision", ref=list_id)
