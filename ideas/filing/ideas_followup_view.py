"""The follow-through page's read model: which recognised ideas I may follow, and one idea's plan, progress and
measured results against the claims, translated and in Vietnamese formats."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from ideas.core import clock, settings
from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.links import Linked, linked_id
from ideas.core.models import FollowMeasurement, FollowMilestone, FollowUpdate, Idea, IdeaAuthor, User
from ideas.core.permissions import Actor, is_system, scope_unit_ids
from ideas.filing import lifecycle
from ideas.filing.followthrough import (
    ACTION,
    CHECKPOINTS,
    MEASURES,
    STATUSES,
    can_manage,
    followed_idea,
    recognised_on,
)
from ideas.filing.form import label_key
from ideas.filing.records import author_ids

CHOICES_LIMIT = 300
OWNER_LIMIT = 300


def choices(*, session: Session, actor: Actor, lang: str = "vi") -> dict[int, str]:
    """Recognised ideas the actor follows: authored, owning a milestone, or in the scope they manage."""
    mine = select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == actor.id)
    owned = select(FollowMilestone.idea_id).where(FollowMilestone.owner_id == actor.id)
    query = select(Idea.id, Idea.receipt_no, Idea.title).where(Idea.status == lifecycle.RECOGNISED)
    managed = None if is_system(actor) else scope_unit_ids(session, actor, ACTION)  # None = everywhere
    if managed is not None:
        terms = [Idea.owner_id == actor.id, Idea.id.in_(mine), Idea.id.in_(owned)]
        query = query.where(or_(*terms, *([Idea.unit_id.in_(managed)] if managed else [])))
    rows = session.execute(query.order_by(Idea.decided_at.desc(), Idea.id.desc()).limit(CHOICES_LIMIT)).all()
    return {int(i): f"{receipt or '—'} · {title}" for i, receipt, title in rows}


def linked_idea(*, options: dict[int, str], raw: str | None, lang: str = "vi") -> Linked:
    """The initiative an address names (`idea=`), if it is one the reader follows; else a message saying so."""
    return linked_id(raw, options, lang)


@dataclass
class Checkpoint:
    months: int
    due: str
    recorded: bool
    text: str  # "due 15/12/2026" or "recorded 20/12/2026 (on time)"
    opens_on: dt.date | None = None  # the first day results may be recorded (window days before the due date)
    is_open: bool = True  # may be recorded today
    window: str = ""  # what the form says BEFORE anything is typed: open since / opens on which day


@dataclass(frozen=True)
class MilestoneForm:
    """What the edit form starts from for one milestone."""

    title: str
    owner_id: int
    due_on: dt.date
    status: str


@dataclass
class FollowPlan:
    idea_id: int
    title: str
    decided: str
    can_manage: bool
    milestones: pd.DataFrame  # display table
    updates: pd.DataFrame
    results: pd.DataFrame  # one row per measure: claimed, 6 months, 12 months
    checkpoints: list[Checkpoint]
    milestone_choices: dict[int, str] = field(default_factory=dict)  # milestones the actor may post progress on
    editable: dict[int, MilestoneForm] = field(default_factory=dict)  # milestone id -> its values (editors only)
    owners: dict[int, str] = field(default_factory=dict)  # people who may own a milestone
    window_days: int = 30
    statuses: dict[str, str] = field(default_factory=dict)  # a milestone's status -> label
    months: dict[int, str] = field(default_factory=dict)  # a checkpoint -> label ("6 months")
    measures: dict[str, str] = field(default_factory=dict)  # a measured figure -> label


def _number(value: object, name: str, lang: str) -> str:
    if value is None:
        return ""
    digits = 1 if name in ("hours_saved", "days_cut") and Decimal(value) != int(value) else 0
    return fmt_number(value, lang, digits)


def _owners(session: Session, idea: Idea) -> dict[int, str]:
    ids = author_ids(session, idea)
    rows = session.execute(select(User.id, User.full_name).where(
        User.active.is_(True), or_(User.id.in_(ids), User.unit_id == idea.unit_id))
        .order_by(User.full_name, User.id).limit(OWNER_LIMIT)).all()
    return {int(i): name for i, name in rows}


def plan_view(*, session: Session, actor: Actor, idea_id: int, lang: str = "vi") -> FollowPlan:
    """Everything the page shows about one recognised idea's follow-through."""
    idea = followed_idea(session, actor=actor, idea_id=idea_id)
    manage = can_manage(session, actor, idea)
    owner = aliased(User)
    rows = session.execute(
        select(FollowMilestone, owner.full_name).join(owner, owner.id == FollowMilestone.owner_id)
        .where(FollowMilestone.idea_id == idea.id).order_by(FollowMilestone.due_on, FollowMilestone.id)).all()
    milestones = pd.DataFrame(
        [{t("follow.col.title", lang): m.title, t("follow.col.owner", lang): name,
          t("follow.col.due", lang): fmt_date(m.due_on, lang),
          t("follow.col.status", lang): t(f"follow.status.{m.status}", lang),
          t("follow.col.percent", lang): f"{fmt_number(m.percent, lang)} %",
          t("follow.col.done_on", lang): fmt_date(m.done_on, lang)} for m, name in rows])
    postable = {m.id: m.title for m, _ in rows if manage or (not is_system(actor) and m.owner_id == actor.id)}
    editable = {m.id: MilestoneForm(m.title, m.owner_id, m.due_on, m.status) for m, _ in rows} if manage else {}
    updates = _updates(session, idea.id, lang)
    window_days = settings.get_int(session, "followup.measure_window_days")
    checkpoints, results = _results(session, idea, lang, window_days)
    return FollowPlan(idea.id, idea.title, fmt_date(recognised_on(session, idea.id), lang), manage, milestones,
                      updates, results, checkpoints, postable, editable, _owners(session, idea) if manage else {},
                      window_days,
                      statuses={s: t(f"follow.status.{s}", lang) for s in STATUSES},
                      months={m: t("follow.months", lang, months=m) for m in CHECKPOINTS},
                      measures={name: t(f"ideas.submit.field.{name}", lang) for name in MEASURES})


