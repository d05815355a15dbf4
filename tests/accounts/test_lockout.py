"""No honest user is throttled by others: only failures count, device cookies, bounded account slowdown, resets."""
from __future__ import annotations

import datetime as dt

import pytest
from passlib.context import CryptContext
from sqlalchemy import func, select

from ideas.accounts import devices, throttle, users
from ideas.core import clock
from ideas.core.errors import AccountLocked, AuthenticationError
from ideas.core.models import DeviceCookie, RateCounter, User
from tests.support.factories.accounts import PASSWORD, make_unit, make_user

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
OFFICE = "198.51.100.20"  # one NAT address for a whole department
FAST = CryptContext(schemes=["argon2"], argon2__memory_cost=1024, argon2__rounds=1, argon2__parallelism=1)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(users, "PASSWORD_CONTEXT", FAST)


@pytest.fixture
def owner(db):
    with db.session() as s:
        return make_user(s, unit=make_unit(s), username="quan.nv")


def attempt(db, username: str, password: str = "sai-mat-khau-9", *, client: str | None = OFFICE,
            device: str | None = None, at: dt.datetime | None = None) -> Exception | None:
    """One sign-in in its own transaction, as the login page does; the error it ended with, or None."""
    with clock.frozen(at or START):
        try:
            with db.session() as s:
                users.login(session=s, username=username, password=password, client=client, nonce="n",
                            device=device)
        except AuthenticationError as error:
            return error
    return None


def known_browser(db, username: str, cookie: str | None = None, *, at: dt.datetime = START) -> str:
    """Sign in from a new browser and let /auth/claim's service give it its device cookie (returned)."""
    assert attempt(db, username, PASSWORD, client="10.0.0.77", device=cookie, at=at) is None
    with clock.frozen(at), db.session() as s:
        user = users.by_username(s, username)
        return devices.remember(s, user_id=user.id, cookie=cookie)


def wait_of(error: Exception) -> int:
    return error.params.get("seconds", error.params.get("minutes", 0) * 60)


def counter(db, key: str) -> RateCounter | None:
    with db.read_session() as s:
        return s.get(RateCounter, key)


def test_two_hundred_people_sign_in_from_one_address_within_ten_minutes(db):
    """One office behind one address: every successful sign-in is free; ten typing mistakes are not a reason."""
    with db.session() as s:
        unit = make_unit(s)
        names = [make_user(s, unit=unit, username=f"cb.{i:03d}").username for i in range(200)]
    refused = []
    for i, name in enumerate(names):
        moment = START + dt.timedelta(seconds=3 * i)  # 200 people in 600 seconds
        if i % 20 == 0:  # one in twenty mistypes first
            assert type(attempt(db, name, "sai-mat-khau-1", at=moment)) is AuthenticationError
        error = attempt(db, name, PASSWORD, at=moment + dt.timedelta(seconds=1))
        if error is not None:
            refused.append((name, error.key))
    assert refused == []
    assert counter(db, f"c:{OFFICE}").hits == 10  # only the ten failures count against the address


def test_the_lockout_attack_leaves_the_owner_in_from_a_known_browser_at_once_and_a_new_one_soon(db, owner):
    """The issue's attack: 10 wrong passwords from a few addresses, then one a second for 16 minutes."""
    cookie = known_browser(db, "quan.nv", at=START - dt.timedelta(days=3))
    attackers = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    moment = START
    for i in range(10):
        attempt(db, "quan.nv", f"doan-{i}", client=attackers[i % 3], at=moment)
        moment += dt.timedelta(seconds=1)
    owner_results: dict[str, list] = {"known": [], "new": []}
    for second in range(16 * 60):
        moment += dt.timedelta(seconds=1)
        attempt(db, "quan.nv", f"doan-them-{second}", client=attackers[second % 3], at=moment)
        if second % 30 == 0:  # every half minute the owner tries from the known browser, elsewhere
            owner_results["known"].append(
                attempt(db, "quan.nv", PASSWORD, client=f"10.1.0.{second % 250}", device=cookie, at=moment))
            owner_results["new"].append(  # and from a browser never used before, at a fresh address
                attempt(db, "quan.nv", PASSWORD, client=f"10.2.0.{second % 250}", at=moment))
    assert owner_results["known"] == [None] * 32  # 32 of 32 let in, at once
    assert owner_results["new"] == [None] * 32
    # The attack went on to the end: every attacking address is resting, at most five minutes more by the account.
    for address in attackers:
        assert counter(db, f"u:quan.nv|c:{address}").blocked_until > moment.replace(tzinfo=None)
    account = counter(db, "u:quan.nv")
    assert account.blocked_until is None or \
        account.blocked_until - moment.replace(tzinfo=None) <= dt.timedelta(seconds=throttle.ACCOUNT_CAP_SECONDS)


