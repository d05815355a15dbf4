"""The award annex issued with the approval: signed and verifiable, refused as a whole, a draft without a key."""
from __future__ import annotations

import datetime as dt

import pytest

from ideas.core.models import AwardList, IssuedPaper
from ideas.papers import issued, verification
from ideas.papers.signing import SigningRefused
from ideas.rewards import awards, issuing, rewards_lists_view
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import complete_identity, configure_signing
from tests.support.factories.rewards import make_recognised_idea
from tests.support.pki import PASSPHRASE, build_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    built = build_pki(tmp_path_factory.mktemp("pki"))
    yield built
    built.close()


def _submitted_list(session):
    province = make_unit(session, kind="province", name="UBND tỉnh")
    unit = make_unit(session, parent=province, kind="district", name="UBND huyện Đông")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)], full_name="Trần Thị Thi Đua")
    author = make_user(session, unit=unit, full_name="Phạm Văn Tác Giả")
    idea = make_recognised_idea(session, authors=[author], unit=unit, title="Một cửa điện tử liên thông")
    award_list = awards.create_list(session=session, actor=officer, title="cá nhân được khen thưởng", year=2025,
                                    unit_id=unit.id)
    awards.update_list(session=session, actor=officer, list_id=award_list.id, decision_date=dt.date(2025, 8, 5))
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=author.id,
                          form_code="GIAY_KHEN", idea_id=idea.id)
    awards.submit_list(session=session, actor=officer, list_id=award_list.id)
    return officer, award_list


def _approve(session, officer, award_list):
    return issuing.approve_list(session=session, actor=officer, list_id=award_list.id, decision_no="15/QĐ-UBND",
                                decision_date=dt.date(2025, 8, 5), signer="Lê Văn Ký",
                                signer_title="Chủ tịch Ủy ban nhân dân huyện Đông")


def _sign_with(session, monkeypatch, pki, identity) -> None:
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("IDEAS_SIGN_AGENCY_PASSPHRASE", PASSPHRASE)
    configure_signing(session, **{"signer.source": "pkcs12", "signer.pkcs12_path": str(identity.p12),
                                  "agency.source": "pkcs12", "agency.pkcs12_path": str(pki.agency.p12),
                                  "trust_list": str(pki.trust_list), "tsa_url": pki.tsa_url})


def test_approval_issues_the_signed_annex_that_verifies_by_file(session, monkeypatch, pki):
    complete_identity(session)
    _sign_with(session, monkeypatch, pki, pki.signer)
    officer, award_list = _submitted_list(session)
    _approve(session, officer, award_list)
    paper = issuing.award_decision_pdf(session, list_id=award_list.id)
    assert paper.status == issued.ISSUED and paper.verification_code == award_list.verification_code
    check = verification.verify_file(session=session, data=paper.content, client="203.0.113.60")
    assert check.verdict == "exact" and check.found.kind == "award_decision"
    assert check.found.decision_no == "15/QĐ-UBND" and all(s.good for s in check.signatures)


def test_a_revoked_certificate_refuses_the_approval_as_a_whole(session, monkeypatch, pki):
    complete_identity(session)
    _sign_with(session, monkeypatch, pki, pki.revoked)
    officer, award_list = _submitted_list(session)
    with pytest.raises(SigningRefused):
        with session.begin_nested():
            _approve(session, officer, award_list)
    session.expire_all()
    kept = session.get(AwardList, award_list.id)
    assert kept.status == "submitted" and kept.decision_no is None
    assert session.query(IssuedPaper).count() == 0


def test_without_a_key_the_annex_is_a_draft_and_without_identity_nothing(session):
    officer, award_list = _submitted_list(session)
    _approve(session, officer, award_list)  # placeholders: approved, no paper
    assert issuing.award_decision_pdf(session, list_id=award_list.id) is None
    complete_identity(session)
    officer, second = _submitted_list(session)
    _approve(session, officer, second)
    assert issuing.award_decision_pdf(session, list_id=second.id).status == issued.DRAFT
    shown = {d.key: d for d in rewards_lists_view.downloads(session=session, actor=officer, list_id=second.id)}
    assert shown["rl_dl_pdf"].label_key == "papers_trust.list.download_draft"
    assert shown["rl_dl_pdf"].payload == issuing.award_decision_pdf(session, list_id=second.id).content