def _updates(session: Session, idea_id: int, lang: str, limit: int = 100) -> pd.DataFrame:
    author = aliased(User)
    rows = session.execute(
        select(FollowUpdate, author.full_name, FollowMilestone.title)
        .outerjoin(author, author.id == FollowUpdate.author_id)
        .outerjoin(FollowMilestone, FollowMilestone.id == FollowUpdate.milestone_id)
        .where(FollowUpdate.idea_id == idea_id)
        .order_by(FollowUpdate.on_date.desc(), FollowUpdate.id.desc()).limit(limit)).all()
    return pd.DataFrame(
        [{t("follow.col.date", lang): fmt_date(u.on_date, lang), t("follow.col.author", lang): name or "",
          t("follow.col.milestone", lang): milestone or t("follow.general", lang),
          t("follow.col.body", lang): u.body,
          t("follow.col.percent", lang): "" if u.percent is None else f"{fmt_number(u.percent, lang)} %",
          t("follow.col.status", lang): t(f"follow.status.{u.status}", lang) if u.status else ""}
         for u, name, milestone in rows])


def _schedule(session: Session, idea: Idea) -> dict[int, FollowMeasurement]:
    """The stored checkpoints; those the daily job has not created yet, computed (not written: this is a read)."""
    rows = {m.checkpoint: m for m in session.scalars(select(FollowMeasurement)
                                                       .where(FollowMeasurement.idea_id == idea.id))}
    decided = recognised_on(session, idea.id)
    for months in CHECKPOINTS:
        if months not in rows and decided is not None:
            rows[months] = FollowMeasurement(checkpoint=months, due_on=clock.add_months(decided, months))
    return rows


def _window(due_on: dt.date, window_days: int, months: int, lang: str) -> tuple[dt.date, bool, str]:
    """When a checkpoint may be recorded (the rule of followthrough.record_measurement), said before typing."""
    opens_on = due_on - dt.timedelta(days=window_days)
    is_open = clock.today() >= opens_on
    key = "place.follow.window_open" if is_open else "place.follow.window_closed"
    return opens_on, is_open, t(key, lang, months=months, opens=fmt_date(opens_on, lang), due=fmt_date(due_on, lang))


def _results(session: Session, idea: Idea, lang: str, window_days: int = 30) -> tuple[list[Checkpoint], pd.DataFrame]:
    schedule = _schedule(session, idea)
    checkpoints = []
    for months in CHECKPOINTS:
        m = schedule.get(months)
        if m is None:
            continue
        if m.measured_on is None:
            text = t("follow.checkpoint.due", lang, months=months, due=fmt_date(m.due_on, lang))
        else:
            verdict = t("follow.on_time" if m.on_time else "follow.late", lang)
            text = t("follow.checkpoint.recorded", lang, months=months, date=fmt_date(m.measured_on, lang),
                     verdict=verdict)
        opens_on, is_open, window = _window(m.due_on, window_days, months, lang)
        checkpoints.append(Checkpoint(months, fmt_date(m.due_on, lang), m.measured_on is not None, text, opens_on,
                                      is_open, window))
    rows = []
    for name in MEASURES:
        row = {t("follow.col.measure", lang): t(label_key(name), lang),
               t("follow.col.claimed", lang): _number(getattr(idea, name), name, lang)}
        for months in CHECKPOINTS:
            m = schedule.get(months)
            row[t("follow.col.measured", lang, months=months)] = _number(
                getattr(m, name) if m is not None else None, name, lang)
        rows.append(row)
    return checkpoints, pd.DataFrame(rows)


def window_of(plan: FollowPlan, months: int) -> Checkpoint | None:
    """The checkpoint the results form is about, with when it may be recorded (None: no decision date)."""
    return next((c for c in plan.checkpoints if c.months == months), None)


def today_default() -> dt.date:
    """The date widgets start from (Vietnam's today)."""
    return clock.today()
