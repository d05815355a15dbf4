"""Demo part for dashboards: 2026 commitments for every unit, set against the demo's own figures so that
some units are on track (or have met their targets) and others are behind."""
from __future__ import annotations

import math
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.models import Unit
from ideas.core.permissions import SYSTEM
from ideas.dashboards import commitments, reports

YEAR = 2026


def seed(*, session: Session, context: dict) -> None:
    """Create the commitments (audited as the demo administrator when there is one)."""
    rng = random.Random(YEAR)
    admins = (context.get("users_by_role") or {}).get("admin") or []
    actor = admins[0] if admins else SYSTEM
    session.flush()
    figures = reports.participation(session=session, actor=SYSTEM, year=YEAR, every_unit=True).set_index("unit_id")
    unit_ids = [u.id for u in context.get("units") or []] or list(session.scalars(select(Unit.id)))
    for index, unit_id in enumerate(sorted(unit_ids)):
        ideas = int(figures.ideas.get(unit_id, 0))
        share = float(figures.participation_pct.get(unit_id, 0.0))
        baseline = rng.randint(8, 30)
        target_cut = math.ceil(baseline * 20 / 100)
        if index % 3 == 0:  # behind: asked for far more than done so far
            values = {"min_ideas": ideas * 3 + 5, "participation_target_pct": min(100, max(30, round(share * 2))),
                      "reports_baseline": baseline, "reports_cut_actual": 0}
        else:  # on track or met
            values = {"min_ideas": max(1, ideas - rng.randint(0, 1)),
                      "participation_target_pct": max(1, min(100, math.floor(share))),
                      "reports_baseline": baseline, "reports_cut_actual": target_cut + rng.randint(0, 1)}
        commitments.save_commitment(session=session, actor=actor, unit_id=unit_id, year=YEAR,
                                    reports_cut_target_pct=20, **values)
    session.flush()
