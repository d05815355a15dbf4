"""Review services: conflicts, screening, assignment, scoring bounds and freeze, pass rule, votes, certificates."""
from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import select

from ideas.accounts import inbox
from ideas.core import clock
from ideas.core.errors import ConcurrentUpdate, InvalidTransition, PermissionDenied, ValidationError
from ideas.core.models import AuditLog, Certificate, CouncilMember, Decision, Idea, IdeaHistory, ReviewAssignment
from ideas.review import board, councils, decisions, passrule, scoring, votes
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea


@pytest.fixture
def setup(session):
    unit = make_unit(session)
    campaign = make_campaign(session, unit=unit)
    council, people = make_council(session, campaign=campaign, unit=unit, reviewers=3)
    author = make_user(session, unit=unit, full_name="Hoàng Tác Giả", password=None)
    return {"unit": unit, "campaign": campaign, "council": council, "people": people, "author": author,
            "session": session}


def _under_review(s, setup, **kw):
    idea = make_idea(s, campaign=setup["campaign"], unit=setup["unit"], owner=setup["author"], **kw)
    scoring.screen(session=s, actor=setup["people"]["secretary"][0], idea_id=idea.id, accept=True)
    return idea


def test_screen_accept_sets_due_date_and_notifies(setup):
    s = setup["session"]
    idea = make_idea(s, campaign=setup["campaign"], unit=setup["unit"], owner=setup["author"])
    scoring.screen(session=s, actor=setup["people"]["secretary"][0], idea_id=idea.id, accept=True)
    assert idea.status == "under_review" and idea.review_stage == "screened"
    assert idea.decision_due_on == clock.add_months(clock.local_date(idea.accepted_at), 3)  # the Vietnam date
    assert inbox.unread_count(s, user=setup["author"]) == 1


def test_screen_return_needs_reason_and_tells_author(setup):
    s = setup["session"]
    idea = make_idea(s, campaign=setup["campaign"], unit=setup["unit"], owner=setup["author"])
    secretary = setup["people"]["secretary"][0]
    with pytest.raises(ValidationError):
        scoring.screen(session=s, actor=secretary, idea_id=idea.id, accept=False, reason=" ")
    scoring.screen(session=s, actor=secretary, idea_id=idea.id, accept=False, reason="Thiếu mô tả")
    assert idea.status == "returned"
    msgs = inbox.messages(s, user=setup["author"])
    assert msgs.iloc[0]["message_key"] == "inbox.msg.returned"
    assert msgs.iloc[0]["params"]["reason"] == "Thiếu mô tả"


def test_reviewer_cannot_screen(setup):
    s = setup["session"]
    idea = make_idea(s, campaign=setup["campaign"], unit=setup["unit"], owner=setup["author"])
    with pytest.raises(PermissionDenied):
        scoring.screen(session=s, actor=setup["people"]["member"][0], idea_id=idea.id, accept=True)