def test_a_new_browser_that_mistypes_during_an_attack_waits_at_most_the_account_cap(db, owner):
    moment = START
    for i in range(40):
        attempt(db, "quan.nv", f"doan-{i}", client=f"203.0.113.{i % 4}", at=moment)
        moment += dt.timedelta(seconds=1)
    error = attempt(db, "quan.nv", "go-nham-mot-chu", client="10.3.0.1", at=moment)
    assert isinstance(error, AccountLocked) and wait_of(error) <= throttle.ACCOUNT_CAP_SECONDS
    for i in range(wait_of(error)):  # the attacker goes on meanwhile
        attempt(db, "quan.nv", f"doan-tiep-{i}", client=f"203.0.113.{i % 4}", at=moment + dt.timedelta(seconds=i))
    assert attempt(db, "quan.nv", PASSWORD, client="10.3.0.1", at=moment + dt.timedelta(seconds=wait_of(error) + 1)) \
        is None


def test_a_known_browser_is_exempt_from_its_address_counter(db, owner):
    cookie = known_browser(db, "quan.nv")
    for i in range(25):  # someone at the same address sprays many names
        attempt(db, f"ten.{i}", client=OFFICE)
    assert isinstance(attempt(db, "quan.nv", PASSWORD, client=OFFICE), AccountLocked)  # untrusted: slowed
    assert attempt(db, "quan.nv", PASSWORD, client=OFFICE, device=cookie) is None


def test_a_known_browser_is_slowed_by_its_own_failures_only(db, owner):
    cookie = known_browser(db, "quan.nv")
    errors = [attempt(db, "quan.nv", f"sai-{i}-mat-khau", device=cookie) for i in range(5)]
    assert [type(e) for e in errors[:4]] == [AuthenticationError] * 4 and isinstance(errors[4], AccountLocked)
    assert counter(db, "u:quan.nv").hits == 0  # the account and address counters were not touched
    assert counter(db, f"c:{OFFICE}") is None
    assert attempt(db, "quan.nv", PASSWORD, client="10.9.0.1") is None  # an untrusted browser is not affected


def test_a_device_cookie_of_another_account_or_forged_trusts_nothing(db, owner):
    with db.session() as s:
        make_user(s, username="khac.nv")
    cookie = known_browser(db, "khac.nv")
    for forged in (cookie, "A" * 43, "x" * 500, None):
        for i in range(5):
            attempt(db, "quan.nv", f"sai-{i}-mat-khau", client="203.0.113.50", device=forged)
        assert isinstance(attempt(db, "quan.nv", PASSWORD, client="203.0.113.50", device=forged), AccountLocked)
        with db.session() as s:
            throttle.forget_account(s, "quan.nv")


def test_one_browser_remembers_a_few_accounts_and_rotates_each_token(db, owner):
    with db.session() as s:
        for i in range(6):
            make_user(s, username=f"chung.may.{i}")
    first = known_browser(db, "quan.nv")
    again = known_browser(db, "quan.nv", first)
    assert devices.tokens_in(again) != devices.tokens_in(first) and len(devices.tokens_in(again)) == 1
    cookie = again
    for i in range(6):  # a shared office computer
        cookie = known_browser(db, f"chung.may.{i}", cookie)
    assert len(devices.tokens_in(cookie)) == devices.PER_BROWSER
    with clock.frozen(START), db.read_session() as s:
        owner_id = s.scalar(select(User.id).where(User.username == "chung.may.5"))
        assert devices.trusted_device(s, cookie=cookie, user_id=owner_id)
        assert s.scalar(select(func.count()).select_from(DeviceCookie).where(DeviceCookie.user_id == owner.id)) == 1
    with clock.frozen(START + dt.timedelta(days=devices.DEVICE_DAYS + 1)), db.read_session() as s:
        assert devices.trusted_device(s, cookie=cookie, user_id=owner_id) is None  # half a year unused


def test_an_administrators_reset_takes_effect_during_an_attack(db, owner):
    with db.session() as s:
        admin = make_user(s, roles=[("admin", None)])
    moment = START
    for i in range(20):
        attempt(db, "quan.nv", f"doan-{i}", client="203.0.113.9", at=moment)
        moment += dt.timedelta(seconds=1)
    with clock.frozen(moment), db.session() as s:
        temporary = users.admin_reset_password(session=s, actor=s.get(User, admin.id), user_id=owner.id)
    assert counter(db, "u:quan.nv") is None and counter(db, "u:quan.nv|c:203.0.113.9") is None
    for i in range(10):  # the next burst
        moment += dt.timedelta(seconds=1)
        attempt(db, "quan.nv", f"doan-lai-{i}", client=f"203.0.113.{i}", at=moment)
    assert attempt(db, "quan.nv", temporary, client="10.4.0.1", at=moment) is None
    with db.read_session() as s:
        assert s.get(User, owner.id).must_change_password


@pytest.mark.parametrize("client", ["127.0.0.1", "::1", "::ffff:127.0.0.1", "::ffff:127.0.0.9", "[::1]"])
def test_loopback_addresses_ipv4_mapped_included_are_shared(db, owner, client):
    for i in range(25):
        attempt(db, f"ten.{i}", client=client)
    assert attempt(db, "quan.nv", PASSWORD, client=client) is None
    assert counter(db, f"c:{client}") is None


@pytest.mark.parametrize(("client", "shared"), [("::ffff:127.0.0.1", True), ("::ffff:10.0.0.1", False),
                                                ("10.0.0.1", False), ("-", True), ("not an address", False)])
def test_shared_addresses(client, shared):
    assert throttle._shared(client) is shared
