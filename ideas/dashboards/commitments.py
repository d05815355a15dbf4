"""Unit commitments under the reform directive: yearly targets entered by admins, and progress against them.

A unit's figures are taken over its subtree (a district answers for its communes), for ideas submitted in
the commitment year, following the dashboard's conventions (ideas/dashboards/reports.py).

"On track" mid-year: targets are spread evenly over the months. With m months of the year begun
(m = 12 for a past year, 0 for a future one), a measure is
  met       when actual >= the yearly target,
  missed    when the year is over and it is not met,
  on_track  when actual >= target x m / 12,
  behind    otherwise;
a zero target is "none". The unit's overall status is its worst measure (missed > behind > on_track > met).
Reports cut uses the number the unit reported (reports_cut_actual); the sum of reports_cut of its recognised
ideas is shown beside it as evidence only, since a report can be cut without an initiative.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from decimal import Decimal, InvalidOperation

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit, clock
from ideas.core.errors import ValidationError
from ideas.core.models import Unit, UnitCommitment, utcnow
from ideas.core.permissions import Actor, require, scope_unit_ids
from ideas.dashboards import reports

FIELDS = ("min_ideas", "participation_target_pct", "reports_baseline", "reports_cut_target_pct",
          "reports_cut_actual")
DEFAULT_REPORTS_CUT_PCT = Decimal(20)
STATUS_ORDER = ("missed", "behind", "on_track", "met", "none")
MEASURES = ("ideas", "participation", "reports")


def elapsed_months(year: int, today: dt.date) -> int:
    """Months of `year` begun by `today` (the current month counts): 12 for past years, 0 for future ones."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


def measure_status(actual: float, target: float, months: int) -> str:
    """met / on_track / behind / missed / none for one measure (see the module docstring)."""
    if not target or target <= 0:
        return "none"
    if actual >= target:
        return "met"
    if months >= 12:
        return "missed"
    return "on_track" if actual >= target * months / 12 else "behind"


def overall_status(statuses: list[str]) -> str:
    return min(statuses, key=STATUS_ORDER.index) if statuses else "none"


def _validated(values: dict, unit_code: str) -> dict:
    out = {}
    for name in FIELDS:
        raw = values.get(name)
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            raw = DEFAULT_REPORTS_CUT_PCT if name == "reports_cut_target_pct" else 0
        try:
            number = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise ValidationError("dash.commit.error.range", field=name, unit=unit_code) from None
        is_pct = name.endswith("_pct")
        if number < 0 or (is_pct and number > 100) or (not is_pct and number != int(number)):
            raise ValidationError("dash.commit.error.range", field=name, unit=unit_code)
        out[name] = number.quantize(Decimal("0.01")) if is_pct else int(number)
    return out


def save_commitment(*, session: Session, actor: Actor, unit_id: int, year: int,
                    **values: object) -> UnitCommitment:
    """Create or update one unit's targets for `year` (audited; unchanged values write nothing)."""
    require(session, actor, "commitments.manage", unit_id=unit_id)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("dash.commit.error.year", year=year)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise ValidationError("dash.commit.error.range", field="unit_id", unit=unit_id)
    clean = _validated(values, unit.code)
    row = session.scalar(select(UnitCommitment).where(UnitCommitment.unit_id == unit_id,
                                                      UnitCommitment.year == year))
    before = None if row is None else {f: getattr(row, f) for f in FIELDS}
    if row is None:
        row = UnitCommitment(unit_id=unit_id, year=year)
        session.add(row)
    elif all(Decimal(str(before[f])) == Decimal(str(clean[f])) for f in FIELDS):
        return row
    for name, value in clean.items():
        setattr(row, name, value)
    row.updated_by = actor.id
    row.updated_at = utcnow()
    session.flush()
    audit.record(session=session, actor=actor, action="commitment.save", entity="unit_commitment",
                 entity_id=row.id, details={"unit_id": unit_id, "year": year, "before": before, "after": clean})
    return row


def save_commitments(*, session: Session, actor: Actor, year: int, rows: list[dict]) -> int:
    """Save the edited table of one year (rows with unit_id and the target fields); returns rows changed."""
    changed = 0
    for values in rows:
        unit_id = int(values["unit_id"])
        before = session.scalar(select(UnitCommitment.updated_at).where(
            UnitCommitment.unit_id == unit_id, UnitCommitment.year == year))
        row = save_commitment(session=session, actor=actor, unit_id=unit_id, year=year,
                              **{f: values.get(f) for f in FIELDS})
        changed += int(before is None or row.updated_at != before)
    return changed


