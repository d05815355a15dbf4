"""The viewer's scope, the filters as SQL terms, and the roll-up of per-unit figures into display rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.errors import PermissionDenied
from ideas.core.i18n import t
from ideas.core.models import Idea, Unit
from ideas.core.permissions import Actor, scope_unit_ids
from ideas.filing.lifecycle import STATUSES

ACTION = "dashboard.view"
FUNNEL_STAGES = ("submitted", "accepted", "recognised", "rewarded", "replicated")
# A merged file is a duplicate of another one: it is not counted a second time (issue 16).
UNCOUNTED_STATUSES = ("draft", "merged")
COUNTED_STATUSES = tuple(s for s in STATUSES if s not in UNCOUNTED_STATUSES)


@dataclass(frozen=True)
class Scope:
    """The units a viewer sees for the current filters, and the rows the charts aggregate to."""

    units: pd.DataFrame  # visible units under the chosen root: id, code, name, parent_id, path, level, headcount
    unit_ids: list[int] | None  # SQL filter on unit ids; None = no filter needed (everything)
    root_id: int | None  # the unit whose children are shown (None = top level)
    rows: pd.DataFrame  # display rows: id, code, name, label, path, own (True = the root's own staff/ideas)


def all_units(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Unit.id, Unit.code, Unit.name, Unit.parent_id, Unit.path, Unit.level,
                                  Unit.headcount).order_by(Unit.path)).all()
    frame = pd.DataFrame(rows, columns=["id", "code", "name", "parent_id", "path", "level", "headcount"])
    frame["headcount"] = frame["headcount"].fillna(0).astype(int)
    return frame


def visible_unit_ids(session: Session, actor: Actor) -> list[int] | None:
    """Units the viewer may see on dashboards (None = all); PermissionDenied without dashboard.view."""
    if actor is None or not actor.active:
        raise PermissionDenied(action=ACTION)
    allowed = scope_unit_ids(session, actor, ACTION)
    if allowed == []:
        raise PermissionDenied(action=ACTION)
    return allowed


def resolve_scope(session: Session, actor: Actor, unit_id: int | None = None, *,
                  lang: str = "vi", drill: bool = True) -> Scope:
    """Check dashboard.view and work out the visible subtree and the rows to show (the root's children)."""
    allowed = visible_unit_ids(session, actor)
    units = all_units(session)
    if allowed is not None:
        units = units[units.id.isin(allowed)]
    if unit_id is not None:
        chosen = units[units.id == unit_id]
        if chosen.empty:
            raise PermissionDenied(action=ACTION)
        units = units[units.path.str.startswith(chosen.iloc[0].path)]
    ids = set(units.id)
    roots = units[~units.parent_id.isin(ids)]
    root_id = unit_id
    if root_id is None and drill and len(roots) == 1 and len(units) > 1:
        root_id = int(roots.iloc[0].id)  # a single province root: start from its children
    if root_id is None:
        rows = roots.assign(own=False)
    else:
        root = units[units.id == root_id].assign(own=True)
        children = units[units.parent_id == root_id].assign(own=False)
        rows = pd.concat([children, root]) if not children.empty else root.assign(own=False)
    rows = rows.copy()
    suffix = t("dash.own_suffix", lang)
    rows["label"] = [f"{name} {suffix}" if own else name for name, own in zip(rows.name, rows.own, strict=True)]
    filter_ids = None if (allowed is None and unit_id is None) else sorted(int(i) for i in ids)
    return Scope(units=units.reset_index(drop=True), unit_ids=filter_ids, root_id=root_id,
                 rows=rows[["id", "code", "name", "label", "path", "level", "own"]].reset_index(drop=True))


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The business year (Vietnam's 1 January to 1 January) as naive-UTC bounds of stored times."""
    return clock.day_start_utc(dt.date(year, 1, 1)), clock.day_start_utc(dt.date(year + 1, 1, 1))


def local_part(session: Session, part: str, column):
    """EXTRACT(part) of a stored naive-UTC time, in the business zone (its offset now; Vietnam has no DST)."""
    hours = int(clock.now().utcoffset().total_seconds() // 3600)
    if session.get_bind().dialect.name == "sqlite":
        shifted = func.datetime(column, f"{hours:+d} hours")
    else:
        shifted = column + literal_column(f"interval '{hours:d} hours'")
    return func.extract(part, shifted)


def idea_conditions(scope: Scope | None, year: int | None, campaign_id: int | None,
                     *, unit_column=None, use_units: bool = True) -> list:
    """WHERE terms for counted ideas under the filters."""
    conds = [Idea.submitted_at.is_not(None), Idea.status.notin_(UNCOUNTED_STATUSES)]
    if year is not None:
        start, end = year_bounds(year)
        conds += [Idea.submitted_at >= start, Idea.submitted_at < end]
    if campaign_id is not None:
        conds.append(Idea.campaign_id == campaign_id)
    if use_units and scope is not None and scope.unit_ids is not None:
        conds.append((unit_column if unit_column is not None else Idea.unit_id).in_(scope.unit_ids))
    return conds


# Group ideas by this expression rather than the bare column: SQLite would otherwise walk ix_ideas_unit_created
# (already in unit order) and read every idea row, instead of the year's range of the covering ix_ideas_cohort.
UNIT_KEY = (Idea.unit_id + 0).label("unit_id")


def frame_of(session: Session, query, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(session.execute(query).all(), columns=columns)


def row_pairs(scope: Scope) -> pd.DataFrame:
    """(unit_id, row_id): the display rows each visible unit's figures sum into.

    A subtree row takes every unit whose path passes through it, an "own" row only its own unit. Rows may
    overlap (one row per unit, CLI --all): a unit then counts in every row above it. Units x depth pairs,
    so rolling up stays linear in the number of units.
    """
    own_mask = scope.rows.own.astype(bool).to_numpy()
    ids = scope.rows.id.astype("int64").to_numpy()
    own, subtree_rows = set(ids[own_mask].tolist()), set(ids[~own_mask].tolist())
    pairs = []
    for unit_id, path in zip(scope.units.id, scope.units.path, strict=True):
        unit_id = int(unit_id)
        if unit_id in own:
            pairs.append((unit_id, unit_id))
            continue
        pairs += [(unit_id, int(a)) for a in path.strip("/").split("/") if a and int(a) in subtree_rows]
    return pd.DataFrame(pairs, columns=["unit_id", "row_id"], dtype="int64")


def rollup(scope: Scope, per_unit: pd.DataFrame, value_columns: list[str],
            keys: list[str] | None = None) -> pd.DataFrame:
    """Sum per-unit figures (column unit_id, optional extra keys) into the scope's display rows."""
    keys = keys or []
    data = per_unit.dropna(subset=["unit_id"]).astype({"unit_id": "int64"}).merge(row_pairs(scope), on="unit_id")
    summed = data.groupby(["row_id", *keys], as_index=False)[value_columns].sum()
    if not keys:
        summed = (pd.DataFrame({"row_id": scope.rows.id.astype("int64")}).merge(summed, on="row_id", how="left")
                  .fillna(dict.fromkeys(value_columns, 0)))
    return summed.rename(columns={"row_id": "unit_id"})[["unit_id", *keys, *value_columns]].reset_index(drop=True)


def headcounts(scope: Scope) -> pd.Series:
    per_unit = scope.units[["id", "headcount"]].rename(columns={"id": "unit_id"})
    return rollup(scope, per_unit, ["headcount"]).set_index("unit_id")["headcount"]


def labelled(scope: Scope, frame: pd.DataFrame) -> pd.DataFrame:
    """Put code/name/label of the display rows in front of `frame` (which has unit_id)."""
    info = scope.rows.rename(columns={"id": "unit_id"})[["unit_id", "code", "name", "label", "own"]]
    return info.merge(frame, on="unit_id", how="right")[["unit_id", "code", "name", "label", "own",
                                                          *[c for c in frame.columns if c != "unit_id"]]]


def share(numerator: pd.Series, denominator: pd.Series, factor: float = 100.0) -> pd.Series:
    den = denominator.astype(float).replace(0, np.nan)
    return (numerator.astype(float) / den * factor).round(1).fillna(0.0)


