"""Dashboard read models against a hand-built province, with numbers worked out by hand."""
import pandas as pd
import pytest
from sqlalchemy import select

from ideas.core.errors import PermissionDenied
from ideas.core.permissions import SYSTEM
from ideas.dashboards import reports
from tests.support.factories.dashboards import TODAY, build_province


@pytest.fixture(scope="module")
def shared(database):
    """The province is built once for the module inside a transaction that is rolled back at the end."""
    with database.read_session() as s:
        yield s, build_province(s)


@pytest.fixture
def session(shared):
    return shared[0]


@pytest.fixture
def province(shared):
    return shared[1]


def by_code(frame: pd.DataFrame) -> dict:
    return {(row["code"] + ("*" if row["own"] else "")): row for row in frame.to_dict("records")}


def test_participation_leader_drills_into_the_single_root(session, province):
    frame = reports.participation(session=session, actor=province.users["leader"], year=2026)
    rows = by_code(frame)
    assert set(rows) == {"A", "D", "P*"}
    # A: ideas I1, I2; submitters a1 + a2 (co-author); supports 2 on I1 + 1 on I2
    assert (rows["A"]["headcount"], rows["A"]["submitters"], rows["A"]["ideas"], rows["A"]["supports"],
            rows["A"]["recognised"]) == (20, 2, 2, 3, 1)
    assert rows["A"]["participation_pct"] == 10.0 and rows["A"]["ideas_per_100"] == 10.0
    # D subtree (D, C1, C2): ideas I4..I8; people d1, c1, c2; headcount 30 + 10 + 10
    assert (rows["D"]["headcount"], rows["D"]["submitters"], rows["D"]["ideas"], rows["D"]["supports"],
            rows["D"]["recognised"]) == (50, 3, 5, 1, 1)
    assert rows["D"]["participation_pct"] == 6.0 and rows["D"]["ideas_per_100"] == 10.0
    # the province office alone: I9 by p1, headcount 5
    assert (rows["P*"]["headcount"], rows["P*"]["submitters"], rows["P*"]["ideas"]) == (5, 1, 1)
    assert rows["P*"]["participation_pct"] == 20.0
    assert list(frame.code) == ["P", "A", "D"]  # sorted by participation, highest first
    assert reports.average_participation(frame) == 8.0  # 6 submitters / 75 staff


def test_participation_last_year_and_campaign_free_totals(session, province):
    frame = reports.participation(session=session, actor=SYSTEM, year=2025)
    rows = by_code(frame)
    assert rows["A"]["ideas"] == 1 and rows["D"]["ideas"] == 1 and rows["P*"]["ideas"] == 0
    all_years = by_code(reports.participation(session=session, actor=SYSTEM))
    assert all_years["A"]["ideas"] == 3 and all_years["D"]["ideas"] == 6  # drafts never count


def test_participation_drill_down_to_district(session, province):
    frame = reports.participation(session=session, actor=province.users["leader"], year=2026,
                                  unit_id=province.units["D"].id)
    rows = by_code(frame)
    assert set(rows) == {"C1", "C2", "D*"}
    assert (rows["C1"]["submitters"], rows["C1"]["ideas"], rows["C1"]["supports"]) == (1, 2, 1)
    assert (rows["C2"]["submitters"], rows["C2"]["ideas"], rows["C2"]["supports"]) == (1, 2, 0)
    # d1 co-authored I5 in C1 but is counted in his own unit D
    assert (rows["D*"]["headcount"], rows["D*"]["submitters"], rows["D*"]["ideas"]) == (30, 1, 1)
    assert rows["D*"]["participation_pct"] == 3.3


def test_every_unit_rows_for_the_cli(session, province):
    frame = reports.participation(session=session, actor=SYSTEM, year=2026, every_unit=True)
    rows = {r["code"]: r for r in frame.to_dict("records")}
    assert set(rows) == {"P", "A", "D", "C1", "C2"}
    assert (rows["P"]["headcount"], rows["P"]["submitters"], rows["P"]["ideas"]) == (75, 6, 8)
    assert (rows["C2"]["headcount"], rows["C2"]["ideas"]) == (10, 2)


def test_scope_secretary_sees_only_her_district(session, province):
    sec = province.users["sec_d"]
    frame = reports.participation(session=session, actor=sec, year=2026)
    assert set(by_code(frame)) == {"C1", "C2", "D*"}
    funnel = reports.funnel(session=session, actor=sec, year=2026)
    assert list(funnel.ideas) == [5, 2, 1, 1, 0]  # I4..I8; accepted I4, I6; I4 recognised and rewarded
    with pytest.raises(PermissionDenied):
        reports.participation(session=session, actor=sec, unit_id=province.units["A"].id)
    choices = dict(reports.unit_choices(session=session, actor=sec))
    assert set(choices) == {province.units[c].id for c in ("D", "C1", "C2")}


