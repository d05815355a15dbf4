"""Every service action as every role (province-wide and district-scoped): allowed or refused per PERMISSIONS."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from ideas import accounts, audit_view, settings, units
from ideas.cli_security import MATRIX_BEGIN, MATRIX_END, permission_matrix_markdown
from ideas.errors import PermissionDenied
from ideas.permissions import PERMISSIONS, ROLES
from tests.factories import app_test, make_unit, make_user, sign_in
from tests.factories_security import World, build_world

ROOT = Path(__file__).resolve().parent.parent

# name -> (permission checked, unit-bound?, factory(session, world, side) -> call(actor))
# side "A" = a target inside district A (the scoped holders' district), "B" = in the other district.
Action = tuple[str, bool, Callable]


def _code() -> str:
    return f"X{uuid.uuid4().hex[:8]}"


ACTIONS: dict[str, Action] = {
    "units.create_unit": ("units.manage", True, lambda s, w, side: lambda actor: units.create_unit(
        session=s, actor=actor, code=_code(), name="Xã mới", kind="commune", parent_id=w.unit(side).id)),
    "units.update_unit": ("units.manage", True, lambda s, w, side: lambda actor: units.update_unit(
        session=s, actor=actor, unit_id=w.unit(side).id, name="Tên mới")),
    "units.set_active": ("units.manage", True, lambda s, w, side: lambda actor: units.set_active(
        session=s, actor=actor, unit_id=w.unit(side).id, active=False)),
    "accounts.create_user": ("accounts.manage", True, lambda s, w, side: lambda actor: accounts.create_user(
        session=s, actor=actor, username=f"u{uuid.uuid4().hex[:8]}", full_name="Lê Thị Mới",
        unit_id=w.unit(side).id)),
    "accounts.update_user": ("accounts.manage", True, lambda s, w, side: lambda actor: accounts.update_user(
        session=s, actor=actor, user_id=w.targets[side].id, position="Chuyên viên")),
    "accounts.set_roles": ("accounts.manage", True, lambda s, w, side: lambda actor: accounts.set_roles(
        session=s, actor=actor, user_id=w.targets[side].id, roles=[("reviewer", w.unit(side).id)])),
    "accounts.set_active": ("accounts.manage", True, lambda s, w, side: lambda actor: accounts.set_active(
        session=s, actor=actor, user_id=w.targets[side].id, active=False)),
    "accounts.admin_reset_password": ("accounts.manage", True, lambda s, w, side: lambda actor:
                                      accounts.admin_reset_password(session=s, actor=actor,
                                                                    user_id=w.targets[side].id)),
    "accounts.revoke_sessions": ("sessions.revoke", True, lambda s, w, side: lambda actor:
                                 accounts.revoke_sessions(session=s, actor=actor, user_id=w.targets[side].id)),
    # Not unit-bound: any holder of the role may call them (see the district-admin note in SECURITY.md).
    "accounts.search_users": ("accounts.manage", False, lambda s, w, side: lambda actor: accounts.search_users(
        s, actor=actor)),
    "settings.set_value": ("settings.manage", False, lambda s, w, side: lambda actor: settings.set_value(
        session=s, actor=actor, key="auth.session_days", value=5)),
    "audit_view.search_audit": ("audit.view", False, lambda s, w, side: lambda actor: audit_view.search_audit(
        s, actor=actor)),
    "audit_view.verify": ("audit.view", False, lambda s, w, side: lambda actor: audit_view.verify(
        session=s, actor=actor)),
}


@pytest.fixture(scope="module")
def world(database):
    from tests.conftest import _wipe

    with database.session() as s:
        built = build_world(s)
    yield built
    _wipe(database)


def _cases():
    for name, (_permission, bound, _factory) in ACTIONS.items():
        for role in ROLES:
            for scope in ("province", "district"):
                if role == "staff" and scope == "district":
                    continue
                for side in ("A", "B") if bound else ("A",):
                    yield pytest.param(name, role, scope, side, id=f"{name}-{role}-{scope}-{side}")


def _expected(name: str, role: str, scope: str, side: str) -> bool:
    permission, bound, _ = ACTIONS[name]
    if role not in PERMISSIONS[permission]:
        return False
    if role == "staff":
        return side == "A" or not bound  # staff of district A
    return scope == "province" or side == "A" or not bound


@pytest.mark.parametrize(("name", "role", "scope", "side"), list(_cases()))
def test_action_allowed_or_refused(database, world: World, name, role, scope, side):
    permission, _bound, factory = ACTIONS[name]
    session = database._write()
    try:
        actor = session.merge(world.actors[(role, scope)], load=True)
        call = factory(session, world, side)
        if _expected(name, role, scope, side):
            call(actor)
        else:
            with pytest.raises(PermissionDenied):
                call(actor)
    finally:
        session.rollback()
        session.close()


def test_every_permission_is_exercised_or_listed_as_pending():
    """New actions in PERMISSIONS must get a row in ACTIONS (or be listed here until their service lands)."""
    exercised = {permission for permission, _, _ in ACTIONS.values()}
    pending = set(PERMISSIONS) - exercised
    # Actions whose services belong to other areas; rows are added as those services land.
    known_pending = {p for p in PERMISSIONS if p.split(".")[0] in {
        "campaigns", "ideas", "review", "rubrics", "rewards", "dashboard", "commitments"}} | {"accounts.import"}
    assert pending <= known_pending, sorted(pending - known_pending)


def test_inactive_account_may_do_nothing(database, world: World):
    session = database._write()
    try:
        admin = session.merge(world.actors[("admin", "province")], load=True)
        admin.active = False
        with pytest.raises(PermissionDenied):
            units.set_active(session=session, actor=admin, unit_id=world.commune_b.id, active=False)
    finally:
        session.rollback()
        session.close()


def test_district_admin_search_sees_only_their_subtree(database, world: World):
    with database.read_session() as session:
        admin = session.merge(world.actors[("admin", "district")], load=True)
        frame = accounts.search_users(session, actor=admin, limit=500)
    assert world.targets["A"].username in set(frame.username)
    assert world.targets["B"].username not in set(frame.username)


def test_security_doc_matrix_matches_the_code():
    text = (ROOT / "docs" / "SECURITY.md").read_text(encoding="utf-8")
    assert MATRIX_BEGIN in text and MATRIX_END in text
    table = text.split(MATRIX_BEGIN, 1)[1].split(MATRIX_END, 1)[0].strip()
    assert table == permission_matrix_markdown(), "run `python -m ideas permissions` and paste into docs/SECURITY.md"


ADMIN_PAGES = ("pages/admin_units.py", "pages/admin_accounts.py", "pages/admin_import.py", "pages/admin_audit.py")


def _navigation_paths(monkeypatch) -> list[list[str]]:
    import streamlit as st

    seen: list[list[str]] = []
    original = st.navigation

    def recording(pages, *args, **kwargs):
        flat = [p for group in pages.values() for p in group] if isinstance(pages, dict) else list(pages)
        seen.append([str(getattr(p, "_page", "")) for p in flat])
        return original(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    return seen


def test_staff_navigation_has_no_admin_page_and_url_does_not_reach_it(app_env, monkeypatch):
    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, unit=unit, roles=[("admin", None)])
        staff = make_user(s, unit=unit)
    seen = _navigation_paths(monkeypatch)
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, staff)
    at.run()
    assert not at.exception
    assert seen and not any(page in path for path in seen[-1] for page in ADMIN_PAGES), seen[-1]
    # Not registered for this user at all: a crafted URL cannot reach it either.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin_audit.py")


def test_admin_navigation_has_the_audit_page(app_env, monkeypatch):
    with app_env.session() as s:
        admin = make_user(s, unit=make_unit(s), roles=[("admin", None)])
    seen = _navigation_paths(monkeypatch)
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, admin)
    at.run()
    assert any("admin_audit.py" in path for path in seen[-1])
    at.switch_page("pages/admin_audit.py").run()
    assert not at.exception
    assert at.title[0].value == "Nhật ký kiểm toán"
    at.button(key="audit_verify").click().run()
    assert not at.exception
    assert any("nguyên vẹn" in s.value for s in at.success)
