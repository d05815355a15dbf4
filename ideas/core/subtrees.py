"""A stored reach over the unit tree (an API token's, a webhook subscription's): JSON subtree roots, NULL = province."""
from __future__ import annotations

import json

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ideas.core.errors import ValidationError
from ideas.core.models import Unit


def encode_roots(session: Session, unit_ids: list[int] | None) -> str | None:
    """Check the chosen roots exist and store them; None or [] means the whole province."""
    if not unit_ids:
        return None
    roots = sorted({int(u) for u in unit_ids})
    found = set(session.scalars(select(Unit.id).where(Unit.id.in_(roots))))
    if found != set(roots):
        raise ValidationError("api.error.unknown_unit")
    return json.dumps(roots)


def roots_of(stored: str | None) -> list[int] | None:
    return None if stored is None else [int(u) for u in json.loads(stored)]


def unit_ids(session: Session, stored: str | None) -> list[int] | None:
    """Every unit inside the roots' subtrees (None = every unit)."""
    roots = roots_of(stored)
    if roots is None:
        return None
    paths = list(session.scalars(select(Unit.path).where(Unit.id.in_(roots))))
    if not paths:
        return []
    return sorted(session.scalars(select(Unit.id).where(or_(*[Unit.path.startswith(p) for p in paths]))))


def covers(session: Session, stored: str | None, unit_id: int | None) -> bool:
    """Whether a unit lies inside the scope (a province-level record, unit None, only in a province scope)."""
    if stored is None:
        return True
    return unit_id is not None and unit_id in set(unit_ids(session, stored) or [])


def names(session: Session, stored: str | None) -> list[str] | None:
    """The roots' unit names for display (None = the whole province)."""
    roots = roots_of(stored)
    if roots is None:
        return None
    return list(session.scalars(select(Unit.name).where(Unit.id.in_(roots)).order_by(Unit.path)))


def unit_options(session: Session) -> dict[int, str]:
    """Every active unit, in tree order, labelled with its indentation (for choosing a scope)."""
    rows = session.execute(select(Unit.id, Unit.name, Unit.level).where(Unit.active.is_(True))
                           .order_by(Unit.path)).all()
    return {row.id: "\u2003" * int(row.level or 0) + row.name for row in rows}
