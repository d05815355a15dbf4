"""Device cookies (OWASP "Slow down online guessing attacks with device cookies"): browsers known to an account.

After a successful sign-in, `/auth/claim` gives the browser a random 256-bit token for that account in an
HttpOnly cookie (`sk_device`, `__Host-` prefixed on HTTPS); only its sha256 is stored, so the cookie cannot be
forged or guessed, like a signature but also revocable. One cookie holds the tokens of the last few accounts
used in that browser (a shared office computer), each bound to its account. A sign-in that presents a valid
token of the account it names is "trusted": it is exempt from the account's and the client address's slowdowns
(an attacker who knows a name cannot keep its owner out) and is slowed only by its own failures
(`ideas.accounts.throttle.login_rules`). Every sign-in rotates the browser's token for that account.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ideas.accounts.sessions import token_hash
from ideas.core.models import DeviceCookie, utcnow

DEVICE_DAYS = 180  # a browser unused for half a year is a new browser again
PER_BROWSER = 5  # accounts remembered in one browser (its cookie stays under 300 bytes)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
SEPARATOR = "."


def tokens_in(cookie: str | None) -> list[str]:
    """The well-formed tokens of a device cookie (anything else in it is ignored)."""
    if not cookie or not isinstance(cookie, str) or len(cookie) > 60 * PER_BROWSER:
        return []
    return [part for part in cookie.split(SEPARATOR) if _TOKEN.fullmatch(part)][:PER_BROWSER]


def trusted_device(session: Session, *, cookie: str | None, user_id: int) -> str | None:
    """The stored hash of this browser's unexpired token for `user_id`, or None (an untrusted client)."""
    hashes = [token_hash(token) for token in tokens_in(cookie)]
    if not hashes:
        return None
    return session.scalar(select(DeviceCookie.token_hash).where(
        DeviceCookie.token_hash.in_(hashes), DeviceCookie.user_id == user_id, DeviceCookie.expires_at > utcnow()))


def remember(session: Session, *, user_id: int, cookie: str | None) -> str:
    """The browser's new device cookie after `user_id` signed in: a fresh token for it, the others it still holds.

    The browser's old token for this account (and any unknown or expired token) is dropped; the newest
    PER_BROWSER accounts are kept.
    """
    now = utcnow()
    tokens = tokens_in(cookie)
    rows = {row.token_hash: row for row in session.scalars(select(DeviceCookie).where(
        DeviceCookie.token_hash.in_([token_hash(token) for token in tokens])))} if tokens else {}
    kept = []
    for token in tokens:
        row = rows.get(token_hash(token))
        if row is None or row.expires_at <= now:
            continue
        if row.user_id == user_id:
            session.delete(row)
            continue
        kept.append(token)
    fresh = secrets.token_urlsafe(32)
    session.add(DeviceCookie(token_hash=token_hash(fresh), user_id=user_id,
                             expires_at=now + dt.timedelta(days=DEVICE_DAYS)))
    session.execute(delete(DeviceCookie).where(DeviceCookie.user_id == user_id, DeviceCookie.expires_at <= now))
    session.flush()
    return SEPARATOR.join([*kept, fresh][-PER_BROWSER:])
