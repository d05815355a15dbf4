"""Personal identification number: validation, uniqueness, privacy (masking, own export) and import matching."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from ideas.accounts import account_view, admin_accounts_view, admin_import_view, identity, imports, personal_data
from ideas.core.errors import ImportFailed, PermissionDenied, ValidationError
from ideas.core.models import AuditLog, IdeaHistory, UnitMembership, User
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.world import make_idea

HEADER = "Họ và tên,Tên đăng nhập,Email,Mã đơn vị,Chức vụ,Vai trò,Số định danh cá nhân\n"
NUMBER = "001203012345"  # Hà Nội, female born 2003
OTHER = "027085000123"  # Bắc Ninh, male born 1985


@pytest.mark.parametrize(("text", "key"), [
    ("00120301234", "identity.error.length"), ("0012030123456", "identity.error.length"),
    ("00120301234a", "identity.error.digits"), ("０01203012345", "identity.error.digits"),
    ("003203012345", "identity.error.province"), ("097203012345", "identity.error.province"),
    ("001403012345", "identity.error.century"), ("001299012345", "identity.error.century"),
])
def test_wrong_numbers_are_refused_with_the_reason(text, key):
    assert identity.problem(text) == key
    with pytest.raises(ValidationError) as caught:
        identity.validate(text)
    assert caught.value.key == key


def test_plausible_numbers_pass_grouped_or_not():
    assert identity.validate("001 2 03 012345") == NUMBER
    assert identity.validate(OTHER) == OTHER
    assert identity.validate("  ") is None
    assert identity.mask(NUMBER) == "*********345"


def test_set_by_self_or_manager_unique_and_audited_masked(session):
    unit = make_unit(session)
    admin = make_user(session, unit=unit, roles=[("admin", None)])
    person, other = make_user(session, unit=unit), make_user(session, unit=unit)
    identity.set_personal_id(session=session, actor=person, user_id=person.id, personal_id=NUMBER)
    with pytest.raises(PermissionDenied):
        identity.set_personal_id(session=session, actor=other, user_id=person.id, personal_id=OTHER)
    with pytest.raises(ValidationError) as caught:
        identity.set_personal_id(session=session, actor=admin, user_id=other.id, personal_id=NUMBER)
    assert caught.value.key == "identity.error.taken"
    identity.set_personal_id(session=session, actor=admin, user_id=other.id, personal_id=OTHER)
    session.refresh(person), session.refresh(other)
    assert (person.personal_id, other.personal_id) == (NUMBER, OTHER)
    logged = " ".join(session.scalars(select(AuditLog.details).where(AuditLog.action == "account.personal_id")))
    assert NUMBER not in logged and OTHER not in logged and "*********345" in logged


def test_only_the_holder_sees_the_number_in_full(session):
    unit = make_unit(session)
    admin = make_user(session, unit=unit, roles=[("admin", None)])
    person = make_user(session, unit=unit, full_name="Nguyễn Văn Định")
    identity.set_personal_id(session=session, actor=admin, user_id=person.id, personal_id=NUMBER)
    own = account_view.account_view(session=session, actor=person)
    assert own.personal_id == NUMBER
    assert json.loads(own.personal_data)["account"]["personal_id"] == NUMBER  # the personal-data export
    listed = admin_accounts_view.accounts(session=session, actor=admin, text="Định")
    assert listed.people[person.id].personal_id == "*********345"
    assert NUMBER not in listed.rows.to_csv()
    exported = personal_data.export_json(session=session, user=admin).decode("utf-8")
    assert NUMBER not in exported


def test_reimport_matches_by_number_renames_and_moves_without_duplicates(session):
    old, new = make_unit(session, code="XA-CU"), make_unit(session, code="XA-MOI")
    admin = make_user(session, roles=[("admin", None)])
    first = HEADER + f"Lê Thị Hoa,hoa.le,hoa@x.vn,XA-CU,Chuyên viên,Cán bộ,{NUMBER}\n"
    imports.commit_import(session=session, actor=admin, kind="staff", data=first.encode(), filename="a.csv")
    person = session.scalar(select(User).where(User.personal_id == NUMBER))
    make_idea(session, owner=person, title="Một cửa liên thông")
    history_before = session.scalar(select(func.count()).select_from(IdeaHistory)
                                    .where(IdeaHistory.actor_id == person.id))
    # after the merger of communes: a new username and unit, the same person
    second = HEADER + f"Lê Thị Hoa,hoa.le.xamoi,hoa@x.vn,XA-MOI,Chuyên viên,Cán bộ,{NUMBER}\n"
    shown = admin_import_view.import_preview(session=session, actor=admin, kind="staff", data=second.encode(),
                                             filename="b.csv")
    assert NUMBER not in shown.rows.to_csv() and "*********345" in shown.rows.to_csv()
    result = imports.commit_import(session=session, actor=admin, kind="staff", data=second.encode(),
                                   filename="b.csv")
    assert (result.created, result.updated) == (0, 1)
    assert session.scalar(select(func.count()).select_from(User).where(User.full_name == "Lê Thị Hoa")) == 1
    session.refresh(person)
    assert (person.username, person.unit_id) == ("hoa.le.xamoi", new.id)
    assert old.id != new.id
    assert session.scalar(select(func.count()).select_from(IdeaHistory)
                          .where(IdeaHistory.actor_id == person.id)) == history_before
    left = session.scalars(select(UnitMembership).where(UnitMembership.user_id == person.id)).all()
    assert [m.unit_id for m in left] == [old.id]  # the person's unit before the re-import stays readable
    logged = session.scalars(select(AuditLog.details).where(AuditLog.action == "import.staff")
                             .order_by(AuditLog.id.desc())).first()
    assert '["hoa.le", "hoa.le.xamoi"]' in logged and NUMBER not in logged


def test_bad_numbers_in_a_file_are_refused_naming_the_row_nothing_written(session):
    make_unit(session, code="SO-NV")
    admin = make_user(session, roles=[("admin", None)])
    before = session.scalar(select(func.count()).select_from(User))
    data = (HEADER + f"An,an,,SO-NV,CV,Cán bộ,{NUMBER}\n"
            "Bình,binh,,SO-NV,CV,Cán bộ,1203012345\n"
            f"Chi,chi,,SO-NV,CV,Cán bộ,{NUMBER}\n"
            "Dũng,dung,,SO-NV,CV,Cán bộ,099203012345\n"
            "Em,em,,SO-NV,CV,Cán bộ,\n")
    with pytest.raises(ImportFailed) as caught:
        imports.commit_import(session=session, actor=admin, kind="staff", data=data.encode(), filename="c.csv")
    found = {(e.row, e.column, e.key) for e in caught.value.rows}
    assert found == {(3, "personal_id", "identity.error.length"), (4, "personal_id", "identity.error.repeated"),
                     (5, "personal_id", "identity.error.province")}
    assert session.scalar(select(func.count()).select_from(User)) == before
    message = next(e for e in caught.value.rows if e.row == 4).message("vi")
    assert "dòng 2" in message and NUMBER not in message


def test_a_username_held_by_someone_else_is_refused(session):
    make_unit(session, code="SO-TC")
    admin = make_user(session, roles=[("admin", None)])
    make_user(session, username="nam")
    holder = make_user(session, username="lan")
    holder.personal_id = OTHER
    session.flush()
    data = HEADER + f"Lan,nam,,SO-TC,CV,Cán bộ,{OTHER}\nNam,nam2,,SO-TC,CV,Cán bộ,\n"
    preview = imports.preview_import(session=session, actor=admin, kind="staff", data=data.encode(), filename="d.csv")
    assert {(e.row, e.key) for e in preview.errors} == {(2, "identity.error.username_of_other")}
