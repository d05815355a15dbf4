"""Sessions: idle timeout, revocation paths, argon2 rehash, single-use claim tokens, SSO, audited failures."""
from __future__ import annotations

import datetime as dt

import pytest
from passlib.context import CryptContext
from sqlalchemy import func, select, update

from ideas.accounts import sessions, users
from ideas.core.errors import AuthenticationError
from ideas.core.models import AuditLog, AuthSession, User, utcnow
from tests.support.factories.accounts import PASSWORD, make_unit, make_user

FAST = CryptContext(schemes=["argon2"], deprecated="auto", argon2__memory_cost=1024, argon2__rounds=1,
                    argon2__parallelism=1)


@pytest.fixture(autouse=True)
def fast_hashing(request, monkeypatch):
    """Cheap argon2 parameters keep these tests quick; the rehash test uses the real context."""
    if not request.node.name.startswith("test_rehash"):
        monkeypatch.setattr(users, "PASSWORD_CONTEXT", FAST)


@pytest.fixture
def person(db):
    with db.session() as s:
        unit = make_unit(s)
        admin = make_user(s, unit=unit, roles=[("admin", None)])
        user = make_user(s, unit=unit)
    return admin, user


def _fail(db, username: str, password: str = "sai-mat-khau-123") -> Exception:
    try:
        with db.session() as s:
            users.authenticate(session=s, username=username, password=password)
    except AuthenticationError as error:
        return error  # the caller's transaction rolls back: the service committed the failure itself
    raise AssertionError("login unexpectedly succeeded")


NONCE = "pre-login-nonce-of-this-browser"


def _login(db, username: str, password: str = PASSWORD) -> sessions.LoginResult:
    with db.session() as s:
        return users.login(session=s, username=username, password=password, nonce=NONCE)


def test_unknown_and_inactive_accounts_get_the_same_message(db, person):
    admin, user = person
    unknown = _fail(db, "khong-ton-tai")
    with db.session() as s:
        users.set_active(session=s, actor=s.get(User, admin.id), user_id=user.id, active=False)
    inactive = _fail(db, user.username, PASSWORD)
    assert unknown.key == inactive.key == "auth.error.invalid_credentials"


def _resolve(db, token: str) -> User | None:
    with db.session() as s:
        return sessions.resolve_session(session=s, token=token)


def test_idle_timeout_ends_the_session(db, person):
    _, user = person
    token = _login(db, user.username).session_token
    assert _resolve(db, token).id == user.id
    with db.session() as s:
        s.execute(update(AuthSession).where(AuthSession.user_id == user.id)
                  .values(last_seen_at=utcnow() - dt.timedelta(minutes=31)))
    assert _resolve(db, token) is None
    with db.session() as s:  # touching it again does not bring it back
        s.execute(update(AuthSession).where(AuthSession.user_id == user.id).values(last_seen_at=utcnow()))
    assert _resolve(db, token) is None


def test_activity_within_the_idle_window_keeps_the_session(db, person):
    _, user = person
    token = _login(db, user.username).session_token
    with db.session() as s:
        s.execute(update(AuthSession).where(AuthSession.user_id == user.id)
                  .values(last_seen_at=utcnow() - dt.timedelta(minutes=29)))
    assert _resolve(db, token).id == user.id


