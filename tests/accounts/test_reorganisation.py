"""Reorganisation events: preview, then apply at once; staff, files, campaigns, lists follow; bad maps refused."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from ideas.accounts import reorganisation, units
from ideas.core.errors import ImportFailed, PermissionDenied
from ideas.core.models import (
    AuditLog,
    AwardList,
    Campaign,
    Idea,
    RoleAssignment,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitMembership,
    User,
)
from ideas.core.permissions import SYSTEM
from tests.support.factories.accounts import make_user
from tests.support.factories.history import LEGAL_BASIS, MERGED_ON, build_reorganised, mapping_csv
from tests.support.files import xlsx_bytes


def _counts(session):
    return (session.scalar(select(func.count()).select_from(Unit)),
            session.scalar(select(func.count()).select_from(UnitEvent)),
            session.scalar(select(func.count()).select_from(UnitMembership)),
            tuple(session.scalars(select(User.unit_id).order_by(User.id))),
            tuple(session.scalars(select(Idea.unit_id).order_by(Idea.id))))


def _extras(session, w):
    """An open file, an active and a closed campaign, a draft and an approved list, and a role, all on X2."""
    x2 = w.units["X2"]
    open_file = Idea(unit_id=x2.id, owner_id=w.users["x2a"].id, title="Hồ sơ đang mở", status="under_review",
                     submitted_at=dt.datetime(2025, 6, 20, 3))
    active = Campaign(name="Đợt 2025", year=2025, unit_id=x2.id, opens_on=dt.date(2025, 1, 1),
                      closes_on=dt.date(2025, 12, 31))
    closed = Campaign(name="Đợt 2024", year=2024, unit_id=x2.id, opens_on=dt.date(2024, 1, 1),
                      closes_on=dt.date(2024, 12, 31), active=False)
    draft = AwardList(title="Danh sách nháp", year=2025, unit_id=x2.id, status="draft")
    approved = AwardList(title="Danh sách đã duyệt", year=2024, unit_id=x2.id, status="approved")
    session.add_all([open_file, active, closed, draft, approved])
    session.add(RoleAssignment(user_id=w.users["x2b"].id, role="secretary", unit_id=x2.id))
    session.flush()
    return open_file, active, closed, draft, approved


def test_preview_says_what_moves_and_writes_nothing(session):
    w = build_reorganised(session, merge=False)
    _extras(session, w)
    before = _counts(session)
    plan = reorganisation.preview_mapping(session=session, actor=SYSTEM, data=mapping_csv(), filename="map.csv")
    assert plan.errors == []
    assert [(e.kind, e.effective_on, len(e.links)) for e in plan.events] == [("merge", MERGED_ON, 2)] * 2
    assert sorted((u["code"], u["name"], u["headcount"]) for u in plan.new_units) == [
        ("S12", "Sở Kế hoạch và Đầu tư", 60), ("X12", "Xã Hợp Nhất", 40)]
    x2 = next(e for e in plan.endings if e.code == "X2")
    assert (x2.successor_code, x2.staff, x2.open_files, x2.campaigns, x2.draft_lists, x2.kept_lists) == (
        "X12", 2, 1, 1, 1, 1)
    assert _counts(session) == before


def test_apply_moves_staff_with_history_files_campaigns_and_draft_lists_in_one_audited_step(session):
    w = build_reorganised(session, merge=False)
    open_file, active, closed, draft, approved = _extras(session, w)
    decided = w.ideas["B4"]
    applied = reorganisation.apply_mapping(session=session, actor=SYSTEM, data=mapping_csv(), filename="map.csv")
    assert (applied.events, applied.ended, applied.created, applied.staff_moved) == (2, 4, 2, 6)
    session.expire_all()
    x12 = units.by_code(session, "X12")
    x2 = session.get(Unit, w.units["X2"].id)
    assert (x2.valid_to, x2.active, x2.successor_id, x2.name) == (MERGED_ON, False, x12.id, "Xã Hai")
    assert (x12.valid_from, x12.headcount, x12.parent_id) == (MERGED_ON, 40, w.units["P"].id)
    # staff moved, each with a closed membership of the old unit
    assert session.get(User, w.users["x2a"].id).unit_id == x12.id
    assert session.scalar(select(UnitMembership.unit_id).where(UnitMembership.user_id == w.users["x2a"].id)) == x2.id
    assert reorganisation.unit_on(session, w.users["x2a"].id, dt.date(2025, 6, 1)) == x2.id
    assert reorganisation.unit_on(session, w.users["x2a"].id, dt.date(2025, 7, 1)) == x12.id
    assert session.scalar(select(RoleAssignment.unit_id).where(RoleAssignment.user_id == w.users["x2b"].id,
                                                               RoleAssignment.role == "secretary")) == x12.id
    # open file, active campaign, draft list follow; decided file, closed campaign, approved list stay
    assert session.get(Idea, open_file.id).unit_id == x12.id
    assert session.get(Idea, decided.id).unit_id == x2.id
    assert (session.get(Campaign, active.id).unit_id, session.get(Campaign, closed.id).unit_id) == (x12.id, x2.id)
    assert (session.get(AwardList, draft.id).unit_id, session.get(AwardList, approved.id).unit_id) == (x12.id, x2.id)
    events = session.scalars(select(UnitEvent).order_by(UnitEvent.id)).all()
    assert [(e.kind, e.legal_basis, e.source) for e in events] == [("merge", LEGAL_BASIS, "map.csv")] * 2
    assert session.scalar(select(func.count()).select_from(UnitEventLink)) == 4
    assert session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "unit.reorganise")) == 2
    assert reorganisation.ended_by(session, x2.id).id == events[1].id


def test_an_xlsx_mapping_with_a_vietnamese_kind_and_a_form_event(session):
    w = build_reorganised(session, merge=False)
    data = xlsx_bytes([["Mã đơn vị cũ", "Mã đơn vị mới", "Hình thức", "Ngày hiệu lực", "Căn cứ", "Tên đơn vị mới"],
                       ["X3", "X3N", "Đổi tên", dt.datetime(2025, 7, 1), "Nghị quyết 5/NQ", "Phường Ba"]])
    applied = reorganisation.apply_mapping(session=session, actor=SYSTEM, data=data, filename="map.xlsx")
    assert applied.created == 1
    assert session.get(User, w.users["x3a"].id).unit.name == "Phường Ba"
    applied = reorganisation.apply_event(session=session, actor=SYSTEM, kind="split", old_codes=["S1"],
                                         new_codes=["S12", "P"], effective_on=dt.date(2025, 8, 1),
                                         legal_basis="Quyết định 9/QĐ", new_name="Sở Mới")
    assert applied.ended == 1
    s1 = session.get(Unit, w.units["S1"].id)
    assert s1.successor_id == units.by_code(session, "S12").id  # the first new unit of the split


def test_a_dissolved_unit_without_receiver_closes_its_campaigns_and_keeps_its_people(session):
    w = build_reorganised(session, merge=False)
    _, active, *_ = _extras(session, w)
    reorganisation.apply_event(session=session, actor=SYSTEM, kind="dissolve", old_codes=["X2"], new_codes=[],
                               effective_on=dt.date(2025, 7, 1), legal_basis="Nghị quyết 7/NQ")
    session.expire_all()
    assert session.get(Campaign, active.id).active is False
    assert session.get(User, w.users["x2a"].id).unit_id == w.units["X2"].id
    assert session.get(Unit, w.units["X2"].id).successor_id is None


@pytest.mark.parametrize(("lines", "expected"), [
    ([("X1", "X2", "merge"), ("X2", "X1", "merge")], {(2, "history.error.loop"), (3, "history.error.loop")}),
    ([("X9", "X2", "merge")], {(2, "history.error.unknown_code")}),
    ([("X1", "X77", "merge")], {(2, "history.error.unknown_new_code")}),
    ([("H", "X3", "merge")], {(2, "history.error.own_subtree")}),
    ([("X1", "X2", "merge"), ("X1", "X3", "rename")], {(3, "history.error.ends_twice")}),
    ([("X1", "X2", "merge", "2030-01-01")], {(2, "history.error.future")}),
    ([("X1", "X2", "nhập khẩu")], {(2, "history.error.kind")}),
])
def test_a_bad_mapping_is_refused_with_row_and_reason_and_nothing_written(session, lines, expected):
    build_reorganised(session, merge=False)
    rows = ["Mã đơn vị cũ,Mã đơn vị mới,Hình thức,Ngày hiệu lực,Căn cứ"]
    rows += [f"{line[0]},{line[1]},{line[2]},{line[3] if len(line) > 3 else '2025-07-01'},NQ 1" for line in lines]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    before = _counts(session)
    plan = reorganisation.preview_mapping(session=session, actor=SYSTEM, data=data, filename="bad.csv")
    assert {(e.row, e.key) for e in plan.errors} >= expected
    with pytest.raises(ImportFailed) as refused:
        reorganisation.apply_mapping(session=session, actor=SYSTEM, data=data, filename="bad.csv")
    assert {(e.row, e.key) for e in refused.value.rows} >= expected
    assert _counts(session) == before


def test_an_event_dated_before_a_unit_existed_is_refused(session):
    w = build_reorganised(session)  # X12 exists from 1 July 2025
    before = _counts(session)
    with pytest.raises(ImportFailed) as refused:
        reorganisation.apply_event(session=session, actor=SYSTEM, kind="merge", old_codes=["X12"], new_codes=["X3"],
                                   effective_on=dt.date(2025, 6, 1), legal_basis="NQ 2")
    assert [(e.key, e.params["code"]) for e in refused.value.rows] == [("history.error.before_unit", "X12")]
    with pytest.raises(ImportFailed) as refused:  # S1 already ended into S12
        reorganisation.apply_event(session=session, actor=SYSTEM, kind="rename", old_codes=["S1"], new_codes=["S2"],
                                   effective_on=dt.date(2025, 9, 1), legal_basis="NQ 3")
    assert {e.key for e in refused.value.rows} >= {"history.error.already_ended"}
    assert _counts(session) == before
    assert w.applied.events == 2


def test_only_a_province_administrator_may_reorganise(session):
    w = build_reorganised(session, merge=False)
    clerk = make_user(session, unit=w.units["X1"], password=None, roles=[("admin", w.units["H"])])
    with pytest.raises(PermissionDenied):
        reorganisation.preview_mapping(session=session, actor=clerk, data=mapping_csv(), filename="map.csv")
    with pytest.raises(PermissionDenied):
        reorganisation.apply_mapping(session=session, actor=w.users["x1a"], data=mapping_csv(), filename="map.csv")
