"""Accounts: argon2 passwords (passlib API from libpass), signing in with growing delays, roles, directory.

Sessions live in `sessions`, counters in `throttle`, the password policy in `passwords`: import them from there.
"""
from __future__ import annotations

import datetime as dt
import secrets

import pandas as pd
from passlib.context import CryptContext
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from ideas.accounts import devices, throttle
from ideas.accounts.passwords import PASSWORD_MAX, check_password_policy
from ideas.accounts.sessions import LoginResult, open_session, own_unit_of_work, revoke_all
from ideas.core import audit
from ideas.core.errors import AccountLocked, AuthenticationError, NotFound, ValidationError
from ideas.core.models import RoleAssignment, Unit, User, utcnow
from ideas.core.permissions import ROLES, forget, require, scope_unit_ids
from ideas.core.text import bounded, clean_line, fold

PASSWORD_CONTEXT = CryptContext(schemes=["argon2"], deprecated="auto")
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")
USERNAME_MAX = 100
FULL_NAME_MAX = 255
PERSON_TEXT_MAX = {"field.full_name": FULL_NAME_MAX, "field.email": 255, "field.position": 255}


# ---------------------------------------------------------------- passwords


def hash_password(password: str) -> str:
    return PASSWORD_CONTEXT.hash(password)


def generate_temporary_password() -> str:
    """A random 14-character password that passes the policy (shown once, stored hashed)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


# ---------------------------------------------------------------- users


def normalise_username(username: str) -> str:
    return clean_line(username).lower()


def _bounded_password(password: str, field: str) -> None:
    """A typed password longer than any allowed one is refused naming its field (argon2 would fail on it)."""
    if len(password or "") > PASSWORD_MAX:
        raise ValidationError("error.field_too_long", field=field, max=PASSWORD_MAX, length=len(password))


def validate_username(username: str) -> str:
    name = bounded(username, field="field.username", max_chars=USERNAME_MAX, required=True, line=True).lower()
    if not set(name) <= USERNAME_CHARS:
        raise ValidationError("accounts.error.username_invalid", username=username)
    return name


def _person_text(value: str | None, field: str, *, required: bool = False) -> str | None:
    """A name, e-mail or position within its declared maximum; None when it shows nothing."""
    return bounded(value, field=field, max_chars=PERSON_TEXT_MAX[field], required=required, line=True) or None


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("accounts.error.not_found", user=user_id)
    return user


def by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normalise_username(username)))


def create_user(*, session: Session, actor: User | None, username: str, full_name: str,
                password: str | None = None, email: str | None = None, unit_id: int | None = None,
                position: str | None = None, roles: list[tuple[str, int | None]] | None = None,
                must_change_password: bool = False, check: bool = True) -> User:
    """Create an account. `check=False` only for the first-run administrator and trusted importers."""
    if check:
        require(session, actor, "accounts.manage", unit_id=unit_id)
    name = validate_username(username)
    full_name = _person_text(full_name, "field.full_name", required=True)
    email, position = _person_text(email, "field.email"), _person_text(position, "field.position")
    if by_username(session, name) is not None:
        raise ValidationError("accounts.error.username_taken", username=name)
    if password is not None:
        check_password_policy(session, password, username=name, user_inputs=[full_name, email, position],
                              unit_id=unit_id)
    user = User(username=name, full_name=full_name, search_name=fold(full_name),
                email=email, unit_id=unit_id, position=position,
                password_hash=hash_password(password) if password else None,
                must_change_password=must_change_password, password_changed_at=utcnow())
    session.add(user)
    session.flush()
    for role, scope in roles or []:
        _add_role(session, user, role, scope)
    forget(session)
    audit.record(session=session, actor=actor, action="account.create", entity="user", entity_id=user.id,
                 details={"username": name, "unit_id": unit_id, "roles": roles or []})
    session.flush()
    return user


def _add_role(session: Session, user: User, role: str, scope_unit_id: int | None) -> None:
    if role not in ROLES:
        raise ValidationError("accounts.error.unknown_role", role=role)
    session.add(RoleAssignment(user_id=user.id, role=role, unit_id=scope_unit_id))


def update_user(*, session: Session, actor: User, user_id: int, full_name: str | None = None,
                email: str | None = None, unit_id: int | None = None, position: str | None = None) -> User:
    user = get_user(session, user_id)
    require(session, actor, "accounts.manage", unit_id=user.unit_id)
    if unit_id is not None and unit_id != user.unit_id:
        require(session, actor, "accounts.manage", unit_id=unit_id)
        user.unit_id = unit_id
    if full_name is not None:
        user.full_name = _person_text(full_name, "field.full_name", required=True)
        user.search_name = fold(user.full_name)
    if email is not None:
        user.email = _person_text(email, "field.email")
    if position is not None:
        user.position = _person_text(position, "field.position")
    audit.record(session=session, actor=actor, action="account.update", entity="user", entity_id=user.id,
                 details={"full_name": user.full_name, "unit_id": user.unit_id, "position": user.position})
    session.flush()
    return user


def set_roles(*, session: Session, actor: User, user_id: int, roles: list[tuple[str, int | None]]) -> User:
    """Replace a user's role assignments (role, scope unit id or None for province-wide)."""
    user = get_user(session, user_id)
    require(session, actor, "accounts.manage", unit_id=user.unit_id)
    for _role, scope in roles:
        require(session, actor, "accounts.manage", unit_id=scope)
    if user.id == actor.id and not any(role == "admin" for role, _ in roles):
        raise ValidationError("accounts.error.cannot_drop_own_admin")
    unique = list(dict.fromkeys(roles))
    session.execute(delete(RoleAssignment).where(RoleAssignment.user_id == user.id))
    for role, scope in unique:
        _add_role(session, user, role, scope)
    forget(session)
    audit.record(session=session, actor=actor, action="account.roles", entity="user", entity_id=user.id,
                 details={"roles": unique})
    session.flush()
    session.expire(user, ["roles"])
    return user


