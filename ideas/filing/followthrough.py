"""Follow-through after recognition: the implementation plan, progress updates, measured results, reminders.

Rules (decisions where the issue is silent):
- Only recognised ideas have a plan. The decision date is the first "recognised" decision of the idea; a later
  higher-scope decision does not move the 6- and 12-month measurements.
- Who edits the plan and records results: the idea's authors (owner and co-authors), and holders of
  "followup.manage" (council secretary, admin) over the idea's unit. A milestone's owner, who need not be an
  author, may post progress on that milestone. Everyone who may see the idea may read its plan.
- Measurements use the application form's benefit names (hours_saved, vnd_saved, ...), as yearly figures like
  the claims. A checkpoint may be recorded from `followup.measure_window_days` before its due date; it is "on
  time" when first recorded no later than that many days after it. Corrections keep the first verdict.
- Reminders: the owner (milestone owner; the idea's owner for measurements) is told `followup.remind_days`
  before the due date and on the day (or within CATCH_UP_DAYS after it, if the daily job missed the day);
  each (item, kind) at most once, enforced by a unique row in follow_reminders.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ideas.core import audit, clock, events, settings, targets
from ideas.core.errors import NotFound, PermissionDenied, ValidationError
from ideas.core.models import (
    Decision,
    FollowMeasurement,
    FollowMilestone,
    FollowReminder,
    FollowUpdate,
    Idea,
    User,
)
from ideas.core.permissions import Actor, can, is_system
from ideas.core.text import bounded
from ideas.core.words import RECOGNISED
from ideas.filing import lifecycle
from ideas.filing.form import clean_number
from ideas.filing.records import author_ids
from ideas.filing.visibility import visible_idea

ACTION = "followup.manage"
STATUSES = ("planned", "in_progress", "done", "dropped")
OPEN_STATUSES = ("planned", "in_progress")
CHECKPOINTS = (6, 12)
MEASURES = ("hours_saved", "vnd_saved", "reports_cut", "procedures_simplified", "services_online", "days_cut")
TITLE_MAX, TEXT_MAX = 300, 5000
HORIZON_DAYS = 5 * 366  # a due date more than about five years ahead is a typing error
CATCH_UP_DAYS = 3
NOTIFY_KIND = "followup"


# ---------------------------------------------------------------- look-ups and permission


def recognised_on(session: Session, idea_id: int) -> dt.date | None:
    """The date of the idea's first recognition decision."""
    return session.scalar(select(func.min(Decision.decided_on))
                          .where(Decision.idea_id == idea_id, Decision.outcome == RECOGNISED))


def followed_idea(session: Session, *, actor: Actor, idea_id: int) -> Idea:
    """A recognised idea the actor may see; ValidationError for any other status."""
    idea = visible_idea(session, actor=actor, idea_id=idea_id)
    if idea.status != lifecycle.RECOGNISED:
        raise ValidationError("follow.error.not_recognised")
    return idea


def can_manage(session: Session, actor: Actor, idea: Idea) -> bool:
    """Authors of the idea, and secretaries/admins whose scope covers its unit."""
    if is_system(actor):
        return True
    if not actor.active:
        return False
    return actor.id in author_ids(session, idea) or can(session, actor, ACTION, unit_id=idea.unit_id)


def _require_manage(session: Session, actor: Actor, idea: Idea) -> None:
    if not can_manage(session, actor, idea):
        raise PermissionDenied(action=ACTION)


def _milestone(session: Session, milestone_id: int) -> FollowMilestone:
    row = session.get(FollowMilestone, milestone_id)
    if row is None:
        raise NotFound("follow.error.milestone")
    return row


def _owner(session: Session, owner_id: object) -> User:
    user = session.get(User, owner_id) if isinstance(owner_id, int) else None
    if user is None or not user.active:
        raise ValidationError("follow.error.owner")
    return user


