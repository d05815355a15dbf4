"""What the commitments administration page shows: each unit's yearly targets to edit (indented by level), which
edited rows to save, and the progress against the targets as people read it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.permissions import Actor
from ideas.dashboards import commitments
from ideas.dashboards.commitments import FIELDS
from ideas.dashboards.display import display_table


@dataclass(frozen=True)
class Targets:
    table: pd.DataFrame  # what the editor shows: unit_id, name (indented by level), the FIELDS, committed
    original: pd.DataFrame  # the FIELDS as read, by unit id: to tell what was edited


def years(today: dt.date | None = None) -> list[int]:
    """The years one may edit: next year first, back five years (this year is preselected: index 1)."""
    today = today or clock.today()
    return list(range(today.year + 1, today.year - 5, -1))


def targets(*, session: Session, actor: Actor, lang: str, year: int) -> Targets:
    """Every unit the admin manages with its targets for `year` (defaults where none yet)."""
    table = commitments.commitment_table(session=session, actor=actor, year=year)
    shown = table.assign(name=["\u2003" * int(level) + name for level, name in zip(table.level, table.name,
                                                                                   strict=True)])
    return Targets(shown[["unit_id", "name", *FIELDS, "committed"]], table.set_index("unit_id")[list(FIELDS)])


def changed_rows(original: pd.DataFrame, edited: pd.DataFrame) -> list[dict]:
    """Only rows that already have a commitment or whose values were edited are saved."""
    rows = []
    for row in edited.to_dict("records"):
        before = original.loc[row["unit_id"]]
        if row["committed"] or any(float(row[f] or 0) != float(before[f]) for f in FIELDS):
            rows.append(row)
    return rows


def progress(*, session: Session, actor: Actor, lang: str, year: int, today: dt.date | None = None) -> pd.DataFrame:
    """Each committed unit in view: targets, actual figures and a status per measure (empty: none committed)."""
    frame = commitments.progress(session=session, actor=actor, year=year, today=today)
    return frame if frame.empty else display_table(frame, lang)
