"""When the annual emulation report is due, and the reward officers' reminder of it.

The day is the setting `rewards.annual_report_due` ("MM-DD", default 15 December: the Home Affairs statistics
forms of Circular 02/2023/TT-BNV are due then). `remind` runs with the daily jobs: from REMIND_DAYS before the
day, and again on the day, each active reward officer is told once per year (inbox and e-mail by events).
"""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import clock, events, settings
from ideas.core.models import Notification, RoleAssignment, User
from ideas.core.permissions import Actor, require

DUE_SETTING = "rewards.annual_report_due"
DEFAULT_DUE = "12-15"
REMIND_DAYS = 14
NOTIFY_KIND = "rewards.annual_report"


def due_date(session: Session, year: int) -> dt.date:
    """The year's due day (the setting; the default when a stored value is not a day)."""
    for value in (str(settings.get(session, DUE_SETTING) or ""), DEFAULT_DUE):
        try:
            return dt.date(int(year), int(value[:2]), int(value[3:]))
        except ValueError:
            continue
    raise AssertionError("unreachable: the default is a day")


def remind(*, session: Session, actor: Actor, today: dt.date | None = None) -> int:
    """Tell the reward officers the report is due soon (or today); returns how many messages were queued."""
    require(session, actor, "settings.manage")
    today = today or clock.today()
    due = due_date(session, today.year)
    if today > due or today < due - dt.timedelta(days=REMIND_DAYS):
        return 0
    key = "annual.msg.due_today" if today == due else "annual.msg.due_soon"
    officers = sorted(set(session.scalars(
        select(User.id).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == "reward_officer", User.active.is_(True)))))
    told = {(uid, json.loads(params).get("year")) for uid, params in session.execute(
        select(Notification.user_id, Notification.params).where(
            Notification.kind == NOTIFY_KIND, Notification.message_key == key,
            Notification.user_id.in_(officers or [-1])))}
    sent = 0
    for user_id in officers:
        if (user_id, today.year) in told:
            continue
        events.notify(session=session, user_id=user_id, kind=NOTIFY_KIND, message_key=key, year=today.year,
                      due=due.strftime("%d/%m/%Y"), days=(due - today).days)
        sent += 1
    session.flush()
    return sent
