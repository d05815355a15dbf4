"""The viewer's scope, the filters as SQL terms, and the roll-up of per-unit figures into display rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import and_, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.i18n import t
from ideas.core.models import Idea, Unit
from ideas.core.permissions import Actor, scope_unit_ids
from ideas.filing.lifecycle import STATUSES

ACTION = "dashboard.view"
FUNNEL_STAGES = ("submitted", "accepted", "recognised", "rewarded", "replicated")
# A merged file is a duplicate of another one: it is not counted a second time (issue 16).
UNCOUNTED_STATUSES = ("draft", "merged")
COUNTED_STATUSES = tuple(s for s in STATUSES if s not in UNCOUNTED_STATUSES)

# The reader's choice of structure (issue 24): "today" rolls the figures of units that merged, split or were
# renamed up into their current successors; "as_was" shows each record under the unit it had when it happened.
TODAY, AS_WAS = "today", "as_was"
STRUCTURES = (TODAY, AS_WAS)
_NO_ABSORBED = pd.DataFrame({"unit_id": pd.Series(dtype="int64"), "into_id": pd.Series(dtype="int64"),
                             "headcount": pd.Series(dtype="int64")})


@dataclass(frozen=True)
class Scope:
    """The units a viewer sees for the current filters, and the rows the charts aggregate to."""

    units: pd.DataFrame  # visible units under the chosen root: id, code, name, parent_id, path, level, headcount
    unit_ids: list[int] | None  # SQL filter on unit ids; None = no filter needed (everything)
    root_id: int | None  # the unit whose children are shown (None = top level)
    rows: pd.DataFrame  # display rows: id, code, name, label, path, own (True = the root's own staff/ideas)
    # Today's structure: ended units (not in `units`) whose figures count under a unit of `units` (unit_id, into_id)
    absorbed: pd.DataFrame = field(default_factory=lambda: _NO_ABSORBED)
    structure: str = TODAY


def check_structure(structure: str) -> str:
    if structure not in STRUCTURES:
        raise ValidationError("history.error.structure", structure=structure)
    return structure


def successor_closure(*, on: dt.date | None = None):
    """A recursive CTE (unit_id, current_id): every unit and the unit its history belongs to in the structure in
    force on `on` (None = today), following successor links of units that ended on or before that day. Units that
    never ended map to themselves. The chain is at most as long as the number of events (loops are refused when
    an event is recorded; the depth bound only guards the query)."""
    on = on or clock.today()
    base = select(Unit.id.label("unit_id"), Unit.id.label("current_id"), literal(0).label("depth")) \
        .cte("unit_closure", recursive=True)
    walk = Unit.__table__.alias("walk")
    walk_step = and_(walk.c.successor_id.is_not(None), walk.c.valid_to.is_not(None), walk.c.valid_to <= on)
    closure = base.union_all(
        select(base.c.unit_id, walk.c.successor_id, base.c.depth + 1)
        .join(walk, walk.c.id == base.c.current_id).where(walk_step, base.c.depth < 64))
    final = Unit.__table__.alias("final")
    return (select(closure.c.unit_id, closure.c.current_id)
            .join(final, final.c.id == closure.c.current_id)
            .where(or_(final.c.successor_id.is_(None), final.c.valid_to.is_(None), final.c.valid_to > on)))


def unit_resolution(session: Session, *, structure: str = TODAY, on: dt.date | None = None) -> dict[int, int]:
    """Each unit id -> the unit id its figures count under: itself as it was, or its current successor under
    today's structure (the structure in force on `on`, default today). The stable entry point for other reports
    (the annual report reads it)."""
    check_structure(structure)
    if structure == AS_WAS:
        return {int(u): int(u) for u in session.scalars(select(Unit.id))}
    return {int(u): int(c) for u, c in session.execute(successor_closure(on=on)).all()}


def resolved_unit_ids(session: Session, unit_ids: list[int], *, structure: str = TODAY,
                      on: dt.date | None = None) -> list[int]:
    """Every unit whose records count under `unit_ids` in the chosen structure: the units themselves plus, under
    today's structure, the ended units whose history rolls up into them (one query on the closure)."""
    check_structure(structure)
    ids = sorted({int(u) for u in unit_ids})
    if structure == AS_WAS or not ids:
        return ids
    closure = successor_closure(on=on).subquery()
    found = session.scalars(select(closure.c.unit_id).where(closure.c.current_id.in_(ids)))
    return sorted(set(ids) | {int(u) for u in found})