def test_two_secretaries_screen_concurrently(db):
    with db.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        sec1 = make_user(s, unit=unit, roles=[("secretary", None)])
        sec2 = make_user(s, unit=unit, roles=[("secretary", None)])
        author = make_user(s, unit=unit)
        idea_id = make_idea(s, campaign=campaign, unit=unit, owner=author).id
    barrier = threading.Barrier(2)
    results: list[object] = []

    def work(actor_id: int, accept: bool) -> None:
        barrier.wait()
        try:
            with db.session() as s:
                actor = s.get(type(author), actor_id)
                scoring.screen(session=s, actor=actor, idea_id=idea_id, accept=accept, reason="Trả lại")
            results.append("ok")
        except (InvalidTransition, ConcurrentUpdate) as error:
            results.append(error)

    threads = [threading.Thread(target=work, args=(sec1.id, True)),
               threading.Thread(target=work, args=(sec2.id, False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    errors = [r for r in results if r != "ok"]
    assert len(errors) == 1 and errors[0].key in ("review.error.not_submitted", "error.concurrent_update")
    with db.read_session() as s:
        idea = s.get(Idea, idea_id)
        assert idea.status in ("under_review", "returned")
        assert len(s.scalars(select(IdeaHistory).where(IdeaHistory.idea_id == idea_id)).all()) == 1


def test_assign_balanced_excludes_authors_and_balances_load(setup):
    s = setup["session"]
    members = setup["people"]["member"]
    chair = setup["people"]["chair"][0]
    # a member is co-author of the first idea: never its reviewer
    idea1 = _under_review(s, setup, co_authors=[members[0]])
    created = scoring.assign(session=s, actor=chair, idea_id=idea1.id, mode="balanced", count=2)
    chosen = {a.reviewer_id for a in created}
    assert members[0].id not in chosen and len(chosen) == 2
    idea2 = _under_review(s, setup)
    created2 = scoring.assign(session=s, actor=chair, idea_id=idea2.id, mode="balanced", count=2)
    # members[0] has no load yet, so it is picked first now
    assert members[0].id in {a.reviewer_id for a in created2}
    with pytest.raises(PermissionDenied):
        scoring.assign(session=s, actor=chair, idea_id=idea1.id, mode="pick", reviewer_ids=[members[0].id])
    assert list(inbox.messages(s, user=members[0])["message_key"]).count("inbox.msg.assigned") == 1
    assert idea1.review_stage == "assigned"


def test_declared_conflict_recuses_and_allows_reassignment(setup):
    s = setup["session"]
    members = setup["people"]["member"]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup)
    first = scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="balanced", count=2)
    leaving = first[0].reviewer_id
    councils.declare_conflict(session=s, actor=s.get(type(chair), leaving), idea_id=idea.id, reason="Người thân")
    assert s.scalar(select(ReviewAssignment.status).where(ReviewAssignment.reviewer_id == leaving,
                                                          ReviewAssignment.idea_id == idea.id)) == "recused"
    actor = s.get(type(chair), leaving)
    with pytest.raises(PermissionDenied):
        scoring.score(session=s, actor=actor, idea_id=idea.id, points=full_scores((20, 15, 20, 15)), verdict="meets")
    again = scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="balanced", count=2)
    assert len(again) == 1 and again[0].reviewer_id not in {leaving} and again[0].reviewer_id in {m.id for m in members}


def test_author_cannot_score_or_vote_even_if_assigned_by_hand(setup):
    s = setup["session"]
    member = setup["people"]["member"][0]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup, co_authors=[member])
    s.add(ReviewAssignment(idea_id=idea.id, reviewer_id=member.id, status="active"))  # a crafted row
    s.flush()
    with pytest.raises(PermissionDenied):
        scoring.score(session=s, actor=member, idea_id=idea.id, points=full_scores((20, 15, 20, 15)), verdict="meets")
    with pytest.raises(PermissionDenied):
        scoring.scoring_view(s, actor=member, idea_id=idea.id)
    member_row = s.scalar(select(CouncilMember).where(CouncilMember.user_id == member.id))
    with pytest.raises(PermissionDenied):
        votes.record_votes(session=s, actor=chair, idea_id=idea.id, votes={member_row.id: "for"})


def test_chair_who_is_author_cannot_decide(setup):
    s = setup["session"]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup, co_authors=[chair])
    with pytest.raises(PermissionDenied):
        decisions.decide(session=s, actor=chair, idea_id=idea.id, number="1/QĐ", reason="x")


def test_scores_out_of_bounds_refused(setup):
    s = setup["session"]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    reviewer = setup["people"]["member"][0]
    for bad in ((31, 10, 10, 10), (-1, 10, 10, 10), (10, 21, 10, 10)):
        with pytest.raises(ValidationError) as info:
            scoring.score(session=s, actor=reviewer, idea_id=idea.id, points=full_scores(bad), verdict="meets")
        assert info.value.key == "review.error.score_out_of_bounds"
    with pytest.raises(ValidationError):
        scoring.score(session=s, actor=reviewer, idea_id=idea.id, points={"novelty": 10}, verdict="meets")
    sheet = scoring.score(session=s, actor=reviewer, idea_id=idea.id, points=full_scores((30, 20, 30, 20)),
                         verdict="meets")
    assert float(sheet.total) == 100


