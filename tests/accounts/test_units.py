"""Unit tree services: paths, moves, cycles, deactivation, the table read model."""
import pytest

from ideas.accounts import units
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.permissions import SYSTEM
from tests.support.factories.accounts import make_unit, make_user


def test_paths_follow_the_tree(session):
    province = make_unit(session, kind="province")
    district = make_unit(session, kind="district", parent=province)
    commune = make_unit(session, kind="commune", parent=district)
    assert commune.path == f"/{province.id}/{district.id}/{commune.id}/"
    assert commune.level == 2
    assert set(units.subtree_ids(session, district.id)) == {district.id, commune.id}


def test_moving_a_unit_rewrites_its_subtree(session):
    a, b = make_unit(session), make_unit(session)
    child = make_unit(session, parent=a)
    grandchild = make_unit(session, parent=child)
    units.update_unit(session=session, actor=SYSTEM, unit_id=child.id, parent_id=b.id)
    session.expire_all()
    assert grandchild.path == f"/{b.id}/{child.id}/{grandchild.id}/"
    assert grandchild.level == 2
    assert set(units.subtree_ids(session, b.id)) == {b.id, child.id, grandchild.id}


def test_a_unit_cannot_move_under_its_own_descendant(session):
    a = make_unit(session)
    child = make_unit(session, parent=a)
    with pytest.raises(ValidationError) as caught:
        units.update_unit(session=session, actor=SYSTEM, unit_id=a.id, parent_id=child.id)
    assert caught.value.key == "units.error.cycle"


def test_duplicate_code_and_bad_values_are_refused(session):
    make_unit(session, code="SNV")
    with pytest.raises(ValidationError):
        make_unit(session, code="SNV")
    with pytest.raises(ValidationError):
        make_unit(session, code="X1", headcount=-1)
    with pytest.raises(ValidationError):
        make_unit(session, code="X2", kind="galaxy")


def test_staff_cannot_manage_units(session):
    unit = make_unit(session)
    staff = make_user(session, unit=unit)
    with pytest.raises(PermissionDenied):
        units.create_unit(session=session, actor=staff, code="NEW", name="Mới")
    with pytest.raises(PermissionDenied):
        units.set_active(session=session, actor=staff, unit_id=unit.id, active=False)


def test_unit_table_counts_accounts_per_unit(session):
    parent = make_unit(session, code="P")
    child = make_unit(session, code="C", parent=parent)
    make_user(session, unit=child)
    make_user(session, unit=child)
    table = units.unit_table(session).set_index("code")
    assert table.loc["C", "accounts"] == 2
    assert table.loc["C", "parent_code"] == "P"
    assert table.loc["P", "accounts"] == 0
