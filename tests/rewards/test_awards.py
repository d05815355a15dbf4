"""Award lists: items and amounts, approval snapshot, duplicates, permissions, locking, ledger."""
import datetime as dt
import json
from decimal import Decimal

import pytest

from ideas.core.errors import ConcurrentUpdate, InvalidTransition, PermissionDenied, ValidationError
from ideas.core.models import AuditLog, AwardItem, AwardList
from ideas.rewards import awards, rules
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea


@pytest.fixture
def district(session):
    province = make_unit(session, kind="province", name="UBND tỉnh")
    unit = make_unit(session, parent=province, kind="district", name="UBND huyện Đông")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)], full_name="Trần Thị Thi Đua")
    author = make_user(session, unit=unit, full_name="Phạm Văn Tác Giả")
    idea = make_recognised_idea(session, authors=[author], unit=unit, title="Một cửa điện tử liên thông")
    return {"province": province, "unit": unit, "officer": officer, "author": author, "idea": idea}


def _list(session, d, year=2025, decision_date=None):
    award_list = awards.create_list(session=session, actor=d["officer"], title="cá nhân được khen thưởng",
                                    year=year, unit_id=d["unit"].id)
    if decision_date:
        awards.update_list(session=session, actor=d["officer"], list_id=award_list.id, decision_date=decision_date)
    return award_list


def _approve(session, d, award_list, on):
    awards.submit_list(session=session, actor=d["officer"], list_id=award_list.id)
    return awards.approve_list(session=session, actor=d["officer"], list_id=award_list.id,
                               decision_no="15/QĐ-UBND", decision_date=on, signer="Lê Văn Ký",
                               signer_title="Chủ tịch Ủy ban nhân dân huyện Đông")


def test_author_item_defaults_and_amount(session, district):
    d = district
    award_list = _list(session, d, decision_date=dt.date(2025, 8, 5))
    result = awards.add_individual(session=session, actor=d["officer"], list_id=award_list.id,
                                   user_id=d["author"].id, form_code="GIAY_KHEN", idea_id=d["idea"].id)
    item = result.item
    assert item.achievement == "Tác giả sáng kiến «Một cửa điện tử liên thông» được công nhận"
    assert item.amount == 710_000 and item.position_unit == "UBND huyện Đông"
    assert result.warnings == []
    assert session.query(AuditLog).filter_by(action="rewards.item_add").count() == 1


def test_same_form_twice_refused_and_warning_across_lists(session, district):
    d = district
    first = _list(session, d)
    awards.add_individual(session=session, actor=d["officer"], list_id=first.id, user_id=d["author"].id,
                          form_code="GIAY_KHEN")
    with pytest.raises(ValidationError) as error:
        awards.add_individual(session=session, actor=d["officer"], list_id=first.id, user_id=d["author"].id,
                              form_code="GIAY_KHEN")
    assert error.value.key == "rewards.error.duplicate_form"
    # Another form in the same list is fine.
    awards.add_individual(session=session, actor=d["officer"], list_id=first.id, user_id=d["author"].id,
                          form_code="LDTT")
    second = awards.create_list(session=session, actor=d["officer"], title="đợt 2", year=2025,
                                unit_id=d["unit"].id)
    result = awards.add_individual(session=session, actor=d["officer"], list_id=second.id,
                                   user_id=d["author"].id, form_code="GIAY_KHEN")
    assert [key for key, _ in result.warnings] == ["rewards.warning.already_awarded"]


def test_collective_doubled_and_form_must_allow_collectives(session, district):
    d = district
    award_list = _list(session, d, decision_date=dt.date(2025, 8, 5))
    item = awards.add_collective(session=session, actor=d["officer"], list_id=award_list.id,
                                 unit_id=d["unit"].id, form_code="GIAY_KHEN", achievement="Tập thể tiêu biểu").item
    assert item.multiplier == Decimal(2) and item.amount == 1_410_000
    with pytest.raises(ValidationError):
        awards.add_collective(session=session, actor=d["officer"], list_id=award_list.id,
                              unit_id=d["unit"].id, form_code="CSTD_CS")
    with pytest.raises(ValidationError):
        awards.add_collective(session=session, actor=d["officer"], list_id=award_list.id,
                              unit_id=d["unit"].id, form_code="GIAY_KHEN")


def test_approval_recomputes_by_decision_date_and_snapshots(session, district):
    d = district
    # Built in June 2025 (BK_TINH 1.0), decided in July (1.5 under Decree 152/2025).
    award_list = _list(session, d, decision_date=dt.date(2025, 6, 20))
    item = awards.add_individual(session=session, actor=d["officer"], list_id=award_list.id,
                                 user_id=d["author"].id, form_code="BK_TINH").item
    assert item.amount == 2_340_000
    _approve(session, d, award_list, dt.date(2025, 7, 1))
    assert award_list.status == "approved"
    assert item.coefficient == Decimal("1.5") and item.amount == 3_510_000
    snap = json.loads(award_list.rule_snapshot)
    assert snap["base_salary"] == "2340000.0000" or Decimal(snap["base_salary"]) == 2_340_000
    assert Decimal(snap["forms"]["BK_TINH"]["coefficient"]) == Decimal("1.5")
    assert Decimal(snap["rounding_step"]) == 10_000 and Decimal(snap["collective_multiplier"]) == 2