def test_score_change_until_decision_then_refused(setup):
    s = setup["session"]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    reviewers = [chair, *setup["people"]["member"]]
    for r in reviewers:
        scoring.score(session=s, actor=r, idea_id=idea.id, points=full_scores((20, 15, 20, 15)), verdict="meets")
    sheet = scoring.score(session=s, actor=reviewers[1], idea_id=idea.id, points=full_scores((25, 15, 20, 15)),
                         verdict="meets", comment="Đổi ý")
    assert float(sheet.total) == 75 and sheet.version == 2
    with pytest.raises(ConcurrentUpdate):
        scoring.score(session=s, actor=reviewers[1], idea_id=idea.id, points=full_scores((25, 15, 20, 15)),
                     verdict="meets", expected_version=1)
    assert idea.review_stage == "scored"
    members = s.scalars(select(CouncilMember).where(CouncilMember.council_id == setup["council"].id)).all()
    votes.record_votes(session=s, actor=chair, idea_id=idea.id, votes={m.id: "for" for m in members})
    decision = decisions.decide(session=s, actor=chair, idea_id=idea.id, number="12/QĐ-HĐSK")
    assert decision.outcome == "recognised" and idea.status == "recognised" and idea.scope == "unit"
    with pytest.raises(InvalidTransition):
        scoring.score(session=s, actor=reviewers[1], idea_id=idea.id, points=full_scores((5, 5, 5, 5)),
                     verdict="does_not_meet")
    with pytest.raises(InvalidTransition):
        votes.record_votes(session=s, actor=chair, idea_id=idea.id, votes={members[0].id: "against"})
    cert = s.scalar(select(Certificate).where(Certificate.decision_id == decision.id))
    assert cert.number == f"GCN-{clock.today().year}-0001"
    snapshot = decisions.json.loads(decision.rule_snapshot)
    assert snapshot["rule"]["min_mean"] == 50 and snapshot["checks"]["approval"] is True
    keys = set(inbox.messages(s, user=setup["author"])["message_key"])
    assert "inbox.msg.recognised" in keys


RULE = dict(passrule.DEFAULT_PASS_RULE)


@pytest.mark.parametrize(("mean", "novelty", "votes_for", "total", "present", "passed", "failing"), [
    (50, 1, 4, 6, 6, True, None),            # exactly 2/3 of 6 approve
    (50, 1, 3, 6, 6, False, "approval"),     # one vote less
    (60, 10, 6, 9, 6, True, None),           # exactly 2/3 present and approving
    (60, 10, 5, 9, 5, False, "quorum"),      # no quorum (5 of 9 present)
    (60, 0, 6, 6, 6, False, "novelty"),      # novelty 0 fails
    (49.99, 10, 6, 6, 6, False, "mean"),     # mean just under 50
    (50.0, 0.01, 2, 3, 2, True, None),       # ceil(2/3 * 3) = 2
])
def test_pass_rule_edges(mean, novelty, votes_for, total, present, passed, failing):
    result = passrule.evaluate(RULE, mean=mean, novelty_mean=novelty, votes_for=votes_for, members_total=total,
                                members_present=present)
    assert result.passed is passed
    if failing:
        assert result.checks[failing] is False


def test_campaign_pass_rule_overrides_defaults(session):
    campaign = make_campaign(session, pass_rule={"min_mean": 70, "approval_ratio": "1/2"})
    rule = passrule.pass_rule(campaign)
    assert rule["min_mean"] == 70 and rule["approval_ratio"] == "1/2" and rule["quorum_ratio"] == "2/3"


def test_refusal_needs_reason_and_records_counts(setup):
    s = setup["session"]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    for r in [chair, *setup["people"]["member"]]:
        scoring.score(session=s, actor=r, idea_id=idea.id, points=full_scores((5, 5, 5, 5)), verdict="does_not_meet")
    with pytest.raises(ValidationError) as info:
        decisions.decide(session=s, actor=chair, idea_id=idea.id, number="3/QĐ",
                         counts={"for": 1, "against": 4, "present": 5})
    assert info.value.key == "review.error.refusal_reason_required"
    decision = decisions.decide(session=s, actor=chair, idea_id=idea.id, number="3/QĐ", reason="Chưa mới",
                                counts={"for": 1, "against": 4, "present": 5})
    assert decision.outcome == "not_recognised" and idea.status == "not_recognised"
    assert decision.votes_against == 4 and decision.members_total == 5
    assert s.scalar(select(Certificate.id).where(Certificate.decision_id == decision.id)) is None
    with pytest.raises(PermissionDenied):
        decisions.decide(session=s, actor=setup["people"]["secretary"][0], idea_id=idea.id, number="x", reason="x")


