"""The council page's views without Streamlit: labels, Vietnamese numbers, on-screen votes, missing scores."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ideas.core.models import CouncilMember, CouncilVote
from ideas.review import council_view, decisions, scoring
from tests.factories import make_unit, make_user
from tests.factories_review import full_scores, make_campaign, make_council, make_idea


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
    data = council_view.board_table(c["session"], c["campaign"].id, "vi")
    row = data["table"].iloc[0]
    assert row["mean"] == "78,5" and row["receipt"].startswith("TN-")
    assert row["decision"] == "" and row["calibrated"] != "nan"
    assert "None" not in data["table"].to_string() and "nan" not in data["table"].to_string().lower()
    assert council_view.board_table(c["session"], c["campaign"].id, "en")["table"].iloc[0]["mean"] == "78.5"


def test_the_verdict_follows_the_votes_on_screen_before_anything_is_stored(council):
    c = council
    for who in (c["people"]["chair"][0], *c["people"]["member"]):
        _score(c, who)
    kw = {"session": c["session"], "actor": c["people"]["chair"][0], "lang": "vi", "campaign_id": c["campaign"].id,
          "idea_id": c["idea"].id}
    assert council_view.decide_form(**kw)["passed"] is False
    form = council_view.decide_form(**kw, chosen=_sitting_votes(c, "for"))
    assert form["passed"] is True and form["missing_scores"] is None
    assert "ĐƯỢC CÔNG NHẬN" in form["verdict"] and all(ok for ok, _ in form["checks"])
    assert c["session"].scalar(select(func.count()).select_from(CouncilVote)) == 0
    assert [m["role"] for m in council_view.sitting(**kw)][0] == "Chủ tịch"


def test_missing_scores_are_named_with_their_count(council):
    c = council
    _score(c, c["people"]["member"][0])
    form = council_view.decide_form(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                    campaign_id=c["campaign"].id, idea_id=c["idea"].id)
    assert form["missing_scores"] == "Mới có 1/4 thành viên được phân công đã chấm điểm."


def test_decide_stores_the_votes_of_the_form_and_decides_on_them(council):
    c = council
    for who in (c["people"]["chair"][0], *c["people"]["member"]):
        _score(c, who)
    decision = decisions.decide(session=c["session"], actor=c["people"]["chair"][0], idea_id=c["idea"].id,
                                number="7/QĐ-HĐSK", votes=_sitting_votes(c, "for"))
    assert decision.outcome == "recognised" and decision.votes_for == 4 and decision.members_present == 4
    assert c["session"].scalar(select(func.count()).select_from(CouncilVote)) == 4
    docs = council_view.documents(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                  campaign_id=c["campaign"].id)
    row = docs["table"].iloc[0]
    assert row["decision"] == "Được công nhận" and row["scope"] and row["certificate"].startswith("GCN-")
    assert docs["certificate"][:2] == b"PK"


def test_an_impossible_tally_is_said_and_the_votes_on_screen_still_decide_the_preview(council):
    c = council
    for who in (c["people"]["chair"][0], *c["people"]["member"]):
        _score(c, who)
    form = council_view.decide_form(session=c["session"], actor=c["people"]["chair"][0], lang="vi",
                                    campaign_id=c["campaign"].id, idea_id=c["idea"].id,
                                    chosen=_sitting_votes(c, "for"), counts={"for": 3, "against": 0, "present": 9})
    assert form["counts_error"] and "có 5 thành viên" in form["counts_error"] and form["passed"] is True