def test_decision_across_base_salary_change(session, district):
    d = district
    early = _list(session, d, year=2024)
    awards.add_individual(session=session, actor=d["officer"], list_id=early.id, user_id=d["author"].id,
                          form_code="GIAY_KHEN")
    _approve(session, d, early, dt.date(2024, 6, 30))
    late = _list(session, d, year=2024)
    awards.add_individual(session=session, actor=d["officer"], list_id=late.id, user_id=d["author"].id,
                          form_code="CSTD_CS")
    _approve(session, d, late, dt.date(2024, 7, 1))
    assert early.items[0].base_salary == 1_800_000 and early.items[0].amount == 540_000
    assert late.items[0].base_salary == 2_340_000 and late.items[0].amount == 2_340_000


def test_amounts_never_change_after_approval(session, district):
    d = district
    admin = make_user(session, roles=[("admin", None)])
    award_list = _list(session, d, year=2026)
    awards.add_individual(session=session, actor=d["officer"], list_id=award_list.id, user_id=d["author"].id,
                          form_code="GIAY_KHEN")
    _approve(session, d, award_list, dt.date(2026, 8, 1))
    snapshot_before = award_list.rule_snapshot
    rules.add_rule_value(session=session, actor=admin, key="base_salary", value=3_000_000,
                         effective_from=dt.date(2026, 7, 1), legal_basis="Nghị định giả định")
    rules.change_coefficient(session=session, actor=admin, code="GIAY_KHEN", coefficient="0.5",
                             effective_from=dt.date(2026, 7, 15), legal_basis="giả định")
    session.expire_all()
    item = session.get(AwardItem, award_list.items[0].id)
    assert item.amount == 710_000 and item.base_salary == 2_340_000
    assert award_list.rule_snapshot == snapshot_before
    with pytest.raises(ValidationError):
        awards.add_individual(session=session, actor=d["officer"], list_id=award_list.id,
                              user_id=d["author"].id, form_code="LDTT")
    with pytest.raises(ValidationError):
        awards.update_list(session=session, actor=d["officer"], list_id=award_list.id,
                           decision_date=dt.date(2026, 9, 1))
    awards.lock_list(session=session, actor=d["officer"], list_id=award_list.id)
    assert award_list.status == "locked"
    with pytest.raises(InvalidTransition):
        awards.return_list(session=session, actor=d["officer"], list_id=award_list.id)


def test_approval_needs_decision_fields_and_submitted_state(session, district):
    d = district
    award_list = _list(session, d)
    with pytest.raises(ValidationError):  # empty list cannot be submitted
        awards.submit_list(session=session, actor=d["officer"], list_id=award_list.id)
    awards.add_individual(session=session, actor=d["officer"], list_id=award_list.id, user_id=d["author"].id,
                          form_code="GIAY_KHEN")
    with pytest.raises(InvalidTransition):
        awards.approve_list(session=session, actor=d["officer"], list_id=award_list.id, decision_no="1/QĐ",
                            decision_date=dt.date(2025, 9, 1), signer="A", signer_title="B")
    awards.submit_list(session=session, actor=d["officer"], list_id=award_list.id)
    with pytest.raises(ValidationError):
        awards.approve_list(session=session, actor=d["officer"], list_id=award_list.id, decision_no="",
                            decision_date=dt.date(2025, 9, 1), signer="A", signer_title="B")


def test_other_district_officer_cannot_touch_list(session, district):
    d = district
    other_unit = make_unit(session, parent=d["province"], kind="district", name="UBND huyện Tây")
    other = make_user(session, unit=other_unit, roles=[("reward_officer", other_unit)])
    staff = make_user(session, unit=d["unit"])
    award_list = _list(session, d)
    for actor in (other, staff):
        with pytest.raises(PermissionDenied):
            awards.add_individual(session=session, actor=actor, list_id=award_list.id, user_id=d["author"].id,
                                  form_code="GIAY_KHEN")
        with pytest.raises(PermissionDenied):
            awards.submit_list(session=session, actor=actor, list_id=award_list.id)
        with pytest.raises(PermissionDenied):
            awards.items_frame(session, actor=actor, list_id=award_list.id)
    with pytest.raises(PermissionDenied):
        awards.create_list(session=session, actor=other, title="x", year=2025, unit_id=d["unit"].id)
    with pytest.raises(PermissionDenied):  # province-wide list needs a province-wide grant
        awards.create_list(session=session, actor=other, title="x", year=2025, unit_id=None)
    assert awards.list_table(session, actor=other).empty
    assert len(awards.list_table(session, actor=d["officer"])) == 1


