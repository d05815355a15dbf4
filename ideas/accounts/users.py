"""Accounts: argon2 passwords (passlib API from libpass), lockout, server-side sessions, roles."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from passlib.context import CryptContext
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ideas.core import audit, settings
from ideas.core.db import DATA_DIR
from ideas.core.errors import AccountLocked, AuthenticationError, NotFound, ValidationError
from ideas.core.models import AuthSession, RoleAssignment, Unit, User, utcnow
from ideas.core.permissions import ROLES, forget, require, scope_unit_ids
from ideas.core.text import clean_line, fold

PASSWORD_CONTEXT = CryptContext(schemes=["argon2"], deprecated="auto")
CLAIM_SECONDS = 20
SEEN_WRITE_INTERVAL = dt.timedelta(seconds=60)
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


# ---------------------------------------------------------------- passwords


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = (DATA_DIR / "common_passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_password_policy(session: Session, password: str, *, username: str = "") -> None:
    """At least N characters, not a common password, not the username."""
    minimum = settings.get_int(session, "auth.min_password_length")
    if len(password) < minimum:
        raise ValidationError("auth.error.password_too_short", minimum=minimum)
    lowered = password.lower()
    if lowered in common_passwords() or (username and username.lower() in lowered):
        raise ValidationError("auth.error.password_common")


def hash_password(password: str) -> str:
    return PASSWORD_CONTEXT.hash(password)


def generate_temporary_password() -> str:
    """A random 14-character password that passes the policy (shown once, stored hashed)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


# ---------------------------------------------------------------- users


def normalise_username(username: str) -> str:
    return clean_line(username).lower()


