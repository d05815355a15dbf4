"""The menu table: every page exists and is listed, actions are real, menus follow roles."""
from __future__ import annotations

from ideas.core.db import PROJECT_ROOT
from ideas.core.i18n import LANGUAGES, catalogue
from ideas.core.navigation import GATE_PAGES, PAGES, menu
from ideas.core.permissions import PERMISSIONS, SYSTEM
from tests.support.factories.accounts import make_unit, make_user


def test_every_page_in_the_table_exists_and_every_page_file_is_listed():
    listed = {page.path for page in PAGES}
    assert len(listed) == len(PAGES)
    missing = sorted(path for path in listed if not (PROJECT_ROOT / path).is_file())
    assert missing == []
    files = {f"pages/{path.name}" for path in (PROJECT_ROOT / "pages").glob("*.py")}
    assert sorted(files - listed - set(GATE_PAGES)) == []


def test_every_page_action_is_a_permission_and_every_title_is_translated():
    assert {action for page in PAGES for action in page.actions} <= set(PERMISSIONS)
    for lang in LANGUAGES:
        keys = {key for page in PAGES for key in (page.title_key, page.section_key)}
        assert sorted(keys - set(catalogue(lang))) == []


def test_menus_follow_the_permission_table(session):
    province = make_unit(session)
    district = make_unit(session, parent=province)
    staff = make_user(session, unit=district)
    secretary = make_user(session, unit=district, roles=[("secretary", district)])
    district_admin = make_user(session, unit=district, roles=[("admin", district)])
    admin = make_user(session, unit=province, roles=[("admin", None)])

    def paths(actor):
        return {page.path for page in menu(session=session, actor=actor)}

    assert paths(staff) == {p.path for p in PAGES if not p.actions or p.actions == ("ideas.submit",)}
    assert "pages/review_screening.py" in paths(secretary) and "pages/review_council.py" in paths(secretary)
    assert "pages/admin_units.py" not in paths(secretary)
    # Province-wide actions (settings, audit, imports) are not offered to a district administrator.
    assert "pages/admin_units.py" in paths(district_admin)
    assert not {"pages/admin_settings.py", "pages/admin_audit.py", "pages/admin_import.py"} & paths(district_admin)
    assert {"pages/admin_settings.py", "pages/admin_audit.py", "pages/admin_import.py"} <= paths(admin)
    assert paths(SYSTEM) == {page.path for page in PAGES}
    assert menu(session=session, actor=staff)[0].path == "pages/home.py"