def test_the_decision_records_the_verdict_the_preview_showed(setup):
    s = setup["session"]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    reviewers = [chair, *setup["people"]["member"]]
    empty = decisions.preview(s, actor=chair, idea_id=idea.id)
    assert empty.figures["n"] == 0 and not empty.passed
    assert empty.progress == {"assigned": len(reviewers), "scored": 0}
    with pytest.raises(ValidationError) as info:  # a preview without scores is shown; a decision is refused
        decisions.decide(session=s, actor=chair, idea_id=idea.id, number="4/QĐ", reason="x")
    assert info.value.key == "review.error.no_scores"
    for r in reviewers:
        scoring.score(session=s, actor=r, idea_id=idea.id, points=full_scores((20, 15, 20, 15)), verdict="meets")
    members = s.scalars(select(CouncilMember).where(CouncilMember.council_id == setup["council"].id)).all()
    chosen = {m.id: "for" for m in members}
    shown = decisions.preview(s, actor=chair, idea_id=idea.id, votes=chosen)
    assert shown.passed and shown.progress == {"assigned": len(reviewers), "scored": len(reviewers)}
    decision = decisions.decide(session=s, actor=chair, idea_id=idea.id, number="4/QĐ", votes=chosen)
    snapshot = json.loads(decision.rule_snapshot)
    assert decision.outcome == "recognised"
    assert (snapshot["checks"], snapshot["rule"]) == (shown.evaluation.checks, shown.rule)
    assert snapshot["values"] == json.loads(json.dumps(shown.evaluation.values))
    assert (decision.votes_for, decision.members_present, decision.members_total) == (
        shown.votes["for"], shown.votes["present"], shown.votes["total"])


def test_higher_scope_raises_scope_without_status_change(setup):
    s = setup["session"]
    chair = setup["people"]["chair"][0]
    idea = _under_review(s, setup)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    for r in [chair, *setup["people"]["member"]]:
        scoring.score(session=s, actor=r, idea_id=idea.id, points=full_scores((25, 15, 25, 15)), verdict="meets")
    decisions.decide(session=s, actor=chair, idea_id=idea.id, number="1/QĐ", counts={"for": 5, "present": 5})
    province = make_campaign(s, kind="higher_scope", target_scope="provincial")
    p_council, p_people = make_council(s, campaign=province, reviewers=2)
    p_chair = p_people["chair"][0]
    candidates = board.higher_scope_candidates(s, actor=p_chair, campaign_id=province.id)
    assert idea.id in set(candidates["idea_id"])
    members = s.scalars(select(CouncilMember).where(CouncilMember.council_id == p_council.id)).all()
    votes.record_votes(session=s, actor=p_chair, idea_id=idea.id, campaign_id=province.id,
                           votes={m.id: "for" for m in members})
    decision = decisions.decide(session=s, actor=p_chair, idea_id=idea.id, number="9/QĐ-UBND",
                                campaign_id=province.id)
    assert decision.outcome == "recognised" and idea.scope == "provincial" and idea.status == "recognised"
    last = s.scalars(select(IdeaHistory).where(IdeaHistory.idea_id == idea.id).order_by(IdeaHistory.id.desc())).first()
    assert last.from_status == last.to_status == "recognised"
    raised = s.scalars(select(AuditLog).where(AuditLog.action == "idea.raise_scope")).one()
    assert json.loads(raised.details)["scope"] == "provincial" and raised.entity_id == str(idea.id)
    assert len(s.scalars(select(Decision).where(Decision.idea_id == idea.id)).all()) == 2
    last_message = inbox.messages(s, user=setup["author"]).iloc[0]
    assert last_message["message_key"] == "inbox.msg.scope_raised_provincial"


def test_deadlines_listed_and_counted_per_unit(setup):
    s = setup["session"]
    secretary = setup["people"]["secretary"][0]
    today = dt.date(2026, 11, 27)
    a = make_idea(s, campaign=setup["campaign"], unit=setup["unit"], owner=setup["author"])
    b = make_idea(s, campaign=setup["campaign"], unit=setup["unit"], owner=setup["author"])
    c = make_idea(s, campaign=setup["campaign"], unit=setup["unit"], owner=setup["author"])
    a.decision_due_on, b.decision_due_on, c.decision_due_on = (today - dt.timedelta(days=2),
                                                               today + dt.timedelta(days=5),
                                                               today + dt.timedelta(days=40))
    s.flush()
    frame = scoring.deadlines(s, actor=secretary, today=today)
    assert list(frame["id"]) == [a.id, b.id] and list(frame["overdue"]) == [True, False]
    counts = scoring.deadline_counts(s, actor=secretary, today=today)
    row = counts[counts["unit_id"] == setup["unit"].id].iloc[0]
    assert (row["overdue"], row["due_soon"]) == (1, 1)
    # the page is also in the administrators' menu: they see the same files, not "nothing due"
    admin = make_user(s, unit=setup["unit"], roles=[("admin", None)])
    assert list(scoring.deadlines(s, actor=admin, today=today)["id"]) == [a.id, b.id]
    assert int(scoring.deadline_counts(s, actor=admin, today=today)["overdue"].sum()) == 1