def validate_username(username: str) -> str:
    name = normalise_username(username)
    if not name or len(name) > 100 or not set(name) <= USERNAME_CHARS:
        raise ValidationError("accounts.error.username_invalid", username=username)
    return name


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
    full_name = clean_line(full_name)
    if not full_name:
        raise ValidationError("accounts.error.full_name_required")
    if max(len(full_name), len(clean_line(email)), len(clean_line(position))) > 255:
        raise ValidationError("security.input.too_long", field=full_name[:20], limit=255)
    if by_username(session, name) is not None:
        raise ValidationError("accounts.error.username_taken", username=name)
    if password is not None:
        check_password_policy(session, password, username=name)
    user = User(username=name, full_name=full_name, search_name=fold(full_name),
                email=clean_line(email) or None, unit_id=unit_id, position=clean_line(position) or None,
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
    if max(len(clean_line(full_name)), len(clean_line(email)), len(clean_line(position))) > 255:
        raise ValidationError("security.input.too_long", field=clean_line(full_name)[:20], limit=255)
    if full_name is not None:
        if not clean_line(full_name):
            raise ValidationError("accounts.error.full_name_required")
        user.full_name = clean_line(full_name)
        user.search_name = fold(user.full_name)
    if email is not None:
        user.email = clean_line(email) or None
    if position is not None:
        user.position = clean_line(position) or None
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
        _revoke_all(session, user.id)
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
    user.password_changed_at = utcnow()
    _revoke_all(session, user.id)
    audit.record(session=session, actor=actor, action="account.reset_password", entity="user",
                 entity_id=user.id)
    session.flush()
    return temporary


def change_password(*, session: Session, user: User, current: str, new: str) -> None:
    """The user changes their own password; every other session of theirs ends."""
    if not user.password_hash or not PASSWORD_CONTEXT.verify(current, user.password_hash):
        raise ValidationError("auth.error.current_password_wrong")
    if current == new:
        raise ValidationError("auth.error.password_unchanged")
    check_password_policy(session, new, username=user.username)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.password_changed_at = utcnow()
    _revoke_all(session, user.id)
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


# ---------------------------------------------------------------- login and sessions


@dataclass
class LoginResult:
    user: User
    session_token: str
    claim_token: str


def authenticate(*, session: Session, username: str, password: str) -> User:
    """Check the password; count failures and lock the account after too many."""
    # Row lock: parallel guesses must queue, or each reads a stale failure count and the lockout never comes.
    user = session.scalar(select(User).where(User.username == normalise_username(username))
                          .with_for_update().execution_options(populate_existing=True))
    now = utcnow()
    if user is None or not user.active or not user.password_hash:
        # Spend the same time as a real check so that timing does not reveal which accounts exist.
        PASSWORD_CONTEXT.dummy_verify()
        raise AuthenticationError()
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AccountLocked(minutes=minutes)
    valid, new_hash = PASSWORD_CONTEXT.verify_and_update(password, user.password_hash)
    if not valid:
        _register_failure(session, user, now)
        session.flush()
        if user.locked_until:
            raise AccountLocked(minutes=settings.get_int(session, "auth.lockout_minutes"))
        remaining = settings.get_int(session, "auth.max_failed_logins") - user.failed_logins
        raise AuthenticationError("auth.error.invalid_credentials_left", remaining=remaining)
    if new_hash:
        user.password_hash = new_hash  # argon2 parameters changed since this hash was made
    user.failed_logins, user.locked_until = 0, None
    audit.record(session=session, actor=user, action="auth.login", entity="user", entity_id=user.id)
    session.flush()
    return user


def _register_failure(session: Session, user: User, now: dt.datetime) -> None:
    user.failed_logins += 1
    limit = settings.get_int(session, "auth.max_failed_logins")
    details = {"failed_logins": user.failed_logins}
    if user.failed_logins >= limit:
        user.locked_until = now + dt.timedelta(minutes=settings.get_int(session, "auth.lockout_minutes"))
        user.failed_logins = 0
        details["locked_until"] = user.locked_until.isoformat()
    audit.record(session=session, actor=None, action="auth.failed", entity="user", entity_id=user.id,
                 details=details)


def login(*, session: Session, username: str, password: str) -> LoginResult:
    """Authenticate and open a server-side session with a one-time claim token for the cookie route."""
    user = authenticate(session=session, username=username, password=password)
    token, claim = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    session.add(AuthSession(
        token_hash=_token_hash(token), claim_hash=_token_hash(claim),
        claim_expires_at=now + dt.timedelta(seconds=CLAIM_SECONDS), user_id=user.id, last_seen_at=now,
        expires_at=now + dt.timedelta(days=settings.get_int(session, "auth.session_days")),
    ))
    session.flush()
    return LoginResult(user=user, session_token=token, claim_token=claim)


def claim_session(*, session: Session, claim_token: str) -> str | None:
    """Swap a one-time claim token for a fresh session token (for the HttpOnly cookie); None if invalid.

    The session token is rotated so that the value that lived in the browser tab never becomes the cookie.
    """
    if not claim_token.isascii():
        return None
    row = session.scalar(select(AuthSession).where(AuthSession.claim_hash == _token_hash(claim_token)))
    now = utcnow()
    if row is None:
        return None
    row.claim_hash = None
    if row.revoked_at or row.claim_expires_at is None or row.claim_expires_at < now:
        session.flush()
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash, row.claim_expires_at, row.last_seen_at = _token_hash(token), None, now
    session.flush()
    return token


def resolve_session(*, session: Session, token: str | None) -> User | None:
    """The signed-in user for a session token, or None when it is unknown, revoked, idle or expired."""
    if not token or not isinstance(token, str) or not token.isascii():
        return None
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == _token_hash(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at < now:
        return None
    idle = dt.timedelta(minutes=settings.get_int(session, "auth.idle_timeout_minutes"))
    if now - row.last_seen_at > idle:
        row.revoked_at = now
        session.flush()
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at > SEEN_WRITE_INTERVAL:
        row.last_seen_at = now
        session.flush()
    return user


def logout(*, session: Session, token: str | None) -> None:
    if not token or not token.isascii():
        return
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == _token_hash(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        user = session.get(User, row.user_id)
        audit.record(session=session, actor=user, action="auth.logout", entity="user", entity_id=row.user_id)
        session.flush()


def _revoke_all(session: Session, user_id: int) -> None:
    session.execute(update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))


def revoke_sessions(*, session: Session, actor: User, user_id: int) -> None:
    """An administrator ends every session of a user (all replicas honour it at the next request)."""
    user = get_user(session, user_id)
    require(session, actor, "sessions.revoke", unit_id=user.unit_id)
    _revoke_all(session, user_id)
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


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


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