def test_staff_without_permission_is_refused(session, province):
    staff = province.users["staff"]
    for fn in (reports.participation, reports.funnel, reports.par_fields, reports.impact_by_unit,
               reports.review_health, reports.reviewer_workload, reports.rewards_by_unit_form,
               reports.reward_delays, reports.unit_field_heatmap, reports.impact_by_field):
        with pytest.raises(PermissionDenied):
            fn(session=session, actor=staff)
    with pytest.raises(PermissionDenied):
        reports.monthly_by_status(session=session, actor=staff, year=2026)
    with pytest.raises(PermissionDenied):
        reports.unit_choices(session=session, actor=staff)


def test_monthly_by_status(session, province):
    frame = reports.monthly_by_status(session=session, actor=province.users["leader"], year=2026)
    got = {(r["month"], r["status"]): r["ideas"] for r in frame.to_dict("records")}
    assert got == {(1, "recognised"): 2, (2, "under_review"): 1, (2, "recognised"): 1, (3, "submitted"): 1,
                   (3, "not_recognised"): 1, (4, "returned"): 1, (4, "withdrawn"): 1}


def test_year_over_year(session, province):
    frame = reports.year_over_year(session=session, actor=province.users["leader"], year=2026)
    assert len(frame) == 24
    got = {(r["year"], r["month"]): r["ideas"] for r in frame.to_dict("records") if r["ideas"]}
    assert got == {(2025, 6): 1, (2025, 11): 1, (2026, 1): 2, (2026, 2): 2, (2026, 3): 2, (2026, 4): 2}


def test_funnel(session, province):
    frame = reports.funnel(session=session, actor=province.users["leader"], year=2026)
    assert list(frame.stage) == ["submitted", "accepted", "recognised", "rewarded", "replicated"]
    # I9's award list is a draft; I4's replication is in its own unit
    assert list(frame.ideas) == [8, 5, 3, 2, 1]
    assert list(frame.pct_of_submitted) == [100.0, 62.5, 37.5, 25.0, 12.5]
    assert frame.label[0] == "Đã nộp"


def test_par_fields_and_heatmap(session, province):
    frame = reports.par_fields(session=session, actor=province.users["leader"], year=2026)
    got = {r["field"]: (r["ideas"], r["recognised"]) for r in frame.to_dict("records")}
    assert got == {"PAR1": (1, 1), "PAR2": (1, 1), "PAR3": (2, 1), "PAR4": (0, 0), "PAR5": (0, 0),
                   "PAR6": (0, 0), "PAR7": (2, 1), "PAR8": (0, 0)}
    heat = reports.unit_field_heatmap(session=session, actor=province.users["leader"], year=2026)
    assert len(heat) == 3 * 8
    cells = {(r["code"], r["field"]): r["ideas"] for r in heat.to_dict("records") if r["ideas"]}
    assert cells == {("A", "PAR3"): 2, ("A", "PAR7"): 1, ("D", "PAR2"): 1, ("D", "PAR7"): 1, ("P", "PAR1"): 1}


def test_impact_by_unit_and_field(session, province):
    leader = province.users["leader"]
    rec = by_code(reports.impact_by_unit(session=session, actor=leader, year=2026))
    assert (rec["A"]["hours_saved"], rec["A"]["vnd_saved"], rec["A"]["reports_cut"]) == (100.0, 5_000_000, 2)
    assert (rec["D"]["hours_saved"], rec["D"]["reports_cut"]) == (50.0, 3)
    assert (rec["P*"]["hours_saved"], rec["P*"]["vnd_saved"]) == (10.0, 1_000_000)
    every = by_code(reports.impact_by_unit(session=session, actor=leader, year=2026, recognised_only=False))
    assert every["A"]["hours_saved"] == 107.0 and every["D"]["reports_cut"] == 4
    fields = {r["field"]: r for r in
              reports.impact_by_field(session=session, actor=leader, year=2026).to_dict("records")}
    assert (fields["PAR3"]["hours_saved"], fields["PAR3"]["vnd_saved"]) == (100.0, 5_000_000)
    assert fields["PAR2"]["reports_cut"] == 3 and fields["PAR1"]["vnd_saved"] == 1_000_000
    assert fields["PAR5"]["hours_saved"] == 0


def test_review_health(session, province):
    frame = reports.review_health(session=session, actor=province.users["leader"], year=2026, today=TODAY)
    rows = by_code(frame)
    # A: I1 decided in time, I2 still under review past 2026-05-10
    assert (rows["A"]["accepted"], rows["A"]["decided_on_time"], rows["A"]["decided_late"],
            rows["A"]["open_overdue"], rows["A"]["overdue"]) == (2, 1, 0, 1, 1)
    # D subtree: I4 decided 2026-05-05 after its due date 2026-04-25; I6 on time
    assert (rows["D"]["accepted"], rows["D"]["decided_on_time"], rows["D"]["decided_late"],
            rows["D"]["open_overdue"]) == (2, 1, 1, 0)
    assert (rows["P*"]["decided_on_time"], rows["P*"]["overdue"]) == (1, 0)


