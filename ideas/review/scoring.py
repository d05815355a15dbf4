"""Review of submitted ideas: screening by the secretary, assignment to reviewers, rubric scoring."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ideas.core import audit, clock, events, settings, targets
from ideas.core.clock import add_months
from ideas.core.errors import ConcurrentUpdate, InvalidTransition, NotFound, PermissionDenied, ValidationError
from ideas.core.models import (
    Campaign,
    CouncilMember,
    Decision,
    Idea,
    IdeaAuthor,
    ReviewAssignment,
    RubricCriterion,
    ScoreItem,
    ScoreSheet,
    Unit,
    User,
)
from ideas.core.permissions import require, scope_unit_ids
from ideas.filing import lifecycle
from ideas.filing.merging import refuse_merged
from ideas.filing.records import get_idea
from ideas.review.councils import SCORING_ROLES, conflicted_ids, ensure_not_conflicted, require_council
from ideas.review.rubrics import rubric_for_campaign

DEFAULT_REVIEW_DAYS = 21
VERDICTS = ("meets", "does_not_meet")
OPEN_STATUSES = (lifecycle.SUBMITTED, lifecycle.UNDER_REVIEW)


def _locked_idea(session: Session, idea_id: int) -> Idea:
    """Re-read the idea under a row lock (PostgreSQL) so that concurrent screeners queue on it."""
    idea = session.scalar(select(Idea).where(Idea.id == idea_id).with_for_update()
                          .execution_options(populate_existing=True))
    if idea is None:
        raise NotFound("review.error.idea_not_found", id=idea_id)
    return idea


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise ConcurrentUpdate() from None


def is_decided(session: Session, idea: Idea) -> bool:
    """True once the council has decided on the idea in its campaign (scores and votes are then frozen)."""
    if idea.status in (lifecycle.RECOGNISED, lifecycle.NOT_RECOGNISED):
        return True
    return session.scalar(select(Decision.id).where(Decision.idea_id == idea.id,
                                                    Decision.campaign_id == idea.campaign_id)) is not None


# ---------------------------------------------------------------- screening


def screen(*, session: Session, actor: User, idea_id: int, accept: bool, reason: str | None = None) -> Idea:
    """Accept a submitted idea for review (decision due in 3 months) or return it to the author with a reason."""
    idea = _locked_idea(session, idea_id)
    require(session, actor, "review.screen", unit_id=idea.unit_id)
    if idea.status != lifecycle.SUBMITTED:
        raise InvalidTransition("review.error.not_submitted", status=idea.status)
    if accept:
        lifecycle.transition(session=session, idea=idea, to=lifecycle.UNDER_REVIEW, actor=actor,
                             stage="screened", reason=reason)
        idea.accepted_at = clock.utcnow()
        # The months (3 by law, a setting) run from the day of acceptance in Vietnam, whatever the server's zone.
        idea.decision_due_on = add_months(clock.today(), settings.get_int(session, "ideas.decision_months"))
        _flush(session)
        events.notify_authors(session=session, idea=idea, kind="review.accepted", message_key="inbox.msg.accepted",
                             title=idea.title, due=idea.decision_due_on.isoformat())
    else:
        if not (reason or "").strip():
            raise ValidationError("review.error.return_reason_required")
        lifecycle.transition(session=session, idea=idea, to=lifecycle.RETURNED, actor=actor, reason=reason.strip())
        _flush(session)
        events.notify_authors(session=session, idea=idea, kind="review.returned", message_key="inbox.msg.returned",
                             title=idea.title, reason=reason.strip(), target=targets.target("submit", idea=idea.id))
    session.flush()
    return idea


def _scope_filter(session: Session, actor: User, action: str):
    ids = scope_unit_ids(session, actor, action)
    return None if ids is None else Idea.unit_id.in_(ids or [-1])


def screening_queue(session: Session, *, actor: User, limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """Submitted ideas the actor may screen, oldest first."""
    query = (select(Idea.id, Idea.receipt_no, Idea.title, Unit.name, User.full_name, Idea.submitted_at,
                    Idea.decision_due_on, Campaign.name)
             .join(Unit, Unit.id == Idea.unit_id).join(User, User.id == Idea.owner_id)
             .outerjoin(Campaign, Campaign.id == Idea.campaign_id)
             .where(Idea.status == lifecycle.SUBMITTED)
             .order_by(Idea.submitted_at, Idea.id).limit(limit).offset(offset))
    where = _scope_filter(session, actor, "review.screen")
    if where is not None:
        query = query.where(where)
    return pd.DataFrame(session.execute(query).all(),
                        columns=["id", "receipt_no", "title", "unit", "owner", "submitted_at", "decision_due_on",
                                 "campaign"])


# ---------------------------------------------------------------- assignment


def reviewer_load(session: Session, user_ids: list[int]) -> dict[int, int]:
    """Active assignments per reviewer on ideas still under review (their current load)."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(ReviewAssignment.reviewer_id, func.count())
        .join(Idea, Idea.id == ReviewAssignment.idea_id)
        .where(ReviewAssignment.reviewer_id.in_(user_ids), ReviewAssignment.status == "active",
               Idea.status == lifecycle.UNDER_REVIEW)
        .group_by(ReviewAssignment.reviewer_id)
    ).all()
    load = dict.fromkeys(user_ids, 0)
    load.update({uid: n for uid, n in rows})
    return load