def set_active(*, session: Session, actor: User, user_id: int, active: bool) -> User:
    """Deactivate (or reactivate) an account: ideas and history stay; sessions end."""
    user = get_user(session, user_id)
    require(session, actor, "accounts.manage", unit_id=user.unit_id)
    if user.id == actor.id and not active:
        raise ValidationError("accounts.error.cannot_deactivate_self")
    user.active = active
    forget(session)
    if not active:
        revoke_all(session, user.id)
    audit.record(session=session, actor=actor, action="account.activate" if active else "account.deactivate",
                 entity="user", entity_id=user.id)
    session.flush()
    return user


def admin_reset_password(*, session: Session, actor: User, user_id: int) -> str:
    """Give the user a temporary password that must be changed at next login; returns it once."""
    user = get_user(session, user_id)
    require(session, actor, "accounts.manage", unit_id=user.unit_id)
    temporary = generate_temporary_password()
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    throttle.forget_account(session, user.username)
    user.password_changed_at = utcnow()
    revoke_all(session, user.id)
    audit.record(session=session, actor=actor, action="account.reset_password", entity="user",
                 entity_id=user.id)
    session.flush()
    return temporary


def change_password(*, session: Session, actor: User, current: str, new: str) -> None:
    """The signed-in person changes their own password; every session of theirs ends."""
    user = actor
    _bounded_password(current, "account.current_password")
    if not user.password_hash or not PASSWORD_CONTEXT.verify(current, user.password_hash):
        raise ValidationError("auth.error.current_password_wrong")
    if current == new:
        raise ValidationError("auth.error.password_unchanged")
    check_password_policy(session, new, username=user.username,
                          user_inputs=[user.full_name, user.email, user.position], unit_id=user.unit_id)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.password_changed_at = utcnow()
    revoke_all(session, user.id)
    audit.record(session=session, actor=user, action="account.change_password", entity="user",
                 entity_id=user.id)
    session.flush()


def has_admin(session: Session) -> bool:
    query = (select(RoleAssignment.id).join(User, User.id == RoleAssignment.user_id)
             .where(RoleAssignment.role == "admin", User.active.is_(True)).limit(1))
    return session.scalar(query) is not None


def create_first_admin(*, session: Session, username: str, full_name: str, password: str,
                       email: str | None = None) -> User:
    """First run only: refused as soon as any active administrator exists."""
    if has_admin(session):
        raise ValidationError("setup.error.admin_exists")
    return create_user(session=session, actor=None, username=username, full_name=full_name,
                       password=password, email=email, roles=[("admin", None)], check=False)


# ---------------------------------------------------------------- signing in


_DUMMY_HASHES: dict[int, str] = {}


def _dummy_hash() -> str:
    """A real hash made by the current context, so an unknown name costs one verification like a known one."""
    key = id(PASSWORD_CONTEXT)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = PASSWORD_CONTEXT.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def authenticate(*, session: Session, username: str, password: str, client: str | None = None,
                 device: str | None = None) -> User:
    """Check a password with one message and one argon2 verification whether or not the account exists.

    Failures are counted in their own committed unit of work and bring growing delays (no hard lock): per
    device when the browser presents a device cookie of this account (`device`, the cookie's value), else per
    name and client, per client, and through the account counter (`ideas.accounts.throttle`); while a counter
    rests, nothing is verified and the wait is told.
    """
    _bounded_password(password, "field.password")  # no widget truncates it: the limit is told, naming the field
    name = normalise_username(username)
    with own_unit_of_work(session) as own:
        found = own.execute(select(User.id, User.password_hash).where(
            User.username == name, User.active.is_(True), User.password_hash.is_not(None))).first()
        # an unknown name costs the same lookup (user id 0 matches nothing)
        known = devices.trusted_device(own, cookie=device, user_id=found.id if found else 0) if device else None
        rules = throttle.login_rules(own, name, client, device=known)
        wait, started = throttle.wait_or_count(own, rules)
    if wait:
        raise _wait_error(wait)
    stored = found.password_hash if found else _dummy_hash()
    valid, new_hash = PASSWORD_CONTEXT.verify_and_update(password, stored)
    if found and PASSWORD_CONTEXT.needs_update(stored):
        # A cheap legacy hash (an imported temporary password) must cost what a real one does.
        PASSWORD_CONTEXT.verify(password, _dummy_hash())
    valid = valid and found is not None
    with own_unit_of_work(session) as own:
        user = own.get(User, found.id, populate_existing=True) if found else None
        if valid:
            throttle.clear(own, rules)
            user.failed_logins, user.locked_until = 0, None
            if new_hash:
                user.password_hash = new_hash  # argon2 parameters changed since this hash was made
        elif user is not None:
            _register_failure(own, user, started)
    if not valid:
        raise _wait_error(started) if started else AuthenticationError()
    return session.get(User, found.id, populate_existing=True)


