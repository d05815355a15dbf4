"""Account services: password policy, login with lockout, server-side sessions, roles, reset, deactivation."""
import datetime as dt

import pytest

from ideas.accounts import sessions, users
from ideas.core import settings
from ideas.core.errors import AuthenticationError, PermissionDenied, ValidationError
from ideas.core.models import AuthSession, User
from tests.support.factories.accounts import PASSWORD, make_unit, make_user


def test_passwords_are_stored_only_as_argon2_hashes(session):
    user = make_user(session)
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash


@pytest.mark.parametrize("password, key", [
    ("short-1", "auth.error.password_too_short"),
    ("abc12345!", "auth.error.password_too_short"),
    ("password123", "auth.error.password_common"),
    ("qwertyuiop1", "auth.error.password_common"),
    ("matkhau@123", "auth.error.password_common"),
])
def test_weak_passwords_are_refused(session, password, key):
    with pytest.raises(ValidationError) as caught:
        make_user(session, password=password)
    assert caught.value.key == key


def test_password_containing_the_username_is_refused(session):
    with pytest.raises(ValidationError):
        make_user(session, username="nguyenvana", password="nguyenvana-2026!")


def test_login_then_claim_then_resolve(db):
    with db.session() as s:
        user = make_user(s)
    with db.session() as s:
        result = users.login(session=s, username=user.username.upper(), password=PASSWORD, nonce="n-1")
    with db.session() as s:
        assert sessions.resolve_session(session=s, token=result.session_token).id == user.id
        cookie = sessions.claim_session(session=s, claim_token=result.claim_token, nonce="n-1")
    with db.session() as s:
        # The claim rotates the token: the tab's token no longer works, the cookie does.
        assert sessions.resolve_session(session=s, token=result.session_token) is None
        assert sessions.resolve_session(session=s, token=cookie).id == user.id
        assert sessions.claim_session(session=s, claim_token=result.claim_token, nonce="n-1") is None, "single use"


def test_expired_claim_token_is_refused(db):
    with db.session() as s:
        user = make_user(s)
        result = users.login(session=s, username=user.username, password=PASSWORD, nonce="n-1")
        row = s.query(AuthSession).one()
        row.claim_expires_at = dt.datetime(2000, 1, 1)
    with db.session() as s:
        assert sessions.claim_session(session=s, claim_token=result.claim_token, nonce="n-1") is None


def test_unknown_user_gets_the_same_error_as_a_wrong_password(session):
    with pytest.raises(AuthenticationError) as caught:
        users.login(session=session, username="nobody", password=PASSWORD)
    assert caught.value.key == "auth.error.invalid_credentials"


def test_idle_session_expires(db):
    with db.session() as s:
        user = make_user(s)
        token = users.login(session=s, username=user.username, password=PASSWORD).session_token
        s.query(AuthSession).update({"last_seen_at": dt.datetime(2000, 1, 1)})
    with db.session() as s:
        assert sessions.resolve_session(session=s, token=token) is None


def test_change_password_ends_every_session(db):
    with db.session() as s:
        user = make_user(s)
        token = users.login(session=s, username=user.username, password=PASSWORD).session_token
    with db.session() as s:
        users.change_password(session=s, actor=s.get(User, user.id), current=PASSWORD, new="Mot-mat-khau-moi-2026")
    with db.session() as s:
        assert sessions.resolve_session(session=s, token=token) is None
        assert users.authenticate(session=s, username=user.username, password="Mot-mat-khau-moi-2026")


def test_admin_reset_forces_a_change(db):
    with db.session() as s:
        admin = make_user(s, roles=[("admin", None)])
        user = make_user(s)
    with db.session() as s:
        temporary = users.admin_reset_password(session=s, actor=s.get(User, admin.id), user_id=user.id)
    with db.session() as s:
        logged = users.authenticate(session=s, username=user.username, password=temporary)
        assert logged.must_change_password


def test_admin_services_refuse_staff(session):
    unit = make_unit(session)
    staff = make_user(session, unit=unit)
    other = make_user(session, unit=unit)
    with pytest.raises(PermissionDenied):
        users.create_user(session=session, actor=staff, username="x1", full_name="X", unit_id=unit.id)
    with pytest.raises(PermissionDenied):
        users.set_roles(session=session, actor=staff, user_id=other.id, roles=[("admin", None)])
    with pytest.raises(PermissionDenied):
        users.admin_reset_password(session=session, actor=staff, user_id=other.id)
    with pytest.raises(PermissionDenied):
        settings.set_value(session=session, actor=staff, key="auth.lockout_minutes", value=1)


def test_scoped_admin_manages_only_its_subtree(session):
    district_a, district_b = make_unit(session, kind="district"), make_unit(session, kind="district")
    commune_a = make_unit(session, kind="commune", parent=district_a)
    admin_a = make_user(session, unit=district_a, roles=[("admin", district_a)])
    in_scope = make_user(session, unit=commune_a)
    out_of_scope = make_user(session, unit=district_b)
    users.set_roles(session=session, actor=admin_a, user_id=in_scope.id, roles=[("reviewer", commune_a.id)])
    with pytest.raises(PermissionDenied):
        users.set_roles(session=session, actor=admin_a, user_id=out_of_scope.id, roles=[("reviewer", None)])
    frame = users.search_users(session, actor=admin_a)
    assert set(frame.username) == {admin_a.username, in_scope.username}


def test_deactivation_keeps_the_account_and_ends_sessions(db):
    with db.session() as s:
        admin = make_user(s, roles=[("admin", None)])
        user = make_user(s)
        token = users.login(session=s, username=user.username, password=PASSWORD).session_token
    with db.session() as s:
        users.set_active(session=s, actor=s.get(User, admin.id), user_id=user.id, active=False)
    with db.session() as s:
        assert sessions.resolve_session(session=s, token=token) is None
        assert s.get(User, user.id) is not None
        with pytest.raises(AuthenticationError):
            users.authenticate(session=s, username=user.username, password=PASSWORD)


def test_first_admin_only_once(session):
    users.create_first_admin(session=session, username="qt", full_name="Quản Trị", password=PASSWORD)
    with pytest.raises(ValidationError) as caught:
        users.create_first_admin(session=session, username="qt2", full_name="Quản Trị 2", password=PASSWORD)
    assert caught.value.key == "setup.error.admin_exists"


def test_search_ignores_diacritics(session):
    admin = make_user(session, roles=[("admin", None)])
    make_user(session, full_name="Trần Thị Ánh Tuyết", username="tuyet.tt")
    assert list(users.search_users(session, actor=admin, text="anh tuyet").username) == ["tuyet.tt"]
