"""Unit commitments: saving targets (permissions, validation, audit) and progress marked on track / behind."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import AuditLog, UnitCommitment
from ideas.core.permissions import SYSTEM
from ideas.dashboards import commitments
from tests.support.factories.dashboards import TODAY, build_province


@pytest.fixture(scope="module")
def shared(database):
    """One province for the module, rolled back at the end (the tests only add commitments)."""
    with database.read_session() as s:
        yield s, build_province(s)


@pytest.fixture
def session(shared):
    s = shared[0]
    nested = s.begin_nested()
    yield s
    nested.rollback()


@pytest.fixture
def province(shared):
    return shared[1]


def commit(session, province, code, year=2026, **values):
    return commitments.save_commitment(session=session, actor=province.users["admin"],
                                       unit_id=province.units[code].id, year=year, **values)


def test_elapsed_months_and_measure_status():
    assert commitments.elapsed_months(2026, dt.date(2026, 6, 30)) == 6
    assert commitments.elapsed_months(2025, dt.date(2026, 1, 5)) == 12
    assert commitments.elapsed_months(2027, dt.date(2026, 1, 5)) == 0
    assert commitments.measure_status(2, 4, 6) == "on_track"
    assert commitments.measure_status(1.9, 4, 6) == "behind"
    assert commitments.measure_status(4, 4, 1) == "met"
    assert commitments.measure_status(3, 4, 12) == "missed"
    assert commitments.measure_status(0, 0, 6) == "none"
    assert commitments.overall_status(["met", "behind", "on_track"]) == "behind"


def test_save_validates_audits_and_needs_permission(session, province):
    row = commit(session, province, "A", min_ideas=4, participation_target_pct=20, reports_baseline=10,
                 reports_cut_actual=1)
    assert row.reports_cut_target_pct == 20  # the directive's default
    audits = session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "commitment.save"))
    assert audits == 1
    commit(session, province, "A", min_ideas=4, participation_target_pct=20, reports_baseline=10,
           reports_cut_actual=1)  # unchanged: no second audit row
    assert session.scalar(select(func.count()).select_from(AuditLog)
                          .where(AuditLog.action == "commitment.save")) == 1
    with pytest.raises(ValidationError):
        commit(session, province, "A", participation_target_pct=120)
    with pytest.raises(ValidationError):
        commit(session, province, "A", min_ideas=-1)
    with pytest.raises(PermissionDenied):
        commitments.save_commitment(session=session, actor=province.users["sec_d"],
                                    unit_id=province.units["C1"].id, year=2026, min_ideas=1)
    with pytest.raises(PermissionDenied):
        commitments.commitment_table(session=session, actor=province.users["leader"], year=2026)


def test_save_table_counts_changed_rows(session, province):
    admin = province.users["admin"]
    commit(session, province, "A", min_ideas=4)
    table = commitments.commitment_table(session=session, actor=admin, year=2026)
    assert sorted(table.code) == ["A", "C1", "C2", "D", "P"]
    assert table.set_index("code").loc["C2", "reports_cut_target_pct"] == 20.0
    assert table.set_index("code").loc["A", "committed"]
    rows = table.to_dict("records")
    rows[2]["min_ideas"] = 12  # D
    changed = commitments.save_commitments(session=session, actor=admin, year=2026, rows=rows[1:3])
    assert changed == 1  # A unchanged, D new
    assert session.scalar(select(func.count()).select_from(UnitCommitment)) == 2


def test_progress_mid_year(session, province):
    commit(session, province, "A", min_ideas=4, participation_target_pct=20, reports_baseline=10,
           reports_cut_actual=1)
    commit(session, province, "D", min_ideas=12, participation_target_pct=10, reports_baseline=5,
           reports_cut_actual=1)
    commit(session, province, "C1", min_ideas=2)
    frame = commitments.progress(session=session, actor=province.users["leader"], year=2026, today=TODAY)
    rows = {r["code"]: r for r in frame.to_dict("records")}
    # end of June: 6/12 of each yearly target is due
    a = rows["A"]  # 2 ideas of 4; 10% of 20%; 1 report cut of ceil(10 x 20%) = 2; evidence: I1 cut 2
    assert (a["ideas"], a["ideas_expected"], a["ideas_status"]) == (2, 2.0, "on_track")
    assert (a["participation_pct"], a["participation_status"]) == (10.0, "on_track")
    assert (a["reports_cut_target"], a["reports_status"], a["reports_cut_evidence"]) == (2, "on_track", 2)
    assert a["overall"] == "on_track"
    d = rows["D"]  # subtree: 5 ideas of 12 (6 due); 3/50 = 6% of 10%; 1 report of ceil(5 x 20%) = 1
    assert (d["ideas"], d["ideas_status"]) == (5, "behind")
    assert (d["participation_pct"], d["participation_status"]) == (6.0, "on_track")
    assert (d["reports_cut_target"], d["reports_status"], d["reports_cut_evidence"]) == (1, "met", 3)
    assert d["overall"] == "behind"
    c1 = rows["C1"]
    assert (c1["ideas_status"], c1["participation_status"], c1["reports_status"], c1["overall"]) == (
        "met", "none", "none", "met")
    assert list(frame.code) == ["D", "A", "C1"]  # worst first
    long = commitments.progress_long(frame)
    assert len(long) == 3 + 3 + 1
    assert long[(long.code == "D") & (long.measure == "ideas")].achieved_pct.iloc[0] == pytest.approx(41.7)
    assert set(long.expected_pct) == {50.0}


def test_progress_past_year_and_scope(session, province):
    commit(session, province, "D", year=2025, min_ideas=2)
    commit(session, province, "A", year=2025, min_ideas=1)
    past = commitments.progress(session=session, actor=SYSTEM, year=2025, today=TODAY)
    rows = {r["code"]: r for r in past.to_dict("records")}
    assert (rows["D"]["ideas"], rows["D"]["overall"]) == (1, "missed")  # only I10 in 2025
    assert rows["A"]["overall"] == "met"
    scoped = commitments.progress(session=session, actor=province.users["sec_d"], year=2025, today=TODAY)
    assert list(scoped.code) == ["D"]
    with pytest.raises(PermissionDenied):
        commitments.progress(session=session, actor=province.users["staff"], year=2025)
    assert commitments.progress(session=session, actor=SYSTEM, year=2030, today=TODAY).empty


def test_demo_seed_sets_commitments_for_every_unit(session, province):
    from ideas.tooling import demo_dashboards

    demo_dashboards.seed(session=session, context={"units": list(province.units.values()),
                                                   "users_by_role": {"admin": [province.users["admin"]]}})
    frame = commitments.progress(session=session, actor=SYSTEM, year=2026, today=TODAY)
    assert set(frame.code) == {"P", "A", "D", "C1", "C2"}
    assert "behind" in set(frame.overall) and set(frame.overall) & {"met", "on_track"}
    assert (frame.reports_cut_target > 0).all()