def test_stale_version_raises_concurrent_update(session, district):
    d = district
    award_list = _list(session, d)
    version = award_list.version
    awards.add_individual(session=session, actor=d["officer"], list_id=award_list.id, user_id=d["author"].id,
                          form_code="GIAY_KHEN", expected_version=version)
    assert award_list.version == version + 1
    with pytest.raises(ConcurrentUpdate):
        awards.submit_list(session=session, actor=d["officer"], list_id=award_list.id, expected_version=version)


def test_concurrent_sessions_conflict(db):
    """Two sessions load the same list; the second writer fails with ConcurrentUpdate."""
    with db.session() as s:
        province = make_unit(s, kind="province")
        officer = make_user(s, unit=province, roles=[("reward_officer", province)])
        author = make_user(s, unit=province)
        list_id = awards.create_list(session=s, actor=officer, title="x", year=2025, unit_id=province.id).id
    first, second = db._write(), db._write()
    try:
        # The second page loaded the list (its read ended), then the first saved a change.
        a2 = second.get(type(officer), officer.id)
        stale = second.get(AwardList, list_id)
        assert stale.items == []
        second.commit()
        a1 = first.get(type(officer), officer.id)
        awards.add_individual(session=first, actor=a1, list_id=list_id, user_id=author.id, form_code="GIAY_KHEN")
        first.commit()
        with pytest.raises(ConcurrentUpdate):
            awards.add_individual(session=second, actor=a2, list_id=list_id, user_id=author.id, form_code="LDTT")
    finally:
        second.rollback()
        first.close()
        second.close()


def test_ledger_and_my_awards(session, district):
    d = district
    award_list = _list(session, d)
    awards.add_individual(session=session, actor=d["officer"], list_id=award_list.id, user_id=d["author"].id,
                          form_code="GIAY_KHEN", idea_id=d["idea"].id)
    awards.add_collective(session=session, actor=d["officer"], list_id=award_list.id, unit_id=d["unit"].id,
                          form_code="GIAY_KHEN")
    draft = _list(session, d)
    awards.add_individual(session=session, actor=d["officer"], list_id=draft.id, user_id=d["author"].id,
                          form_code="CSTD_CS")
    assert awards.my_awards(session, actor=d["author"]).empty  # nothing approved yet
    _approve(session, d, award_list, dt.date(2025, 8, 5))
    mine = awards.my_awards(session, actor=d["author"])
    assert list(mine["amount"]) == [710_000]
    ledger = awards.ledger_totals(session, actor=d["officer"], year=2025)
    assert len(ledger) == 1
    row = ledger.iloc[0]
    assert (row["form_code"], int(row["recipients"]), int(row["total"])) == ("GIAY_KHEN", 2, 2_120_000)
    other_unit = make_unit(session, parent=d["province"], kind="district")
    other = make_user(session, unit=other_unit, roles=[("reward_officer", other_unit)])
    assert awards.ledger_totals(session, actor=other).empty
    leader = make_user(session, unit=d["province"], roles=[("leader", d["province"])])
    assert int(awards.ledger_totals(session, actor=leader)["total"].sum()) == 2_120_000


def test_demo_seed_builds_approved_and_draft_lists(session):
    from ideas.core.models import AwardList
    from ideas.tooling import demo_rewards

    province = make_unit(session, kind="province")
    district = make_unit(session, parent=province, kind="district")
    officer = make_user(session, unit=province, roles=[("reward_officer", None)])
    make_user(session, unit=district)
    make_user(session, unit=district)
    context = {"users_by_role": {"reward_officer": [officer]}}
    demo_rewards.seed(session=session, context=context)  # no recognised ideas yet: it creates two for 2025
    lists = {lst.year: lst for lst in session.query(AwardList)}
    assert lists[2025].status == "approved" and lists[2025].decision_no == "215/QĐ-UBND"
    assert json.loads(lists[2025].rule_snapshot)["decision_date"] == "2025-12-15"
    assert all(item.amount for item in lists[2025].items) and len(lists[2025].items) >= 2
    assert lists[2026].status == "draft"


def test_recognised_authors_of_the_year_in_scope(session, district):
    d = district
    other_unit = make_unit(session, parent=d["province"], kind="district")
    outsider = make_user(session, unit=other_unit)
    make_recognised_idea(session, authors=[outsider], unit=other_unit)
    make_recognised_idea(session, authors=[d["author"]], unit=d["unit"], decided_on=dt.date(2024, 5, 5))
    frame = awards.recognised_authors(session, actor=d["officer"], year=2025)
    assert list(frame.user_id) == [d["author"].id] and list(frame.idea_id) == [d["idea"].id]
    assert list(awards.recognised_authors(session, actor=d["officer"], year=2024).title) != []
