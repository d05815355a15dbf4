"""Review dates in Vietnam's zone whatever the server's: acceptance, due dates, reminders, decisions."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ideas.accounts import inbox
from ideas.core import clock
from ideas.core.models import ReviewAssignment
from ideas.review import decisions, scoring
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea

VN = clock.zone()


def _setup(s):
    unit = make_unit(s)
    campaign = make_campaign(s, unit=unit)
    _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2)
    author = make_user(s, unit=unit, password=None)
    return make_idea(s, campaign=campaign, unit=unit, owner=author), people


def test_accepted_at_00_30_on_1_january_is_due_three_months_later_in_the_new_year(session):
    idea, people = _setup(session)
    with clock.frozen(dt.datetime(2027, 1, 1, 0, 30, tzinfo=VN)):  # 17:30 UTC on 31 December
        scoring.screen(session=session, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        scoring.assign(session=session, actor=people["chair"][0], idea_id=idea.id, mode="all")
    assert idea.decision_due_on == dt.date(2027, 4, 1)
    assert idea.accepted_at == dt.datetime(2026, 12, 31, 17, 30)  # stored as naive UTC
    due = {a.due_on for a in session.scalars(select(ReviewAssignment).where(ReviewAssignment.idea_id == idea.id))}
    assert due == {dt.date(2027, 1, 22)}  # 21 days from the local day


def test_accepted_at_23_59_local_keeps_that_day(session):
    idea, people = _setup(session)
    with clock.frozen(dt.datetime(2026, 11, 30, 23, 59, tzinfo=VN)):
        scoring.screen(session=session, actor=people["secretary"][0], idea_id=idea.id, accept=True)
    assert idea.decision_due_on == dt.date(2027, 2, 28)  # 30 November + 3 months, clamped to February's end


def test_deadlines_reminders_and_decision_date_follow_the_local_day(session):
    idea, people = _setup(session)
    chair = people["chair"][0]
    with clock.frozen(dt.datetime(2026, 3, 1, 9, 0, tzinfo=VN)):
        scoring.screen(session=session, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        scoring.assign(session=session, actor=chair, idea_id=idea.id, mode="all", due_on=dt.date(2026, 3, 11))
    reviewer = people["member"][0]
    # 00:30 local on 8 March is still 7 March in UTC: the 3-day reminder window reaches the 11th
    with clock.frozen(dt.datetime(2026, 3, 8, 0, 30, tzinfo=VN)):
        assert scoring.remind_due(session=session, actor=chair) == 3
        days_left = scoring.deadlines(session, actor=people["secretary"][0], within_days=92)["days_left"]
    assert inbox.unread_count(session, user=reviewer) >= 1 and list(days_left) == [85]
    for r in [chair, *people["member"]]:
        scoring.score(session=session, actor=r, idea_id=idea.id, points=full_scores((25, 15, 25, 15)),
                      verdict="meets")
    with clock.frozen(dt.datetime(2026, 5, 20, 0, 10, tzinfo=VN)):
        decision = decisions.decide(session=session, actor=chair, idea_id=idea.id, number="3/QĐ",
                                    counts={"for": 3, "present": 3})
    assert decision.decided_on == dt.date(2026, 5, 20)
    assert idea.decided_at == dt.datetime(2026, 5, 19, 17, 10)
