"""The council page's views without Streamlit: labels, Vietnamese numbers, on-screen votes, missing scores."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ideas.core.errors import PermissionDenied
from ideas.core.models import CouncilMember, CouncilVote, Decision
from ideas.review import decisions, scoring
from ideas.review import review_council_view as view
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.papers import complete_identity
from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea


@pytest.fixture
def council(session):
    unit = make_unit(session)
    campaign = make_campaign(session, unit=unit)
    council, people = make_council(session, campaign=campaign, unit=unit, reviewers=3)
    author = make_user(session, unit=unit, password=None)
    idea = make_idea(session, campaign=campaign, unit=unit, owner=author, title="Một cửa liên thông")
    scoring.screen(session=session, actor=people["secretary"][0], idea_id=idea.id, accept=True)
    scoring.assign(session=session, actor=people["chair"][0], idea_id=idea.id, mode="all")
    members = {m.user_id: m.id for m in session.scalars(select(CouncilMember)
                                                         .where(CouncilMember.council_id == council.id))}
    return {"session": session, "campaign": campaign, "idea": idea, "people": people, "members": members}


def _score(c, who, points=(25, 15, 20, 18)):
    scoring.score(session=c["session"], actor=who, idea_id=c["idea"].id, points=full_scores(points), verdict="meets")


def _sitting_votes(c, vote):
    people = c["people"]
    return {c["members"][p.id]: vote for p in [people["chair"][0], *people["member"]]}


def test_board_shows_vietnamese_numbers_and_labels(council):
    c = council
    for who in (c["people"]["chair"][0], c["people"]["member"][0]):
        _score(c, who, (25, 15, 20, 18) if who is c["people"]["chair"][0] else (25, 15, 20, 19))
    kw = {"session": c["session"], "actor": c["people"]["chair"][0], "campaign_id": c["campaign"].id}
    data = view.board(**kw, lang="vi")
    row = data.table.iloc[0]
    assert row["mean"] == "78,5" and row["receipt"].startswith("TN-")
    assert row["decision"] == "" and row["calibrated"] != "nan"
    assert "None" not in data.table.to_string() and "nan" not in data.table.to_string().lower()
    assert view.board(**kw, lang="en").table.iloc[0]["mean"] == "78.5"


def test_the_board_is_read_only_after_the_permission_check(council):
    c = council
    outsider = make_user(c["session"], unit=make_unit(c["session"]), password=None)
    with pytest.raises(PermissionDenied):
        view.board(session=c["session"], actor=outsider, lang="vi", campaign_id=c["campaign"].id)


def test_the_verdict_follows_the_votes_on_screen_before_anything_is_stored(council):
    c = council
    for who in (c["people"]["chair"][0], *c["people"]["member"]):
        _score(c, who)
    kw = {"session": c["session"], "actor": c["people"]["chair"][0], "lang": "vi", "campaign_id": c["campaign"].id,
          "idea_id": c["idea"].id}
    assert view.decide_form(**kw).passed is False
    form = view.decide_form(**kw, chosen=_sitting_votes(c, "for"))
    assert form.passed is True and form.missing_scores is None
    assert "ĐƯỢC CÔNG NHẬN" in form.verdict and all(ok for ok, _ in form.checks)
    assert c["session"].scalar(select(func.count()).select_from(CouncilVote)) == 0
    assert [m.role for m in view.sitting(**kw)][0] == "Chủ tịch"


def test_missing_scores_are_named_with_their_count(council):
    c = council
    _score(c, c["people"]["member"][0])
    form = view.decide_form(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                    campaign_id=c["campaign"].id, idea_id=c["idea"].id)
    assert form.missing_scores == "Mới có 1/4 thành viên được phân công đã chấm điểm."


def test_decide_stores_the_votes_of_the_form_and_decides_on_them(council):
    c = council
    for who in (c["people"]["chair"][0], *c["people"]["member"]):
        _score(c, who)
    decision = decisions.decide(session=c["session"], actor=c["people"]["chair"][0], idea_id=c["idea"].id,
                                number="7/QĐ-HĐSK", votes=_sitting_votes(c, "for"))
    complete_identity(c["session"])
    assert decision.outcome == "recognised" and decision.votes_for == 4 and decision.members_present == 4
    assert c["session"].scalar(select(func.count()).select_from(CouncilVote)) == 4
    docs = view.documents(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                  campaign_id=c["campaign"].id)
    row = docs.table.iloc[0]
    assert row["decision"] == "Được công nhận" and row["scope"] and row["certificate"].startswith("GCN-")
    assert docs.certificate[:2] == b"PK"


def test_an_impossible_tally_is_said_and_the_votes_on_screen_still_decide_the_preview(council):
    c = council
    for who in (c["people"]["chair"][0], *c["people"]["member"]):
        _score(c, who)
    form = view.decide_form(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                    campaign_id=c["campaign"].id, idea_id=c["idea"].id,
                                    chosen=_sitting_votes(c, "for"), counts={"for": 3, "against": 0, "present": 9})
    assert form.counts_error and "có 5 thành viên" in form.counts_error and form.passed is True


def test_the_form_choices_are_labels_keyed_by_code(council):
    c = council
    options = view.decide_options(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                          campaign_id=c["campaign"].id, higher=False)
    assert options.ideas == {c["idea"].id: f"{c['idea'].receipt_no} — Một cửa liên thông"}
    assert options.candidates is None
    assert options.votes == {"": "— chưa ghi —", "for": "Tán thành", "against": "Không tán thành",
                                "abstain": "Không biểu quyết"}
    assert options.scope_index == 0  # no target scope outside higher-scope campaigns: the first one
    assert options.scopes["provincial"] == "Cấp tỉnh"
    members = view.members(session=c["session"], actor=c["people"]["secretary"][0], lang="vi",
                                   council_id=c["session"].scalar(select(CouncilMember.council_id)))
    assert list(members.roles)[members.role_index] == "member" and members.roles["member"] == "Ủy viên"


def test_the_notes_come_in_the_order_the_page_shows_them(council):
    c = council
    _score(c, c["people"]["member"][0])
    form = view.decide_form(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                    campaign_id=c["campaign"].id, idea_id=c["idea"].id,
                                    chosen=_sitting_votes(c, "for"), counts={"for": 3, "against": 0, "present": 9})
    kinds = [kind for kind, _ in form.notes]
    assert kinds == ["error", "text", "text", "text", "text", "warning", form.notes[-1][0]]
    assert form.notes[0][1] == form.counts_error and form.notes[5][1] == form.missing_scores
    assert [text[:2] for _, text in form.notes[1:5]] == [("✔ " if ok else "✘ ") for ok, _ in form.checks]
    assert form.notes[-1] == ("success" if form.passed else "warning", form.verdict)
    assert form.evidence is None  # replication evidence is for higher-scope campaigns only


def test_empty_tables_are_none_and_downloads_carry_their_file_names(council):
    c = council
    kw = {"session": c["session"], "actor": c["people"]["chair"][0], "lang": "vi", "campaign_id": c["campaign"].id}
    assert view.assignments(session=c["session"], actor=kw["actor"], lang="vi",
                                    idea_id=c["idea"].id).conflicts is None
    before = view.documents(**kw)
    assert before.table is None and before.downloads == [] and before.certificate is None
    for who in (c["people"]["chair"][0], *c["people"]["member"]):
        _score(c, who)
    decisions.decide(session=c["session"], actor=kw["actor"], idea_id=c["idea"].id, number="8/QĐ-HĐSK",
                     votes=_sitting_votes(c, "for"))
    refused = view.documents(**kw, minutes=True)  # the organisation's identity is still the shipped placeholder
    assert refused.downloads == [] and "/admin_settings" in refused.refusal and refused.table is not None
    complete_identity(c["session"])
    docs = view.documents(**kw, minutes=True)
    names = [(d.label_key, d.file_name, d.key) for d in docs.downloads]
    cert = next(iter(docs.certificates))
    decision = c["session"].scalar(select(Decision.id).where(Decision.idea_id == c["idea"].id))
    assert names == [("review.docs.download_certificate", f"giay-chung-nhan-{cert}.docx", "docs_certificate_download"),
                     ("papers.download.certificate_pdf", f"giay-chung-nhan-{cert}.pdf", "docs_certificate_pdf"),
                     ("papers.download.recognition_pdf", f"quyet-dinh-cong-nhan-{decision}.pdf",
                      "docs_recognition_pdf"),
                     ("papers.download.recognition_docx", f"quyet-dinh-cong-nhan-{decision}.docx",
                      "docs_recognition_docx"),
                     ("review.docs.minutes_docx", f"bien-ban-{c['campaign'].id}.docx", "docs_minutes_docx"),
                     ("review.docs.minutes_xlsx", f"bien-ban-{c['campaign'].id}.xlsx", "docs_minutes_xlsx"),
                     ("papers.download.minutes_pdf", f"bien-ban-{c['campaign'].id}.pdf", "docs_minutes_pdf")]
    assert all(d.payload[:2] == b"PK" or d.payload[:5] == b"%PDF-" for d in docs.downloads)
    assert docs.refusal is None
