"""Server-side sign-in sessions: the one place a session is opened, claimed for the cookie, resolved and ended.

A login returns two tokens: the session token (kept in the browser tab) and a one-time claim token that
`/auth/claim` swaps for the HttpOnly cookie. The claim is bound to the pre-login nonce cookie of the browser
that started the login, so a claim token replayed in another browser (login CSRF) is worthless.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ideas.core import audit, settings
from ideas.core.models import AuthSession, User, utcnow

CLAIM_SECONDS = 20
SEEN_WRITE_INTERVAL = dt.timedelta(seconds=60)


@dataclass
class LoginResult:
    user: User
    session_token: str
    claim_token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _claim_hash(claim_token: str, nonce: str) -> str:
    return token_hash(f"{claim_token}:{nonce}")


@contextmanager
def own_unit_of_work(session: Session) -> Iterator[Session]:
    """A transaction of its own, committed here: a failed attempt counts even if the caller rolls back.

    A caller that already started its transaction (a script that creates a user and signs in at once) keeps
    the bookkeeping in it: a second connection would wait for the first one's lock.
    """
    if session.in_transaction():
        yield session
        session.flush()
        return
    with Session(bind=session.get_bind(), expire_on_commit=False) as own, own.begin():
        yield own


def open_session(*, session: Session, user: User, nonce: str | None, action: str = "auth.login") -> LoginResult:
    """Open a session for an authenticated user; its claim works only with the same pre-login `nonce`.

    Without a nonce the session lives in the tab only (nothing can be claimed for a cookie).
    """
    token, claim = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    session.add(AuthSession(
        token_hash=token_hash(token), claim_hash=_claim_hash(claim, nonce) if nonce else None,
        claim_expires_at=now + dt.timedelta(seconds=CLAIM_SECONDS) if nonce else None,
        user_id=user.id, last_seen_at=now,
        expires_at=now + dt.timedelta(days=settings.get_int(session, "auth.session_days")),
    ))
    audit.record(session=session, actor=user, action=action, entity="user", entity_id=user.id)
    session.flush()
    return LoginResult(user=user, session_token=token, claim_token=claim if nonce else "")


def claim_session(*, session: Session, claim_token: str, nonce: str | None = None) -> str | None:
    """Swap a one-time claim token for a fresh session token (for the HttpOnly cookie); None if invalid.

    Only the browser holding the login's pre-login `nonce` can claim. The session token is rotated so that
    the value that lived in the browser tab never becomes the cookie.
    """
    if not claim_token or not nonce or not claim_token.isascii() or not nonce.isascii():
        return None
    row = session.scalar(select(AuthSession).where(AuthSession.claim_hash == _claim_hash(claim_token, nonce)))
    now = utcnow()
    if row is None:
        return None
    row.claim_hash = None
    if row.revoked_at or row.claim_expires_at is None or row.claim_expires_at < now:
        session.flush()
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash, row.claim_expires_at, row.last_seen_at = token_hash(token), None, now
    session.flush()
    return token


def resolve_session(*, session: Session, token: str | None) -> User | None:
    """The signed-in user for a session token, or None when it is unknown, revoked, idle or expired."""
    if not token or not isinstance(token, str) or not token.isascii():
        return None
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
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


def why_ended(*, session: Session, token: str | None) -> str | None:
    """Why a token no longer signs anyone in, for the login page to say: "idle" (ended for inactivity, with
    the minutes), "expired", "ended" (signed out or revoked), None (no such session: say nothing)."""
    if not token or not isinstance(token, str) or not token.isascii():
        return None
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    if row is None:
        return None
    idle = dt.timedelta(minutes=settings.get_int(session, "auth.idle_timeout_minutes"))
    ended = row.revoked_at or utcnow()
    if ended - row.last_seen_at > idle:
        return "idle"
    if row.revoked_at is None and row.expires_at < utcnow():
        return "expired"
    return "ended" if row.revoked_at is not None else None


def logout(*, session: Session, token: str | None) -> None:
    if not token or not token.isascii():
        return
    row = session.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        user = session.get(User, row.user_id)
        audit.record(session=session, actor=user, action="auth.logout", entity="user", entity_id=row.user_id)
        session.flush()


def revoke_all(session: Session, user_id: int) -> None:
    """End every open session of a user (all replicas honour it at their next request)."""
    session.execute(update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))
