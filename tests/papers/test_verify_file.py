"""/verify by file: the exact issued paper, a one-byte change, a re-signed copy, another certificate, drafts."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
import requests
from sqlalchemy import select

from ideas.core.models import RateCounter
from ideas.core.permissions import SYSTEM
from ideas.papers import issued, signing, verification
from ideas.papers.signing import Signatory
from tests.support import launch
from tests.support.factories.papers import configure_signing, tiny_pdf
from tests.support.factories.review import certified
from tests.support.pki import PASSPHRASE

SIGNATORIES = [Signatory("signer", "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"), Signatory("agency")]


def _configure(session, monkeypatch, pki) -> None:
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("IDEAS_SIGN_AGENCY_PASSPHRASE", PASSPHRASE)
    configure_signing(session, **{"signer.source": "pkcs12", "signer.pkcs12_path": str(pki.signer.p12),
                                  "agency.source": "pkcs12", "agency.pkcs12_path": str(pki.agency.p12),
                                  "trust_list": str(pki.trust_list), "tsa_url": pki.tsa_url})


def _issued_certificate(session, monkeypatch, pki):
    _configure(session, monkeypatch, pki)
    _, _, certificate = certified(session)
    source = tiny_pdf(f"Giay chung nhan {certificate.number}")
    paper = issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=certificate.id, pdf=source,
                         signatories=SIGNATORIES)
    return certificate, source, paper


def _outsider_sign(pdf: bytes, identity) -> bytes:
    """Signed with a tool of one's own (pyHanko directly), as someone outside the system would."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(str(identity.p12), passphrase=PASSPHRASE.encode())
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Outsider"), signer=signer).getvalue()


def _pdfsig(tmp_path, data: bytes) -> str:
    path = tmp_path / "upload.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def test_the_exact_file_is_the_issued_paper_with_valid_signatures(session, monkeypatch, pki, tmp_path):
    certificate, _, paper = _issued_certificate(session, monkeypatch, pki)
    check = verification.verify_file(session=session, data=paper.content, client="203.0.113.1")
    assert check.verdict == "exact" and check.sha256 == paper.sha256
    assert check.found.code == certificate.verification_code and check.found.number == certificate.number
    assert [s.signer for s in check.signatures] == ["Nguyễn Văn An", "Ủy ban nhân dân tỉnh An Hòa"]
    assert all(s.good and s.timestamped for s in check.signatures)
    if shutil.which("pdfsig"):
        assert _pdfsig(tmp_path, paper.content).count("Signature is Valid.") == 2


def test_a_one_byte_change_breaks_the_match_and_the_signatures(session, monkeypatch, pki, tmp_path):
    certificate, _, paper = _issued_certificate(session, monkeypatch, pki)
    at = paper.content.index(certificate.number.encode())
    changed = paper.content[:at] + b"X" + paper.content[at + 1:]
    check = verification.verify_file(session=session, data=changed, client="203.0.113.2")
    assert check.verdict == "unknown" and check.found is None
    assert check.signatures and not any(s.intact for s in check.signatures)
    if shutil.which("pdfsig"):
        report = _pdfsig(tmp_path, changed)
        assert "Signature is Valid." not in report and report.count("Digest Mismatch.") == 2, report


def test_a_re_signed_copy_has_valid_trusted_signatures_but_is_not_the_issued_paper(session, monkeypatch, pki):
    _, source, paper = _issued_certificate(session, monkeypatch, pki)
    again = signing.sign(session=session, pdf=source, signatories=SIGNATORIES).content  # same keys, same text
    assert again != paper.content
    check = verification.verify_file(session=session, data=again, client="203.0.113.3")
    assert check.verdict == "unknown" and check.found is None
    assert check.signatures and all(s.good for s in check.signatures)


def test_a_paper_signed_by_another_certificate_is_untrusted_and_unknown(session, monkeypatch, pki, tmp_path):
    _, source, _ = _issued_certificate(session, monkeypatch, pki)
    forged = _outsider_sign(source, pki.stranger)  # the same name, a CA outside the trust list
    check = verification.verify_file(session=session, data=forged, client="203.0.113.4")
    assert check.verdict == "unknown"
    (signature,) = check.signatures
    assert signature.signer == "Nguyễn Văn An" and signature.intact and signature.valid and not signature.trusted
    if shutil.which("pdfsig"):  # poppler agrees the bytes are signed correctly (trust is the trust list's matter)
        assert "Signature is Valid." in _pdfsig(tmp_path, forged)


def test_an_issued_paper_signed_again_afterwards_is_named_but_not_the_original(session, monkeypatch, pki):
    certificate, _, paper = _issued_certificate(session, monkeypatch, pki)
    added = _outsider_sign(paper.content, pki.stranger)
    check = verification.verify_file(session=session, data=added, client="203.0.113.5")
    assert check.verdict == "changed" and check.found.code == certificate.verification_code
    assert [s.trusted for s in check.signatures] == [True, True, False]


def test_a_draft_is_told_apart_and_bad_uploads_count_against_the_client(session, pki):
    _, _, certificate = certified(session)
    draft = issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=certificate.id, pdf=tiny_pdf(),
                         signatories=SIGNATORIES)
    check = verification.verify_file(session=session, data=draft.content, client="203.0.113.6")
    assert check.verdict == "draft" and check.signatures == []
    for data in (b"", b"GIF89a not a pdf", b"%PDF-" + b"0" * verification.MAX_UPLOAD_BYTES):
        with pytest.raises(verification.BadUpload):
            verification.verify_file(session=session, data=data, client="203.0.113.7")
    for _ in range(verification.FREE_MISSES):
        verification.verify_file(session=session, data=tiny_pdf("not issued"), client="203.0.113.8")
    assert session.scalar(select(RateCounter.blocked_until).where(RateCounter.key == "v:203.0.113.8")) is not None
    with pytest.raises(verification.TooManyLookups):
        verification.verify_file(session=session, data=draft.content, client="203.0.113.8")


def test_upload_over_http_shows_the_verdict_and_the_public_record_only(db, database_url, pki, monkeypatch, tmp_path):
    with db.session() as s:
        certificate, _, paper = _issued_certificate(s, monkeypatch, pki)
        code, content = certificate.verification_code, paper.content
        s.commit()
    with launch.deployed_app(database_url, tmp_path / "server.log", IDEAS_TRUSTED_PROXIES="1") as app:
        page = requests.get(f"{app.url}/verify", timeout=30)
        assert 'action="/verify/file"' in page.text and 'enctype="multipart/form-data"' in page.text

        def upload(data: bytes, client: str) -> requests.Response:
            return requests.post(f"{app.url}/verify/file", files={"file": ("giay.pdf", data, "application/pdf")},
                                 headers={"X-Forwarded-For": client}, timeout=60)

        exact = upload(content, "198.51.100.30")
        assert exact.status_code == 200 and "Đúng văn bản đã ban hành" in exact.text
        assert code in exact.text and "Nguyễn Văn An" in exact.text and paper.sha256 in exact.text
        changed = upload(content.replace(certificate.number.encode(), b"X" * len(certificate.number), 1),
                         "198.51.100.31")
        assert changed.status_code == 200 and "Không phải văn bản do hệ thống ban hành" in changed.text
        assert code not in changed.text
        bad = upload(b"not a pdf", "198.51.100.32")
        assert bad.status_code == 400 and "không phải PDF" in bad.text
