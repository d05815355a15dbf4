"""Follow-through after recognition: claimed against measured impact per unit row, and the share of 6/12-month
measurements recorded on time. Two GROUP BY queries over the filtered recognised ideas; the roll-up is the
usual one over units.

Conventions (decisions where the issue is silent):
- Ideas: recognised ideas of the usual cohort filters (year of submission, campaign, unit subtree).
- "Measured" figures are each idea's latest recorded checkpoint (12 months when recorded, else 6 months);
  "claimed" sums the application form's figures of the SAME measured ideas, so the two compare like with like.
- A measurement is "due" once its window has closed (due date + followup.measure_window_days before today) or
  once recorded; "on time" was fixed when it was first recorded. Share on time = on time / due.
Indexes: ix_ideas_cohort (the year's ideas), uq_follow_measurements_idea_id_checkpoint (latest checkpoint look-ups),
ix_follow_measurements_idea_timing (due / on time from the index alone). Timings: see the slice report.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from ideas.core import clock, settings
from ideas.core.models import FollowMeasurement, Idea
from ideas.core.permissions import Actor
from ideas.core.words import BENEFITS
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
from ideas.filing.followthrough import CHECKPOINTS
from ideas.filing.lifecycle import RECOGNISED

DECIMAL_BENEFITS = ("hours_saved", "days_cut")
CLAIMED = [f"claimed_{b}" for b in BENEFITS]
MEASURED = [f"measured_{b}" for b in BENEFITS]
COUNTS = ["recognised", "measured_ideas", "due", "on_time"]


def claimed_vs_measured(*, session: Session, actor: Actor, year: int | None = None, campaign_id: int | None = None,
                        unit_id: int | None = None, today: dt.date | None = None, lang: str = "vi",
                  structure: str = TODAY) -> pd.DataFrame:
    """Per unit row: recognised and measured ideas, claimed and measured benefits, measurements due and on time."""
    scope = resolve_scope(session, actor, unit_id, lang=lang, structure=structure)
    today = today or clock.today()
    conds = [*idea_conditions(scope, year, campaign_id), Idea.status == RECOGNISED]
    # the latest recorded checkpoint: the 12-month one when recorded, else the 6-month one (two look-ups on the
    # (idea_id, checkpoint) key per idea rather than a GROUP BY over every measurement)
    early, late = aliased(FollowMeasurement), aliased(FollowMeasurement)
    recorded = [and_(m.idea_id == Idea.id, m.checkpoint == months, m.measured_on.is_not(None))
                for m, months in ((early, CHECKPOINTS[0]), (late, CHECKPOINTS[-1]))]
    has_late = late.idea_id.is_not(None)
    has = or_(has_late, early.idea_id.is_not(None))
    impact = frame_of(session, select(
        UNIT_KEY, func.count(Idea.id), func.coalesce(func.sum(case((has, 1), else_=0)), 0),
        *[func.coalesce(func.sum(case((has, getattr(Idea, b)), else_=None)), 0) for b in BENEFITS],
        *[func.coalesce(func.sum(case((has_late, getattr(late, b)), else_=getattr(early, b))), 0) for b in BENEFITS])
        .select_from(Idea).outerjoin(early, recorded[0]).outerjoin(late, recorded[1])
        .where(*conds).group_by(UNIT_KEY), ["unit_id", "recognised", "measured_ideas", *CLAIMED, *MEASURED])
    cutoff = today - dt.timedelta(days=settings.get_int(session, "followup.measure_window_days"))
    due = or_(FollowMeasurement.measured_on.is_not(None), FollowMeasurement.due_on < cutoff)
    timing = frame_of(session, select(
        UNIT_KEY, func.coalesce(func.sum(case((due, 1), else_=0)), 0),
        func.coalesce(func.sum(case((FollowMeasurement.on_time.is_(True), 1), else_=0)), 0))
        .select_from(FollowMeasurement).join(Idea, Idea.id == FollowMeasurement.idea_id)
        .where(*conds).group_by(UNIT_KEY), ["unit_id", "due", "on_time"])
    per_unit = impact.merge(timing, on="unit_id", how="outer")
    values = [*COUNTS[:2], *CLAIMED, *MEASURED, *COUNTS[2:]]
    per_unit = _typed(per_unit.reindex(columns=["unit_id", *values]).fillna(0))
    out = _typed(rollup(scope, per_unit, values))
    out["on_time_pct"] = share(out["on_time"], out["due"])
    return labelled(scope, out)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if column == "unit_id":
            continue
        decimal = column.removeprefix("claimed_").removeprefix("measured_") in DECIMAL_BENEFITS
        frame[column] = pd.to_numeric(frame[column]).astype(float if decimal else "int64")
    return frame
