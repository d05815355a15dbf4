"""The certificate's PDF issued with the recognition decision: signed, a draft without a key, refused as a whole."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ideas.core.models import Certificate, Decision, Idea, IssuedPaper
from ideas.papers import issued, verification
from ideas.papers.identity import IdentityIncomplete
from ideas.papers.signing import SigningRefused
from ideas.review import decisions, issuing
from tests.support.factories.papers import complete_identity, configure_signing, ready_for_decision
from tests.support.pki import PASSPHRASE, build_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    built = build_pki(tmp_path_factory.mktemp("pki"))
    yield built
    built.close()


def _sign_with(session, monkeypatch, pki, identity) -> None:
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("IDEAS_SIGN_AGENCY_PASSPHRASE", PASSPHRASE)
    configure_signing(session, **{"signer.source": "pkcs12", "signer.pkcs12_path": str(identity.p12),
                                  "agency.source": "pkcs12", "agency.pkcs12_path": str(pki.agency.p12),
                                  "trust_list": str(pki.trust_list), "tsa_url": pki.tsa_url})


def _decide(session, case):
    return decisions.decide(session=session, actor=case["chair"], idea_id=case["idea"].id, number="7/QĐ-HĐSK",
                            decided_on=dt.date(2026, 11, 20))


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_without_identity_or_key_the_decision_is_recorded_and_no_paper_is_made(session):
    case = ready_for_decision(session)
    decision = _decide(session, case)
    assert decision.outcome == "recognised" and _count(session, IssuedPaper) == 0
    assert issuing.certificate_download(session=session, actor=case["author"], idea_id=case["idea"].id) is None


def test_without_a_key_the_certificate_is_kept_as_a_marked_draft(session):
    complete_identity(session)
    case = ready_for_decision(session)
    _decide(session, case)
    download = issuing.certificate_download(session=session, actor=case["author"], idea_id=case["idea"].id)
    assert download is not None and not download.signed and download.file_name.endswith("-ban-nhap.pdf")
    paper = session.scalar(select(IssuedPaper))
    assert paper.status == issued.DRAFT and download.content == paper.content


def test_with_a_key_the_decision_issues_the_signed_certificate_the_author_downloads(session, monkeypatch, pki):
    complete_identity(session)
    _sign_with(session, monkeypatch, pki, pki.signer)
    case = ready_for_decision(session)
    decision = _decide(session, case)
    certificate = session.scalar(select(Certificate).where(Certificate.decision_id == decision.id))
    paper = issued.latest(session, kind="certificate", ref=certificate.id)
    assert paper.status == issued.ISSUED and paper.verification_code == certificate.verification_code
    download = issuing.certificate_download(session=session, actor=case["author"], idea_id=case["idea"].id)
    assert download.signed and download.content == paper.content
    check = verification.verify_file(session=session, data=download.content, client="203.0.113.40")
    assert check.verdict == "exact" and check.found.number == certificate.number
    assert all(s.good for s in check.signatures) and len(check.signatures) == 2
    _assert_signer_stands_in_the_signature_block(session, case, certificate, paper.content)


def _assert_signer_stands_in_the_signature_block(session, case, certificate, signed: bytes) -> None:
    """Decree 30: the signer's visible signature is where the ink one would be, between the title and the name."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from ideas.papers.pdf_render import render_pdf_placed
    from ideas.review.documents import certificate_paper

    place = render_pdf_placed(certificate_paper(session=session, actor=case["author"],
                                                certificate_id=certificate.id)).places[0]
    reader = PdfFileReader(io.BytesIO(signed))
    rects = {str(s.field_name): [float(v) for v in s.sig_field["/Kids"][0]["/Rect"]] if "/Kids" in s.sig_field
             else [float(v) for v in s.sig_field["/Rect"]] for s in reader.embedded_signatures}
    assert rects["Sig1_signer"] == pytest.approx(list(place.box), abs=0.5)
    assert place.page == 0 and 200 < place.box[1] < place.box[3] < 600  # inside the page, above the bottom margin


@pytest.mark.parametrize("problem", ["revoked", "identity"])
def test_a_refused_signature_or_incomplete_identity_rolls_the_whole_decision_back(session, monkeypatch, pki,
                                                                                   problem):
    if problem != "identity":
        complete_identity(session)
    _sign_with(session, monkeypatch, pki, pki.revoked if problem == "revoked" else pki.signer)
    case = ready_for_decision(session)
    status = case["idea"].status
    with pytest.raises(SigningRefused if problem == "revoked" else IdentityIncomplete):
        with session.begin_nested():  # the caller's transaction, as ui.act runs it
            _decide(session, case)
    session.expire_all()
    assert session.get(Idea, case["idea"].id).status == status
    assert _count(session, Decision) == 0 and _count(session, Certificate) == 0 and _count(session, IssuedPaper) == 0
