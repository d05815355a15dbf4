"""Signing issued papers: PKCS#12 and PKCS#11 (SoftHSM2) keys, checks before signing, time-stamp policy, refusals."""
from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from ideas.core import signing_settings
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.i18n import t
from ideas.core.models import AuditLog, IssuedPaper
from ideas.core.permissions import SYSTEM
from ideas.papers import issued, signing
from ideas.papers.signing import Signatory, SigningRefused
from tests.support.factories.accounts import make_user
from tests.support.factories.papers import configure_signing, tiny_pdf
from tests.support.pki import PASSPHRASE, TOKEN_LABEL, TOKEN_PIN

SIGNATORIES = [Signatory("signer", "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"), Signatory("agency")]


def _pkcs12(session, monkeypatch, pki, *, signer=None, agency=True, **values):
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("IDEAS_SIGN_AGENCY_PASSPHRASE", PASSPHRASE)
    settings = {"signer.source": "pkcs12", "signer.pkcs12_path": str((signer or pki.signer).p12),
                "agency.source": "pkcs12" if agency else "none", "agency.pkcs12_path": str(pki.agency.p12),
                "trust_list": str(pki.trust_list), "tsa_url": pki.tsa_url, "tsa_policy": "refuse"}
    configure_signing(session, **{**settings, **values})


def _validate(pki, data: bytes) -> list:
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = list(load_certs_from_pemder([str(pki.trust_list)]))
    reader = PdfFileReader(io.BytesIO(data))
    return [validate_pdf_signature(sig, ValidationContext(trust_roots=roots)) for sig in reader.embedded_signatures]


def _pdfsig(tmp_path, data: bytes) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout


def _nothing_issued(session) -> None:
    assert session.scalar(select(func.count()).select_from(IssuedPaper)) == 0
    assert session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action.like("paper.%"))) == 0


def test_pkcs12_paper_is_signed_by_signer_and_agency_time_stamped_and_recorded(session, monkeypatch, pki, tmp_path):
    _pkcs12(session, monkeypatch, pki)
    source = tiny_pdf("Giay chung nhan so 01")
    paper = issued.issue(session=session, actor=SYSTEM, kind="recognition_decision", ref=7, pdf=source,
                         signatories=SIGNATORIES, reason="Công nhận sáng kiến", location="An Hòa")
    assert paper.status == issued.ISSUED and paper.timestamped
    assert paper.sha256 == issued.sha256(paper.content) and paper.content.startswith(source)
    assert [s["name"] for s in json.loads(paper.signers)] == ["Nguyễn Văn An", "Ủy ban nhân dân tỉnh An Hòa"]
    statuses = _validate(pki, paper.content)
    assert len(statuses) == 2
    for status in statuses:
        assert status.bottom_line and status.intact and status.valid and status.trusted
        assert status.timestamp_validity is not None and status.timestamp_validity.valid
    if shutil.which("pdfsig"):  # an independent validator (poppler)
        report = _pdfsig(tmp_path, paper.content)
        assert report.count("Signature is Valid.") == 2, report
        assert "Nguyễn Văn An" in report and "Ủy ban nhân dân tỉnh An Hòa" in report
    entry = session.scalar(select(AuditLog).where(AuditLog.action == "paper.issued"))
    assert entry.entity_id == str(paper.id) and paper.sha256 in entry.details


def test_visible_signatures_carry_name_title_and_vietnam_time(session, monkeypatch, pki):
    from pyhanko.pdf_utils.reader import PdfFileReader

    _pkcs12(session, monkeypatch, pki, tsa_url="")
    signed = signing.sign(session=session, pdf=tiny_pdf(), signatories=SIGNATORIES)
    assert not signed.timestamped
    reader = PdfFileReader(io.BytesIO(signed.content))
    widgets = [sig.sig_field for sig in reader.embedded_signatures]
    assert len(widgets) == 2
    for widget in widgets:
        rect = [float(x) for x in widget["/Rect"]]
        assert rect[2] - rect[0] > 200 and rect[3] - rect[1] > 50  # visible, not a zero-size field
        appearance = widget["/AP"]["/N"].get_object()
        assert appearance.data  # drawn text; the font is embedded in the appearance's resources
        fonts = _fonts(appearance)
        assert fonts and all("/FontFile2" in font for font in fonts)


def _fonts(xobject) -> list:
    """Font descriptors used by an appearance stream and the forms it draws."""
    found = []
    resources = xobject.get("/Resources", {})
    for font in dict(resources.get("/Font", {})).values():
        for descendant in font.get_object().get("/DescendantFonts", []):
            found.append(descendant.get_object()["/FontDescriptor"].get_object())
    for inner in dict(resources.get("/XObject", {})).values():
        found += _fonts(inner.get_object())
    return found


