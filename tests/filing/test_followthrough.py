"""Follow-through of recognised ideas: plan editing, progress, measurements, permissions, validation and audit."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ideas.core import audit, clock
from ideas.core.errors import NotFound, PermissionDenied, ValidationError
from ideas.core.models import AuditLog, FollowMeasurement, FollowUpdate
from ideas.filing import followthrough, ideas_followup_view
from tests.support.factories.accounts import make_unit
from tests.support.factories.accounts import make_user as _make_user
from tests.support.factories.rewards import make_recognised_idea

TODAY = dt.date(2026, 1, 10)
DECIDED = dt.date(2025, 6, 15)  # checkpoints due 15/12/2025 and 15/06/2026


def make_user(session, **kw):
    return _make_user(session, password=None, **kw)  # nobody signs in here: skip the slow password hash


@pytest.fixture
def world(session):
    province = make_unit(session, code="P")
    district = make_unit(session, code="A", parent=province)
    other = make_unit(session, code="B", parent=province)
    owner = make_user(session, unit=district, full_name="Trần Tác Giả")
    coauthor = make_user(session, unit=district)
    helper = make_user(session, unit=district, full_name="Lê Phụ Trách")
    idea = make_recognised_idea(session, authors=[owner, coauthor], unit=district, decided_on=DECIDED)
    idea.hours_saved, idea.vnd_saved = Decimal("500"), 20_000_000
    return {"idea": idea, "owner": owner, "coauthor": coauthor, "helper": helper,
            "staff": make_user(session, unit=district),
            "secretary": make_user(session, unit=district, roles=[("secretary", district)]),
            "far_secretary": make_user(session, unit=other, roles=[("secretary", other)]),
            "leader": make_user(session, unit=province, roles=[("leader", None)])}


def _milestone(session, world, actor="owner", **kw):
    args = {"session": session, "actor": world[actor], "idea_id": world["idea"].id, "title": "Ban hành quy trình",
            "owner_id": world["helper"].id, "due_on": dt.date(2026, 2, 1), "today": TODAY} | kw
    return followthrough.add_milestone(**args)


def _actions(session, action):
    return session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == action))


@pytest.mark.parametrize("actor", ["owner", "coauthor", "secretary"])
def test_authors_and_the_unit_secretary_edit_the_plan(session, world, actor):
    row = _milestone(session, world, actor=actor)
    assert (row.status, row.percent, row.owner_id) == ("planned", 0, world["helper"].id)
    assert _actions(session, "followup.milestone.add") == 1
    # the decision date fixes both checkpoints as soon as a plan exists
    due = session.scalars(select(FollowMeasurement.due_on).where(FollowMeasurement.idea_id == world["idea"].id)
                          .order_by(FollowMeasurement.checkpoint)).all()
    assert due == [dt.date(2025, 12, 15), dt.date(2026, 6, 15)]


@pytest.mark.parametrize("actor", ["staff", "far_secretary", "leader", "helper"])
def test_others_may_not_edit_the_plan(session, world, actor):
    with pytest.raises(PermissionDenied):
        _milestone(session, world, actor=actor)


def test_only_recognised_ideas_have_a_plan(session, world):
    world["idea"].status = "not_recognised"
    with pytest.raises(ValidationError, match="not_recognised"):
        _milestone(session, world)


@pytest.mark.parametrize("kw, key", [({"title": "  "}, "error.field_blank"), ({"title": "x" * 301}, "too_long"),
                                      ({"owner_id": 10**9}, "follow.error.owner"),
                                      ({"due_on": None}, "follow.error.due"),
                                      ({"due_on": dt.date(2035, 1, 1)}, "follow.error.due")])
def test_milestone_validation(session, world, kw, key):
    with pytest.raises(ValidationError, match=key):
        _milestone(session, world, **kw)
    assert _actions(session, "followup.milestone.add") == 0


def test_inactive_owner_is_refused(session, world):
    world["helper"].active = False
    with pytest.raises(ValidationError, match="follow.error.owner"):
        _milestone(session, world)


def test_edit_milestone_audits_the_change(session, world):
    row = _milestone(session, world)
    followthrough.update_milestone(session=session, actor=world["secretary"], milestone_id=row.id,
                                   due_on=dt.date(2026, 3, 1), status="done", today=TODAY)
    assert (row.due_on, row.status, row.percent, row.done_on) == (dt.date(2026, 3, 1), "done", 100, TODAY)
    entry = session.scalar(select(AuditLog).where(AuditLog.action == "followup.milestone.change"))
    assert '"status": ["planned", "done"]' in entry.details
    with pytest.raises(PermissionDenied):
        followthrough.update_milestone(session=session, actor=world["helper"], milestone_id=row.id, title="Khác")
    with pytest.raises(NotFound):
        followthrough.update_milestone(session=session, actor=world["owner"], milestone_id=10**9, title="Khác")


def test_milestone_owner_posts_progress_on_their_milestone_only(session, world):
    row = _milestone(session, world)
    update = followthrough.add_update(session=session, actor=world["helper"], idea_id=world["idea"].id,
                                      milestone_id=row.id, body="Đã trình dự thảo", percent=40, today=TODAY)
    assert (row.percent, row.status, update.percent) == (40, "in_progress", 40)
    with pytest.raises(PermissionDenied):  # a general note is for plan editors
        followthrough.add_update(session=session, actor=world["helper"], idea_id=world["idea"].id,
                                 body="Ghi chú chung", today=TODAY)
    followthrough.add_update(session=session, actor=world["owner"], idea_id=world["idea"].id, milestone_id=row.id,
                             body="Xong", status="done", today=TODAY)
    assert (row.status, row.percent) == ("done", 100)
    assert _actions(session, "followup.update") == 2


@pytest.mark.parametrize("kw, key", [({"percent": 101}, "follow.error.percent"),
                                      ({"status": "finished"}, "follow.error.status"),
                                      ({"on_date": TODAY + dt.timedelta(days=1)}, "follow.error.future"),
                                      ({"body": ""}, "error.field_blank"),
                                      ({"milestone_id": None, "percent": 10}, "needs_milestone")])
def test_update_validation_loses_nothing(session, world, kw, key):
    row = _milestone(session, world)
    args = {"session": session, "actor": world["owner"], "idea_id": world["idea"].id, "milestone_id": row.id,
            "body": "Tiến độ", "today": TODAY} | kw
    with pytest.raises(ValidationError, match=key):
        followthrough.add_update(**args)
    assert session.scalar(select(func.count()).select_from(FollowUpdate)) == 0
    assert row.percent == 0


def test_measurement_on_time_late_and_corrected(session, world):
    idea = world["idea"]
    six = followthrough.record_measurement(session=session, actor=world["owner"], idea_id=idea.id, checkpoint=6,
                                           today=TODAY, hours_saved="420,5", vnd_saved="18.500.000")
    assert (six.hours_saved, six.vnd_saved, six.on_time, six.measured_on) == (Decimal("420.50"), 18_500_000, True,
                                                                             TODAY)
    late_day = dt.date(2026, 6, 15) + dt.timedelta(days=31)
    twelve = followthrough.record_measurement(session=session, actor=world["secretary"], idea_id=idea.id,
                                              checkpoint=12, today=late_day, reports_cut=3)
    assert twelve.on_time is False
    # a correction keeps the first verdict and audits the old figures
    followthrough.record_measurement(session=session, actor=world["owner"], idea_id=idea.id, checkpoint=6,
                                     today=late_day, measured_on=TODAY, hours_saved=430)
    assert six.on_time is True and six.hours_saved == Decimal("430.00") and six.vnd_saved is None
    assert _actions(session, "followup.measure") == 2 and _actions(session, "followup.measure.correct") == 1


@pytest.mark.parametrize("kw, key", [({"checkpoint": 9}, "follow.error.checkpoint"),
                                      ({"today": dt.date(2025, 11, 14)}, "follow.error.too_early"),
                                      ({"measured_on": TODAY + dt.timedelta(days=1)}, "follow.error.future"),
                                      ({"hours_saved": None}, "follow.error.no_figures"),
                                      ({"hours_saved": "-4"}, "ideas.submit.error.negative"),
                                      ({"hours_saved": "nhiều"}, "ideas.submit.error.number"),
                                      ({"bogus": 1}, "follow.error.measure")])
def test_measurement_validation(session, world, kw, key):
    args = {"session": session, "actor": world["owner"], "idea_id": world["idea"].id, "checkpoint": 6,
            "today": TODAY, "hours_saved": 10} | kw
    with pytest.raises(ValidationError, match=key):
        followthrough.record_measurement(**args)
    assert _actions(session, "followup.measure") == 0


@pytest.mark.parametrize("actor", ["staff", "helper", "far_secretary"])
def test_measurement_permission(session, world, actor):
    with pytest.raises(PermissionDenied):
        followthrough.record_measurement(session=session, actor=world[actor], idea_id=world["idea"].id,
                                         checkpoint=6, today=TODAY, hours_saved=1)


def test_plan_view_reads_vietnamese(session, world):
    row = _milestone(session, world)
    followthrough.add_update(session=session, actor=world["owner"], idea_id=world["idea"].id, milestone_id=row.id,
                             body="Đã trình", percent=50, today=TODAY)
    followthrough.record_measurement(session=session, actor=world["owner"], idea_id=world["idea"].id,
                                     checkpoint=6, today=TODAY, vnd_saved=2_340_000, hours_saved="78,25")
    plan = ideas_followup_view.plan_view(session=session, actor=world["staff"], idea_id=world["idea"].id)
    assert not plan.can_manage and plan.milestone_choices == {} and plan.editable == {}
    assert plan.decided == "15/06/2025"
    assert list(plan.milestones.iloc[0]) == ["Ban hành quy trình", "Lê Phụ Trách", "01/02/2026", "Đang thực hiện",
                                             "50 %", ""]
    results = plan.results.set_index("Chỉ tiêu")
    assert list(results.loc["Kinh phí tiết kiệm mỗi năm (đồng)"]) == ["20.000.000", "2.340.000", ""]
    assert results.loc["Giờ công tiết kiệm mỗi năm"].iloc[1] == "78,2" or \
        results.loc["Giờ công tiết kiệm mỗi năm"].iloc[1] == "78,3"
    assert [c.text for c in plan.checkpoints] == ["Kết quả sau 6 tháng: đã ghi nhận ngày 10/01/2026 (đúng hạn).",
                                                  "Kết quả sau 12 tháng: hạn đo 15/06/2026."]
    helper_plan = ideas_followup_view.plan_view(session=session, actor=world["helper"], idea_id=world["idea"].id)
    assert helper_plan.milestone_choices == {row.id: "Ban hành quy trình"}


def test_choices_follow_authorship_ownership_and_scope(session, world):
    other = make_recognised_idea(session, authors=[world["staff"]], unit=world["far_secretary"].unit)
    _milestone(session, world)
    ids = {name: set(ideas_followup_view.choices(session=session, actor=world[name]))
           for name in ("owner", "helper", "staff", "secretary", "far_secretary", "leader")}
    assert ids["owner"] == ids["helper"] == ids["secretary"] == {world["idea"].id}
    assert ids["staff"] == ids["far_secretary"] == {other.id}
    assert ids["leader"] == set()


def test_audit_chain_stays_intact(session, world):
    row = _milestone(session, world)
    followthrough.add_update(session=session, actor=world["helper"], idea_id=world["idea"].id, milestone_id=row.id,
                             body="ok", percent=10, today=TODAY)
    with clock.frozen(dt.datetime(2026, 1, 10, 9)):
        followthrough.record_measurement(session=session, actor=world["owner"], idea_id=world["idea"].id,
                                         checkpoint=6, hours_saved=1)
    session.flush()
    assert audit.verify_chain(session=session) is None
