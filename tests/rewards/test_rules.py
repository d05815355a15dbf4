"""Reward rules as data: rounding, values picked by decision date, catalogue changes as new rows."""
import datetime as dt
from decimal import Decimal

import pytest

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import AuditLog, AwardForm
from ideas.rewards import rules
from tests.support.factories.accounts import make_unit, make_user


@pytest.mark.parametrize(("amount", "expected"), [
    (Decimal("702000"), 710_000),      # 0.3 x 2,340,000
    (Decimal("710000"), 710_000),      # an exact multiple stays
    (Decimal("710001"), 720_000),      # 1 VND over goes up a full step
    (Decimal("709999.99"), 710_000),
    (Decimal("0"), 0),
])
def test_round_up_edges(amount, expected):
    assert rules.round_up(amount, Decimal(10_000)) == expected


def test_round_up_is_decimal_exact():
    # 0.3 as a float times 2,340,000 is 701999.9999999999; Decimal keeps it exact.
    assert rules.round_up(Decimal("0.3") * Decimal(2_340_000), Decimal(10_000)) == 710_000
    assert rules.round_up(Decimal("0.1") * Decimal(100_000), Decimal(10_000)) == 10_000


def test_base_salary_by_decision_date(session):
    assert rules.value_on(session, "base_salary", dt.date(2024, 6, 30)) == Decimal(1_800_000)
    assert rules.value_on(session, "base_salary", dt.date(2024, 7, 1)) == Decimal(2_340_000)
    assert rules.compute_amount(session, "GIAY_KHEN", dt.date(2024, 6, 30)).amount == 540_000
    assert rules.compute_amount(session, "GIAY_KHEN", dt.date(2024, 7, 1)).amount == 710_000


def test_coefficient_by_decision_date(session):
    assert rules.award_form_on(session, "BK_TINH", dt.date(2025, 6, 30)).coefficient == Decimal("1.0")
    assert rules.award_form_on(session, "BK_TINH", dt.date(2025, 7, 1)).coefficient == Decimal("1.5")
    assert rules.compute_amount(session, "BK_TINH", dt.date(2025, 6, 30)).amount == 2_340_000
    assert rules.compute_amount(session, "BK_TINH", dt.date(2025, 7, 1)).amount == 3_510_000


def test_collective_doubles(session):
    price = rules.compute_amount(session, "GIAY_KHEN", dt.date(2025, 8, 1), collective=True)
    assert price.multiplier == Decimal(2)
    assert price.amount == 1_410_000  # 0.3 x 2,340,000 x 2 = 1,404,000 -> 1,410,000


def test_admin_adds_base_salary_row(session):
    admin = make_user(session, roles=[("admin", None)])
    rules.add_rule_value(session=session, actor=admin, key="base_salary", value="2530000",
                         effective_from=dt.date(2026, 7, 1), legal_basis="Nghị định giả định 2026")
    assert rules.value_on(session, "base_salary", dt.date(2026, 6, 30)) == Decimal(2_340_000)
    assert rules.value_on(session, "base_salary", dt.date(2026, 7, 1)) == Decimal(2_530_000)
    assert session.query(AuditLog).filter_by(action="rewards.rule_add").count() == 1
    with pytest.raises(ValidationError):
        rules.add_rule_value(session=session, actor=admin, key="base_salary", value="1",
                             effective_from=dt.date(2026, 7, 1), legal_basis="trùng ngày")
    with pytest.raises(ValidationError):
        rules.add_rule_value(session=session, actor=admin, key="base_salary", value="abc",
                             effective_from=dt.date(2027, 1, 1), legal_basis="x")


def test_rules_need_permission(session):
    officer = make_user(session, roles=[("reward_officer", make_unit(session))])
    with pytest.raises(PermissionDenied):
        rules.add_rule_value(session=session, actor=officer, key="rounding_step", value=1000,
                             effective_from=dt.date(2026, 1, 1), legal_basis="x")


def test_coefficient_change_is_a_new_row(session):
    admin = make_user(session, roles=[("admin", None)])
    new = rules.change_coefficient(session=session, actor=admin, code="GIAY_KHEN", coefficient="0.4",
                                   effective_from=dt.date(2026, 1, 1), legal_basis="Quyết định tỉnh 2026")
    rows = session.query(AwardForm).filter_by(code="GIAY_KHEN").order_by(AwardForm.effective_from).all()
    assert len(rows) == 2
    assert rows[0].effective_to == dt.date(2025, 12, 31) and rows[0].coefficient == Decimal("0.3")
    assert rows[1].id == new.id and rows[1].effective_to is None and rows[1].coefficient == Decimal("0.4")
    assert rules.award_form_on(session, "GIAY_KHEN", dt.date(2025, 12, 31)).coefficient == Decimal("0.3")
    assert rules.award_form_on(session, "GIAY_KHEN", dt.date(2026, 1, 1)).coefficient == Decimal("0.4")
    with pytest.raises(ValidationError):  # not before the row it would replace
        rules.change_coefficient(session=session, actor=admin, code="GIAY_KHEN", coefficient="0.5",
                                 effective_from=dt.date(2025, 6, 1), legal_basis="x")


def test_add_and_edit_award_form(session):
    admin = make_user(session, roles=[("admin", None)])
    form = rules.add_award_form(session=session, actor=admin, code="gk_so", name_vi="Giấy khen của Giám đốc Sở",
                                name_en="Director's certificate", kind="form", level="unit",
                                allows_individual=True, allows_collective=True, coefficient="0.3",
                                effective_from=dt.date(2024, 1, 1), legal_basis="Nghị định 98/2023/NĐ-CP")
    assert form.code == "GK_SO"
    rules.update_award_form(session=session, actor=admin, form_id=form.id, name_vi="Giấy khen Giám đốc Sở",
                            name_en="Director's certificate", kind="form", level="unit",
                            allows_individual=True, allows_collective=False, legal_basis=None)
    assert form.name_vi == "Giấy khen Giám đốc Sở" and not form.allows_collective
    assert len(rules.catalogue(session)) == 9


@pytest.mark.parametrize(("typed", "value"), [
    ("2.340.000", "2340000"), ("2,340,000", "2340000"), ("2.340.000 đ", "2340000"), ("0,3", "0.3"),
    ("0.3", "0.3"), ("1,5", "1.5"), ("1.234,5", "1234.5"), ("2530000", "2530000")])
def test_numbers_typed_the_vietnamese_way(typed, value):
    assert rules.to_decimal(typed) == Decimal(value)