_UNIT_COLUMNS = ["id", "code", "name", "parent_id", "path", "level", "headcount", "valid_from", "valid_to"]


def all_units(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Unit.id, Unit.code, Unit.name, Unit.parent_id, Unit.path, Unit.level,
                                  Unit.headcount, Unit.valid_from, Unit.valid_to).order_by(Unit.path)).all()
    # column by column: pandas would otherwise inspect every row object (half of this function's time)
    frame = pd.DataFrame(dict(zip(_UNIT_COLUMNS, map(list, zip(*rows, strict=True)), strict=True)) if rows
                         else {name: [] for name in _UNIT_COLUMNS}, columns=_UNIT_COLUMNS)
    frame["headcount"] = frame["headcount"].fillna(0).astype(int)
    return frame


def period_of(year: int | None, today: dt.date | None = None) -> tuple[dt.date | None, dt.date]:
    """[first day, day after the last) of a business year; None = all time up to today (inclusive)."""
    today = today or clock.today()
    if year is None:
        return None, today + dt.timedelta(days=1)
    return dt.date(year, 1, 1), min(dt.date(year + 1, 1, 1), max(today, dt.date(year, 1, 1)) + dt.timedelta(days=1))


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) \
        else dt.date.fromisoformat(str(value)[:10])


def in_force_headcount(units: pd.DataFrame, structure: str, year: int | None,
                       today: dt.date | None = None) -> pd.Series:
    """Each unit's headcount in force for the period (a Series on units.id).

    As it was: a unit counts its own headcount if it existed on any day of the period. Today's structure: only
    the units that existed on the period's last day (or today, for the current year) count, so that a unit and
    the successor it merged into are never both counted; their headcounts then roll up into today's units.
    """
    start, end = period_of(year, today)
    last = end - dt.timedelta(days=1)
    first = start or dt.date.min
    counted = []
    for begins, ends in zip(units.valid_from, units.valid_to, strict=True):
        begins = None if begins is None or pd.isna(begins) else _as_date(begins)
        ends = None if ends is None or pd.isna(ends) else _as_date(ends)
        if structure == AS_WAS:  # existed on some day of [first, last]
            counted.append((begins is None or begins <= last) and (ends is None or ends > first))
        else:  # existed on the last day
            counted.append((begins is None or begins <= last) and (ends is None or ends > last))
    return pd.Series(np.where(np.array(counted, dtype=bool), units.headcount.to_numpy(), 0),
                     index=units.id.to_numpy())


def visible_unit_ids(session: Session, actor: Actor) -> list[int] | None:
    """Units the viewer may see on dashboards (None = all); PermissionDenied without dashboard.view."""
    if actor is None or not actor.active:
        raise PermissionDenied(action=ACTION)
    allowed = scope_unit_ids(session, actor, ACTION)
    if allowed == []:
        raise PermissionDenied(action=ACTION)
    return allowed


