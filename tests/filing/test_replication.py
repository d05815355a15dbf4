"""Replication (nhân rộng): who may record it, for which ideas, validation, listing and audit."""
import datetime as dt

import pytest
from sqlalchemy import select

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import AuditLog
from ideas.filing import replication
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_idea, person

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def world(session):
    root = make_unit(session, code="P")
    home = make_unit(session, code="A", parent=root)
    other = make_unit(session, code="B", parent=root)
    owner = person(session, unit=home)
    applier = person(session, unit=other)
    return {"home": home, "other": other, "owner": owner, "applier": applier,
            "idea": make_idea(session, owner=owner, status="recognised")}


def _record(session, world, **kw):
    args = {"session": session, "actor": world["applier"], "idea_id": world["idea"].id,
            "unit_id": world["other"].id, "applied_on": dt.date(2026, 10, 1), "benefit": "Giảm 2 ngày xử lý",
            "hours_saved": "120.5", "vnd_saved": 15_000_000, "note": "Áp dụng toàn xã", "today": TODAY}
    args.update(kw)
    return replication.record_replication(**args)


def test_record_and_list(session, world):
    row = _record(session, world)
    frame = replication.list_replications(session, actor=world["owner"], idea_id=world["idea"].id)
    assert list(frame.id) == [row.id]
    assert frame.unit_code[0] == "B" and float(frame.hours_saved[0]) == 120.5 and frame.vnd_saved[0] == 15_000_000
    assert frame.recorded_by_name[0] == world["applier"].full_name
    assert session.scalar(select(AuditLog).where(AuditLog.action == "idea.replication")) is not None


def test_only_staff_of_that_unit(session, world):
    with pytest.raises(PermissionDenied):
        _record(session, world, actor=world["owner"])  # owner's unit is not B


def test_not_the_idea_own_unit(session, world):
    with pytest.raises(ValidationError, match="same_unit"):
        _record(session, world, actor=world["owner"], unit_id=world["home"].id)


@pytest.mark.parametrize("status, ok", [("submitted", False), ("returned", False), ("under_review", True),
                                        ("recognised", True), ("not_recognised", False)])
def test_statuses(session, world, status, ok):
    idea = make_idea(session, owner=world["owner"], status=status)
    if ok:
        _record(session, world, idea_id=idea.id)
    else:
        with pytest.raises(ValidationError, match="status"):
            _record(session, world, idea_id=idea.id)


@pytest.mark.parametrize("kw", [{"applied_on": TODAY + dt.timedelta(days=1)}, {"hours_saved": "-1"},
                                {"vnd_saved": "abc"}, {"note": "x" * 5001}])
def test_validation(session, world, kw):
    with pytest.raises(ValidationError):
        _record(session, world, **kw)


@pytest.mark.parametrize(("typed", "saved"), [("15.000.000", 15_000_000), ("15000000", 15_000_000), ("  ", None)])
def test_money_is_typed_the_vietnamese_way(session, world, typed, saved):
    assert _record(session, world, vnd_saved=typed).vnd_saved == saved