def commitment_table(*, session: Session, actor: Actor, year: int) -> pd.DataFrame:
    """Every unit the admin manages, with its targets for `year` (defaults where none yet), for editing."""
    require(session, actor, "commitments.manage")
    allowed = scope_unit_ids(session, actor, "commitments.manage")
    query = (select(Unit.id, Unit.code, Unit.name, Unit.level, UnitCommitment.id, *[
        getattr(UnitCommitment, f) for f in FIELDS], UnitCommitment.updated_at)
        .outerjoin(UnitCommitment, (UnitCommitment.unit_id == Unit.id) & (UnitCommitment.year == year))
        .where(Unit.active.is_(True)).order_by(Unit.path))
    if allowed is not None:
        query = query.where(Unit.id.in_(allowed))
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["unit_id", "code", "name", "level", "commitment_id", *FIELDS, "updated_at"])
    frame["committed"] = frame.commitment_id.notna()
    defaults = {"min_ideas": 0, "participation_target_pct": 0.0, "reports_baseline": 0,
                "reports_cut_target_pct": float(DEFAULT_REPORTS_CUT_PCT), "reports_cut_actual": 0}
    for name, default in defaults.items():
        frame[name] = pd.to_numeric(frame[name]).fillna(default).astype(type(default))
    return frame.drop(columns="commitment_id")


def progress(*, session: Session, actor: Actor, year: int, today: dt.date | None = None,
             unit_id: int | None = None) -> pd.DataFrame:
    """Each committed unit in view: targets, actual figures over its subtree and a status per measure."""
    today = today or clock.today()
    months = elapsed_months(year, today)
    scope = reports.resolve_scope(session, actor, unit_id, drill=False)
    committed = pd.DataFrame(session.execute(
        select(UnitCommitment.unit_id, *[getattr(UnitCommitment, f) for f in FIELDS])
        .where(UnitCommitment.year == year)).all(), columns=["unit_id", *FIELDS])
    committed = committed[committed.unit_id.isin(scope.units.id)]
    columns = ["unit_id", "code", "name", "headcount", "min_ideas", "ideas", "ideas_expected", "ideas_status",
               "participation_target_pct", "participation_pct", "participation_status", "reports_baseline",
               "reports_cut_target_pct", "reports_cut_target", "reports_cut_actual", "reports_cut_evidence",
               "reports_status", "overall", "months_elapsed"]
    if committed.empty:
        return pd.DataFrame(columns=columns)
    rows = scope.units[scope.units.id.isin(committed.unit_id)].assign(own=False)
    rows["label"] = rows.name
    target_scope = replace(scope, root_id=None, rows=rows[["id", "code", "name", "label", "path", "level", "own"]])
    figures = reports.subtree_figures(session=session, scope=target_scope, year=year)
    out = rows[["id", "code", "name"]].rename(columns={"id": "unit_id"}).merge(figures, on="unit_id")
    out = out.merge(committed, on="unit_id")
    out["participation_target_pct"] = out.participation_target_pct.astype(float)
    out["reports_cut_target_pct"] = out.reports_cut_target_pct.astype(float)
    out["reports_cut_target"] = [math.ceil(b * p / 100 - 1e-9) for b, p in
                                 zip(out.reports_baseline, out.reports_cut_target_pct, strict=True)]
    out["ideas_expected"] = (out.min_ideas * months / 12).round(1)
    out["ideas_status"] = [measure_status(a, t, months) for a, t in zip(out.ideas, out.min_ideas, strict=True)]
    out["participation_status"] = [measure_status(a, t, months) for a, t in
                                   zip(out.participation_pct, out.participation_target_pct, strict=True)]
    out["reports_status"] = [measure_status(a, t, months) for a, t in
                             zip(out.reports_cut_actual, out.reports_cut_target, strict=True)]
    out["overall"] = [overall_status([s for s in trio if s != "none"]) for trio in
                      zip(out.ideas_status, out.participation_status, out.reports_status, strict=True)]
    out["months_elapsed"] = months
    out = out.astype({"ideas": int, "submitters": int, "reports_cut_evidence": int, "min_ideas": int,
                      "reports_baseline": int, "reports_cut_actual": int})
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    return out.sort_values(["overall", "code"], key=lambda c: c.map(order) if c.name == "overall" else c,
                           kind="stable")[columns].reset_index(drop=True)


def progress_long(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (unit, measure) with the share of the yearly target achieved, for the progress chart."""
    records = []
    for row in frame.to_dict("records"):
        for measure, actual, target in (
            ("ideas", row["ideas"], row["min_ideas"]),
            ("participation", row["participation_pct"], row["participation_target_pct"]),
            ("reports", row["reports_cut_actual"], row["reports_cut_target"]),
        ):
            if target and target > 0:
                records.append({"unit_id": row["unit_id"], "code": row["code"], "name": row["name"],
                                "measure": measure, "actual": float(actual), "target": float(target),
                                "achieved_pct": round(min(float(actual) / float(target) * 100, 150.0), 1),
                                "expected_pct": round(row["months_elapsed"] / 12 * 100, 1),
                                "status": row[f"{measure}_status"]})
    return pd.DataFrame(records, columns=["unit_id", "code", "name", "measure", "actual", "target",
                                          "achieved_pct", "expected_pct", "status"])
