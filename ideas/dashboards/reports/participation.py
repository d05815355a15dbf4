"""Participation by unit, ideas over time and the funnel from submission to replication."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Date, and_, case, cast, exists, func, literal_column, or_, select, union
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.i18n import t
from ideas.core.models import AwardItem, AwardList, Idea, IdeaAuthor, Replication, UnitMembership, User
from ideas.core.permissions import Actor
from ideas.core.words import DECIDED_LIST_STATUSES
from ideas.dashboards.reports.scope import (
    AS_WAS,
    COUNTED_STATUSES,
    FUNNEL_STAGES,
    TODAY,
    UNIT_KEY,
    Scope,
    frame_of,
    headcounts,
    idea_conditions,
    labelled,
    local_part,
    resolve_scope,
    rollup,
    scope_unit_frame,
    share,
    year_bounds,
)
from ideas.filing.lifecycle import NOT_RECOGNISED, RECOGNISED, UNDER_REVIEW


def participation_per_unit(session: Session, scope: Scope, year: int | None,
                            campaign_id: int | None) -> pd.DataFrame:
    """Per-unit counts: ideas, recognised, supports (by idea unit) and submitters (by person's unit)."""
    conds = idea_conditions(scope, year, campaign_id)
    # Supports come from the idea's support_count counter (kept by the supports service), not a join to
    # the supports table: ten times the rows of ideas at province scale.
    ideas = frame_of(session, select(
        UNIT_KEY, func.count(), func.sum(case((Idea.status == RECOGNISED, 1), else_=0)),
        func.coalesce(func.sum(Idea.support_count), 0),
    ).where(*conds).group_by(UNIT_KEY), ["unit_id", "ideas", "recognised", "supports"])
    plain = idea_conditions(None, year, campaign_id)
    # The people who owned or co-wrote a counted idea (UNION removes repeats), counted once each in their own
    # unit: a semi-join from users, so no DISTINCT over the union. Co-authors are found from the cohort's
    # idea ids, read off the covering ix_ideas_cohort, never from the idea rows themselves.
    people = union(
        select(Idea.owner_id).where(*plain),
        select(IdeaAuthor.user_id).where(IdeaAuthor.idea_id.in_(select(Idea.id).where(*plain))),
    )
    if scope.structure == AS_WAS:
        submitters_q = _submitters_as_was(session, plain)
    else:
        submitters_q = (select(User.unit_id, func.count())
                        .where(User.id.in_(people), User.unit_id.is_not(None))
                        .group_by(User.unit_id))
        if scope.unit_ids is not None:
            submitters_q = submitters_q.where(User.unit_id.in_(scope.unit_ids))
    submitters = frame_of(session, submitters_q, ["unit_id", "submitters"])
    if scope.structure == AS_WAS and scope.unit_ids is not None:
        submitters = submitters[submitters.unit_id.isin(scope.unit_ids)]
    merged = scope_unit_frame(scope)
    for part in (ideas, submitters):
        merged = merged.merge(part, on="unit_id", how="left")
    return merged.fillna(0).astype({c: int for c in ("ideas", "recognised", "supports", "submitters")})


def local_date(session: Session, column):
    """The business-zone (Vietnam) calendar day of a stored naive-UTC time, as SQL."""
    hours = int(clock.now().utcoffset().total_seconds() // 3600)
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, f"{hours:+d} hours")
    return cast(column + literal_column(f"interval '{hours:d} hours'"), Date)


def _submitters_as_was(session: Session, plain: list):
    """Distinct (person, unit they belonged to on the idea's submission day) over the cohort, per unit.

    A person's unit on a day is their closed membership period covering it (written when a reorganisation moved
    them), else their current unit: one outer join on ix_unit_memberships_user_to, no per-person loop.
    """
    owners = select(Idea.owner_id.label("user_id"), local_date(session, Idea.submitted_at).label("day")).where(*plain)
    coauthors = (select(IdeaAuthor.user_id.label("user_id"), local_date(session, Idea.submitted_at).label("day"))
                 .join(Idea, Idea.id == IdeaAuthor.idea_id).where(*plain))
    acts = union(owners, coauthors).subquery()
    unit_then = func.coalesce(UnitMembership.unit_id, User.unit_id)
    pairs = (select(acts.c.user_id, unit_then.label("unit_id"))
             .join(User, User.id == acts.c.user_id)
             .outerjoin(UnitMembership, and_(UnitMembership.user_id == acts.c.user_id,
                                             UnitMembership.valid_to > acts.c.day,
                                             or_(UnitMembership.valid_from.is_(None),
                                                 UnitMembership.valid_from <= acts.c.day)))
             .where(unit_then.is_not(None)).distinct().subquery())
    return select(pairs.c.unit_id, func.count()).group_by(pairs.c.unit_id)


def participation(*, session: Session, actor: Actor, year: int | None = None,
                  campaign_id: int | None = None, unit_id: int | None = None, lang: str = "vi",
                  every_unit: bool = False, structure: str = TODAY) -> pd.DataFrame:
    """Submitters' share of headcount, ideas per 100 staff, supports and recognised ideas per unit row.

    `structure`: today's structure (ended units rolled up into their successors; submitters by their current
    unit) or as it was (each idea under its unit at the time, each submitter under their unit on the
    submission day). The headcount is the one in force for the year (see scope.in_force_headcount)."""
    scope = resolve_scope(session, actor, unit_id, lang=lang, structure=structure, year=year)
    if every_unit:  # one row per visible unit, each over its own subtree (CLI --all)
        rows = scope.units.assign(own=False, label=scope.units.name)
        scope = replace(scope, rows=rows[["id", "code", "name", "label", "path", "level", "own"]])
    per_unit = participation_per_unit(session, scope, year, campaign_id)
    values = ["ideas", "recognised", "supports", "submitters"]
    result = rollup(scope, per_unit, values)
    result["headcount"] = result.unit_id.map(headcounts(scope)).fillna(0).astype(int)
    result = labelled(scope, result)
    result["participation_pct"] = share(result.submitters, result.headcount)
    result["ideas_per_100"] = share(result.ideas, result.headcount)
    columns = ["unit_id", "code", "name", "label", "own", "headcount", "submitters", "participation_pct",
               "ideas", "ideas_per_100", "supports", "recognised"]
    return result[columns].sort_values("participation_pct", ascending=False, kind="stable").reset_index(drop=True)


def average_participation(frame: pd.DataFrame) -> float:
    """The weighted average share over the rows shown (all submitters / all headcount), in %."""
    total = float(frame.headcount.sum()) if not frame.empty else 0.0
    return round(float(frame.submitters.sum()) / total * 100, 1) if total else 0.0


# ---------------------------------------------------------------- 2. over time


def monthly_by_status(*, session: Session, actor: Actor, year: int, campaign_id: int | None = None,
                      unit_id: int | None = None, structure: str = TODAY) -> pd.DataFrame:
    """Ideas submitted per month of `year`, by current status (month 1..12, status, ideas)."""
    scope = resolve_scope(session, actor, unit_id, structure=structure)
    month = local_part(session, "month", Idea.submitted_at)
    frame = frame_of(session, select(month, Idea.status, func.count())
                   .where(*idea_conditions(scope, year, campaign_id)).group_by(month, Idea.status),
                   ["month", "status", "ideas"])
    frame["month"] = frame.month.astype(int)
    order = {s: i for i, s in enumerate(COUNTED_STATUSES)}
    return frame.sort_values(["month", "status"], key=lambda c: c.map(order) if c.name == "status" else c,
                             kind="stable").reset_index(drop=True)


def year_over_year(*, session: Session, actor: Actor, year: int, campaign_id: int | None = None,
                   unit_id: int | None = None, structure: str = TODAY) -> pd.DataFrame:
    """Ideas submitted per month in `year` and in the year before (year, month, ideas; zeros filled)."""
    scope = resolve_scope(session, actor, unit_id, structure=structure)
    start, _ = year_bounds(year - 1)
    _, end = year_bounds(year)
    conds = idea_conditions(scope, None, campaign_id) + [Idea.submitted_at >= start, Idea.submitted_at < end]
    yr, month = local_part(session, "year", Idea.submitted_at), local_part(session, "month", Idea.submitted_at)
    counts = frame_of(session, select(yr, month, func.count()).where(*conds).group_by(yr, month),
                    ["year", "month", "ideas"])
    grid = pd.DataFrame([(y, m) for y in (year - 1, year) for m in range(1, 13)], columns=["year", "month"])
    counts = counts.astype({"year": int, "month": int})
    out = grid.merge(counts, on=["year", "month"], how="left").fillna({"ideas": 0})
    return out.astype({"ideas": int})


# ---------------------------------------------------------------- 3. funnel


def funnel(*, session: Session, actor: Actor, year: int | None = None, campaign_id: int | None = None,
           unit_id: int | None = None, lang: str = "vi", structure: str = TODAY) -> pd.DataFrame:
    """Submitted -> accepted for review -> recognised -> rewarded -> replicated elsewhere (stage, ideas, pct).

    Rewarded and replicated count recognised ideas only, so that the stages nest.
    """
    scope = resolve_scope(session, actor, unit_id, structure=structure)
    accepted = or_(Idea.accepted_at.is_not(None), Idea.status.in_((UNDER_REVIEW, RECOGNISED, NOT_RECOGNISED)))
    recognised = Idea.status == RECOGNISED
    # Uncorrelated IN sets: award_items has no index on idea_id, so a correlated EXISTS would scan it per idea.
    rewarded = Idea.id.in_(select(AwardItem.idea_id).join(AwardList, AwardList.id == AwardItem.list_id)
                           .where(AwardList.status.in_(DECIDED_LIST_STATUSES), AwardItem.idea_id.is_not(None)))
    replicated = exists().where(Replication.idea_id == Idea.id, Replication.unit_id != Idea.unit_id)
    row = session.execute(select(
        func.count(),
        func.sum(case((accepted, 1), else_=0)),
        func.sum(case((recognised, 1), else_=0)),
        func.sum(case((and_(recognised, rewarded), 1), else_=0)),
        func.sum(case((and_(recognised, replicated), 1), else_=0)),
    ).where(*idea_conditions(scope, year, campaign_id))).one()
    counts = [int(v or 0) for v in row]
    frame = pd.DataFrame({"stage": FUNNEL_STAGES, "ideas": counts})
    frame["label"] = [t(f"dash.funnel.{s}", lang) for s in FUNNEL_STAGES]
    frame["pct_of_submitted"] = share(frame.ideas, pd.Series([counts[0]] * len(counts)))
    frame["order"] = range(len(FUNNEL_STAGES))
    return frame[["order", "stage", "label", "ideas", "pct_of_submitted"]]




def subtree_figures(*, session: Session, scope: Scope, year: int) -> pd.DataFrame:
    """Per display row of `scope`, over its subtree, for ideas submitted in `year`: ideas, submitters,
    headcount, participation_pct and the reports cut by its recognised ideas (reports_cut_evidence)."""
    per_unit = participation_per_unit(session, scope, year, None)
    conds = idea_conditions(scope, year, None) + [Idea.status == RECOGNISED]
    evidence = frame_of(session, select(UNIT_KEY, func.coalesce(func.sum(Idea.reports_cut), 0)).where(*conds)
                        .group_by(UNIT_KEY), ["unit_id", "reports_cut_evidence"])
    per_unit = per_unit.merge(evidence, on="unit_id", how="left").fillna({"reports_cut_evidence": 0})
    rolled = rollup(scope, per_unit, ["ideas", "submitters", "reports_cut_evidence"])
    rolled["headcount"] = rolled.unit_id.map(headcounts(scope)).fillna(0).astype(int)
    rolled["participation_pct"] = share(rolled.submitters, rolled.headcount)
    return rolled
