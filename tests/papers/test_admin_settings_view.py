"""The settings page's view: each setting with its label, input kind and value."""
from __future__ import annotations

from ideas.core import settings
from ideas.papers import admin_settings_view
from tests.support.factories.accounts import make_unit, make_user


def test_admin_settings_view_gives_each_setting_its_input(session):
    admin = make_user(session, unit=make_unit(session), roles=[("admin", None)], password=None)
    shown = {s.key: s for s in admin_settings_view.admin_settings_view(session=session, actor=admin, lang="vi")}
    assert list(shown) == list(settings.DEFAULTS)
    assert shown["auth.max_failed_logins"].kind == "number" and shown["auth.max_failed_logins"].value == 5
    assert shown["ideas.allow_free_suggestions"].kind == "flag"


def test_signing_section_lists_its_settings_and_names_missing_secrets_without_values(session, monkeypatch):
    from ideas.core import signing_settings

    admin = make_user(session, unit=make_unit(session), roles=[("admin", None)], password=None)
    signing_settings.save(session=session, actor=admin, values={"signing.signer.source": "pkcs11"})
    monkeypatch.delenv("IDEAS_SIGN_SIGNER_PIN", raising=False)
    section = admin_settings_view.signing_section(session=session, actor=admin, lang="vi")
    fields = {f.key: f for f in section.fields}
    assert list(fields) == list(signing_settings.DEFAULTS)
    assert fields["signing.tsa_policy"].kind == "choice" and set(fields["signing.tsa_policy"].options) == {
        "retry", "continue", "refuse"}
    assert section.secrets == ["Người ký: chưa có bí mật IDEAS_SIGN_SIGNER_PIN: chưa ký được cho đến khi người vận "
                               "hành đặt biến này."]
    monkeypatch.setenv("IDEAS_SIGN_SIGNER_PIN", "secret-value")
    shown = admin_settings_view.signing_section(session=session, actor=admin, lang="vi")
    assert "secret-value" not in repr(shown) and "đã có bí mật" in shown.secrets[0]
