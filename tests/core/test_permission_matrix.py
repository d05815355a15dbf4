"""Every service action as every role (province-wide and district-scoped): allowed or refused per PERMISSIONS."""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest

from ideas.accounts import imports, units, users
from ideas.api import tokens as api_tokens
from ideas.core import admin_audit_view, clock, settings
from ideas.core.errors import DomainError, PermissionDenied
from ideas.core.permissions import GLOBAL_ACTIONS, PERMISSIONS, ROLES
from ideas.dashboards import commitments, reports
from ideas.filing import campaigns, replication, social, submissions, visibility
from ideas.review import councils, decisions, rubrics, scoring
from ideas.rewards import awards, eligibility, rules
from ideas.tooling.cli_security import MATRIX_BEGIN, MATRIX_END, permission_matrix_markdown
from tests.support.apptest import signed_in_app
from tests.support.database import wipe
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.filing import complete_input
from tests.support.factories.world import World, build_areas, build_world

ROOT = Path(__file__).resolve().parents[2]

# name -> (permission checked, unit-bound?, factory(session, world, side) -> call(actor)[, strict])
# side "A" = a target inside district A (the scoped holders' district), "B" = in the other district.
# Strict rows must succeed when allowed; loose rows (services with further checks such as council
# membership or list status) only must not be refused for this permission.
Action = tuple
TODAY = clock.today()


def _code() -> str:
    return f"X{uuid.uuid4().hex[:8]}"


ACTIONS: dict[str, Action] = {
    "units.create_unit": ("units.manage", True, lambda s, w, side: lambda actor: units.create_unit(
        session=s, actor=actor, code=_code(), name="Xã mới", kind="commune", parent_id=w.unit(side).id)),
    "units.update_unit": ("units.manage", True, lambda s, w, side: lambda actor: units.update_unit(
        session=s, actor=actor, unit_id=w.unit(side).id, name="Tên mới")),
    "units.set_active": ("units.manage", True, lambda s, w, side: lambda actor: units.set_active(
        session=s, actor=actor, unit_id=w.unit(side).id, active=False)),
    "accounts.create_user": ("accounts.manage", True, lambda s, w, side: lambda actor: users.create_user(
        session=s, actor=actor, username=f"u{uuid.uuid4().hex[:8]}", full_name="Lê Thị Mới",
        unit_id=w.unit(side).id)),
    "accounts.update_user": ("accounts.manage", True, lambda s, w, side: lambda actor: users.update_user(
        session=s, actor=actor, user_id=w.targets[side].id, position="Chuyên viên")),
    "accounts.set_roles": ("accounts.manage", True, lambda s, w, side: lambda actor: users.set_roles(
        session=s, actor=actor, user_id=w.targets[side].id, roles=[("reviewer", w.unit(side).id)])),
    "accounts.set_active": ("accounts.manage", True, lambda s, w, side: lambda actor: users.set_active(
        session=s, actor=actor, user_id=w.targets[side].id, active=False)),
    "accounts.admin_reset_password": ("accounts.manage", True, lambda s, w, side: lambda actor:
                                      users.admin_reset_password(session=s, actor=actor,
                                                                    user_id=w.targets[side].id)),
    "accounts.revoke_sessions": ("sessions.revoke", True, lambda s, w, side: lambda actor:
                                 users.revoke_sessions(session=s, actor=actor, user_id=w.targets[side].id)),
    # Not unit-bound: any holder of the role may call them (see the district-admin note in SECURITY.md).
    "accounts.search_users": ("accounts.manage", False, lambda s, w, side: lambda actor: users.search_users(
        s, actor=actor)),
    "settings.set_value": ("settings.manage", False, lambda s, w, side: lambda actor: settings.set_value(
        session=s, actor=actor, key="auth.session_days", value=5)),
    "admin_audit_view.search_audit": ("audit.view", False, lambda s, w, side: lambda actor:
                                      admin_audit_view.search_audit(s, actor=actor)),
    "admin_audit_view.verify": ("audit.view", False, lambda s, w, side: lambda actor: admin_audit_view.verify(
        session=s, actor=actor)),
}



def _visible_confidential(s, idea_id: int, actor) -> None:
    if not visibility.idea_record(s, actor=actor, idea_id=idea_id)["confidential_visible"]:
        raise PermissionDenied(action="ideas.view_confidential")


RUBRIC = [{"code": "C1", "name_vi": "Tính mới", "max_points": 100, "is_novelty": True,
           "bands": [{"min": 0, "max": 100, "label_vi": "Đạt", "label_en": "Pass"}]}]

