"""The leader's headline figures, the dashboard's unit picker and the unit table, read more cheaply, give exactly
what the previous queries gave (those are kept here as the reference) on the hand-built province."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import and_, case, func, select

from ideas.core.models import Decision, Idea, Unit
from ideas.dashboards import home_view
from ideas.dashboards.reports import options, scope
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.dashboards import TODAY, build_province


@pytest.fixture(scope="module")
def shared(database):
    with database.read_session() as s:
        province = build_province(s)
        units = province.units
        province.users["leader_d"] = make_user(s, unit=units["D"], roles=[("leader", units["D"])])
        province.users["leader_c1"] = make_user(s, unit=units["C1"], roles=[("leader", units["C1"]),
                                                                           ("admin", units["A"])])
        ended = make_unit(s, code="OLD", name="Xã cũ", parent=units["D"])
        ended.valid_from, ended.valid_to, ended.successor_id = dt.date(2020, 1, 1), dt.date(2026, 3, 1), units["C1"].id
        s.flush()
        yield s, province


def _headline_before(session, user, today):
    """headline_counts as it was: one pass over the cohort index, one count of the year's recognitions."""
    roles = {g.role for g in home_view.grants(session, user)}
    if not roles & {"leader", "admin"} or not home_view.can(session, user, "dashboard.view"):
        return None
    year_start = dt.datetime(today.year, 1, 1)
    waiting = Idea.status.in_(("submitted", "under_review"))
    where = home_view._scope(session, user, "dashboard.view", Idea.unit_id)
    query = select(
        func.sum(case((Idea.submitted_at >= year_start, 1), else_=0)),
        func.sum(case((waiting, 1), else_=0)),
        func.sum(case((and_(waiting, Idea.decision_due_on < today), 1), else_=0)),
    ).where(Idea.status != "draft")
    row = session.execute(home_view._scoped(query, where)).one()
    recognised = select(func.count(func.distinct(Decision.idea_id))).where(
        Decision.outcome == "recognised", Decision.decided_on >= year_start.date())
    if where is not None:
        recognised = recognised.where(Decision.idea_id.in_(select(Idea.id).where(where)))
    counted = session.scalar(recognised)
    return dict(zip(("submitted", "waiting", "overdue", "recognised"), (int(v or 0) for v in (*row, counted)),
                    strict=True))


def test_headline_figures_are_the_same_as_before_for_every_reach_and_day(shared):
    session, province = shared
    days = (TODAY, dt.date(2026, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 12, 31), dt.date(2027, 1, 2))
    figures = {}
    for key, user in province.users.items():
        for day in days:
            figures[key, day] = home_view.headline_counts(session, user, day)
            assert figures[key, day] == _headline_before(session, user, day), (key, day)
    assert figures["leader", TODAY] is not None and figures["leader", TODAY]["submitted"] > 0
    assert figures["leader_d", TODAY] is not None and figures["staff", TODAY] is None
    assert figures["leader_d", TODAY]["submitted"] < figures["leader", TODAY]["submitted"]


def _choices_before(session, actor):
    allowed = scope.visible_unit_ids(session, actor)
    units = _units_before(session)
    if allowed is not None:
        units = units[units.id.isin(allowed)]
    base = int(units.level.min()) if not units.empty else 0
    return [(int(r.id), f"{'— ' * (int(r.level) - base)}{r.name}") for r in units.itertuples()]


def _units_before(session):
    rows = session.execute(select(Unit.id, Unit.code, Unit.name, Unit.parent_id, Unit.path, Unit.level,
                                  Unit.headcount, Unit.valid_from, Unit.valid_to).order_by(Unit.path)).all()
    frame = pd.DataFrame(rows, columns=["id", "code", "name", "parent_id", "path", "level", "headcount",
                                        "valid_from", "valid_to"])
    frame["headcount"] = frame["headcount"].fillna(0).astype(int)
    return frame


def test_unit_choices_are_the_same_list_as_before(shared):
    session, province = shared
    seen = 0
    for key in ("leader", "admin", "sec_d", "leader_d", "leader_c1"):
        actor = province.users[key]
        choices = options.unit_choices(session=session, actor=actor)
        assert choices == _choices_before(session, actor), key
        seen += len(choices)
    assert seen and dict(options.unit_choices(session=session, actor=province.users["leader"]))[
        province.units["C1"].id].startswith("— — ")


def test_the_unit_table_is_the_same_frame_as_before(shared):
    session, _ = shared
    pd.testing.assert_frame_equal(scope.all_units(session), _units_before(session))
