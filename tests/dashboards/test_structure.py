"""Dashboards under today's structure and as it was, for a province where units merged on 1 July 2025."""
import datetime as dt

from ideas.core.permissions import SYSTEM
from ideas.dashboards import reports
from ideas.dashboards.reports.scope import resolved_unit_ids, unit_resolution
from tests.support.factories.history import build_reorganised


def _rows(frame):
    return {row.code: (row.ideas, row.submitters, row.headcount) for row in frame.itertuples()}


def test_today_rolls_merged_units_up_into_their_successor(session):
    w = build_reorganised(session)
    today = reports.participation(session=session, actor=w.users["leader"], year=2025, structure="today")
    # S12 = S1 + S2 + its own idea; submitters by their current unit; the headcount in force at year end (S12: 60)
    assert _rows(today) == {"S12": (3, 3, 60), "X12": (4, 3, 40), "H": (0, 0, 25), "P": (0, 0, 10)}
    assert dict(zip(today.code, today.participation_pct, strict=True))["S12"] == 5.0
    assert set(today.code) == {"S12", "X12", "H", "P"}  # ended units are not rows


def test_as_it_was_keeps_each_record_under_its_unit_at_the_time(session):
    w = build_reorganised(session)
    was = reports.participation(session=session, actor=w.users["leader"], year=2025, structure="as_was")
    # x1a filed in X1 (May) and in X12 (November): counted once in each, in the unit they belonged to that day;
    # X1 and X2 still sit under the old district H; each unit's headcount while it existed in 2025.
    assert _rows(was) == {"S1": (1, 1, 40), "S2": (1, 1, 20), "S12": (1, 1, 60), "H": (2, 2, 65),
                          "X12": (2, 2, 40), "P": (0, 0, 10)}
    assert was.ideas.sum() == 7


def test_a_year_before_the_merge_counts_the_old_units_headcount_under_today(session):
    w = build_reorganised(session)
    before = reports.participation(session=session, actor=w.users["leader"], year=2024, structure="today")
    assert _rows(before)["S12"] == (0, 0, 60)  # S1 and S2 were in force on 31 December 2024
    assert _rows(before)["X12"] == (0, 0, 40)
    was = reports.participation(session=session, actor=w.users["leader"], year=2024, structure="as_was")
    assert "S12" not in set(was[was.headcount > 0].code)  # S12 did not exist in 2024


def test_resolution_follows_successors_and_a_viewer_of_the_successor_sees_the_history(session):
    w = build_reorganised(session)
    u = {code: unit.id for code, unit in w.units.items()}
    resolution = unit_resolution(session, structure="today")
    assert resolution[u["S1"]] == resolution[u["S2"]] == u["S12"]
    assert resolution[u["X3"]] == u["X3"]
    before = unit_resolution(session, structure="today", on=dt.date(2025, 6, 30))
    assert before[u["S1"]] == u["S1"]
    assert unit_resolution(session, structure="as_was")[u["S1"]] == u["S1"]
    assert resolved_unit_ids(session, [u["X12"]]) == sorted([u["X1"], u["X2"], u["X12"]])
    chosen = reports.participation(session=session, actor=SYSTEM, year=2025, unit_id=u["X12"], structure="today")
    assert _rows(chosen) == {"X12": (4, 3, 40)}
    ended = reports.participation(session=session, actor=SYSTEM, year=2025, unit_id=u["X1"], structure="today")
    assert _rows(ended) == {"X12": (4, 3, 40)}  # an ended unit picked is read as its successor today
    funnel = reports.funnel(session=session, actor=SYSTEM, year=2025, unit_id=u["S12"], structure="as_was")
    assert int(funnel.ideas.iloc[0]) == 3  # S12's own and, as it was, S1's and S2's


def test_an_unknown_structure_is_refused(session):
    import pytest

    from ideas.core.errors import ValidationError

    build_reorganised(session, merge=False)
    with pytest.raises(ValidationError):
        reports.participation(session=session, actor=SYSTEM, year=2025, structure="yesterday")


def test_the_dashboard_section_reads_the_readers_choice(session):
    from ideas.dashboards import dashboard_view

    w = build_reorganised(session)
    leader = w.users["leader"]
    options = dashboard_view.filters(session=session, actor=leader, lang="en")
    assert list(options.structures) == ["today", "as_was"]
    today = dashboard_view.section(session=session, actor=leader, name="participation", year=2025, lang="en")
    was = dashboard_view.section(session=session, actor=leader, name="participation", year=2025, lang="en",
                                 structure="as_was")
    assert len(today.panels[0].table) == 4 and len(was.panels[0].table) == 6
    for name in ("time", "funnel", "fields", "impact", "followup", "review", "rewards"):
        assert dashboard_view.section(session=session, actor=leader, name=name, year=2025, structure="as_was")


def test_the_api_reads_both_structures_and_refuses_another(session):
    import pytest

    from ideas.api import queries
    from ideas.core.errors import ValidationError

    w = build_reorganised(session)
    for key in ("B1", "B3", "B4"):
        assert w.ideas[key].status == "recognised"
    today = queries.participation(session=session, unit_ids=None, stored_scope=None, year="2025")
    was = queries.participation(session=session, unit_ids=None, stored_scope=None, year="2025", structure="as_was")
    codes_today = {row["unit"]["code"]: row["ideas"] for row in today["units"]}
    codes_was = {row["unit"]["code"]: row["ideas"] for row in was["units"]}
    assert (today["structure"], was["structure"]) == ("today", "as_was")
    assert codes_today["X12"] == 4 and "X1" not in codes_today
    assert codes_was["X1"] == 1 and codes_was["X12"] == 2
    scoped = [w.units["X12"].id]
    paging = queries.paging(None, None)
    rows, _ = queries.initiatives(session=session, unit_ids=scoped, paging=paging)
    assert len(rows) == 2  # X1's and X2's recognised initiatives belong to X12's history today
    rows, _ = queries.initiatives(session=session, unit_ids=scoped, paging=paging, structure="as_was")
    assert rows == []
    with pytest.raises(ValidationError):
        queries.participation(session=session, unit_ids=None, stored_scope=None, year="2025", structure="x")