def test_pkcs11_token_signs_through_softhsm(session, monkeypatch, pki, softhsm, tmp_path):
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PIN", TOKEN_PIN)
    configure_signing(session, **{"signer.source": "pkcs11", "signer.module": softhsm, "signer.token": TOKEN_LABEL,
                                  "signer.key": "nguyen-van-an", "trust_list": str(pki.trust_list),
                                  "tsa_url": pki.tsa_url})
    paper = issued.issue(session=session, actor=SYSTEM, kind="recognition_decision", ref=8, pdf=tiny_pdf(),
                         signatories=SIGNATORIES)
    (status,) = _validate(pki, paper.content)  # no agency key configured: the signer's signature alone
    assert status.intact and status.valid and status.trusted
    assert json.loads(paper.signers)[0]["name"] == "Nguyễn Văn An"
    if shutil.which("pdfsig"):
        assert "Signature is Valid." in _pdfsig(tmp_path, paper.content)


@pytest.mark.parametrize("who, key, words", [
    ("expired", "papers_trust.error.cert_expired", "đã hết hạn"),
    ("revoked", "papers_trust.error.cert_revoked", "đã bị thu hồi"),
    ("stranger", "papers_trust.error.cert_untrusted", "danh sách tin cậy"),
])
def test_a_bad_certificate_is_refused_before_signing_and_nothing_is_issued(session, monkeypatch, pki, who, key, words):
    _pkcs12(session, monkeypatch, pki, signer=getattr(pki, who))
    before = pki.tsa_requests
    with pytest.raises(SigningRefused) as caught:
        issued.issue(session=session, actor=SYSTEM, kind="recognition_decision", ref=1, pdf=tiny_pdf(),
                     signatories=SIGNATORIES)
    assert caught.value.key == key
    assert words in t(caught.value.key, "vi", **caught.value.params)
    assert pki.tsa_requests == before  # refused before anything was asked of the time-stamp server
    _nothing_issued(session)


def test_wrong_passphrase_and_missing_key_file_are_named(session, monkeypatch, pki):
    _pkcs12(session, monkeypatch, pki)
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PASSPHRASE", "sai")
    with pytest.raises(SigningRefused) as caught:
        issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=1, pdf=tiny_pdf(), signatories=SIGNATORIES)
    assert caught.value.key == "papers_trust.error.passphrase_wrong"
    configure_signing(session, **{"signer.pkcs12_path": "/khong/co/tep.p12"})
    with pytest.raises(SigningRefused) as caught:
        issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=1, pdf=tiny_pdf(), signatories=SIGNATORIES)
    assert "/khong/co/tep.p12" in t(caught.value.key, "vi", **caught.value.params)
    _nothing_issued(session)


@pytest.mark.parametrize("change, key", [
    ({"signer.token": "TOKEN-KHAC"}, "papers_trust.error.token_absent"),
    ({"signer.module": "/usr/lib/khong-co/libtoken.so"}, "papers_trust.error.module"),
    ({"signer.key": "khoa-khac"}, "papers_trust.error.key_absent"),
    ("PIN", "papers_trust.error.pin_wrong"),
])
def test_token_absent_wrong_pin_and_missing_key_are_refused(session, monkeypatch, pki, softhsm, change, key):
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PIN", "000000" if change == "PIN" else TOKEN_PIN)
    values = {"signer.source": "pkcs11", "signer.module": softhsm, "signer.token": TOKEN_LABEL,
              "signer.key": "nguyen-van-an", "trust_list": str(pki.trust_list)}
    configure_signing(session, **{**values, **(change if isinstance(change, dict) else {})})
    with pytest.raises(SigningRefused) as caught:
        issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=1, pdf=tiny_pdf(), signatories=SIGNATORIES)
    assert caught.value.key == key
    message = t(caught.value.key, "vi", **caught.value.params)
    assert message and message != caught.value.key
    _nothing_issued(session)


def test_unreachable_time_stamp_server_follows_the_policy(session, monkeypatch, pki):
    _pkcs12(session, monkeypatch, pki, agency=False)
    waits: list[float] = []
    pki.tsa_down = True
    try:
        for policy, retries in (("refuse", 3), ("retry", 2)):
            configure_signing(session, tsa_policy=policy, tsa_retries=retries)
            with pytest.raises(SigningRefused) as caught:
                signing.sign(session=session, pdf=tiny_pdf(), signatories=SIGNATORIES, sleep=waits.append)
            assert caught.value.key == "papers_trust.error.tsa"
            assert caught.value.params["tries"] == (1 if policy == "refuse" else 3)
        assert waits == [1, 2]  # "retry" waited between its three tries, "refuse" not at all
        _nothing_issued(session)
        configure_signing(session, tsa_policy="continue")
        paper = issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=1, pdf=tiny_pdf(),
                             signatories=SIGNATORIES)
        assert paper.status == issued.ISSUED and not paper.timestamped
        (status,) = _validate(pki, paper.content)
        assert status.valid and status.trusted and status.timestamp_validity is None
    finally:
        pki.tsa_down = False