ACTIONS.update({
    "campaigns.create_campaign": ("campaigns.manage", True, lambda s, w, side: lambda actor:
                                  campaigns.create_campaign(session=s, actor=actor, name="Đợt mới", year=TODAY.year,
                                                            opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=30),
                                                            unit_id=w.unit(side).id)),
    "submissions.save_draft": ("ideas.submit", False, lambda s, w, side: lambda actor: submissions.save_draft(
        session=s, actor=actor, data=complete_input())),
    "social.add_comment": ("ideas.comment", False, lambda s, w, side: lambda actor: social.add_comment(
        session=s, actor=actor, idea_id=w.areas.submitted[side].id, body="Ý kiến")),
    "social.set_support": ("ideas.support", False, lambda s, w, side: lambda actor: social.set_support(
        session=s, actor=actor, idea_id=w.areas.submitted[side].id, on=True)),
    "social.hide_comment": ("ideas.moderate", True, lambda s, w, side: lambda actor: social.hide_comment(
        session=s, actor=actor, comment_id=w.areas.comment[side].id, reason="Không phù hợp")),
    "visibility.confidential": ("ideas.view_confidential", True, lambda s, w, side: lambda actor:
                               _visible_confidential(s, w.areas.under_review[side].id, actor)),
    "visibility.draft": ("ideas.view_private", True, lambda s, w, side: lambda actor: visibility.idea_record(
        s, actor=actor, idea_id=w.areas.draft[side].id)),
    "replication.record_replication": ("ideas.replicate", True, lambda s, w, side: lambda actor:
                                       replication.record_replication(
                                           session=s, actor=actor, idea_id=w.areas.under_review["A"].id,
                                           unit_id=w.unit(side).id, applied_on=TODAY), False),
    "review.screen": ("review.screen", True, lambda s, w, side: lambda actor: scoring.screen(
        session=s, actor=actor, idea_id=w.areas.submitted[side].id, accept=True)),
    "councils.create_council": ("review.manage_council", True, lambda s, w, side: lambda actor:
                                councils.create_council(session=s, actor=actor,
                                                        campaign_id=w.areas.open_campaign[side].id, name="Hội đồng")),
    "review.assign": ("review.assign", True, lambda s, w, side: lambda actor: scoring.assign(
        session=s, actor=actor, idea_id=w.areas.under_review[side].id, mode="all"), False),
    "review.score": ("review.score", True, lambda s, w, side: lambda actor: scoring.score(
        session=s, actor=actor, idea_id=w.areas.under_review[side].id, points={}, verdict="meets"), False),
    "decisions.preview": ("review.view", True, lambda s, w, side: lambda actor: decisions.preview(
        s, actor=actor, idea_id=w.areas.under_review[side].id)),
    "decisions.decide": ("review.decide", True, lambda s, w, side: lambda actor: decisions.decide(
        session=s, actor=actor, idea_id=w.areas.under_review[side].id, number="01/QĐ"), False),
    "rubrics.create_rubric": ("rubrics.manage", False, lambda s, w, side: lambda actor: rubrics.create_rubric(
        session=s, actor=actor, name="Thang điểm", effective_from=TODAY, criteria=RUBRIC), False),
    "rules.add_rule_value": ("rewards.manage_rules", False, lambda s, w, side: lambda actor: rules.add_rule_value(
        session=s, actor=actor, key="base_salary", value=2_340_000, effective_from=TODAY, legal_basis="NĐ"),
        False),
    "awards.create_list": ("rewards.build", True, lambda s, w, side: lambda actor: awards.create_list(
        session=s, actor=actor, title="Khen thưởng", year=2026, unit_id=w.unit(side).id)),
    "awards.approve_list": ("rewards.approve", True, lambda s, w, side: lambda actor: awards.approve_list(
        session=s, actor=actor, list_id=w.areas.award_list[side].id, decision_no="12/QĐ", decision_date=TODAY,
        signer="Nguyễn Văn A", signer_title="Chủ tịch"), False),
    "awards.items_frame": ("rewards.view", True, lambda s, w, side: lambda actor: awards.items_frame(
        s, actor=actor, list_id=w.areas.award_list[side].id)),
    "eligibility.set_rating": ("rewards.ratings", True, lambda s, w, side: lambda actor: eligibility.set_rating(
        session=s, actor=actor, user_id=w.targets[side].id, year=2026, task_rating=None, advanced_worker=True,
        research_accepted=False)),
    "commitments.save_commitment": ("commitments.manage", True, lambda s, w, side: lambda actor:
                                    commitments.save_commitment(session=s, actor=actor, unit_id=w.unit(side).id,
                                                                year=2026, min_ideas=3)),
    "imports.preview_import": ("accounts.import", False, lambda s, w, side: lambda actor: imports.preview_import(
        session=s, actor=actor, kind="units", data=b"code,name\n", filename="units.csv"), False),
    "reports.participation": ("dashboard.view", True, lambda s, w, side: lambda actor: reports.participation(
        session=s, actor=actor, unit_id=w.unit(side).id)),
    "api_tokens.create_token": ("api.manage", False, lambda s, w, side: lambda actor: api_tokens.create_token(
        session=s, actor=actor, name="Cổng dịch vụ công")),
    "followthrough.add_milestone": ("followup.manage", True, lambda s, w, side: _follow_milestone(s, w, side)),
})


