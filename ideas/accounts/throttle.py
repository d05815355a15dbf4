"""Rate counters: growing sign-in delays per pair, per account and per client, and an upload quota per person.

Nothing here is a hard lock: a key that failed too often waits 15 s, then 30 s, 60 s, ... up to a cap, and is
forgotten after an hour of quiet. Keys are the typed name and the client address, never whether the account
exists, so an unknown name is throttled exactly like a real one.

No honest user is slowed by others' attempts (docs/SECURITY.md, "Lock people out"):
- only failures count: a right password takes its attempt back from the client counter, so an office behind
  one address signs in all day;
- a browser with a device cookie of the account (`ideas.accounts.devices`) is slowed only by its own failures
  (`u:<name>|d:<device>`), never by the account's or the address's counters;
- an untrusted client is slowed per (name, client); the account counter, which every untrusted failure feeds,
  never blocks the account: its delay (at most ACCOUNT_CAP_SECONDS) lands on the client that just failed, so
  an untrusted client that has not failed on a name may always try it, and one that failed waits at most
  ACCOUNT_CAP_SECONDS because of the account counter (plus its own pair delay after its own repeated failures);
- loopback addresses, IPv4-mapped ones included, are shared (an unconfigured proxy): no per-client counter.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ideas.core import settings
from ideas.core.errors import ValidationError
from ideas.core.models import RateCounter, User, utcnow

BASE_DELAY_SECONDS = 15
QUIET_RESET = dt.timedelta(hours=1)
ACCOUNT_CAP_SECONDS = 300  # anyone can slow an account down from many addresses: keep that wait short
UPLOADS_PER_HOUR = 60
TRUSTED_PROXIES_ENV = "IDEAS_TRUSTED_PROXIES"


@dataclass(frozen=True)
class Rule:
    """A counter: `free` failures within the quiet hour, then growing delays up to `cap_seconds`.

    `lands_on` names another rule's key: this counter never blocks by itself, its delay is added to that key
    (the account counter's delay lands on the failing client's pair).
    """

    key: str
    free: int
    cap_seconds: int
    lands_on: str | None = None
    shared_client: bool = False  # the per-client counter: a right password takes the attempt back


def client_address(remote: str | None, forwarded_for: str | None = None, trusted_proxies: int | None = None) -> str:
    """The client's address: the socket peer, or the entry our own proxies appended to X-Forwarded-For.

    X-Forwarded-For is only believed when IDEAS_TRUSTED_PROXIES says how many proxies of ours stand in front:
    otherwise anyone could claim a fresh address per attempt.
    """
    hops = trusted_proxies if trusted_proxies is not None else int(os.environ.get(TRUSTED_PROXIES_ENV, "0") or 0)
    hops_seen = [part.strip() for part in (forwarded_for or "").split(",") if part.strip()]
    if hops > 0 and len(hops_seen) >= hops:
        return hops_seen[-hops][:100]
    return (remote or "-")[:100]


def login_rules(session: Session, username: str, client: str | None, device: str | None = None) -> list[Rule]:
    """The counters of one sign-in attempt.

    With `device` (the stored hash of this browser's device token for this account): that device's counter
    only. Otherwise pair (this client, this name), account (every untrusted client; its delay lands on the
    pair) and client (every name; not for shared loopback addresses).
    """
    free = settings.get_int(session, "auth.max_failed_logins")
    cap = settings.get_int(session, "auth.lockout_minutes") * 60
    name, where = username[:80], (client or "-")[:100]
    if device:
        return [Rule(f"u:{name}|d:{device[:40]}", free, cap)]
    pair = f"u:{name}|c:{where}"
    rules = [Rule(pair, free, cap), Rule(f"u:{name}", free * 2, min(cap, ACCOUNT_CAP_SECONDS), lands_on=pair)]
    if client and not _shared(client):
        rules.append(Rule(f"c:{where}", free * 4, cap, shared_client=True))
    return sorted(rules, key=lambda rule: rule.key)  # one lock order for every attempt: no deadlock


def _shared(client: str) -> bool:
    """A loopback address (IPv4-mapped ones too): behind a proxy nobody told us about, every client is this one."""
    try:
        address = ipaddress.ip_address(client.strip().removeprefix("[").removesuffix("]").split("%")[0])
    except ValueError:
        return client == "-"
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def delay_seconds(hits: int, rule: Rule) -> int:
    if hits < rule.free:
        return 0
    return min(rule.cap_seconds, BASE_DELAY_SECONDS * 2 ** min(hits - rule.free, 20))


def _locked_rows(session: Session, keys: list[str], now: dt.datetime) -> dict[str, RateCounter]:
    """The counters of `keys`, created if missing and locked for this transaction (parallel guesses queue)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for key in keys:
        session.execute(dialect.insert(RateCounter).values(key=key, hits=0, last_hit_at=now)
                        .on_conflict_do_nothing(index_elements=["key"]))
    rows = session.scalars(select(RateCounter).where(RateCounter.key.in_(keys)).order_by(RateCounter.key)
                           .with_for_update().execution_options(populate_existing=True))
    return {row.key: row for row in rows}


def wait_or_count(session: Session, rules: list[Rule]) -> tuple[int, int]:
    """(seconds still to wait, 0) when a key is resting; else count this attempt: (0, delay it started).

    Attempts are counted before the password is checked (parallel guesses queue on the row locks and cannot
    all pass a free counter); `clear` takes a right password's attempt back.
    """
    now = utcnow()
    rows = _locked_rows(session, [rule.key for rule in rules], now)
    waits = [(rows[rule.key].blocked_until - now).total_seconds() for rule in rules
             if rule.lands_on is None and rows[rule.key].blocked_until and rows[rule.key].blocked_until > now]
    if waits:
        return max(1, int(max(waits) + 0.999)), 0
    delays: dict[str, int] = {}
    for rule in rules:
        row = rows[rule.key]
        if now - row.last_hit_at > QUIET_RESET:
            row.hits = 0
        row.hits += 1
        row.last_hit_at = now
        delays[rule.key] = delay_seconds(row.hits, rule)
    for rule in rules:
        if rule.lands_on:
            delays[rule.lands_on] = max(delays[rule.lands_on], delays[rule.key])
    for rule in rules:
        delay = delays[rule.key]
        # the account's own row records its delay for administrators; it is never waited on (see above)
        rows[rule.key].blocked_until = now + dt.timedelta(seconds=delay) if delay else None
    if now.microsecond % 50 == 0:  # now and then, forget names nobody tried for a day
        session.execute(delete(RateCounter).where(RateCounter.last_hit_at < now - dt.timedelta(days=1)))
    session.flush()
    return 0, max(delays.values(), default=0)


def clear(session: Session, rules: list[Rule]) -> None:
    """A right password forgives this name's failures and takes its own attempt back from the client counter.

    The client's other failures stay: they are not this person's to forgive.
    """
    by_key = {rule.key: rule for rule in rules}
    for row in session.scalars(select(RateCounter).where(RateCounter.key.in_(list(by_key)))):
        if by_key[row.key].shared_client:
            row.hits, row.blocked_until = max(0, row.hits - 1), None  # it was free before this attempt
        else:
            row.hits, row.blocked_until = 0, None
    session.flush()


def forget_account(session: Session, username: str) -> None:
    """Drop every counter of one account name (an administrator reset its password)."""
    key = f"u:{username[:80]}"
    session.execute(delete(RateCounter).where(or_(RateCounter.key == key,
                                                  RateCounter.key.startswith(f"{key}|", autoescape=True))))


def charge_uploads(*, session: Session, actor: User, count: int = 1) -> None:
    """Count `count` stored attachments against the person's hourly quota; refuse past UPLOADS_PER_HOUR.

    The attachment service calls this before it stores files, in the same transaction.
    """
    now = utcnow()
    row = _locked_rows(session, [f"up:{actor.id}"], now)[f"up:{actor.id}"]
    if now - row.last_hit_at > dt.timedelta(hours=1):
        row.hits, row.last_hit_at = 0, now
    if row.hits + count > UPLOADS_PER_HOUR:
        raise ValidationError("security.upload.too_many", limit=UPLOADS_PER_HOUR)
    row.hits += count
    session.flush()


def charge_window(session: Session, *, key: str, limit: int, window_seconds: int) -> int:
    """Count one hit on `key` in a fixed window; 0 when allowed, else the seconds until the window ends.

    The row's blocked_until holds the end of the current window (API tokens: requests per minute).
    """
    now = utcnow()
    row = _locked_rows(session, [key], now)[key]
    if row.blocked_until is None or row.blocked_until <= now:
        row.hits, row.blocked_until = 0, now + dt.timedelta(seconds=window_seconds)
    if row.hits >= limit:
        return max(1, int((row.blocked_until - now).total_seconds() + 0.999))
    row.hits += 1
    row.last_hit_at = now
    session.flush()
    return 0