def assign(*, session: Session, actor: User, idea_id: int, mode: str = "balanced", count: int | None = None,
           reviewer_ids: list[int] | None = None, due_on: dt.date | None = None) -> list[ReviewAssignment]:
    """Assign reviewers: "all" council members, "balanced" N by load (fills up after recusals), or "pick"."""
    idea = get_idea(session, idea_id)
    require(session, actor, "review.assign", unit_id=idea.unit_id)
    refuse_merged(idea)
    if idea.status != lifecycle.UNDER_REVIEW or is_decided(session, idea):
        raise InvalidTransition("review.error.not_under_review", status=idea.status)
    council = require_council(session, idea.campaign_id)
    campaign = session.get(Campaign, idea.campaign_id)
    members = session.execute(select(CouncilMember.user_id, CouncilMember.role)
                              .where(CouncilMember.council_id == council.id)).all()
    member_roles = dict(members)
    existing = {a.reviewer_id: a for a in session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.idea_id == idea_id))}
    blocked = conflicted_ids(session, idea)
    eligible = [uid for uid, role in members if role in SCORING_ROLES and uid not in blocked and uid not in existing]
    active_now = sum(1 for a in existing.values() if a.status == "active")
    if mode == "pick":
        for uid in reviewer_ids or []:
            if uid not in member_roles:
                raise ValidationError("review.error.not_member")
            if member_roles[uid] not in SCORING_ROLES:
                raise ValidationError("place.review.error.not_scoring")
            ensure_not_conflicted(session, idea, uid)
            if uid in existing:
                raise ValidationError("review.error.already_assigned")
        chosen = list(dict.fromkeys(reviewer_ids or []))
    elif mode == "all":
        chosen = eligible
    elif mode == "balanced":
        wanted = count or (campaign.reviewers_per_idea if campaign else None) or len(eligible) + active_now
        load = reviewer_load(session, eligible)
        chosen = sorted(eligible, key=lambda uid: (load[uid], uid))[:max(wanted - active_now, 0)]
    else:
        raise ValidationError("review.error.assign_mode", mode=mode)
    if not chosen and active_now == 0:
        raise ValidationError("review.error.no_eligible_reviewer")
    due = due_on or min(clock.today() + dt.timedelta(days=DEFAULT_REVIEW_DAYS),
                        idea.decision_due_on or dt.date.max)
    created = []
    for uid in chosen:
        assignment = ReviewAssignment(idea_id=idea_id, reviewer_id=uid, due_on=due, status="active")
        session.add(assignment)
        created.append(assignment)
        events.notify(session=session, user_id=uid, kind="review.assigned", message_key="inbox.msg.assigned",
                     idea_id=idea_id, title=_display_title(session, idea), due=due.isoformat(),
                     target=targets.target("score", idea=idea_id))
    session.flush()
    if created:
        audit.record(session=session, actor=actor, action="review.assign", entity="idea", entity_id=idea_id,
                     details={"reviewers": chosen, "due_on": due.isoformat(), "mode": mode})
        if idea.review_stage in (None, "screened"):
            lifecycle.set_review_stage(session=session, idea=idea, stage="assigned", actor=actor)
    return created