def _follow_milestone(session, world: World, side: str):
    """A recognised idea of someone else in `side`; the call adds a milestone to its plan."""
    from ideas.filing import followthrough
    from tests.support.factories.rewards import make_recognised_idea

    target = world.targets[side]
    idea = make_recognised_idea(session, authors=[target], unit=world.unit(side))
    return lambda actor: followthrough.add_milestone(session=session, actor=actor, idea_id=idea.id,
                                                     title="Tập huấn", owner_id=target.id, due_on=TODAY)


@pytest.fixture(scope="module")
def world(database):
    with database.session() as s:
        built = build_world(s)
        built.areas = build_areas(s, built)
    yield built
    wipe(database)


def _cases():
    for name, (permission, bound, *_rest) in ACTIONS.items():
        for role in ROLES:
            holds = role in PERMISSIONS[permission] or "staff" in PERMISSIONS[permission]
            for scope in ("province", "district"):
                if (role == "staff" or not holds) and scope == "district":
                    continue  # one refusal per role without the permission is enough
                for side in ("A", "B") if bound and holds else ("A",):
                    yield pytest.param(name, role, scope, side, id=f"{name}-{role}-{scope}-{side}")


def _expected(name: str, role: str, scope: str, side: str) -> bool:
    permission, bound, *_ = ACTIONS[name]
    if role not in PERMISSIONS[permission] and "staff" not in PERMISSIONS[permission]:
        return False  # every account is also staff of its own unit (the same scope as its role here)
    if role == "staff":
        return side == "A" or not bound  # staff of district A
    if permission in GLOBAL_ACTIONS:
        return scope == "province"
    return scope == "province" or side == "A" or not bound


@pytest.mark.parametrize(("name", "role", "scope", "side"), list(_cases()))
def test_action_allowed_or_refused(database, world: World, name, role, scope, side):
    permission, _bound, factory, *flags = ACTIONS[name]
    strict = flags[0] if flags else True
    session = database._write()
    try:
        actor = session.merge(world.actors[(role, scope)], load=True)
        call = factory(session, world, side)
        if _expected(name, role, scope, side) and strict:
            call(actor)
        elif _expected(name, role, scope, side):
            try:
                call(actor)
            except PermissionDenied as error:
                assert error.params.get("action") != permission, error
            except DomainError:
                pass  # refused for another reason (membership, status): past the permission gate
        else:
            with pytest.raises(PermissionDenied):
                call(actor)
    finally:
        session.rollback()
        session.close()


def test_every_permission_is_exercised():
    """A new action in PERMISSIONS needs a row in ACTIONS (a service call that checks it)."""
    exercised = {row[0] for row in ACTIONS.values()}
    assert sorted(set(PERMISSIONS) - exercised) == []


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
        frame = users.search_users(session, actor=admin, limit=500)
    assert world.targets["A"].username in set(frame.username)
    assert world.targets["B"].username not in set(frame.username)


def test_security_doc_matrix_matches_the_code():
    text = (ROOT / "docs" / "SECURITY.md").read_text(encoding="utf-8")
    assert MATRIX_BEGIN in text and MATRIX_END in text
    table = text.split(MATRIX_BEGIN, 1)[1].split(MATRIX_END, 1)[0].strip()
    assert table == permission_matrix_markdown(), "run `python -m ideas permissions --write-docs`"


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
    at = signed_in_app(app_env, staff)
    assert not at.exception
    assert seen and not any(page in path for path in seen[-1] for page in ADMIN_PAGES), seen[-1]
    # Not registered for this user at all: a crafted URL cannot reach it either.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin_audit.py")


def test_admin_navigation_has_the_audit_page(app_env, monkeypatch):
    with app_env.session() as s:
        admin = make_user(s, unit=make_unit(s), roles=[("admin", None)])
    seen = _navigation_paths(monkeypatch)
    at = signed_in_app(app_env, admin)
    assert any("admin_audit.py" in path for path in seen[-1])
    at.switch_page("pages/admin_audit.py").run()
    assert not at.exception
    assert at.title[0].value == "Nhật ký kiểm toán"
    at.button(key="audit_verify").click().run()
    assert not at.exception
    assert any("nguyên vẹn" in s.value for s in at.success)
