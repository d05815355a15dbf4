"""Who may do what: one role x action table, checked by every service (hiding a page is not enough).

A role is held over a unit subtree (RoleAssignment.unit_id; NULL = the whole province). Every active
account is implicitly `staff` of its own unit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.errors import PermissionDenied
from ideas.core.models import RoleAssignment, Unit, User

ROLES = ("staff", "secretary", "reviewer", "chair", "reward_officer", "leader", "admin")

# action -> roles that may perform it (within the scope of their assignment)
PERMISSIONS: dict[str, frozenset[str]] = {
    # foundation
    "units.manage": frozenset({"admin"}),
    "accounts.manage": frozenset({"admin"}),
    "accounts.import": frozenset({"admin"}),
    "settings.manage": frozenset({"admin"}),
    "audit.view": frozenset({"admin"}),
    "sessions.revoke": frozenset({"admin"}),
    "api.manage": frozenset({"admin"}),  # API tokens and webhook subscriptions (province-wide)
    # ideas
    "campaigns.manage": frozenset({"admin"}),
    "ideas.submit": frozenset({"staff"}),
    "ideas.support": frozenset({"staff"}),
    "ideas.comment": frozenset({"staff"}),
    "ideas.moderate": frozenset({"admin"}),
    "ideas.view_confidential": frozenset({"admin", "secretary", "reviewer", "chair"}),
    "ideas.replicate": frozenset({"staff"}),
    "ideas.view_private": frozenset({"admin"}),  # others' drafts and withdrawn files
    "followup.manage": frozenset({"secretary", "admin"}),  # plans of recognised ideas besides their authors
    # review
    "review.manage_council": frozenset({"admin", "secretary"}),
    "review.screen": frozenset({"secretary"}),
    "review.assign": frozenset({"secretary", "chair"}),
    "review.score": frozenset({"reviewer", "chair"}),
    "review.decide": frozenset({"chair"}),
    "review.view": frozenset({"secretary", "reviewer", "chair", "admin", "leader"}),
    "rubrics.manage": frozenset({"admin"}),
    # rewards
    "rewards.manage_rules": frozenset({"admin"}),
    "rewards.build": frozenset({"reward_officer"}),
    "rewards.approve": frozenset({"reward_officer"}),
    "rewards.view": frozenset({"reward_officer", "leader", "admin"}),
    "rewards.ratings": frozenset({"reward_officer"}),
    # dashboards
    "dashboard.view": frozenset({"leader", "admin", "secretary", "chair", "reward_officer"}),
    "commitments.manage": frozenset({"admin"}),
}


_CACHE = "permission_grants"


class SystemActor:
    """The operator acting through the command line or a scheduled job: every action, the whole province.

    Services never take `actor=None`; the command line passes `SYSTEM` explicitly, and audit rows
    written by it carry no user id.
    """

    id = None
    unit_id = None
    active = True
    username = "system"
    full_name = "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()
Actor: TypeAlias = User | SystemActor


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)


# Actions over the whole province (its settings, rules, rubrics, audit log, bulk imports): they need a
# province-wide grant; a district-scoped administrator cannot use them.
GLOBAL_ACTIONS = frozenset({"settings.manage", "audit.view", "rubrics.manage", "rewards.manage_rules",
                            "accounts.import", "api.manage"})


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int | None  # scope root; None = everywhere
    unit_path: str | None


def grants(session: Session, user: Actor) -> list[Grant]:
    """The roles a user holds with their scope, staff included (read once per session and user)."""
    if is_system(user):
        return [Grant(role, None, None) for role in ROLES]
    cache = session.info.setdefault(_CACHE, {})
    if user.id not in cache:
        cache[user.id] = _load_grants(session, user)
    return cache[user.id]


def forget(session: Session) -> None:
    """Drop the cached grants: call after changing roles or moving units in this session."""
    session.info.pop(_CACHE, None)


def _load_grants(session: Session, user: User) -> list[Grant]:
    rows = session.execute(
        select(RoleAssignment.role, RoleAssignment.unit_id, Unit.path)
        .outerjoin(Unit, Unit.id == RoleAssignment.unit_id)
        .where(RoleAssignment.user_id == user.id)
    ).all()
    result = [Grant(role, unit_id, path) for role, unit_id, path in rows]
    if not any(g.role == "staff" for g in result):
        own_path = session.scalar(select(Unit.path).where(Unit.id == user.unit_id)) if user.unit_id else None
        result.append(Grant("staff", user.unit_id, own_path))
    return result


def _unit_path(session: Session, unit_id: int) -> str | None:
    return session.scalar(select(Unit.path).where(Unit.id == unit_id))


def covers(grant: Grant, unit_path: str | None) -> bool:
    """True when the grant's subtree contains the unit (a province-wide grant covers everything)."""
    if grant.unit_id is None:
        return True
    if unit_path is None or grant.unit_path is None:
        return False
    return unit_path.startswith(grant.unit_path)


def can(session: Session, user: User | None, action: str, *, unit_id: int | None = None) -> bool:
    """Whether `user` may perform `action`, over `unit_id` when the action concerns a unit."""
    if user is None or not user.active:
        return False
    allowed = PERMISSIONS[action]
    candidates = [g for g in grants(session, user) if g.role in allowed]
    if not candidates:
        return False
    if action in GLOBAL_ACTIONS:
        return any(g.unit_id is None for g in candidates)
    if unit_id is None:
        return True
    path = _unit_path(session, unit_id)
    return any(covers(g, path) for g in candidates)


def require(session: Session, user: Actor | None, action: str, *, unit_id: int | None = None) -> None:
    """Raise PermissionDenied unless `user` may perform `action` (over `unit_id`)."""
    if not can(session, user, action, unit_id=unit_id):
        raise PermissionDenied(action=action)


def scope_unit_ids(session: Session, user: Actor, action: str) -> list[int] | None:
    """Units the user may act on for `action`: None means everywhere, [] means nowhere."""
    if is_system(user):
        return None
    allowed = PERMISSIONS[action]
    candidates = [g for g in grants(session, user) if g.role in allowed]
    if any(g.unit_id is None for g in candidates):
        return None
    ids: set[int] = set()
    for grant in candidates:
        ids.update(session.scalars(select(Unit.id).where(Unit.path.startswith(grant.unit_path or "\x00"))))
    return sorted(ids)
