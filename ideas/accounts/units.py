"""Units (agencies, districts, communes): a tree with materialised paths for subtree queries."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.db import fetch
from ideas.core.errors import ValidationError
from ideas.core.models import Unit, User
from ideas.core.permissions import Actor, forget, require
from ideas.core.text import bounded, clean_line

UNIT_KINDS = ("province", "department", "district", "commune", "other")


def get_unit(session: Session, unit_id: int) -> Unit:
    return fetch(session, Unit, unit_id, "units.error.not_found", unit=unit_id)


def by_code(session: Session, code: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.code == clean_line(code)))


def subtree_ids(session: Session, unit_id: int) -> list[int]:
    """The unit and all its descendants."""
    path = get_unit(session, unit_id).path
    return list(session.scalars(select(Unit.id).where(Unit.path.startswith(path))))


def place(session: Session, unit: Unit, parent: Unit | None) -> None:
    """Set parent, level and path of `unit` and rewrite the paths below it."""
    if parent is not None and (parent.id == unit.id or (unit.path != "/" and unit.id is not None
                                                          and parent.path.startswith(unit.path))):
        raise ValidationError("units.error.cycle", code=unit.code)
    old_path = unit.path
    forget(session)
    unit.parent_id = parent.id if parent else None
    unit.level = parent.level + 1 if parent else 0
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    if old_path not in ("/", unit.path):
        session.flush()
        session.execute(
            update(Unit).where(Unit.path.startswith(old_path), Unit.id != unit.id)
            .values(path=func.replace(Unit.path, old_path, unit.path))
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Unit).where(Unit.path.startswith(unit.path), Unit.id != unit.id)
            .values(level=func.length(Unit.path) - func.length(func.replace(Unit.path, "/", "")) - 2)
            .execution_options(synchronize_session=False)
        )


def _validate(code: str, name: str, kind: str, headcount: int) -> None:
    bounded(code, field="import.col.code", max_chars=50, required=True, line=True)
    bounded(name, field="import.col.name", max_chars=255, required=True, line=True)
    if kind not in UNIT_KINDS:
        raise ValidationError("units.error.kind", kind=kind)
    if headcount < 0:
        raise ValidationError("units.error.headcount")


def create_unit(*, session: Session, actor: Actor, code: str, name: str, kind: str = "department",
                parent_id: int | None = None, headcount: int = 0, check: bool = True) -> Unit:
    """Add a unit under `parent_id` (None = a top-level unit). `check=False` is kept only until the test
    factories pass SYSTEM; new callers pass SYSTEM instead."""
    code, name = clean_line(code), clean_line(name)
    _validate(code, name, kind, headcount)
    if check:
        require(session, actor, "units.manage", unit_id=parent_id)
    if by_code(session, code) is not None:
        raise ValidationError("units.error.duplicate_code", code=code)
    parent = get_unit(session, parent_id) if parent_id else None
    unit = Unit(code=code, name=name, kind=kind, headcount=headcount)
    session.add(unit)
    session.flush()
    place(session, unit, parent)
    audit.record(session=session, actor=actor, action="unit.create", entity="unit", entity_id=unit.id,
                 details={"code": code, "name": name, "parent_id": parent_id})
    session.flush()
    return unit


def update_unit(*, session: Session, actor: Actor, unit_id: int, name: str | None = None,
                kind: str | None = None, headcount: int | None = None,
                parent_id: int | None | str = "unchanged", check: bool = True) -> Unit:
    """Edit a unit; moving it under another parent rewrites its subtree and refuses cycles."""
    unit = get_unit(session, unit_id)
    if check:
        require(session, actor, "units.manage", unit_id=unit.id)
    before = {"name": unit.name, "kind": unit.kind, "headcount": unit.headcount, "parent_id": unit.parent_id}
    new_name = clean_line(name) if name is not None else unit.name
    new_kind = kind if kind is not None else unit.kind
    new_headcount = headcount if headcount is not None else unit.headcount
    _validate(unit.code, new_name, new_kind, new_headcount)
    unit.name, unit.kind, unit.headcount = new_name, new_kind, new_headcount
    if parent_id != "unchanged" and parent_id != unit.parent_id:
        parent = get_unit(session, int(parent_id)) if parent_id else None
        if check and parent is not None:
            require(session, actor, "units.manage", unit_id=parent.id)
        place(session, unit, parent)
    after = {"name": unit.name, "kind": unit.kind, "headcount": unit.headcount, "parent_id": unit.parent_id}
    if after != before:
        audit.record(session=session, actor=actor, action="unit.update", entity="unit", entity_id=unit.id,
                     details={"before": before, "after": after})
    session.flush()
    return unit


def set_active(*, session: Session, actor: User, unit_id: int, active: bool) -> Unit:
    """Deactivate (or reactivate) a unit; its people and history stay."""
    unit = get_unit(session, unit_id)
    require(session, actor, "units.manage", unit_id=unit.id)
    if unit.active != active:
        unit.active = active
        audit.record(session=session, actor=actor, action="unit.activate" if active else "unit.deactivate",
                     entity="unit", entity_id=unit.id)
    session.flush()
    return unit


def save_unit(*, session: Session, actor: Actor, unit_id: int, name: str, kind: str, headcount: int,
              parent_id: int | None, active: bool) -> Unit:
    """The unit form's save: edit, move and (de)activate in one action."""
    update_unit(session=session, actor=actor, unit_id=unit_id, name=name, kind=kind, headcount=headcount,
                parent_id=parent_id)
    return set_active(session=session, actor=actor, unit_id=unit_id, active=active)


def unit_options(session: Session, *, active_only: bool = True,
                 ids: list[int] | None = None) -> list[tuple[int, str]]:
    """(id, indented label) in tree order, for select boxes; only the units `ids` when given (None: every unit)."""
    query = select(Unit.id, Unit.code, Unit.name, Unit.level).order_by(Unit.path)
    if active_only:
        query = query.where(Unit.active.is_(True))
    if ids is not None:
        query = query.where(Unit.id.in_(ids))
    return [(uid, f"{'— ' * level}{name} ({code})") for uid, code, name, level in session.execute(query)]


def unit_table(session: Session) -> pd.DataFrame:
    """Units in tree order with their parent code and the number of accounts (one GROUP BY)."""
    parent = Unit.__table__.alias("parent")
    successor = Unit.__table__.alias("successor")
    staff = (select(User.unit_id, func.count().label("accounts")).where(User.active.is_(True))
             .group_by(User.unit_id).subquery())
    query = (
        select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.level, parent.c.code.label("parent_code"),
               parent.c.name.label("parent_name"),
               Unit.headcount, func.coalesce(staff.c.accounts, 0).label("accounts"), Unit.active,
               Unit.valid_to, successor.c.code.label("successor_code"))
        .outerjoin(parent, parent.c.id == Unit.parent_id)
        .outerjoin(successor, successor.c.id == Unit.successor_id)
        .outerjoin(staff, staff.c.unit_id == Unit.id)
        .order_by(Unit.path)
    )
    return pd.DataFrame(session.execute(query).all(), columns=[
        "id", "code", "name", "kind", "level", "parent_code", "parent_name", "headcount", "accounts", "active",
        "valid_to", "successor_code"])
