"""Review health: decisions on time or late per unit, reviewers' workload."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.models import Decision, Idea, ReviewAssignment, ScoreSheet, User
from ideas.core.permissions import Actor
from ideas.dashboards.reports.scope import (
    TODAY,
    UNIT_KEY,
    frame_of,
    idea_conditions,
    labelled,
    resolve_scope,
    rollup,
    share,
)
from ideas.filing.lifecycle import SUBMITTED, UNDER_REVIEW


def review_health(*, session: Session, actor: Actor, year: int | None = None,
                  campaign_id: int | None = None, unit_id: int | None = None, today: dt.date | None = None,
                  lang: str = "vi", structure: str = TODAY) -> pd.DataFrame:
    """Per unit row: accepted files, decided on time, decided late (after decision_due_on), open past due."""
    today = today or clock.today()
    scope = resolve_scope(session, actor, unit_id, lang=lang, structure=structure)
    conds = idea_conditions(scope, year, campaign_id)
    # One join to the last decision per idea instead of correlated EXISTS per idea (3x faster on PG). Under a
    # filter only the filtered ideas' decisions are grouped, off ix_decisions_idea_outcome_on.
    last = select(Decision.idea_id.label("idea_id"), func.max(Decision.decided_on).label("on"))
    if year is not None or campaign_id is not None or scope.unit_ids is not None:
        last = last.where(Decision.idea_id.in_(select(Idea.id).where(*conds)))
    last = last.group_by(Decision.idea_id).subquery()
    has_decision = last.c.idea_id.is_not(None)
    late = and_(has_decision, Idea.decision_due_on.is_not(None), last.c.on > Idea.decision_due_on)
    open_overdue = and_(last.c.idea_id.is_(None), Idea.status.in_((SUBMITTED, UNDER_REVIEW)),
                        Idea.decision_due_on.is_not(None), Idea.decision_due_on < today)
    per_unit = frame_of(session, select(
        UNIT_KEY,
        func.sum(case((Idea.accepted_at.is_not(None), 1), else_=0)),
        func.sum(case((and_(has_decision, ~late), 1), else_=0)),
        func.sum(case((late, 1), else_=0)),
        func.sum(case((open_overdue, 1), else_=0)),
    ).select_from(Idea).outerjoin(last, last.c.idea_id == Idea.id).where(*conds).group_by(UNIT_KEY),
        ["unit_id", "accepted", "decided_on_time", "decided_late", "open_overdue"])
    values = ["accepted", "decided_on_time", "decided_late", "open_overdue"]
    per_unit[values] = per_unit[values].fillna(0).astype(int)
    out = labelled(scope, rollup(scope, per_unit, values).astype({v: int for v in values}))
    out["overdue"] = out.decided_late + out.open_overdue
    return out


def reviewer_workload(*, session: Session, actor: Actor, year: int | None = None,
                      campaign_id: int | None = None, unit_id: int | None = None,
                      today: dt.date | None = None, structure: str = TODAY) -> pd.DataFrame:
    """Per reviewer: active assignments still to score, of which overdue; sheets scored, of which late."""
    today = today or clock.today()
    scope = resolve_scope(session, actor, unit_id, structure=structure)
    sheet = ScoreSheet
    scored = sheet.id.is_not(None)
    pending = and_(ReviewAssignment.status == "active", sheet.id.is_(None), Idea.status == UNDER_REVIEW)
    values = ["active", "active_overdue", "scored", "scored_late"]
    # Counted per reviewer id first; the few reviewers' names are joined to the totals, not to every assignment.
    per_reviewer = (
        select(ReviewAssignment.reviewer_id.label("reviewer_id"),
               func.sum(case((pending, 1), else_=0)).label("active"),
               func.sum(case((and_(pending, ReviewAssignment.due_on < today), 1), else_=0)).label("active_overdue"),
               func.sum(case((scored, 1), else_=0)).label("scored"),
               func.sum(case((and_(scored, ReviewAssignment.due_on.is_not(None),
                                   func.date(sheet.submitted_at) > ReviewAssignment.due_on), 1), else_=0))
               .label("scored_late"))
        .select_from(ReviewAssignment)
        .join(Idea, Idea.id == ReviewAssignment.idea_id)
        .outerjoin(sheet, and_(sheet.idea_id == ReviewAssignment.idea_id,
                               sheet.reviewer_id == ReviewAssignment.reviewer_id))
        .where(*idea_conditions(scope, year, campaign_id))
        .group_by(ReviewAssignment.reviewer_id)
    ).subquery()
    query = (select(User.id, User.full_name, *[per_reviewer.c[v] for v in values])
             .join(per_reviewer, per_reviewer.c.reviewer_id == User.id))
    out = frame_of(session, query, ["reviewer_id", "reviewer", *values])
    out[values] = out[values].fillna(0).astype(int)
    out["late_pct"] = share(out.scored_late, out.scored)
    return out.sort_values(["active", "reviewer"], ascending=[False, True], kind="stable").reset_index(drop=True)


