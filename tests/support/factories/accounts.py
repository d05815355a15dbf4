"""Accounts factories: units and people with roles."""
from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from ideas.accounts import units, users
from ideas.core.models import Unit, User

PASSWORD = "Mat-khau-rat-dai-2026"
_counter = itertools.count(1)


def make_unit(session: Session, *, code: str | None = None, name: str | None = None,
              parent: Unit | None = None, kind: str = "department", headcount: int = 50) -> Unit:
    n = next(_counter)
    return units.create_unit(session=session, actor=None, code=code or f"U{n:04d}",
                             name=name or f"Đơn vị {n}", kind=kind,
                             parent_id=parent.id if parent else None, headcount=headcount, check=False)


def make_user(session: Session, *, unit: Unit | None = None, roles: list[tuple[str, Unit | None]] | None = None,
              username: str | None = None, full_name: str | None = None,
              password: str | None = PASSWORD) -> User:
    n = next(_counter)
    return users.create_user(
        session=session, actor=None, username=username or f"user{n}", full_name=full_name or f"Nguyễn Văn {n}",
        password=password, unit_id=unit.id if unit else None,
        roles=[(role, scope.id if scope else None) for role, scope in roles or []], check=False)
