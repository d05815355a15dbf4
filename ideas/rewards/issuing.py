"""Issuing the award decision's annex: `approve_list` approves (awards.approve_list) and signs and records the annex
PDF (ideas.papers.issued) in the same transaction; the stored bytes serve the downloads. (Here rather than in
awards.lists because the annex is rendered from exports, which read awards: no module cycle.)

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
from ideas.papers.pdf_render import render_pdf_placed
from ideas.papers.signing import signatories
from ideas.rewards import awards
from ideas.rewards.exports import annex, document


def approve_list(*, session: Session, actor: Actor, list_id: int, **approval: object) -> AwardList:
    """awards.approve_list, then the annex issued; a refusal raises and the caller's transaction rolls back both."""
    award_list = awards.approve_list(session=session, actor=actor, list_id=list_id, **approval)
    issue_award_decision(session, actor=actor, award_list=award_list)
    return award_list


def issue_award_decision(session: Session, *, actor: Actor, award_list: AwardList) -> issued.IssuedPaper | None:
    """Sign and record the approved list's annex PDF (or its draft); None when no key is configured and the
    identity cannot produce it yet. Raises what refuses issuing when a key is configured."""
    doc = document.load_document(session, actor=actor, list_id=award_list.id)
    try:
        rendered = render_pdf_placed(annex.annex_paper(doc))
    except IdentityIncomplete:
        if signing_settings.load(session).enabled:
            raise
        return None
    return issued.issue(session=session, actor=actor, kind="award_decision", ref=award_list.id,
                        pdf=rendered.pdf, signatories=signatories(rendered.places, award_list.signer_title or "",
                                                                  award_list.agency_name or ""),
                        unit_id=award_list.unit_id,
                        reason=f"Quyết định khen thưởng số {award_list.decision_no}", location=doc.place or "")


def award_decision_pdf(session: Session, *, list_id: int) -> issued.IssuedPaper | None:
    """The stored annex as issued (or its draft), for the list's downloads (the caller checks who may read it)."""
    return issued.latest(session, kind="award_decision", ref=list_id)
