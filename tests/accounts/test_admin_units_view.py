"""The units page's view: formatted rows (indented names, translated kinds, numbers), the edit forms' start."""
import pytest

from ideas.accounts import admin_units_view
from ideas.core.errors import PermissionDenied
from tests.support.factories.accounts import make_unit, make_user


def test_rows_are_ready_to_show_and_forms_know_each_parent(session):
    province = make_unit(session, kind="province", name="UBND tỉnh", headcount=1200)
    district = make_unit(session, kind="district", parent=province, name="UBND huyện", headcount=80)
    admin = make_user(session, unit=province, roles=[("admin", None)])
    view = admin_units_view.admin_units_view(session=session, actor=admin, lang="vi")
    rows = view.rows.set_index("code")
    assert list(view.rows.columns) == list(admin_units_view.COLUMNS)
    assert rows.loc[district.code, "name"] == "\u2003UBND huyện"
    assert rows.loc[province.code, "headcount"] == "1.200" and rows.loc[province.code, "accounts"] == "1"
    assert rows.loc[district.code, "parent_name"] == "UBND tỉnh" and rows.loc[province.code, "parent_name"] == ""
    assert view.kinds["district"] != "district" and view.headers["parent_name"] != "units.col.parent"
    assert view.units[district.id].parent_id == province.id and view.units[province.id].parent_id is None
    assert list(view.labels) == [province.id, district.id]


def test_only_unit_managers_read_it(session):
    unit = make_unit(session)
    with pytest.raises(PermissionDenied):
        admin_units_view.admin_units_view(session=session, actor=make_user(session, unit=unit))