def test_reviewer_workload(session, province):
    frame = reports.reviewer_workload(session=session, actor=province.users["leader"], year=2026, today=TODAY)
    rows = {r["reviewer_id"]: r for r in frame.to_dict("records")}
    r1, r2 = rows[province.users["r1"].id], rows[province.users["r2"].id]
    assert (r1["active"], r1["active_overdue"], r1["scored"], r1["scored_late"]) == (1, 1, 1, 0)
    assert (r2["active"], r2["active_overdue"], r2["scored"], r2["scored_late"], r2["late_pct"]) == (0, 0, 2, 1, 50.0)
    scoped = reports.reviewer_workload(session=session, actor=province.users["sec_d"], year=2026, today=TODAY)
    assert scoped.to_dict("records") == [{"reviewer_id": province.users["r2"].id,
                                          "reviewer": province.users["r2"].full_name, "active": 0,
                                          "active_overdue": 0, "scored": 1, "scored_late": 0, "late_pct": 0.0}]


def test_rewards_by_unit_and_form(session, province):
    frame = reports.rewards_by_unit_form(session=session, actor=province.users["leader"], year=2026)
    got = {(r["code"], r["form"]): (r["awards"], r["amount"]) for r in frame.to_dict("records")}
    assert got == {("A", "CSTD_CS"): (1, 2_340_000), ("A", "GIAY_KHEN"): (1, 710_000),
                   ("D", "CSTD_CS"): (1, 2_340_000)}  # the draft list (I9) is left out
    assert reports.rewards_by_unit_form(session=session, actor=SYSTEM, year=2025).empty


def test_reward_delays(session, province):
    frame = reports.reward_delays(session=session, actor=province.users["leader"], year=2026)
    rows = by_code(frame)
    # I1: recognised 2026-03-01, list decided 2026-03-31; I4: 2026-05-05 -> 2026-06-03
    assert (rows["A"]["rewarded"], rows["A"]["median_days"], rows["A"]["mean_days"]) == (1, 30.0, 30.0)
    assert (rows["D"]["rewarded"], rows["D"]["median_days"]) == (1, 29.0)
    assert rows["P*"]["rewarded"] == 0 and pd.isna(rows["P*"]["median_days"])
    whole = reports.reward_delays(session=session, actor=SYSTEM, year=2026, unit_id=None)
    assert whole.rewarded.sum() == 2


def test_reward_delays_count_an_idea_in_the_year_of_its_first_award_only(session, province):
    import datetime as dt

    from ideas.core.models import AwardForm, AwardItem, AwardList

    form = session.scalars(select(AwardForm).where(AwardForm.code == "GIAY_KHEN")).first()
    nested = session.begin_nested()
    later = AwardList(title="DS 2027", year=2027, status="approved", decision_date=dt.date(2027, 2, 1))
    a1 = province.users["a1"]
    later.items.append(AwardItem(user_id=a1.id, unit_id=a1.unit_id, display_name=a1.full_name,
                                 idea_id=province.ideas["I1"].id, award_form_id=form.id, amount=710_000))
    session.add(later)
    session.flush()
    in_2027 = reports.reward_delays(session=session, actor=SYSTEM, year=2027)
    in_2026 = by_code(reports.reward_delays(session=session, actor=SYSTEM, year=2026))
    every_year = reports.reward_delays(session=session, actor=SYSTEM)
    nested.rollback()
    assert in_2027.rewarded.sum() == 0  # I1 was first rewarded in 2026
    assert (in_2026["A"]["rewarded"], in_2026["A"]["median_days"]) == (1, 30.0)
    assert every_year.rewarded.sum() == 2


def test_campaign_filter(session, province):
    import datetime as dt

    from ideas.core.models import Campaign

    campaign = Campaign(name="Đợt 1", year=2026, opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31))
    nested = session.begin_nested()
    session.add(campaign)
    session.flush()
    province.ideas["I1"].campaign_id = campaign.id
    province.ideas["I5"].campaign_id = campaign.id
    session.flush()
    frame = reports.funnel(session=session, actor=SYSTEM, campaign_id=campaign.id)
    nested.rollback()
    assert list(frame.ideas) == [2, 1, 1, 1, 1]


def test_csv_bytes_neutralises_formulas():
    data = reports.csv_bytes(pd.DataFrame({"name": ["=HYPERLINK(1)", "Sở A"], "n": [1, -2]}))
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "Sở A" in text and "-2" in text