def _due(value: object, today: dt.date) -> dt.date:
    if not isinstance(value, dt.date) or value > today + dt.timedelta(days=HORIZON_DAYS):
        raise ValidationError("follow.error.due")
    return value


def _percent(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValidationError("follow.error.percent")
    return value


def _status(value: object) -> str | None:
    if value is None:
        return None
    if value not in STATUSES:
        raise ValidationError("follow.error.status")
    return str(value)


# ---------------------------------------------------------------- the plan


def add_milestone(*, session: Session, actor: Actor, idea_id: int, title: str, owner_id: int, due_on: dt.date,
                  today: dt.date | None = None) -> FollowMilestone:
    """Add a step to the plan of a recognised idea."""
    idea = followed_idea(session, actor=actor, idea_id=idea_id)
    _require_manage(session, actor, idea)
    today = today or clock.today()
    text = bounded(title, field="follow.field.title", max_chars=TITLE_MAX, required=True, line=True)
    owner = _owner(session, owner_id)
    row = FollowMilestone(idea_id=idea.id, title=text, owner_id=owner.id, due_on=_due(due_on, today),
                          status="planned", percent=0, created_by=actor.id)
    session.add(row)
    session.flush()
    ensure_schedule(session, idea)
    audit.record(session=session, actor=actor, action="followup.milestone.add", entity="idea", entity_id=idea.id,
                 details={"milestone_id": row.id, "title": text, "owner_id": owner.id, "due_on": row.due_on})
    return row


def update_milestone(*, session: Session, actor: Actor, milestone_id: int, title: str | None = None,
                     owner_id: int | None = None, due_on: dt.date | None = None, status: str | None = None,
                     today: dt.date | None = None) -> FollowMilestone:
    """Change a milestone's title, owner, due date or status (plan editors only)."""
    row = _milestone(session, milestone_id)
    idea = followed_idea(session, actor=actor, idea_id=row.idea_id)
    _require_manage(session, actor, idea)
    today = today or clock.today()
    before = {"title": row.title, "owner_id": row.owner_id, "due_on": row.due_on, "status": row.status}
    if title is not None:
        row.title = bounded(title, field="follow.field.title", max_chars=TITLE_MAX, required=True, line=True)
    if owner_id is not None:
        row.owner_id = _owner(session, owner_id).id
    if due_on is not None:
        row.due_on = _due(due_on, today)
    if status is not None:
        _set_status(row, _status(status), today)
    after = {"title": row.title, "owner_id": row.owner_id, "due_on": row.due_on, "status": row.status}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    session.flush()
    if changed:
        audit.record(session=session, actor=actor, action="followup.milestone.change", entity="idea",
                     entity_id=idea.id, details={"milestone_id": row.id, "changed": changed})
    return row


def _set_status(row: FollowMilestone, status: str, on: dt.date) -> None:
    row.status = status
    if status == "done":
        row.percent, row.done_on = 100, row.done_on or on
    else:
        row.done_on = None


def add_update(*, session: Session, actor: Actor, idea_id: int, body: str, milestone_id: int | None = None,
               percent: int | None = None, status: str | None = None, on_date: dt.date | None = None,
               today: dt.date | None = None) -> FollowUpdate:
    """A progress note; on a milestone it may also set the milestone's percent and status."""
    idea = followed_idea(session, actor=actor, idea_id=idea_id)
    today = today or clock.today()
    on_date = on_date or today
    if on_date > today:
        raise ValidationError("follow.error.future")
    text = bounded(body, field="follow.field.body", max_chars=TEXT_MAX, required=True)
    milestone = None
    if milestone_id is not None:
        milestone = _milestone(session, milestone_id)
        if milestone.idea_id != idea.id:
            raise NotFound("follow.error.milestone")
    may_post = can_manage(session, actor, idea) or (milestone is not None and milestone.owner_id == actor.id)
    if not may_post:
        raise PermissionDenied(action=ACTION)
    percent, status = _percent(percent), _status(status)
    if milestone is None and (percent is not None or status is not None):
        raise ValidationError("follow.error.needs_milestone")
    if milestone is not None:
        if percent is not None:
            milestone.percent = percent
            if status is None and milestone.status == "planned" and percent > 0:
                status = "in_progress"
        if status is not None:
            _set_status(milestone, status, on_date)
    row = FollowUpdate(idea_id=idea.id, milestone_id=milestone_id, author_id=actor.id, on_date=on_date, body=text,
                       percent=percent, status=status)
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action="followup.update", entity="idea", entity_id=idea.id,
                 details={"update_id": row.id, "milestone_id": milestone_id, "percent": percent, "status": status})
    return row


