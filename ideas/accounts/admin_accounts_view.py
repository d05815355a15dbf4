"""The accounts page's view: the filters' and forms' choices, one page of accounts as formatted rows, roles."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.accounts import identity, units, users
from ideas.core.i18n import fmt_datetime, t
from ideas.core.models import User
from ideas.core.permissions import ROLES

# Name, unit and state first: at 1440 px the e-mail may scroll, these must not.
COLUMNS = ("full_name", "username", "unit_name", "position", "active", "locked_until", "email")
HEADERS = {"username": "field.username", "full_name": "field.full_name", "email": "field.email",
           "unit_code": "units.col.code", "unit_name": "field.unit", "position": "field.position",
           "active": "units.col.active", "locked_until": "accounts.locked_until"}


@dataclass(frozen=True)
class Choices:
    units: dict[int, str]  # active units in tree order, indented
    roles: dict[str, str]  # role -> label
    scopes: dict[int | None, str]  # a role's scope: None (everywhere) or a unit


def choices(*, session: Session, actor: User, lang: str = "vi") -> Choices:
    """The labels of units, roles and role scopes used by the filters and forms."""
    unit_labels = dict(units.unit_options(session))
    return Choices(unit_labels, {r: t(f"role.{r}", lang) for r in ROLES},
                   {None: t("accounts.scope_all", lang), **unit_labels})


@dataclass(frozen=True)
class Account:
    label: str  # "Full Name (username)"
    username: str
    active: bool
    personal_id: str = ""  # masked ("*********345"): never shown in full to anyone but its holder


@dataclass(frozen=True)
class Accounts:
    rows: pd.DataFrame  # formatted: empty cells instead of None, dates dd/mm/yyyy HH:MM; shown in COLUMNS order
    headers: dict[str, str]
    people: dict[int, Account]


def accounts(*, session: Session, actor: User, lang: str = "vi", **filters: object) -> Accounts:
    """One page of the accounts the administrator may manage (filters: see users.search_users)."""
    found = users.search_users(session, actor=actor, **filters)
    # no unit / position / e-mail: an empty cell, not "None"
    rows = found.drop(columns=["id"]).fillna({c: "" for c in ("email", "unit_code", "unit_name", "position")})
    rows["locked_until"] = [fmt_datetime(v, lang) if v is not None and v == v else "" for v in rows.locked_until]
    numbers = dict(session.execute(select(User.id, User.personal_id).where(
        User.id.in_([int(i) for i in found.id]), User.personal_id.is_not(None))).all()) if len(found) else {}
    people = {int(row.id): Account(f"{row.full_name} ({row.username})", row.username, bool(row.active),
                                   identity.mask(numbers.get(int(row.id))) or "")
              for row in found.itertuples()}
    return Accounts(rows, {c: t(key, lang) for c, key in HEADERS.items()}, people)


@dataclass(frozen=True)
class RoleRow:
    role: str  # label
    scope: str  # label ("?" for a unit no longer listed)


def roles(*, session: Session, actor: User, user_id: int, lang: str = "vi") -> list[RoleRow]:
    """One person's roles with their scopes, labelled as the roles editor shows them."""
    labels = choices(session=session, actor=actor, lang=lang)
    return [RoleRow(labels.roles[r], labels.scopes.get(u, "?")) for r, u in users.roles_of(session, user_id)]
