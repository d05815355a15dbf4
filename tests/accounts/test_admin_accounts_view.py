"""The accounts page's view: formatted rows, people to pick, roles labelled; administrators only."""
from __future__ import annotations

import pytest

from ideas.accounts import admin_accounts_view
from ideas.core.errors import PermissionDenied
from tests.support.factories.accounts import make_unit, make_user


def test_admin_accounts_view_formats_rows_and_labels_roles(session):
    unit = make_unit(session)
    admin = make_user(session, unit=unit, roles=[("admin", None)], password=None, full_name="Lê Quản Trị")
    found = admin_accounts_view.accounts(session=session, actor=admin, lang="vi", text="quan tri")
    assert list(found.people) == [admin.id] and found.people[admin.id].label == f"Lê Quản Trị ({admin.username})"
    assert found.rows.iloc[0]["locked_until"] == "" and "id" not in found.rows
    assert set(admin_accounts_view.COLUMNS) <= set(found.rows.columns)
    roles = admin_accounts_view.roles(session=session, actor=admin, user_id=admin.id, lang="vi")
    assert [(r.role, r.scope) for r in roles] == [("Quản trị", "Toàn tỉnh")]
    with pytest.raises(PermissionDenied):
        admin_accounts_view.accounts(session=session, actor=make_user(session, unit=unit, password=None))
