"""Per-system API tokens: created by a province-wide administrator, the secret shown once, revoked at will.

The secret is 32 random bytes (256 bits), so its sha256 is enough to store it: nobody can guess or brute-force
such a value, which is what a slow hash (argon2) defends against for human passwords. A plain hash can also be
looked up by a unique index, where a salted argon2 hash would mean trying every token on each call, and an API
call stays cheap (argon2 costs ~50 ms of CPU by design, which a caller could turn against the server).

Every call is written to `api_calls` (token, time, path, status), not to the hash-chained audit log: the chain
takes one lock per row, and a system polling every few seconds would serialise every other writer behind it.
Creating and revoking tokens is audited in the chain.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.accounts.throttle import charge_window
from ideas.core import audit, clock, subtrees
from ideas.core.db import fetch
from ideas.core.errors import ValidationError
from ideas.core.models import ApiCall, ApiToken
from ideas.core.permissions import Actor, require

NAME_MAX = 200

PREFIX = "skapi_"
ACTION = "api.manage"
MAX_RATE = 6000


@dataclass(frozen=True)
class Caller:
    """An authenticated token for one request: which token, and the unit ids it may read (None = all)."""

    token_id: int
    name: str
    stored_scope: str | None
    unit_ids: list[int] | None


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused: HTTP status, error code, seconds to wait (429)."""

    status: int
    code: str
    retry_after: int = 0
    token_id: int | None = None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(*, session: Session, actor: Actor, name: str, unit_ids: list[int] | None = None,
                 rate_per_minute: int = 60) -> tuple[ApiToken, str]:
    """A new token and its secret, which is returned this once and never stored."""
    require(session, actor, ACTION)
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX:  # never cut: the page's field has no limit of its own and keeps what was typed
        raise ValidationError("error.field_too_long", field="api.field.name", max=NAME_MAX, length=len(name))
    if not name:
        raise ValidationError("api.error.name_required")
    if not 1 <= int(rate_per_minute) <= MAX_RATE:
        raise ValidationError("api.error.rate", limit=MAX_RATE)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, token_hash=hash_secret(secret), prefix=secret[:len(PREFIX) + 4],
                     unit_ids=subtrees.encode_roots(session, unit_ids), rate_per_minute=int(rate_per_minute),
                     created_by=actor.id)
    session.add(token)
    session.flush()
    audit.record(session=session, actor=actor, action="api.token.create", entity="api_token", entity_id=token.id,
                 details={"name": name, "units": subtrees.roots_of(token.unit_ids), "rate": token.rate_per_minute})
    return token, secret


def revoke_token(*, session: Session, actor: Actor, token_id: int) -> ApiToken:
    """Stop a token at once (its next call is refused); revoking twice changes nothing."""
    require(session, actor, ACTION)
    token = fetch(session, ApiToken, token_id, "api.error.no_token")
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = clock.utcnow(), actor.id
        audit.record(session=session, actor=actor, action="api.token.revoke", entity="api_token",
                     entity_id=token.id, details={"name": token.name})
    session.flush()
    return token


def list_tokens(*, session: Session, actor: Actor) -> list[dict]:
    """Every token with its scope, last use and calls in the last 24 hours (newest first)."""
    require(session, actor, ACTION)
    since = clock.utcnow() - dt.timedelta(days=1)
    calls = dict(session.execute(select(ApiCall.token_id, func.count()).where(ApiCall.at >= since)
                                 .group_by(ApiCall.token_id)).all())
    return [{"id": t.id, "name": t.name, "prefix": t.prefix, "units": subtrees.names(session, t.unit_ids),
             "rate_per_minute": t.rate_per_minute, "created_at": t.created_at, "last_used_at": t.last_used_at,
             "revoked_at": t.revoked_at, "calls_24h": int(calls.get(t.id, 0))}
            for t in session.scalars(select(ApiToken).order_by(ApiToken.id.desc()))]


def authenticate(*, session: Session, authorization: str | None) -> Caller | Refusal:
    """Resolve `Authorization: Bearer <secret>` and charge the token's per-minute quota (one transaction)."""
    scheme, _, secret = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return Refusal(401, "unauthorized")
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret.strip())))
    if token is None or token.revoked_at is not None:
        return Refusal(401, "unauthorized", 0, token.id if token else None)
    wait = charge_window(session, key=f"api:{token.id}", limit=token.rate_per_minute, window_seconds=60)
    if wait:
        return Refusal(429, "rate_limited", wait, token.id)
    token.last_used_at = clock.utcnow()
    session.flush()
    return Caller(token.id, token.name, token.unit_ids, subtrees.unit_ids(session, token.unit_ids))


def record_call(*, session: Session, token_id: int | None, method: str, path: str, status: int,
                client: str | None, duration_ms: int) -> None:
    path = path.replace("\x00", "")[:500]  # a %00 in the URL arrives decoded; PostgreSQL refuses NUL in text
    session.add(ApiCall(token_id=token_id, method=method[:10], path=path, status=status,
                        client=(client or "")[:100] or None, duration_ms=duration_ms))
    session.flush()


def unit_options(*, session: Session, actor: Actor) -> dict[int, str]:
    """The units an administrator may choose as a token's or a subscription's scope."""
    require(session, actor, ACTION)
    return subtrees.unit_options(session)
