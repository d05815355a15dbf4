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