# ---------------------------------------------------------------- measurements


def ensure_schedule(session: Session, idea: Idea) -> list[FollowMeasurement]:
    """The idea's 6- and 12-month checkpoints, created from its decision date when missing."""
    rows = {m.checkpoint: m for m in session.scalars(select(FollowMeasurement)
                                                       .where(FollowMeasurement.idea_id == idea.id))}
    decided = recognised_on(session, idea.id)
    if decided is None:
        return sorted(rows.values(), key=lambda m: m.checkpoint)
    for months in CHECKPOINTS:
        if months not in rows:
            rows[months] = FollowMeasurement(idea_id=idea.id, checkpoint=months, decided_on=decided,
                                             due_on=clock.add_months(decided, months))
            session.add(rows[months])
    session.flush()
    return [rows[m] for m in CHECKPOINTS]


def schedule_all(session: Session) -> int:
    """Create the checkpoints of every recognised idea that has none yet (one query finds them); returns how many
    ideas were scheduled."""
    missing = session.execute(
        select(Idea.id, func.min(Decision.decided_on)).join(Decision, Decision.idea_id == Idea.id)
        .where(Idea.status == lifecycle.RECOGNISED, Decision.outcome == RECOGNISED,
               ~exists().where(FollowMeasurement.idea_id == Idea.id))
        .group_by(Idea.id)).all()
    session.add_all(FollowMeasurement(idea_id=idea_id, checkpoint=months, decided_on=decided,
                                      due_on=clock.add_months(decided, months))
                    for idea_id, decided in missing for months in CHECKPOINTS)
    session.flush()
    return len(missing)


def record_measurement(*, session: Session, actor: Actor, idea_id: int, checkpoint: int,
                       measured_on: dt.date | None = None, note: str | None = None,
                       today: dt.date | None = None, **values: object) -> FollowMeasurement:
    """Record (or correct) the results measured at the 6- or 12-month checkpoint."""
    idea = followed_idea(session, actor=actor, idea_id=idea_id)
    _require_manage(session, actor, idea)
    unknown = set(values) - set(MEASURES)
    if unknown:
        raise ValidationError("follow.error.measure", names=", ".join(sorted(unknown)))
    if checkpoint not in CHECKPOINTS:
        raise ValidationError("follow.error.checkpoint")
    today = today or clock.today()
    measured_on = measured_on or today
    row = next(m for m in ensure_schedule(session, idea) if m.checkpoint == checkpoint)
    window = dt.timedelta(days=settings.get_int(session, "followup.measure_window_days"))
    if measured_on > today:
        raise ValidationError("follow.error.future")
    if measured_on < row.due_on - window:
        raise ValidationError("follow.error.too_early", due=row.due_on.isoformat())
    figures = {name: clean_number(values.get(name), name) for name in MEASURES}
    if all(v is None for v in figures.values()):
        raise ValidationError("follow.error.no_figures")
    text = bounded(note, field="follow.field.note", max_chars=TEXT_MAX) or None
    first = row.measured_on is None
    old = {name: getattr(row, name) for name in MEASURES}
    for name, value in figures.items():
        setattr(row, name, value)
    row.measured_on, row.note, row.recorded_by = measured_on, text, actor.id
    if first:
        row.recorded_at = clock.utcnow()
        row.on_time = today <= row.due_on + window
    session.flush()
    audit.record(session=session, actor=actor, action="followup.measure" if first else "followup.measure.correct",
                 entity="idea", entity_id=idea.id,
                 details={"checkpoint": checkpoint, "measured_on": measured_on, "figures": figures,
                          **({} if first else {"old": old}), "on_time": row.on_time})
    return row


