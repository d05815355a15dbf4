"""Dashboard scope: the command line passes SYSTEM, `actor=None` is refused; years are Vietnam's years."""
import datetime as dt

import pytest

from ideas.core.errors import PermissionDenied
from ideas.core.permissions import SYSTEM
from ideas.dashboards import commitments, reports
from ideas.dashboards.reports.scope import year_bounds


def test_actor_none_is_refused_everywhere(session):
    for view in (reports.participation, reports.funnel, reports.rewards_by_unit_form, reports.unit_choices):
        with pytest.raises(PermissionDenied):
            view(session=session, actor=None)
    with pytest.raises(PermissionDenied):
        commitments.progress(session=session, actor=None, year=2026)
    assert reports.funnel(session=session, actor=SYSTEM).ideas.sum() == 0


def test_the_year_starts_at_midnight_in_vietnam():
    assert year_bounds(2026) == (dt.datetime(2025, 12, 31, 17), dt.datetime(2026, 12, 31, 17))


def test_months_are_vietnam_months(session):
    from tests.support.factories.accounts import make_unit, make_user
    from tests.support.factories.rewards import make_recognised_idea

    unit = make_unit(session, kind="province")
    leader = make_user(session, unit=unit, roles=[("leader", None)])
    idea = make_recognised_idea(session, authors=[make_user(session, unit=unit)], unit=unit)
    idea.submitted_at = dt.datetime(2026, 1, 31, 18)  # 1 February, 01:00 in Vietnam
    first = make_recognised_idea(session, authors=[make_user(session, unit=unit)], unit=unit)
    first.submitted_at = dt.datetime(2025, 12, 31, 17, 30)  # New Year's Day, 00:30 in Vietnam
    session.flush()
    monthly = reports.monthly_by_status(session=session, actor=leader, year=2026)
    assert sorted(zip(monthly.month, monthly.ideas, strict=True)) == [(1, 1), (2, 1)]
    yoy = reports.year_over_year(session=session, actor=leader, year=2026)
    assert yoy[yoy.ideas > 0][["year", "month"]].values.tolist() == [[2026, 1], [2026, 2]]
