"""Filter options of the dashboard (years, units) and its CSV downloads."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.core import clock, csvfile
from ideas.core.models import Idea, Unit
from ideas.core.permissions import Actor
from ideas.dashboards.reports.scope import visible_unit_ids


def year_options(session: Session, *, today: dt.date | None = None) -> list[int]:
    """Years that have submitted ideas, plus the current year, newest first."""
    today = today or clock.today()
    years = {today.year}
    first = session.scalar(select(func.min(Idea.submitted_at)))
    if first is not None:
        years.update(range(clock.local(first).year, today.year + 1))
    return sorted(years, reverse=True)


def unit_choices(*, session: Session, actor: Actor) -> list[tuple[int, str]]:
    """(id, indented label) of the units the viewer may pick as the dashboard's subtree, in tree (path) order.

    Read on every rerun of the dashboard: three narrow columns straight into the list, no data frame."""
    allowed = visible_unit_ids(session, actor)
    rows = session.execute(select(Unit.id, Unit.name, Unit.level).order_by(Unit.path)).all()
    if allowed is not None:
        keep = set(allowed)
        rows = [row for row in rows if row[0] in keep]
    base = min((int(level) for _, _, level in rows), default=0)
    return [(int(uid), f"{'— ' * (int(level) - base)}{name}") for uid, name, level in rows]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as a CSV for Vietnamese Excel (ideas.core.csvfile: `;`, decimal comma, BOM, no formulas)."""
    return csvfile.frame_bytes(frame)
