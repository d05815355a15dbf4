"""The admin API page: a province-wide admin creates a token (secret shown once) and a webhook, revokes them;
others cannot open it, and a crafted call from a district admin is refused by the service."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ideas.api import tokens, webhooks
from ideas.core.errors import PermissionDenied
from ideas.core.models import ApiToken, WebhookSubscription
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user


def _people(db):
    with db.session() as s:
        province = make_unit(s, kind="province", name="UBND tỉnh")
        district = make_unit(s, parent=province, kind="district", name="UBND huyện Đông")
        admin = make_user(s, unit=province, roles=[("admin", None)], full_name="Lê Quản Trị")
        district_admin = make_user(s, unit=district, roles=[("admin", district)], full_name="Phạm Quản Trị Huyện")
    return district, admin, district_admin


def test_admin_creates_and_revokes_a_token_and_a_webhook(app_env):
    district, admin, _ = _people(app_env)
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_api.py").run()
    assert not at.exception and at.title[0].value == "API cho hệ thống khác"
    at.text_input(key="api_token_name").input("Cổng dịch vụ công")
    at.multiselect(key="api_token_units").select(district.id)
    at.button(key="api_token_create").click().run()
    assert not at.exception
    secret = at.code[0].value
    with app_env.read_session() as s:
        token = s.scalars(select(ApiToken)).one()
        assert token.token_hash == tokens.hash_secret(secret) and secret not in token.token_hash
    table = at.dataframe[0].value
    assert table.iloc[0]["Phạm vi"] == "UBND huyện Đông" and table.iloc[0]["Trạng thái"] == "Đang dùng"
    at.button(key="api_token_secret_done").click().run()
    assert not at.code  # shown once: gone after "copied"
    at.text_input(key="api_webhook_name").input("Cổng tỉnh")
    at.text_input(key="api_webhook_url").input("https://example.org/hooks")
    at.button(key="api_webhook_create").click().run()
    assert not at.exception and at.code[0].value.startswith("whsec_")
    at.selectbox(key="api_token_revoke_choice").select(token.id)
    at.button(key="api_token_revoke_go").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert s.scalars(select(ApiToken)).one().revoked_at is not None
        assert s.scalars(select(WebhookSubscription)).one().events == "initiative.recognised,award_list.approved"


def test_only_province_wide_admins_manage_the_api(app_env):
    _, _, district_admin = _people(app_env)
    with app_env.session() as s, pytest.raises(PermissionDenied):
        tokens.create_token(session=s, actor=s.merge(district_admin), name="Lén tạo")
    with app_env.session() as s, pytest.raises(PermissionDenied):
        webhooks.list_subscriptions(session=s, actor=s.merge(district_admin))