def _wait_error(seconds: int) -> AccountLocked:
    if seconds < 120:
        return AccountLocked("security.login.wait_seconds", seconds=seconds)
    return AccountLocked("security.login.wait_minutes", minutes=(seconds + 59) // 60)


def _register_failure(session: Session, user: User, delay: int) -> None:
    """Mirror the attempt on the account for administrators (how many failures, resting until when)."""
    now = utcnow()
    user.failed_logins += 1
    user.locked_until = now + dt.timedelta(seconds=delay) if delay else user.locked_until
    details = {"failed_logins": user.failed_logins}
    if delay:
        details["locked_until"] = user.locked_until.isoformat()
    audit.record(session=session, actor=None, action="auth.failed", entity="user", entity_id=user.id,
                 details=details)
    session.flush()


def login(*, session: Session, username: str, password: str, client: str | None = None,
          nonce: str | None = None, device: str | None = None) -> LoginResult:
    """Authenticate and open a server-side session whose claim token only the browser holding `nonce` can use.

    `device` is the browser's device cookie (its known accounts), `client` its address.
    """
    user = authenticate(session=session, username=username, password=password, client=client, device=device)
    return open_session(session=session, user=user, nonce=nonce)


def revoke_sessions(*, session: Session, actor: User, user_id: int) -> None:
    """An administrator ends every session of a user (all replicas honour it at the next request)."""
    user = get_user(session, user_id)
    require(session, actor, "sessions.revoke", unit_id=user.unit_id)
    revoke_all(session, user_id)
    audit.record(session=session, actor=actor, action="account.revoke_sessions", entity="user",
                 entity_id=user_id)
    session.flush()


# ---------------------------------------------------------------- directory


def search_users(session: Session, *, actor: User, text: str = "", unit_id: int | None = None,
                 include_inactive: bool = False, limit: int = 50, offset: int = 0) -> pd.DataFrame:
    """Accounts the admin may manage, filtered by accent-insensitive name or username, paginated in SQL."""
    require(session, actor, "accounts.manage")
    query = (select(User.id, User.username, User.full_name, User.email, Unit.code.label("unit_code"),
                    Unit.name.label("unit_name"), User.position, User.active, User.locked_until)
             .outerjoin(Unit, Unit.id == User.unit_id))
    scope = scope_unit_ids(session, actor, "accounts.manage")
    if scope is not None:
        query = query.where(User.unit_id.in_(scope))
    if unit_id is not None:
        path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) or "\x00"
        query = query.where(Unit.path.startswith(path))
    if text:
        needle = f"%{fold(text)}%"
        query = query.where(or_(User.search_name.like(needle), User.username.like(needle)))
    if not include_inactive:
        query = query.where(User.active.is_(True))
    query = query.order_by(User.search_name, User.id).limit(limit).offset(offset)
    return pd.DataFrame(session.execute(query).all(), columns=[
        "id", "username", "full_name", "email", "unit_code", "unit_name", "position", "active", "locked_until"])


def roles_of(session: Session, user_id: int) -> list[tuple[str, int | None]]:
    rows = session.execute(select(RoleAssignment.role, RoleAssignment.unit_id)
                           .where(RoleAssignment.user_id == user_id).order_by(RoleAssignment.role))
    return [(role, unit_id) for role, unit_id in rows]


def directory_options(session: Session, *, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """Active people for pickers (co-authors, council members), searched by folded name."""
    query = (select(User.id, User.full_name, User.username, Unit.code)
             .outerjoin(Unit, Unit.id == User.unit_id).where(User.active.is_(True)))
    if text:
        needle = f"%{fold(text)}%"
        query = query.where(or_(User.search_name.like(needle), User.username.like(needle)))
    query = query.order_by(User.search_name).limit(limit)
    return [(uid, f"{name} ({username}, {code or '-'})") for uid, name, username, code in session.execute(query)]