def replace_reviewer(*, session: Session, actor: User, idea_id: int, reviewer_id: int, by_id: int,
                     due_on: dt.date | None = None) -> ReviewAssignment:
    """Replace one reviewer of a file by another council member (not an author, no declared conflict, never
    assigned to it before). The replaced assignment is kept as "replaced"; a reviewer who already scored the
    file cannot be replaced (their sheet counts)."""
    idea = get_idea(session, idea_id)
    require(session, actor, "review.assign", unit_id=idea.unit_id)
    refuse_merged(idea)
    if idea.status != lifecycle.UNDER_REVIEW or is_decided(session, idea):
        raise InvalidTransition("review.error.not_under_review", status=idea.status)
    old = session.scalar(select(ReviewAssignment).where(ReviewAssignment.idea_id == idea_id,
                                                        ReviewAssignment.reviewer_id == reviewer_id,
                                                        ReviewAssignment.status == "active"))
    if old is None:
        raise NotFound("place.review.error.not_assigned")
    if session.scalar(select(ScoreSheet.id).where(ScoreSheet.idea_id == idea_id,
                                                  ScoreSheet.reviewer_id == reviewer_id)) is not None:
        raise ValidationError("place.review.error.already_scored")
    old.status = "replaced"
    session.flush()
    created = assign(session=session, actor=actor, idea_id=idea_id, mode="pick", reviewer_ids=[by_id],
                     due_on=due_on or old.due_on)
    audit.record(session=session, actor=actor, action="review.replace", entity="idea", entity_id=idea_id,
                 details={"replaced": reviewer_id, "by": by_id})
    return created[0]


def _display_title(session: Session, idea: Idea) -> str:
    return idea.title


def assignments_frame(session: Session, idea_ids: list[int]) -> pd.DataFrame:
    """Assignments of the given ideas with reviewer names and whether a score sheet exists."""
    rows = session.execute(
        select(ReviewAssignment.idea_id, ReviewAssignment.reviewer_id, User.full_name, ReviewAssignment.status,
               ReviewAssignment.due_on, ScoreSheet.total, ScoreSheet.verdict)
        .join(User, User.id == ReviewAssignment.reviewer_id)
        .outerjoin(ScoreSheet, and_(ScoreSheet.idea_id == ReviewAssignment.idea_id,
                                    ScoreSheet.reviewer_id == ReviewAssignment.reviewer_id))
        .where(ReviewAssignment.idea_id.in_(idea_ids or [-1]))
        .order_by(ReviewAssignment.idea_id, ReviewAssignment.id)
    ).all()
    return pd.DataFrame(rows, columns=["idea_id", "reviewer_id", "reviewer", "status", "due_on", "total", "verdict"])


# ---------------------------------------------------------------- scoring


def _criteria(session: Session, idea: Idea) -> list[RubricCriterion]:
    campaign = session.get(Campaign, idea.campaign_id) if idea.campaign_id else None
    return list(rubric_for_campaign(session, campaign).criteria)


def _active_assignment(session: Session, idea: Idea, user_id: int) -> ReviewAssignment:
    assignment = session.scalar(select(ReviewAssignment).where(
        ReviewAssignment.idea_id == idea.id, ReviewAssignment.reviewer_id == user_id))
    if assignment is None or assignment.status != "active":
        raise PermissionDenied("review.error.not_assigned")
    return assignment


def _points(value: object) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError("review.error.score_not_number") from None
    if not number.is_finite():
        raise ValidationError("review.error.score_not_number")
    return number


