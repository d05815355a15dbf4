"""Awards on approved lists per unit and form, and the days from recognition to award."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.core.models import AwardItem, AwardList, Decision, Idea
from ideas.core.permissions import Actor
from ideas.core.words import DECIDED_LIST_STATUSES
from ideas.dashboards.reports.scope import (
    UNIT_KEY,
    frame_of,
    labelled,
    resolve_scope,
    rollup,
    row_pairs,
)
from ideas.filing.lifecycle import RECOGNISED
from ideas.rewards.awards.queries import awarded_totals


def rewards_by_unit_form(*, session: Session, actor: Actor, year: int | None = None,
                         campaign_id: int | None = None, unit_id: int | None = None,
                         lang: str = "vi") -> pd.DataFrame:
    """Awards in approved/locked lists per unit row and award form: count and amount (VND).

    An award counts under the unit the rewards ledger counts it under (rewards.awards.queries.AWARD_UNIT, the
    recipient's unit on the approved list): both read `awarded_totals`.
    """
    scope = resolve_scope(session, actor, unit_id, lang=lang)
    totals = awarded_totals(session, unit_ids=scope.unit_ids, year=year, campaign_id=campaign_id)
    columns = ["unit_id", "form", "form_name", "awards", "amount"]
    if totals.empty:
        per_unit = pd.DataFrame(columns=columns)
    else:
        named = totals.assign(form_name=totals.form_vi if lang == "vi" else totals.form_en)
        per_unit = (named.groupby(["unit_id", "form_code", "form_name"], as_index=False, dropna=False)
                    [["recipients", "total"]].sum()
                    .rename(columns={"form_code": "form", "recipients": "awards", "total": "amount"}))[columns]
    per_unit = per_unit.astype({"awards": "int64", "amount": "int64"})
    rolled = rollup(scope, per_unit, ["awards", "amount"], keys=["form", "form_name"])
    return labelled(scope, rolled.astype({"awards": "int64", "amount": "int64"}))


def reward_delays(*, session: Session, actor: Actor, year: int | None = None,
                  campaign_id: int | None = None, unit_id: int | None = None, lang: str = "vi") -> pd.DataFrame:
    """Days from recognition (first recognising Decision) to the first approved award decision, per unit row.

    SQL returns a histogram (unit, days, ideas); the median and mean are taken over it.
    """
    scope = resolve_scope(session, actor, unit_id, lang=lang)
    awarded = [AwardList.status.in_(DECIDED_LIST_STATUSES), AwardList.decision_date.is_not(None)]
    first_award = (select(AwardItem.idea_id.label("idea_id"), func.min(AwardList.decision_date).label("on"))
                   .join(AwardList, AwardList.id == AwardItem.list_id)
                   .where(*awarded, AwardItem.idea_id.is_not(None)))
    recognition = (select(Decision.idea_id.label("idea_id"), func.min(Decision.decided_on).label("on"))
                   .where(Decision.outcome == RECOGNISED))
    if year is not None:
        # Only ideas with an award decided in the year can have their first award then: group just those
        # (found from the year's lists through ix_award_items_idea_list), not every award and decision ever.
        in_year = (select(AwardItem.idea_id).join(AwardList, AwardList.id == AwardItem.list_id)
                   .where(*awarded, AwardItem.idea_id.is_not(None), AwardList.decision_date >= dt.date(year, 1, 1),
                          AwardList.decision_date < dt.date(year + 1, 1, 1)))
        first_award = first_award.where(AwardItem.idea_id.in_(in_year))
        recognition = recognition.where(Decision.idea_id.in_(in_year))
    first_award = first_award.group_by(AwardItem.idea_id).subquery()
    recognition = recognition.group_by(Decision.idea_id).subquery()
    if session.get_bind().dialect.name == "sqlite":
        days = func.round(func.julianday(first_award.c.on) - func.julianday(recognition.c.on))
    else:
        days = first_award.c.on - recognition.c.on
    conds = []
    if year is not None:
        conds += [first_award.c.on >= dt.date(year, 1, 1), first_award.c.on < dt.date(year + 1, 1, 1)]
    if campaign_id is not None:
        conds.append(Idea.campaign_id == campaign_id)
    if scope.unit_ids is not None:
        conds.append(Idea.unit_id.in_(scope.unit_ids))
    hist = frame_of(session, select(UNIT_KEY, days, func.count())
                  .select_from(Idea)
                  .join(first_award, first_award.c.idea_id == Idea.id)
                  .join(recognition, recognition.c.idea_id == Idea.id)
                  .where(*conds).group_by(UNIT_KEY, days), ["unit_id", "days", "ideas"])
    hist = hist.astype({"unit_id": "int64", "days": float, "ideas": int}).merge(row_pairs(scope), on="unit_id")
    by_row = dict(tuple(hist.groupby("row_id")))
    records = []
    for row in scope.rows.itertuples():
        part = by_row.get(int(row.id))
        values = np.repeat(part.days.to_numpy(), part.ideas.to_numpy()) if part is not None else np.array([])
        records.append({"unit_id": row.id, "rewarded": int(values.size),
                        "median_days": float(np.median(values)) if values.size else None,
                        "mean_days": round(float(values.mean()), 1) if values.size else None})
    return labelled(scope, pd.DataFrame(records, columns=["unit_id", "rewarded", "median_days", "mean_days"]))