def test_expired_session_is_refused(db, person):
    _, user = person
    token = _login(db, user.username).session_token
    with db.session() as s:
        s.execute(update(AuthSession).where(AuthSession.user_id == user.id)
                  .values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    assert _resolve(db, token) is None


@pytest.mark.parametrize("how", ["logout", "change_password", "admin_reset", "deactivate", "admin_revoke"])
def test_sessions_end(db, person, how):
    admin, user = person
    first, second = _login(db, user.username).session_token, _login(db, user.username).session_token
    with db.session() as s:
        actor, me = s.get(User, admin.id), s.get(User, user.id)
        if how == "logout":
            sessions.logout(session=s, token=first)
        elif how == "change_password":
            users.change_password(session=s, actor=me, current=PASSWORD, new="Mot-mat-khau-moi-2027")
        elif how == "admin_reset":
            users.admin_reset_password(session=s, actor=actor, user_id=user.id)
        elif how == "deactivate":
            users.set_active(session=s, actor=actor, user_id=user.id, active=False)
        else:
            users.revoke_sessions(session=s, actor=actor, user_id=user.id)
    assert _resolve(db, first) is None
    assert (_resolve(db, second) is None) is (how != "logout")


def test_rehash_on_login_when_argon2_parameters_change(db, person):
    _, user = person
    old_context = CryptContext(schemes=["argon2"], argon2__memory_cost=8192, argon2__rounds=1,
                               argon2__parallelism=1)
    old_hash = old_context.hash(PASSWORD)
    assert users.PASSWORD_CONTEXT.needs_update(old_hash)
    with db.session() as s:
        s.execute(update(User).where(User.id == user.id).values(password_hash=old_hash))
    _login(db, user.username)
    with db.read_session() as s:
        new_hash = s.get(User, user.id).password_hash
    assert new_hash != old_hash and new_hash.startswith("$argon2id$")
    assert users.PASSWORD_CONTEXT.verify(PASSWORD, new_hash)
    assert not users.PASSWORD_CONTEXT.needs_update(new_hash)
    _login(db, user.username)  # the new hash still logs in


def test_claim_token_is_single_use(db, person):
    _, user = person
    result = _login(db, user.username)
    with db.session() as s:
        cookie = sessions.claim_session(session=s, claim_token=result.claim_token, nonce=NONCE)
    assert cookie and cookie != result.session_token
    assert _resolve(db, cookie).id == user.id
    assert _resolve(db, result.session_token) is None  # the tab's token was rotated away
    with db.session() as s:
        assert sessions.claim_session(session=s, claim_token=result.claim_token, nonce=NONCE) is None


def test_claim_token_expires_after_twenty_seconds(db, person):
    _, user = person
    assert sessions.CLAIM_SECONDS == 20
    result = _login(db, user.username)
    with db.session() as s:
        row = s.scalar(select(AuthSession).where(AuthSession.user_id == user.id))
        assert row.claim_expires_at - row.created_at <= dt.timedelta(seconds=21)
        row.claim_expires_at = utcnow() - dt.timedelta(seconds=1)
    with db.session() as s:
        assert sessions.claim_session(session=s, claim_token=result.claim_token, nonce=NONCE) is None
    assert _resolve(db, result.session_token).id == user.id  # the tab itself stays signed in


@pytest.mark.parametrize("token", ["", "x", "é" * 40, "' OR 1=1 --", "\x00" * 10])
def test_garbage_tokens_are_rejected(db, token):
    assert _resolve(db, token) is None
    with db.session() as s:
        assert sessions.claim_session(session=s, claim_token=token, nonce=token) is None


def test_failures_and_the_delay_they_start_are_audited(db, person):
    _, user = person
    for _ in range(5):
        _fail(db, user.username)
    with db.read_session() as s:
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.entity_id == str(user.id))
                                 .order_by(AuditLog.seq)))
        last = s.scalar(select(AuditLog.details).where(AuditLog.action == "auth.failed")
                        .order_by(AuditLog.seq.desc()).limit(1))
    assert actions.count("auth.failed") == 5 and "locked_until" in last


def test_sso_maps_a_verified_email_to_one_active_account(db, person):
    from ideas.accounts import sso

    admin, user = person
    with db.session() as s:
        s.get(User, user.id).email = "Lan.Nguyen@SoNoiVu.gov.vn"
    with db.session() as s:
        result = sso.login_with_oidc(session=s, email="lan.nguyen@sonoivu.gov.vn", nonce=NONCE)
        assert result.user.id == user.id
    with db.session() as s:
        cookie = sessions.claim_session(session=s, claim_token=result.claim_token, nonce=NONCE)
    assert _resolve(db, cookie).id == user.id
    with db.read_session() as s:
        assert s.scalar(select(AuditLog.action).order_by(AuditLog.seq.desc()).limit(1)) == "auth.sso_login"


@pytest.mark.parametrize("case", ["unknown", "unverified", "inactive", "ambiguous", "empty"])
def test_sso_refuses_without_exactly_one_active_account(db, person, case):
    from ideas.accounts import sso

    admin, user = person
    email = "a@b.vn"
    with db.session() as s:
        s.get(User, user.id).email = email
        if case == "inactive":
            users.set_active(session=s, actor=s.get(User, admin.id), user_id=user.id, active=False)
        if case == "ambiguous":
            s.get(User, admin.id).email = email.upper()
    with db.session() as s:
        with pytest.raises(AuthenticationError) as refused:
            sso.login_with_oidc(session=s, email={"unknown": "x@b.vn", "empty": ""}.get(case, email),
                                email_verified=case != "unverified")
        assert refused.value.key == "security.sso.error.no_account"
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(AuthSession)) == 0
        assert s.scalar(select(AuditLog.action).order_by(AuditLog.seq.desc()).limit(1)) == "auth.sso_refused"


def test_login_page_without_sso_configuration_shows_no_sso_button(app_env):
    from tests.support.apptest import app_test

    with app_env.session() as s:
        make_user(s, unit=make_unit(s), roles=[("admin", None)], password=None)
    at = app_test().run()
    assert not at.exception
    assert at.title[0].value == "Đăng nhập"
    assert not any(b.key == "sso_login" for b in at.button)