def score(*, session: Session, actor: User, idea_id: int, points: dict[str, object], verdict: str,
          comment: str | None = None, expected_version: int | None = None) -> ScoreSheet:
    """Save the actor's score sheet (every criterion within 0..max); allowed until the council decides."""
    idea = _locked_idea(session, idea_id)  # queue behind a decision being taken, so no score lands after it
    require(session, actor, "review.score", unit_id=idea.unit_id)
    ensure_not_conflicted(session, idea, actor.id)
    refuse_merged(idea)
    _active_assignment(session, idea, actor.id)
    if is_decided(session, idea) or idea.status != lifecycle.UNDER_REVIEW:
        raise InvalidTransition("review.error.already_decided")
    criteria = _criteria(session, idea)
    values: dict[int, Decimal] = {}
    for criterion in criteria:
        raw = points.get(criterion.code, points.get(criterion.id))  # type: ignore[call-overload]
        if raw is None or raw == "":
            raise ValidationError("review.error.score_missing", criterion=criterion.name_vi)
        value = _points(raw)
        if value < 0 or value > criterion.max_points:
            raise ValidationError("review.error.score_out_of_bounds", criterion=criterion.name_vi,
                                  value=str(value.normalize()), max=criterion.max_points)
        values[criterion.id] = value.quantize(Decimal("0.01"))
    if verdict not in VERDICTS:
        raise ValidationError("review.error.verdict_required")
    sheet = session.scalar(select(ScoreSheet).where(ScoreSheet.idea_id == idea_id,
                                                    ScoreSheet.reviewer_id == actor.id))
    if sheet is not None and expected_version is not None and sheet.version != expected_version:
        raise ConcurrentUpdate()
    if sheet is None:
        sheet = ScoreSheet(idea_id=idea_id, reviewer_id=actor.id)
        session.add(sheet)
    by_criterion = {item.criterion_id: item for item in sheet.items}
    for criterion_id, value in values.items():
        if criterion_id in by_criterion:
            by_criterion[criterion_id].points = value
        else:
            sheet.items.append(ScoreItem(criterion_id=criterion_id, points=value))
    sheet.total = sum(values.values(), Decimal(0))
    sheet.verdict = verdict
    sheet.comment = (comment or "").strip() or None
    sheet.updated_at = clock.utcnow()
    _flush(session)
    audit.record(session=session, actor=actor, action="review.score", entity="idea", entity_id=idea_id,
                 details={"total": str(sheet.total), "verdict": verdict, "version": sheet.version})
    _maybe_scored(session, idea, actor)
    return sheet


def _maybe_scored(session: Session, idea: Idea, actor: User) -> None:
    pending = session.scalar(
        select(func.count()).select_from(ReviewAssignment)
        .outerjoin(ScoreSheet, and_(ScoreSheet.idea_id == ReviewAssignment.idea_id,
                                    ScoreSheet.reviewer_id == ReviewAssignment.reviewer_id))
        .where(ReviewAssignment.idea_id == idea.id, ReviewAssignment.status == "active", ScoreSheet.id.is_(None)))
    if not pending and idea.review_stage in ("screened", "assigned"):
        lifecycle.set_review_stage(session=session, idea=idea, stage="scored", actor=actor)


def is_blind(session: Session, idea: Idea) -> bool:
    """Whether reviewers must not see the authors and unit (blind campaign, not decided yet)."""
    campaign = session.get(Campaign, idea.campaign_id) if idea.campaign_id else None
    return bool(campaign and campaign.blind_review) and idea.status not in (lifecycle.RECOGNISED,
                                                                           lifecycle.NOT_RECOGNISED)


def due_count(session: Session, *, actor: User) -> int:
    """How many active assignments of the actor still wait for a score on an idea under review (one COUNT)."""
    sheet = and_(ScoreSheet.idea_id == ReviewAssignment.idea_id, ScoreSheet.reviewer_id == actor.id)
    return session.scalar(
        select(func.count()).select_from(ReviewAssignment).join(Idea, Idea.id == ReviewAssignment.idea_id)
        .outerjoin(ScoreSheet, sheet)
        .where(ReviewAssignment.reviewer_id == actor.id, ReviewAssignment.status == "active",
               Idea.status == lifecycle.UNDER_REVIEW, ScoreSheet.id.is_(None))) or 0


