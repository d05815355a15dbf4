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
