"""The audit page's view: filters labelled ("any" first), rows ready to show, the chain check's message."""
from __future__ import annotations

import pytest

from ideas.core import admin_audit_view, audit
from ideas.core.errors import PermissionDenied
from tests.support.factories.accounts import make_unit, make_user


def test_filters_rows_and_chain_check_are_ready_to_show(session):
    admin = make_user(session, unit=make_unit(session), roles=[("admin", None)], password=None)
    for i in range(3):
        audit.record(session=session, actor=admin, action="test.event", entity="thing", entity_id=i,
                     details={"i": i})
    session.flush()
    filters = admin_audit_view.filter_options(session=session, actor=admin, lang="vi")
    assert next(iter(filters.actions)) == "" and filters.actions[""] == filters.entities[""] != "audit.filter.any"
    assert "test.event" in filters.actions and filters.entities["thing"] == "thing"
    found = admin_audit_view.audit_rows(session=session, actor=admin, lang="vi", entity="thing", limit=2)
    assert found.total == 3 and len(found.rows) == 2 and found.rows.iloc[0]["details"] == "i: 2"
    assert len(found.rows.iloc[0]["at"]) == len("dd/mm/yyyy HH:MM")
    chain = admin_audit_view.chain_check(session=session, actor=admin, lang="vi")
    assert chain.ok and "audit.verify" not in chain.message
    with pytest.raises(PermissionDenied):
        admin_audit_view.audit_rows(session=session, actor=make_user(session, password=None))
