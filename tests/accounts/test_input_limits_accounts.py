"""Fields whose widgets lost `max_chars`: the services refuse what is too long naming the field, never cut it
and never fail on it (issue 27, criterion 4)."""
from __future__ import annotations

import pytest

from ideas.accounts import users
from ideas.accounts.passwords import PASSWORD_MAX
from ideas.api import tokens, webhooks
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text
from tests.support.factories.accounts import PASSWORD, make_unit, make_user


def test_a_pasted_password_longer_than_any_allowed_is_refused_naming_the_field(session):
    user = make_user(session, unit=make_unit(session))
    too_long = "x" * 5_000  # argon2 (passlib) would raise PasswordSizeError on it
    with pytest.raises(ValidationError) as caught:
        users.authenticate(session=session, username=user.username, password=too_long)
    assert error_text(caught.value, "vi").startswith("Trường «Mật khẩu» dài 5")
    with pytest.raises(ValidationError) as caught:
        users.change_password(session=session, actor=user, current="y" * (PASSWORD_MAX + 1), new=PASSWORD + "!")
    assert error_text(caught.value, "vi").startswith("Trường «Mật khẩu hiện tại» dài 257")
    assert users.authenticate(session=session, username=user.username, password=PASSWORD).id == user.id


def test_api_names_and_webhook_addresses_are_refused_not_cut(session):
    admin = make_user(session, unit=make_unit(session), roles=[("admin", None)])
    with pytest.raises(ValidationError) as caught:
        tokens.create_token(session=session, actor=admin, name="Hệ thống một cửa " * 20)
    assert caught.value.key == "error.field_too_long" and caught.value.params["field"] == "api.field.name"
    assert "«Tên hệ thống»" in error_text(caught.value, "vi")
    token, _ = tokens.create_token(session=session, actor=admin, name="Một cửa " * 25)  # 199 characters kept whole
    assert token.name == ("Một cửa " * 25).strip()
    with pytest.raises(ValidationError) as caught:
        webhooks.create_subscription(session=session, actor=admin, name="Nhận sự kiện",
                                     url="https://a.gov.vn/" + "x" * 1_000, events=["idea.submitted"])
    assert caught.value.params["field"] == "api.field.url" and "«Địa chỉ nhận (URL)»" in error_text(caught.value, "vi")
    with pytest.raises(ValidationError) as caught:
        webhooks.create_subscription(session=session, actor=admin, name="Nhận " * 50,
                                     url="https://a.gov.vn/", events=["idea.submitted"])
    assert caught.value.params["field"] == "api.field.name"
