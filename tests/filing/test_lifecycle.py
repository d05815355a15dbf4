"""The idea state machine: every allowed and forbidden (from, to) pair, reasons, and random sequences."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ideas.core.errors import InvalidTransition
from ideas.core.models import AuditLog, Idea, IdeaHistory
from ideas.filing import lifecycle
from tests.support.database import wipe
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import person

PAIRS = list(itertools.product(lifecycle.STATUSES, lifecycle.STATUSES))
ALLOWED = [pair for pair in PAIRS if pair in lifecycle.TRANSITIONS]
FORBIDDEN = [pair for pair in PAIRS if pair not in lifecycle.TRANSITIONS]


@pytest.fixture(scope="module")
def world(database):
    """One owner and one reviewer-side actor, created once for the module (rows stay until the end)."""
    with database.session() as s:
        unit = make_unit(s)
        owner = person(s, unit=unit)
        actor = person(s, unit=unit)
        ids = (unit.id, owner.id, actor.id)
    yield ids
    wipe(database)


def _idea(session, world, status: str) -> Idea:
    unit_id, owner_id, _ = world
    idea = Idea(title="Ý tưởng", unit_id=unit_id, owner_id=owner_id, status=status)
    session.add(idea)
    session.flush()
    return idea


def _actor(session, world):
    from ideas.core.models import User

    return session.get(User, world[2])


def test_the_table_is_what_the_issue_describes():
    assert set(ALLOWED) == {
        ("draft", "submitted"), ("draft", "withdrawn"), ("submitted", "returned"), ("submitted", "under_review"),
        ("submitted", "withdrawn"), ("returned", "submitted"), ("returned", "withdrawn"),
        ("under_review", "recognised"), ("under_review", "not_recognised"), ("recognised", "recognised"),
        ("submitted", "merged"), ("under_review", "merged")}  # a duplicate merged into another file (issue 16)


@pytest.mark.parametrize("frm,to", ALLOWED)
def test_allowed_transition_changes_status_and_writes_history(database, world, frm, to):
    with database.session() as s:
        idea = _idea(s, world, frm)
        before = s.scalar(select(func.count()).select_from(AuditLog))
        entry = lifecycle.transition(session=s, idea=idea, to=to, actor=_actor(s, world), reason="Lý do cụ thể")
        assert idea.status == to
        assert (entry.from_status, entry.to_status, entry.actor_id, entry.reason) == (frm, to, world[2], "Lý do cụ thể")
        assert s.scalar(select(func.count()).select_from(AuditLog)) == before + 1
        s.rollback()


@pytest.mark.parametrize("frm,to", FORBIDDEN)
def test_forbidden_transition_raises_and_changes_nothing(database, world, frm, to):
    with database.session() as s:
        idea = _idea(s, world, frm)
        with pytest.raises(InvalidTransition):
            lifecycle.transition(session=s, idea=idea, to=to, actor=_actor(s, world), reason="x")
        assert idea.status == frm
        assert s.scalar(select(func.count()).select_from(IdeaHistory).where(IdeaHistory.idea_id == idea.id)) == 0
        s.rollback()


@pytest.mark.parametrize("frm,to", [("submitted", "returned"), ("under_review", "not_recognised")])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_return_and_refusal_need_a_reason(database, world, frm, to, reason):
    with database.session() as s:
        idea = _idea(s, world, frm)
        with pytest.raises(InvalidTransition) as caught:
            lifecycle.transition(session=s, idea=idea, to=to, actor=_actor(s, world), reason=reason)
        assert caught.value.key == "lifecycle.error.reason_required"
        assert idea.status == frm
        s.rollback()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempts=st.lists(st.sampled_from(lifecycle.STATUSES), min_size=1, max_size=12))
def test_random_sequences_follow_the_table(database, world, attempts):
    with database.session() as s:
        idea = _idea(s, world, "draft")
        status, successes = "draft", 0
        for to in attempts:
            try:
                lifecycle.transition(session=s, idea=idea, to=to, actor=_actor(s, world), reason="Lý do")
            except InvalidTransition:
                assert (status, to) not in lifecycle.TRANSITIONS
            else:
                assert (status, to) in lifecycle.TRANSITIONS
                status, successes = to, successes + 1
            assert idea.status == status
        assert len(lifecycle.history(s, idea.id)) == successes
        s.rollback()