# ---------------------------------------------------------------- reminders


def _kind(due_on: dt.date, today: dt.date, days_before: int) -> str | None:
    if today < due_on <= today + dt.timedelta(days=days_before):
        return "before"
    if due_on <= today <= due_on + dt.timedelta(days=CATCH_UP_DAYS):
        return "due"
    return None


def remind(*, session: Session, actor: Actor, today: dt.date | None = None) -> dict[str, int]:
    """Tell owners of open milestones and unmeasured checkpoints that a due date is near or today.

    Idempotent: a (item, kind) already in follow_reminders is skipped, so running it twice a day, or on two
    servers, sends nothing twice. Returns counts per item and kind.
    """
    if not is_system(actor):
        raise PermissionDenied(action="followup.remind")  # the daily job only
    today = today or clock.today()
    days = settings.get_int(session, "followup.remind_days")
    first, last = today - dt.timedelta(days=CATCH_UP_DAYS), today + dt.timedelta(days=days)
    scheduled = schedule_all(session)
    sent = {"scheduled": scheduled}
    milestones = session.execute(
        select(FollowMilestone.id, FollowMilestone.idea_id, FollowMilestone.owner_id, FollowMilestone.due_on,
               FollowMilestone.title, Idea.title)
        .join(Idea, Idea.id == FollowMilestone.idea_id)
        .where(FollowMilestone.due_on.between(first, last), FollowMilestone.status.in_(OPEN_STATUSES),
               Idea.status == lifecycle.RECOGNISED)).all()
    measurements = session.execute(
        select(FollowMeasurement.id, FollowMeasurement.idea_id, Idea.owner_id, FollowMeasurement.due_on,
               FollowMeasurement.checkpoint, Idea.title)
        .join(Idea, Idea.id == FollowMeasurement.idea_id)
        .where(FollowMeasurement.due_on.between(first, last), FollowMeasurement.measured_on.is_(None),
               Idea.status == lifecycle.RECOGNISED)).all()
    for item, rows in (("milestone", milestones), ("measurement", measurements)):
        done = set(session.execute(select(FollowReminder.item_id, FollowReminder.kind).where(
            FollowReminder.item == item, FollowReminder.item_id.in_([r[0] for r in rows] or [-1]))).all())
        for item_id, idea_id, user_id, due_on, what, idea_title in rows:
            kind = _kind(due_on, today, days)
            if kind is None or (item_id, kind) in done:
                continue
            if not _claim(session, item, item_id, kind, idea_id, user_id, due_on, today):
                continue
            params = {"idea": idea_title, "due": due_on.isoformat(), "days": (due_on - today).days}
            params.update({"milestone": what} if item == "milestone" else {"months": what})
            events.notify(session=session, user_id=user_id, kind=NOTIFY_KIND, idea_id=idea_id,
                         message_key=f"follow.notify.{item}_{kind}", target=targets.target("result", idea=idea_id),
                         **params)
            sent[f"{item}_{kind}"] = sent.get(f"{item}_{kind}", 0) + 1
    session.flush()
    audit.record(session=session, actor=actor, action="followup.remind", entity="followup",
                 details={"today": today, **sent})
    return sent


def _claim(session: Session, item: str, item_id: int, kind: str, idea_id: int, user_id: int, due_on: dt.date,
           today: dt.date) -> bool:
    """Insert the reminder's row first; a concurrent run that got there first makes this one skip it."""
    try:
        with session.begin_nested():
            session.add(FollowReminder(item=item, item_id=item_id, kind=kind, idea_id=idea_id, user_id=user_id,
                                       due_on=due_on, sent_on=today))
        return True
    except IntegrityError:
        return False