def reviewer_queue(session: Session, *, actor: User, include_done: bool = True,
                   limit: int | None = None) -> pd.DataFrame:
    """The actor's assignments, what is due first, then what is scored (at most `limit` rows, in SQL);
    authors and unit hidden in blind review."""
    query = (
        select(Idea.id, Idea.title, Idea.status, Campaign.blind_review, Unit.name, ReviewAssignment.due_on,
               ReviewAssignment.status, ScoreSheet.total, ScoreSheet.verdict, ScoreSheet.updated_at)
        .join(ReviewAssignment, ReviewAssignment.idea_id == Idea.id)
        .join(Unit, Unit.id == Idea.unit_id)
        .outerjoin(Campaign, Campaign.id == Idea.campaign_id)
        .outerjoin(ScoreSheet, and_(ScoreSheet.idea_id == Idea.id, ScoreSheet.reviewer_id == actor.id))
        .where(ReviewAssignment.reviewer_id == actor.id, ReviewAssignment.status == "active")
    )
    if limit is None:
        rows = session.execute(query.order_by(case((ScoreSheet.id.is_(None), 0), else_=1),
                                              ReviewAssignment.due_on, Idea.id)).all()
    else:  # the first keys on the narrow indexes, then only those files' rows
        keys = _queue_keys(session, actor.id, limit)
        found = {row[0]: row for row in session.execute(query.where(ReviewAssignment.idea_id.in_(keys or [-1])))}
        rows = [found[key] for key in keys if key in found]
    frame = pd.DataFrame(rows, columns=["idea_id", "title", "status", "blind", "unit", "due_on", "assignment",
                                        "total", "verdict", "scored_at"])
    decided = frame["status"].isin([lifecycle.RECOGNISED, lifecycle.NOT_RECOGNISED])
    frame["blind"] = frame["blind"].fillna(False).astype(bool) & ~decided
    names = _author_names(session, [int(i) for i in frame["idea_id"]])
    frame["authors"] = [None if blind else names.get(int(i), "")
                        for i, blind in zip(frame["idea_id"], frame["blind"], strict=True)]
    frame["unit"] = pd.Series([None if blind else unit for unit, blind in zip(frame["unit"], frame["blind"],
                                                                              strict=True)], dtype=object)
    frame["due"] = frame["total"].isna() & ~decided
    if not include_done:
        frame = frame[frame["due"]].reset_index(drop=True)
    return frame.drop(columns=["assignment"])


def _queue_keys(session: Session, reviewer_id: int, limit: int) -> list[int]:
    """The first `limit` idea ids of a reviewer's queue in its order (not scored first, then by due date and id),
    read along ix_review_assignments_reviewer_status_due with a probe of the score sheets' unique index each:
    no idea or sheet row is read, and nothing is sorted."""
    mine = select(ReviewAssignment.idea_id).where(ReviewAssignment.reviewer_id == reviewer_id,
                                                  ReviewAssignment.status == "active")
    scored = (select(ScoreSheet.id)  # SELECT id, not *: the probe stays on the unique index
              .where(ScoreSheet.idea_id == ReviewAssignment.idea_id, ScoreSheet.reviewer_id == reviewer_id).exists())
    along = (ReviewAssignment.due_on, ReviewAssignment.idea_id)
    keys = list(session.scalars(mine.where(~scored).order_by(*along).limit(limit)))
    if len(keys) < limit:
        keys += session.scalars(mine.where(scored).order_by(*along).limit(limit - len(keys)))
    return keys


def _author_names(session: Session, idea_ids: list[int]) -> dict[int, str]:
    rows = session.execute(
        select(IdeaAuthor.idea_id, User.full_name).join(User, User.id == IdeaAuthor.user_id)
        .where(IdeaAuthor.idea_id.in_(idea_ids or [-1])).order_by(IdeaAuthor.idea_id, IdeaAuthor.position)
    ).all()
    names: dict[int, list[str]] = {}
    for idea_id, name in rows:
        names.setdefault(idea_id, []).append(name)
    owners = session.execute(select(Idea.id, User.full_name).join(User, User.id == Idea.owner_id)
                             .where(Idea.id.in_(idea_ids or [-1]))).all()
    for idea_id, name in owners:
        names.setdefault(idea_id, [name])
    return {k: ", ".join(v) for k, v in names.items()}


def scoring_view(session: Session, *, actor: User, idea_id: int) -> dict:
    """What a reviewer sees to score an idea: its text (masked when blind), the criteria and their sheet."""
    idea = get_idea(session, idea_id)
    require(session, actor, "review.score", unit_id=idea.unit_id)
    ensure_not_conflicted(session, idea, actor.id)
    _active_assignment(session, idea, actor.id)
    blind = is_blind(session, idea)
    sheet = session.scalar(select(ScoreSheet).where(ScoreSheet.idea_id == idea_id,
                                                    ScoreSheet.reviewer_id == actor.id))
    current = {item.criterion_id: float(item.points) for item in sheet.items} if sheet else {}
    criteria = [{"id": c.id, "code": c.code, "name_vi": c.name_vi, "name_en": c.name_en,
                 "max_points": c.max_points, "is_novelty": c.is_novelty, "bands": c.bands,
                 "points": current.get(c.id)} for c in _criteria(session, idea)]
    return {
        "idea_id": idea.id, "title": idea.title, "blind": blind, "decided": is_decided(session, idea),
        "authors": None if blind else _author_names(session, [idea.id]).get(idea.id, ""),
        "unit": None if blind else idea.unit.name,
        "problem": idea.problem, "essence": idea.essence, "benefits": idea.benefits_text,
        "field": idea.field_of_application, "first_applied_on": idea.first_applied_on,
        "criteria": criteria,
        "verdict": sheet.verdict if sheet else None, "comment": sheet.comment if sheet else None,
        "version": sheet.version if sheet else None, "total": float(sheet.total) if sheet else None,
    }