def resolve_scope(session: Session, actor: Actor, unit_id: int | None = None, *,
                  lang: str = "vi", drill: bool = True, structure: str = TODAY, year: int | None = None) -> Scope:
    """Check dashboard.view and work out the visible subtree and the rows to show (the root's children).

    `structure` is the reader's choice (today's structure or as it was); `year` sets the period whose headcount
    is in force (the `headcount` column of `units`). Under today's structure, units that ended into a successor
    are not rows: their figures roll up into the successor (Scope.absorbed). Either way a viewer also sees the
    history of the units that ended into their subtree.
    """
    check_structure(structure)
    allowed = visible_unit_ids(session, actor)
    units = all_units(session)
    units["headcount"] = in_force_headcount(units, structure, year).to_numpy()
    resolution = unit_resolution(session, structure=TODAY)
    into = units.id.map(resolution).fillna(units.id).astype("int64")
    ended = into != units.id
    absorbed = pd.DataFrame({"unit_id": units.id[ended].astype("int64"), "into_id": into[ended],
                             "headcount": units.headcount[ended].astype("int64")})
    if structure == TODAY:
        units = units[~ended.to_numpy()]
        if unit_id is not None:  # a unit that has ended is read as its successor today
            unit_id = int(resolution.get(unit_id, unit_id))
    if allowed is not None:
        keep = set(allowed)
        if structure == AS_WAS:  # the history of units that ended into the viewer's subtree
            keep |= set(absorbed.unit_id[absorbed.into_id.isin(keep)].tolist())
        units = units[units.id.isin(keep)]
    if unit_id is not None:
        chosen = units[units.id == unit_id]
        if chosen.empty:
            raise PermissionDenied(action=ACTION)
        under = units.path.str.startswith(chosen.iloc[0].path)
        if structure == AS_WAS:
            keep = set(units.id[under])
            under |= units.id.isin(absorbed.unit_id[absorbed.into_id.isin(keep)])
        units = units[under]
    ids = set(units.id)
    absorbed = absorbed[absorbed.into_id.isin(ids)] if structure == TODAY else _NO_ABSORBED
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
    filter_ids = None if (allowed is None and unit_id is None) else sorted(
        {int(i) for i in ids} | {int(i) for i in absorbed.unit_id})
    return Scope(units=units.reset_index(drop=True), unit_ids=filter_ids, root_id=root_id,
                 rows=rows[["id", "code", "name", "label", "path", "level", "own"]].reset_index(drop=True),
                 absorbed=absorbed.reset_index(drop=True), structure=structure)


def scope_unit_frame(scope: Scope) -> pd.DataFrame:
    """unit_id of every unit whose records a scope counts: its units and the ended units absorbed into them."""
    ids = pd.concat([scope.units.id.astype("int64"), scope.absorbed.unit_id.astype("int64")], ignore_index=True)
    return pd.DataFrame({"unit_id": ids})


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
    frame = pd.DataFrame(pairs, columns=["unit_id", "row_id"], dtype="int64")
    if not scope.absorbed.empty:  # today's structure: an ended unit counts wherever its successor counts
        inherited = (scope.absorbed.merge(frame, left_on="into_id", right_on="unit_id", suffixes=("", "_into"))
                     [["unit_id", "row_id"]])
        frame = pd.concat([frame, inherited], ignore_index=True)
    return frame


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
    """The headcount in force for the scope's period per display row (ended units' own headcounts roll up only
    when they were in force on the period's last day: see in_force_headcount)."""
    per_unit = scope.units[["id", "headcount"]].rename(columns={"id": "unit_id"})
    if "headcount" in scope.absorbed:
        per_unit = pd.concat([per_unit, scope.absorbed[["unit_id", "headcount"]]], ignore_index=True)
    return rollup(scope, per_unit, ["headcount"]).set_index("unit_id")["headcount"]


def labelled(scope: Scope, frame: pd.DataFrame) -> pd.DataFrame:
    """Put code/name/label of the display rows in front of `frame` (which has unit_id)."""
    info = scope.rows.rename(columns={"id": "unit_id"})[["unit_id", "code", "name", "label", "own"]]
    return info.merge(frame, on="unit_id", how="right")[["unit_id", "code", "name", "label", "own",
                                                          *[c for c in frame.columns if c != "unit_id"]]]


def share(numerator: pd.Series, denominator: pd.Series, factor: float = 100.0) -> pd.Series:
    den = denominator.astype(float).replace(0, np.nan)
    return (numerator.astype(float) / den * factor).round(1).fillna(0.0)


