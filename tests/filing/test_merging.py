"""Merging a duplicate file into another: rules, supports moved once, history on both, refusals afterwards."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ideas.accounts import inbox
from ideas.core.errors import DomainError, InvalidTransition, PermissionDenied, ValidationError
from ideas.core.models import AuditLog, IdeaHistory, ReviewAssignment, Support
from ideas.dashboards.reports import COUNTED_STATUSES
from ideas.filing import browse, ideas_detail_view, merging, social
from ideas.review import decisions, scoring, votes
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import make_campaign, make_council, make_idea


@pytest.fixture
def case(session):
    unit = make_unit(session)
    campaign = make_campaign(session, unit=unit)
    council, people = make_council(session, campaign=campaign, unit=unit, reviewers=3)
    author_a = make_user(session, unit=unit, roles=[("staff", None)], full_name="Tác Giả A")
    author_b = make_user(session, unit=unit, roles=[("staff", None)], full_name="Tác Giả B")
    a = make_idea(session, campaign=campaign, unit=unit, owner=author_a, title="Một cửa điện tử (bản trùng)")
    b = make_idea(session, campaign=campaign, unit=unit, owner=author_b, title="Một cửa điện tử")
    return {"session": session, "unit": unit, "campaign": campaign, "council": council, "people": people,
            "secretary": people["secretary"][0], "a": a, "b": b, "author_a": author_a, "author_b": author_b}


def _supporters(session, unit, n):
    return [make_user(session, unit=unit, roles=[("staff", None)]) for _ in range(n)]


def _support(session, users, idea):
    for user in users:
        social.set_support(session=session, actor=user, idea_id=idea.id, on=True)


def test_merge_moves_supports_once_and_records_both_histories(case):
    s, a, b = case["session"], case["a"], case["b"]
    both, only_a, only_b = (_supporters(s, case["unit"], n) for n in (2, 3, 1))
    _support(s, both + only_a, a)
    _support(s, both + only_b, b)
    _support(s, [case["author_b"]], a)  # B's author supported A: not moved (nobody supports their own file)
    merging.merge(session=s, actor=case["secretary"], idea_id=a.id, into_id=b.id, reason="Trùng nội dung")
    assert a.status == "merged" and a.merged_into_id == b.id and a.merged_at is not None
    supporters_b = set(s.scalars(select(Support.user_id).where(Support.idea_id == b.id)))
    assert supporters_b == {u.id for u in both + only_a + only_b}
    assert s.scalar(select(func.count()).select_from(Support).where(Support.idea_id == a.id)) == 0
    s.refresh(a), s.refresh(b)
    assert (a.support_count, b.support_count) == (0, 6)
    history_a = s.scalars(select(IdeaHistory).where(IdeaHistory.idea_id == a.id)).all()
    assert [(h.from_status, h.to_status, h.reason) for h in history_a][-1] == ("submitted", "merged", "Trùng nội dung")
    history_b = s.scalars(select(IdeaHistory).where(IdeaHistory.idea_id == b.id)).all()
    assert history_b[-1].to_status == "submitted" and a.receipt_no in history_b[-1].reason
    actions = {(row.action, row.entity_id) for row in s.scalars(select(AuditLog))}
    assert ("idea.merge", str(a.id)) in actions and ("idea.absorb", str(b.id)) in actions


def test_authors_of_the_merged_file_are_told(case):
    s = case["session"]
    merging.merge(session=s, actor=case["secretary"], idea_id=case["a"].id, into_id=case["b"].id, reason="Trùng")
    message = inbox.messages(s, user=case["author_a"]).iloc[0]
    assert message["kind"] == "idea.merged" and message["message_key"] == "merging.msg.merged"
    assert message["params"]["receipt"] == case["b"].receipt_no and message["params"]["reason"] == "Trùng"
    assert inbox.unread_count(s, user=case["author_b"]) == 0


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_reason_is_required(case, reason):
    with pytest.raises(ValidationError):
        merging.merge(session=case["session"], actor=case["secretary"], idea_id=case["a"].id,
                      into_id=case["b"].id, reason=reason)
    assert case["a"].status == "submitted"


def test_refusals_itself_chain_campaign_and_final(case):
    s, secretary, a, b = case["session"], case["secretary"], case["a"], case["b"]
    with pytest.raises(ValidationError, match="merging.error.itself"):
        merging.merge(session=s, actor=secretary, idea_id=a.id, into_id=a.id, reason="x")
    other = make_idea(s, campaign=make_campaign(s, unit=case["unit"]), unit=case["unit"], owner=case["author_a"])
    with pytest.raises(ValidationError, match="merging.error.other_campaign"):
        merging.merge(session=s, actor=secretary, idea_id=a.id, into_id=other.id, reason="x")
    refused = make_idea(s, campaign=case["campaign"], unit=case["unit"], owner=case["author_a"],
                        status="not_recognised")
    with pytest.raises(ValidationError, match="merging.error.target_status"):
        merging.merge(session=s, actor=secretary, idea_id=a.id, into_id=refused.id, reason="x")
    with pytest.raises(InvalidTransition, match="merging.error.source_status"):
        merging.merge(session=s, actor=secretary, idea_id=refused.id, into_id=b.id, reason="x")
    merging.merge(session=s, actor=secretary, idea_id=a.id, into_id=b.id, reason="x")
    third = make_idea(s, campaign=case["campaign"], unit=case["unit"], owner=case["author_a"])
    with pytest.raises(ValidationError, match="merging.error.target_merged"):  # no chains: merge into B instead
        merging.merge(session=s, actor=secretary, idea_id=third.id, into_id=a.id, reason="x")
    with pytest.raises(InvalidTransition):  # merged is final
        merging.merge(session=s, actor=secretary, idea_id=a.id, into_id=third.id, reason="x")


def test_only_a_secretary_in_scope_may_merge(case):
    s = case["session"]
    with pytest.raises(PermissionDenied):
        merging.merge(session=s, actor=case["author_a"], idea_id=case["a"].id, into_id=case["b"].id, reason="x")
    elsewhere = make_user(s, unit=make_unit(s), roles=[("secretary", make_unit(s))])
    with pytest.raises(PermissionDenied):
        merging.merge(session=s, actor=elsewhere, idea_id=case["a"].id, into_id=case["b"].id, reason="x")


def test_a_merged_file_cannot_be_scored_voted_decided_or_supported(case):
    s, secretary, a, b = case["session"], case["secretary"], case["a"], case["b"]
    scoring.screen(session=s, actor=secretary, idea_id=a.id, accept=True)
    scoring.assign(session=s, actor=secretary, idea_id=a.id, mode="balanced", count=2)
    reviewer = s.scalar(select(ReviewAssignment).where(ReviewAssignment.idea_id == a.id)).reviewer_id
    merging.merge(session=s, actor=secretary, idea_id=a.id, into_id=b.id, reason="Trùng")
    statuses = set(s.scalars(select(ReviewAssignment.status).where(ReviewAssignment.idea_id == a.id)))
    assert statuses == {"merged"}  # gone from the reviewers' queues
    chair = case["people"]["chair"][0]
    reviewer_user = next(u for u in case["people"]["member"] + [chair] if u.id == reviewer)
    calls = [
        lambda: scoring.score(session=s, actor=reviewer_user, idea_id=a.id, points={}, verdict="meets"),
        lambda: scoring.assign(session=s, actor=secretary, idea_id=a.id),
        lambda: votes.record_votes(session=s, actor=chair, idea_id=a.id, votes={}),
        lambda: decisions.decide(session=s, actor=chair, idea_id=a.id, number="1/QĐ"),
    ]
    for call in calls:
        with pytest.raises(DomainError, match="merging.error.file_merged"):
            call()
    with pytest.raises(ValidationError, match="merging.error.support_merged"):
        social.set_support(session=s, actor=_supporters(s, case["unit"], 1)[0], idea_id=a.id, on=True)


def test_merged_files_leave_browse_and_dashboard_counts(case):
    s = case["session"]
    merging.merge(session=s, actor=case["secretary"], idea_id=case["a"].id, into_id=case["b"].id, reason="x")
    frame, total = browse.search_ideas(s)
    assert case["a"].id not in set(frame.id) and total == 1
    frame, total = browse.search_ideas(s, status="merged")
    assert list(frame.id) == [case["a"].id] and total == 1
    assert "merged" not in COUNTED_STATUSES


def test_detail_page_links_both_ways_and_offers_the_merge_to_a_secretary(case):
    s, a, b = case["session"], case["a"], case["b"]
    page = ideas_detail_view.detail_view(session=s, actor=case["secretary"], idea_id=a.id)
    assert b.id in page.merge_targets and page.merged_into is None
    assert ideas_detail_view.detail_view(session=s, actor=case["author_a"], idea_id=a.id).merge_targets == {}
    merging.merge(session=s, actor=case["secretary"], idea_id=a.id, into_id=b.id, reason="x")
    page = ideas_detail_view.detail_view(session=s, actor=case["author_a"], idea_id=a.id)
    assert page.merged_into[0] == b.id and page.status_label == "Đã gộp"
    assert list(ideas_detail_view.detail_view(session=s, actor=case["author_b"], idea_id=b.id).absorbed) == [a.id]