# ---------------------------------------------------------------- deadlines

# Who follows deadlines (the page is for secretaries and administrators): everyone managing a council.
DEADLINES_SCOPE = "review.manage_council"


def deadlines(session: Session, *, actor: User, within_days: int = 14, today: dt.date | None = None,
              limit: int = 500) -> pd.DataFrame:
    """Open ideas whose legal decision date is within `within_days` days or already past, soonest first."""
    today = today or clock.today()
    horizon = today + dt.timedelta(days=within_days)
    query = (select(Idea.id, Idea.receipt_no, Idea.title, Unit.name, Idea.status, Idea.review_stage,
                    Idea.decision_due_on)
             .join(Unit, Unit.id == Idea.unit_id)
             .where(Idea.status.in_(OPEN_STATUSES), Idea.decision_due_on.is_not(None),
                    Idea.decision_due_on <= horizon)
             .order_by(Idea.decision_due_on, Idea.id).limit(limit))
    where = _scope_filter(session, actor, DEADLINES_SCOPE)
    if where is not None:
        query = query.where(where)
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["id", "receipt_no", "title", "unit", "status", "stage", "decision_due_on"])
    frame["days_left"] = [(d - today).days for d in frame["decision_due_on"]]
    frame["overdue"] = frame["days_left"] < 0
    return frame


def deadline_counts(session: Session, *, actor: User, within_days: int = 14,
                    today: dt.date | None = None) -> pd.DataFrame:
    """Per unit: open ideas overdue and due within `within_days` days (GROUP BY in the database)."""
    today = today or clock.today()
    horizon = today + dt.timedelta(days=within_days)
    overdue = func.sum(case((Idea.decision_due_on < today, 1), else_=0))
    soon = func.sum(case((and_(Idea.decision_due_on >= today, Idea.decision_due_on <= horizon), 1), else_=0))
    query = (select(Unit.id, Unit.name, overdue, soon)
             .join(Idea, Idea.unit_id == Unit.id)
             .where(Idea.status.in_(OPEN_STATUSES), Idea.decision_due_on.is_not(None),
                    Idea.decision_due_on <= horizon)
             .group_by(Unit.id, Unit.name).order_by(overdue.desc(), Unit.name))
    where = _scope_filter(session, actor, DEADLINES_SCOPE)
    if where is not None:
        query = query.where(where)
    frame = pd.DataFrame(session.execute(query).all(), columns=["unit_id", "unit", "overdue", "due_soon"])
    return frame.astype({"overdue": int, "due_soon": int})


def remind_due(*, session: Session, actor: User, within_days: int = 3, today: dt.date | None = None) -> int:
    """Send reviewers a reminder for unscored assignments due within `within_days` days."""
    today = today or clock.today()
    rows = session.execute(
        select(ReviewAssignment.reviewer_id, Idea.id, Idea.title, ReviewAssignment.due_on)
        .join(Idea, Idea.id == ReviewAssignment.idea_id)
        .outerjoin(ScoreSheet, and_(ScoreSheet.idea_id == ReviewAssignment.idea_id,
                                    ScoreSheet.reviewer_id == ReviewAssignment.reviewer_id))
        .where(ReviewAssignment.status == "active", ScoreSheet.id.is_(None), Idea.status == lifecycle.UNDER_REVIEW,
               ReviewAssignment.due_on <= today + dt.timedelta(days=within_days))
    ).all()
    allowed = scope_unit_ids(session, actor, "review.assign")
    if allowed is not None and not allowed:
        raise PermissionDenied(action="review.assign")
    for reviewer_id, idea_id, title, due in rows:
        events.notify(session=session, user_id=reviewer_id, kind="review.due", message_key="inbox.msg.due",
                     idea_id=idea_id, title=title, due=due.isoformat(), target=targets.target("score", idea=idea_id))
    if rows:
        audit.record(session=session, actor=actor, action="review.remind", entity="idea", entity_id=None,
                     details={"count": len(rows)})
    session.flush()
    return len(rows)