def test_blind_queue_hides_authors_and_unit(session):
    unit = make_unit(session, name="Sở Tư pháp")
    campaign = make_campaign(session, unit=unit, blind=True)
    council, people = make_council(session, campaign=campaign, unit=unit, reviewers=1)
    author = make_user(session, unit=unit, full_name="Đỗ Bí Mật")
    idea = make_idea(session, campaign=campaign, unit=unit, owner=author)
    scoring.screen(session=session, actor=people["secretary"][0], idea_id=idea.id, accept=True)
    scoring.assign(session=session, actor=people["chair"][0], idea_id=idea.id, mode="all")
    reviewer = people["member"][0]
    queue = scoring.reviewer_queue(session, actor=reviewer)
    assert queue.iloc[0]["authors"] is None and queue.iloc[0]["unit"] is None and bool(queue.iloc[0]["due"])
    view = scoring.scoring_view(session, actor=reviewer, idea_id=idea.id)
    assert view["blind"] and view["authors"] is None and view["unit"] is None


def test_unassigned_reviewer_cannot_score(setup):
    s = setup["session"]
    idea = _under_review(s, setup)
    outsider = make_user(s, unit=setup["unit"], roles=[("reviewer", None)], password=None)
    with pytest.raises(PermissionDenied) as info:
        scoring.score(session=s, actor=outsider, idea_id=idea.id, points=full_scores((20, 15, 20, 15)),
                     verdict="meets")
    assert info.value.key == "review.error.not_assigned"


def test_secretary_records_a_members_conflict(setup):
    s = setup["session"]
    chair, member = setup["people"]["chair"][0], setup["people"]["member"][0]
    idea = _under_review(s, setup)
    scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
    with pytest.raises(ValidationError):
        councils.declare_conflict(session=s, actor=chair, idea_id=idea.id, user_id=member.id, reason="")
    councils.declare_conflict(session=s, actor=chair, idea_id=idea.id, user_id=member.id, reason="Cùng phòng")
    assert councils.is_conflicted(s, idea, member.id)
    frame = councils.conflicts_frame(s, [idea.id])
    assert list(frame["reason"]) == ["Cùng phòng"]
    # the conflicted member no longer counts among those who sit for the idea
    assert member.id not in {m.user_id for m in votes.sitting_members(s, idea, setup["council"])}


def test_certificate_counter_is_safe_under_concurrency(db):
    numbers: list[int] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        barrier.wait()
        for _ in range(5):
            with db.session() as s:
                numbers.append(decisions.next_number(s, "certificate", 2040))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == list(range(1, 21))


def test_rubric_validation(session):
    from ideas.review import rubrics

    admin = make_user(session, roles=[("admin", None)], password=None)
    good = {"code": "a", "name_vi": "A", "max_points": 10, "bands": [{"min": 0, "max": 10}]}
    with pytest.raises(ValidationError) as info:
        rubrics.create_rubric(session=session, actor=admin, name="R", effective_from=dt.date(2026, 1, 1),
                              criteria=[{**good, "bands": [{"min": 5, "max": 11}]}])
    assert info.value.key == "review.error.band_range"
    with pytest.raises(ValidationError):
        rubrics.create_rubric(session=session, actor=admin, name="R", effective_from=dt.date(2026, 1, 1),
                              criteria=[{**good, "is_novelty": True}, {**good, "code": "b", "is_novelty": True}])
    staff = make_user(session, password=None)
    with pytest.raises(PermissionDenied):
        rubrics.create_rubric(session=session, actor=staff, name="R", effective_from=dt.date(2026, 1, 1),
                              criteria=[good])
    rubric = rubrics.create_rubric(session=session, actor=admin, name="R", effective_from=dt.date(2026, 1, 1),
                                   criteria=[good])
    assert [c.code for c in rubric.criteria] == ["a"]
    assert rubrics.parse_bands("27-30 Rất mới; 0 Không") == [
        {"min": 27, "max": 30, "label_vi": "Rất mới", "label_en": "Rất mới"},
        {"min": 0, "max": 0, "label_vi": "Không", "label_en": "Không"}]
