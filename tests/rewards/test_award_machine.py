"""Award lists move only through their state machine (history + audit rows); bulk adding of authors."""
import datetime as dt
import json
import pathlib
import re

import pytest
from sqlalchemy import select

from ideas.core import clock
from ideas.core.errors import InvalidTransition, PermissionDenied
from ideas.core.models import AuditLog, AwardListHistory
from ideas.core.permissions import SYSTEM
from ideas.rewards import awards
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea


@pytest.fixture
def district(session):
    unit = make_unit(session, kind="district", name="UBND huyện Bắc")
    other = make_unit(session, kind="district", name="UBND huyện Nam")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    first = make_user(session, unit=unit, full_name="Ngô Văn Một")
    second = make_user(session, unit=unit, full_name="Ngô Thị Hai")
    outsider = make_user(session, unit=other, full_name="Đỗ Văn Ngoài")
    idea = make_recognised_idea(session, authors=[first, second, outsider], unit=unit, title="Hẹn trả qua Zalo")
    award_list = awards.create_list(session=session, actor=officer, title="Khen thưởng", year=2025,
                                    unit_id=unit.id)
    return {"unit": unit, "officer": officer, "first": first, "second": second, "outsider": outsider,
            "idea": idea, "list": award_list}


def test_every_move_writes_history_and_audit(session, district):
    officer, list_id = district["officer"], district["list"].id
    awards.add_individual(session=session, actor=officer, list_id=list_id, user_id=district["first"].id,
                          form_code="GIAY_KHEN")
    with clock.frozen(dt.datetime(2025, 8, 6, 8, 30)):  # Vietnam time; stored as naive UTC
        awards.submit_list(session=session, actor=officer, list_id=list_id)
        awards.return_list(session=session, actor=officer, list_id=list_id)
        awards.submit_list(session=session, actor=officer, list_id=list_id)
        approved = awards.approve_list(session=session, actor=officer, list_id=list_id, decision_no="9/QĐ",
                                       decision_date=dt.date(2025, 8, 5), signer="Lê Ký", signer_title="Chủ tịch")
        awards.lock_list(session=session, actor=SYSTEM, list_id=list_id)
    assert approved.approved_at == dt.datetime(2025, 8, 6, 1, 30)
    rows = awards.history(session, list_id)
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("draft", "submitted"), ("submitted", "draft"), ("draft", "submitted"), ("submitted", "approved"),
        ("approved", "locked")]
    assert [r.actor_id for r in rows] == [officer.id] * 4 + [None]
    assert json.loads(rows[3].details)["decision_no"] == "9/QĐ" and json.loads(rows[3].details)["total"] == 710_000
    actions = session.scalars(select(AuditLog.action).where(AuditLog.entity == "award_list")).all()
    assert [a for a in actions if not a.startswith("rewards.")] == [
        "award_list.submit", "award_list.return", "award_list.submit", "award_list.approve", "award_list.lock"]


def test_refused_move_changes_nothing(session, district):
    with pytest.raises(InvalidTransition):
        awards.lock_list(session=session, actor=district["officer"], list_id=district["list"].id)
    assert district["list"].status == "draft"
    assert session.scalars(select(AwardListHistory)).all() == []


def test_no_code_assigns_the_status_directly():
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = [str(path.relative_to(root)) for path in (root / "ideas").rglob("*.py")
                 if re.search(r"award_list\.status\s*=[^=]|\.status\s*=\s*(DRAFT|SUBMITTED|APPROVED|LOCKED)\b",
                              path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_actor_none_is_an_error_not_everything(session, district):
    with pytest.raises(PermissionDenied):
        awards.list_table(session, actor=None)
    with pytest.raises(PermissionDenied):
        awards.create_list(session=session, actor=None, title="x", year=2025, unit_id=None)
    assert list(awards.list_table(session, actor=SYSTEM).id) == [district["list"].id]


def test_add_authors_in_one_action_reports_each(session, district):
    d = district
    awards.add_individual(session=session, actor=d["officer"], list_id=d["list"].id, user_id=d["second"].id,
                          form_code="GIAY_KHEN")
    lines = awards.add_authors(session=session, actor=d["officer"], list_id=d["list"].id, form_code="GIAY_KHEN",
                               authors=[(u.id, d["idea"].id) for u in (d["first"], d["second"], d["outsider"])])
    assert [(line.name, line.added, line.message[0]) for line in lines] == [
        ("Ngô Văn Một", True, "rewards.bulk.added"),
        ("Ngô Thị Hai", False, "rewards.error.duplicate_form"),
        ("Đỗ Văn Ngoài", False, "error.permission_denied")]
    assert lines[1].message[1]["form"] == "Giấy khen"  # the form's name, never its code
    items = awards.items_frame(session, actor=d["officer"], list_id=d["list"].id)
    assert sorted(items.name) == ["Ngô Thị Hai", "Ngô Văn Một"]
    achievement = items[items.name == "Ngô Văn Một"].achievement.iloc[0]
    assert achievement == "Tác giả sáng kiến «Hẹn trả qua Zalo» được công nhận"


def test_add_authors_needs_a_selection(session, district):
    from ideas.core.errors import ValidationError

    with pytest.raises(ValidationError):
        awards.add_authors(session=session, actor=district["officer"], list_id=district["list"].id,
                           form_code="GIAY_KHEN", authors=[])


def test_texts_are_bounded_and_must_show_something(session, district):
    from ideas.core.errors import ValidationError
    from ideas.core.i18n import error_text

    officer = district["officer"]
    with pytest.raises(ValidationError) as invisible:
        awards.create_list(session=session, actor=officer, title="\u200b\u200d\u3164", year=2025,
                           unit_id=district["unit"].id)
    assert invisible.value.key == "rewards.error.title_required"
    with pytest.raises(ValidationError) as too_long:
        awards.update_list(session=session, actor=officer, list_id=district["list"].id, signer="x" * 256)
    assert "Người ký" in error_text(too_long.value, "vi")
    with pytest.raises(ValidationError):
        awards.add_individual(session=session, actor=officer, list_id=district["list"].id,
                              user_id=district["first"].id, form_code="GIAY_KHEN", achievement="y" * 4001)
    assert district["list"].items == [] and district["list"].signer is None
