"""Follow-through reminders: N days before and on the day, at Vietnam's day boundaries, never twice; the CLI."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from ideas.accounts import inbox
from ideas.core import clock, settings
from ideas.core.errors import PermissionDenied
from ideas.core.i18n import t
from ideas.core.models import FollowMeasurement, FollowReminder, Notification
from ideas.core.permissions import SYSTEM
from ideas.filing import followthrough
from ideas.tooling import cli
from tests.support.factories.accounts import make_unit
from tests.support.factories.accounts import make_user as _make_user
from tests.support.factories.rewards import make_recognised_idea

UTC = dt.UTC
MILESTONE_DUE = dt.date(2025, 12, 10)
MEASURE_DUE = dt.date(2025, 12, 15)  # six months after 15/06/2025


def make_user(session, **kw):
    return _make_user(session, password=None, **kw)


@pytest.fixture
def world(session):
    unit = make_unit(session)
    owner, helper = make_user(session, unit=unit), make_user(session, unit=unit)
    idea = make_recognised_idea(session, authors=[owner], unit=unit, decided_on=dt.date(2025, 6, 15),
                                title="Một cửa điện tử")
    milestone = followthrough.add_milestone(session=session, actor=owner, idea_id=idea.id, title="Tập huấn",
                                            owner_id=helper.id, due_on=MILESTONE_DUE, today=dt.date(2025, 11, 1))
    return {"owner": owner, "helper": helper, "idea": idea, "milestone": milestone}


def _remind(session, at: dt.datetime) -> dict:
    with clock.frozen(at):
        return followthrough.remind(session=session, actor=SYSTEM)


def _notes(session, user) -> list[tuple[str, dict]]:
    rows = session.execute(select(Notification.message_key, Notification.params)
                           .where(Notification.user_id == user.id).order_by(Notification.id)).all()
    return [(key, json.loads(params)) for key, params in rows]


def test_before_reminder_starts_at_vietnam_midnight_seven_days_ahead(session, world):
    # 23:59:59 on 2 December in Vietnam: the milestone is 8 days away
    assert _remind(session, dt.datetime(2025, 12, 2, 23, 59, 59)) == {"scheduled": 0}
    # 17:00 UTC on 2 December is 00:00 on 3 December in Vietnam: 7 days away
    sent = _remind(session, dt.datetime(2025, 12, 2, 17, 0, tzinfo=UTC))
    assert sent == {"scheduled": 0, "milestone_before": 1}
    [(key, params)] = _notes(session, world["helper"])
    assert key == "follow.notify.milestone_before"
    assert params == {"idea": "Một cửa điện tử", "milestone": "Tập huấn", "due": "2025-12-10", "days": 7}
    text = t(key, "vi", **inbox.display_params(params, "vi"))
    assert "10/12/2025" in text and "Tập huấn" in text
    # the same day again, and the following days: nothing twice
    for day in (3, 5, 9):
        assert _remind(session, dt.datetime(2025, 12, day, 8)) .get("milestone_before") is None
    assert len(_notes(session, world["helper"])) == 1


def test_due_reminder_on_the_day_and_once(session, world):
    assert "milestone_due" not in _remind(session, dt.datetime(2025, 12, 9, 23, 59, 59))
    assert _remind(session, dt.datetime(2025, 12, 9, 17, 0, tzinfo=UTC))["milestone_due"] == 1  # 00:00 on the 10th
    assert "milestone_due" not in _remind(session, dt.datetime(2025, 12, 10, 12))
    keys = [key for key, _ in _notes(session, world["helper"])]
    assert keys.count("follow.notify.milestone_due") == 1


def test_missed_days_catch_up_for_three_days_only(session, world):
    assert _remind(session, dt.datetime(2025, 12, 14, 9)).get("milestone_due") is None  # four days late: silent
    milestone = followthrough.add_milestone(session=session, actor=world["owner"], idea_id=world["idea"].id,
                                            title="Sơ kết", owner_id=world["helper"].id,
                                            due_on=dt.date(2025, 12, 11), today=dt.date(2025, 12, 1))
    assert _remind(session, dt.datetime(2025, 12, 14, 10))["milestone_due"] == 1  # three days late: still told
    assert session.scalar(select(FollowReminder.item_id).where(FollowReminder.kind == "due")) == milestone.id


def test_finished_milestones_and_recorded_measurements_are_not_reminded(session, world):
    followthrough.update_milestone(session=session, actor=world["owner"], milestone_id=world["milestone"].id,
                                   status="done", today=dt.date(2025, 12, 1))
    followthrough.record_measurement(session=session, actor=world["owner"], idea_id=world["idea"].id, checkpoint=6,
                                     today=dt.date(2025, 12, 1), hours_saved=10)
    assert _remind(session, dt.datetime(2025, 12, 10, 9)) == {"scheduled": 0}


def test_measurement_reminders_go_to_the_idea_owner(session, world):
    sent = _remind(session, dt.datetime(2025, 12, 8, 9))
    assert sent["measurement_before"] == 1
    assert _remind(session, dt.datetime(2025, 12, 15, 0, 0))["measurement_due"] == 1
    keys = [(key, params["months"]) for key, params in _notes(session, world["owner"])]
    assert keys == [("follow.notify.measurement_before", 6), ("follow.notify.measurement_due", 6)]


def test_the_reminder_window_is_a_setting(session, world):
    settings.set_value(session=session, actor=SYSTEM, key="followup.remind_days", value=10)
    assert _remind(session, dt.datetime(2025, 11, 30, 9))["milestone_before"] == 1


def test_recognised_ideas_are_scheduled_once(session, world):
    other = make_recognised_idea(session, authors=[world["helper"]], unit=world["idea"].unit,
                                 decided_on=dt.date(2025, 8, 31))
    assert _remind(session, dt.datetime(2025, 9, 1, 9))["scheduled"] == 1
    assert _remind(session, dt.datetime(2025, 9, 2, 9))["scheduled"] == 0
    due = session.scalars(select(FollowMeasurement.due_on).where(FollowMeasurement.idea_id == other.id)
                          .order_by(FollowMeasurement.checkpoint)).all()
    assert due == [dt.date(2026, 2, 28), dt.date(2026, 8, 31)]  # month ends clamp


def test_a_concurrent_claim_loses(session, world):
    args = ("milestone", world["milestone"].id, "before", world["idea"].id, world["helper"].id, MILESTONE_DUE,
            dt.date(2025, 12, 3))
    assert followthrough._claim(session, *args) is True
    assert followthrough._claim(session, *args) is False


def test_only_the_daily_job_reminds(session, world):
    with pytest.raises(PermissionDenied):
        followthrough.remind(session=session, actor=world["owner"], today=dt.date(2025, 12, 3))


def test_cli_remind_is_idempotent(db, capsys):
    with db.session() as session:
        unit = make_unit(session)
        owner = make_user(session, unit=unit)
        idea = make_recognised_idea(session, authors=[owner], unit=unit, decided_on=dt.date(2025, 6, 15))
        followthrough.add_milestone(session=session, actor=owner, idea_id=idea.id, title="Tập huấn",
                                    owner_id=owner.id, due_on=MILESTONE_DUE, today=dt.date(2025, 11, 1))
    assert cli.main(["--database-url", db.url, "followup", "remind", "--today", "2025-12-10"]) == 0
    assert json.loads(capsys.readouterr().out) == {"measurement_before": 1, "milestone_due": 1, "scheduled": 0}
    assert cli.main(["--database-url", db.url, "followup", "remind", "--today", "2025-12-10"]) == 0
    assert json.loads(capsys.readouterr().out) == {"scheduled": 0}