def test_without_a_signing_key_the_paper_is_an_unsigned_draft_marked_as_such(session):
    paper = issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=3, pdf=tiny_pdf(),
                         signatories=SIGNATORIES)
    assert paper.status == issued.DRAFT and paper.signers == "[]"
    assert issued.DRAFT_MARK.encode("utf-16-be") not in paper.content  # drawn with the embedded font, as glyphs
    assert len(paper.content) > len(tiny_pdf())
    assert issued.content(session, kind="certificate", ref=3) == paper.content
    with pytest.raises(SigningRefused) as caught:
        signing.sign(session=session, pdf=tiny_pdf(), signatories=SIGNATORIES)
    assert caught.value.key == "papers_trust.error.not_configured"


def test_only_holders_of_the_action_issue_and_settings_are_validated(session, pki):
    clerk = make_user(session)
    with pytest.raises(PermissionDenied):
        issued.issue(session=session, actor=clerk, kind="certificate", ref=1, pdf=tiny_pdf(), signatories=[])
    with pytest.raises(PermissionDenied):
        signing_settings.save(session=session, actor=clerk, values={"signing.tsa_url": "http://tsa"})
    for values, key in (({"signing.tsa_policy": "sometimes"}, "papers_trust.error.choice"),
                        ({"signing.tsa_url": "ftp://tsa"}, "papers_trust.error.tsa_url"),
                        ({"signing.tsa_retries": 99}, "papers_trust.error.retries"),
                        ({"signing.trust_list": "relative/trust.pem"}, "papers_trust.error.path")):
        with pytest.raises(ValidationError) as caught:
            signing_settings.save(session=session, actor=SYSTEM, values=values)
        assert caught.value.key == key
    _nothing_issued(session)


def test_secrets_come_from_the_environment_or_a_file_never_the_database(tmp_path):
    pin_file = tmp_path / "pin"
    pin_file.write_text("424242\n")
    assert signing_settings.secret("signer", "pin", {"IDEAS_SIGN_SIGNER_PIN": "1"}, tmp_path / "none") == "1"
    assert signing_settings.secret("signer", "pin", {"IDEAS_SIGN_SIGNER_PIN_FILE": str(pin_file)},
                                   tmp_path / "none") == "424242"
    assert signing_settings.secret("agency", "pin", {}, tmp_path / "none") is None
    assert not any("pin" in key or "passphrase" in key for key in signing_settings.DEFAULTS)


def test_an_unreachable_revocation_list_does_not_refuse_soft_fail(session, monkeypatch, pki):
    _pkcs12(session, monkeypatch, pki, agency=False, tsa_url="")
    kept = pki.crls.pop("/ca.crl")
    try:
        paper = issued.issue(session=session, actor=SYSTEM, kind="certificate", ref=4, pdf=tiny_pdf(),
                             signatories=SIGNATORIES)
    finally:
        pki.crls["/ca.crl"] = kept
    assert paper.status == issued.ISSUED
    (status,) = _validate(pki, paper.content)
    assert status.valid and status.trusted


def test_a_title_too_long_for_the_signature_box_wraps_and_stays_inside_it(session, monkeypatch, pki):
    from pyhanko.pdf_utils.reader import PdfFileReader

    _pkcs12(session, monkeypatch, pki, agency=False, tsa_url="")
    title = "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH THƯỜNG TRỰC " + "PHỤ TRÁCH CẢI CÁCH HÀNH CHÍNH VÀ CHUYỂN ĐỔI SỐ " * 6
    signed = signing.sign(session=session, pdf=tiny_pdf(), signatories=[Signatory("signer", title)])
    (embedded,) = PdfFileReader(io.BytesIO(signed.content)).embedded_signatures
    widget = embedded.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert (x1, y1, x2, y2) == signing.SIGNER_BOX
    bbox = [float(v) for v in widget["/AP"]["/N"].get_object()["/BBox"]]
    assert bbox[2] - bbox[0] <= x2 - x1 + 0.01 and bbox[3] - bbox[1] <= y2 - y1 + 0.01


def test_the_signature_stamp_font_has_a_thousand_units_per_em():
    # pyHanko 0.38 places stamp glyphs as if fonts had 1,000 units per em; the 2,048 of Liberation Serif and Times
    # New Roman spaced every letter of the visible signature apart (seen on the page rendered to PNG).
    from fontTools.ttLib import TTFont

    font = TTFont(signing.font_file())
    assert font["head"].unitsPerEm == 1000
    assert {"ủ", "ễ", "ờ"} <= {chr(code) for code in font.getBestCmap()}
