"""Council rules as dated data: recording, choosing by campaign or unit, two-tier levels, the campaign page."""
from __future__ import annotations

import datetime as dt

import pytest

from ideas.core.errors import NotFound, PermissionDenied, ValidationError
from ideas.core.models import Campaign, CouncilRule
from ideas.filing import admin_campaigns_view, campaigns, council_rules
from ideas.tooling.demo_rules import BAC_NINH_2025
from tests.support.factories.accounts import make_unit, make_user


@pytest.fixture
def province(session):
    root = make_unit(session, code="BN", name="UBND tỉnh Bắc Ninh", kind="province")
    commune = make_unit(session, code="BN.XA", name="Xã Phù Lãng", kind="commune", parent=root)
    admin = make_user(session, roles=[("admin", None)])
    council_rules.add_rule_set(session=session, actor=admin, unit_id=root.id, **BAC_NINH_2025)
    return {"root": root, "commune": commune, "admin": admin}


def test_the_national_default_is_reference_data(session):
    found = council_rules.for_unit(session, None, on=dt.date(2026, 1, 1))
    assert (found.code, found.approval_ratio, found.quorum_ratio) == ("national", "2/3", "2/3")
    assert "Thông tư 18/2013" in found.legal_basis


def test_a_province_set_governs_its_subtree_from_its_date(session, province):
    on_set = council_rules.for_unit(session, province["commune"].id, on=dt.date(2026, 3, 1))
    assert (on_set.code, on_set.approval_ratio, on_set.deadlines) == ("bac_ninh_2025", "7/10", ("06-30", "11-30"))
    before = council_rules.for_unit(session, province["commune"].id, on=dt.date(2025, 6, 30))
    assert before.code == "national"
    elsewhere = make_unit(session, code="HN")
    assert council_rules.for_unit(session, elsewhere.id, on=dt.date(2026, 3, 1)).code == "national"
    assert on_set.next_deadline(dt.date(2026, 7, 1)) == dt.date(2026, 11, 30)
    assert on_set.next_deadline(dt.date(2026, 12, 1)) == dt.date(2027, 6, 30)


def test_a_newer_version_replaces_the_old_from_its_date(session, province):
    council_rules.add_rule_set(session=session, actor=province["admin"], unit_id=province["root"].id,
                               **{**BAC_NINH_2025, "approval_ratio": "3/4", "effective_from": dt.date(2027, 1, 1)})
    commune = province["commune"].id
    assert council_rules.for_unit(session, commune, on=dt.date(2026, 12, 31)).approval_ratio == "7/10"
    assert council_rules.for_unit(session, commune, on=dt.date(2027, 1, 1)).approval_ratio == "3/4"


@pytest.mark.parametrize(("change", "key"), [
    ({"approval_ratio": "0"}, "councilrules.error.ratio"), ({"approval_ratio": "120%"}, "councilrules.error.ratio"),
    ({"quorum_ratio": "hai phần ba"}, "councilrules.error.ratio"),
    ({"rounds": ["13-01"]}, "councilrules.error.deadline"),
    ({"rounds": [f"{m:02d}-01" for m in range(1, 13)] + ["12-31"]}, "councilrules.error.rounds"),
    ({"levels": {"district": "unit"}}, "councilrules.error.district"),
    ({"levels": {"ward": "unit"}}, "councilrules.error.level"),
    ({"levels": {"commune": "regional"}}, "councilrules.error.scope"),
    ({"legal_basis": " "}, "error.field_blank"),
    ({}, "councilrules.error.duplicate"),
])
def test_bad_rule_sets_are_refused(session, province, change, key):
    with pytest.raises(ValidationError) as caught:
        council_rules.add_rule_set(session=session, actor=province["admin"], **{**BAC_NINH_2025, **change})
    assert caught.value.key == key


def test_only_managers_of_the_unit_record_rules(session, province):
    staff = make_user(session, unit=province["commune"])
    with pytest.raises(PermissionDenied):
        council_rules.add_rule_set(session=session, actor=staff, **{**BAC_NINH_2025, "code": "x"})


def test_campaigns_name_a_set_and_a_level_but_no_district_under_two_tier(session, province):
    admin = province["admin"]
    base = {"name": "Đợt 2026", "year": 2026, "opens_on": dt.date(2026, 2, 1), "closes_on": dt.date(2026, 5, 1)}
    with pytest.raises(ValidationError) as caught:
        campaigns.create_campaign(session=session, actor=admin, council_level="district", **base)
    assert caught.value.key == "councilrules.error.district"
    with pytest.raises(NotFound):
        campaigns.create_campaign(session=session, actor=admin, council_rule_code="hanoi", **base)
    campaign = campaigns.create_campaign(session=session, actor=admin, council_rule_code="bac_ninh_2025",
                                         council_level="commune", **base)
    assert (campaign.council_rule_code, campaign.council_level) == ("bac_ninh_2025", "commune")
    # a campaign of before 1 July 2025 keeps its district council, even when edited
    old = Campaign(name="Đợt 2024", year=2024, opens_on=dt.date(2024, 3, 1), closes_on=dt.date(2024, 6, 1),
                   council_level="district")
    session.add(old)
    session.flush()
    campaigns.update_campaign(session=session, actor=admin, campaign_id=old.id, name="Đợt 2024 (sửa)", year=2024,
                              opens_on=old.opens_on, closes_on=old.closes_on, council_level="district")
    assert old.council_level == "district"


def test_the_campaign_page_shows_the_rules_with_basis_and_deadlines(session, province):
    admin = province["admin"]
    campaign = campaigns.create_campaign(session=session, actor=admin, name="Đợt xã Phù Lãng", year=2026,
                                         opens_on=dt.date(2026, 2, 1), closes_on=dt.date(2026, 5, 1),
                                         unit_id=province["commune"].id, council_level="commune")
    page = admin_campaigns_view.admin_campaigns_view(session=session, actor=admin, lang="vi")
    lines = page.rules[campaign.id]
    text = "\n".join(lines)
    assert "theo mẫu Bắc Ninh 2025" in text and "01/07/2025" in text
    assert "đồng ý từ 70%" in text and "có mặt từ 2/3" in text
    assert "2 đợt xét mỗi năm" in text and "30/06/2026" in text and "30/11/2026" in text
    assert "Cấp xã công nhận phạm vi Cơ sở" in text and "Hội đồng của đợt này: Cấp xã" in text
    assert "Bắc Ninh năm 2025" in lines[-1]
    shown = page.shown.set_index("name").loc["Đợt xã Phù Lãng", "council"]
    assert "70%" in shown
    assert "district" not in page.levels and "bac_ninh_2025" in page.rule_sets
    english = admin_campaigns_view.admin_campaigns_view(session=session, actor=admin, lang="en")
    assert "Recognised when 70% of the members agree" in "\n".join(english.rules[campaign.id])


def test_staff_filing_into_a_campaign_see_its_council_rules(session, province):
    from ideas.filing import ideas_submit_view

    admin = province["admin"]
    campaign = campaigns.create_campaign(session=session, actor=admin, name="Đợt đang mở", year=2026,
                                         opens_on=campaigns.today() - dt.timedelta(days=1),
                                         closes_on=campaigns.today() + dt.timedelta(days=30),
                                         unit_id=province["commune"].id)
    staff = make_user(session, unit=province["commune"], roles=[("staff", None)])
    view = ideas_submit_view.submit_form_view(session=session, actor=staff, lang="vi",
                                              values={"owner_id": staff.id, "campaign": campaign.id})
    assert any("đồng ý từ 70%" in line for line in view.campaign_rules)
    assert any("Bắc Ninh năm 2025" in line for line in view.campaign_rules)


def _per_ancestor(session, unit_id, on):
    """The choice as it was made before one query replaced a query per ancestor: the oracle of the next test."""
    from sqlalchemy import select

    from ideas.core.models import Unit

    if unit_id is not None:
        path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) or ""
        ancestors = [int(part) for part in path.strip("/").split("/") if part]
    else:
        ancestors = list(session.scalars(select(Unit.id).where(Unit.parent_id.is_(None)).order_by(Unit.id)))
    for ancestor in [*reversed(ancestors), None]:
        where = CouncilRule.unit_id.is_(None) if ancestor is None else CouncilRule.unit_id == ancestor
        row = council_rules._version(session, where, on)
        if row is not None:
            return council_rules._read(row)
    return None


def test_the_nearest_set_in_force_is_chosen_as_one_query_per_ancestor_chose_it(session, province):
    """Nested units, several top-level units (a province-wide campaign looks at each), versions that start and
    end, two versions in force at once: every unit and day gives the set that a query per ancestor gave."""
    admin, root = province["admin"], province["root"]
    other_root = make_unit(session, code="HN", name="UBND Hà Nội", kind="province")
    third_root = make_unit(session, code="HP", name="UBND Hải Phòng", kind="province")
    dept = make_unit(session, code="BN.SO", name="Sở Nội vụ", parent=root)
    office = make_unit(session, code="BN.SO.P", name="Phòng Cải cách", parent=dept)
    base = {**BAC_NINH_2025, "legal_basis": "Quyết định thử"}
    council_rules.add_rule_set(session=session, actor=admin, unit_id=dept.id,
                               **{**base, "code": "so", "effective_from": dt.date(2026, 1, 1),
                                  "effective_to": dt.date(2026, 6, 30)})
    council_rules.add_rule_set(session=session, actor=admin, unit_id=dept.id,
                               **{**base, "code": "so_b", "effective_from": dt.date(2026, 1, 1)})
    council_rules.add_rule_set(session=session, actor=admin, unit_id=other_root.id,
                               **{**base, "code": "hn", "effective_from": dt.date(2025, 9, 1)})
    council_rules.add_rule_set(session=session, actor=admin, unit_id=other_root.id,
                               **{**base, "code": "hn", "approval_ratio": "3/4", "effective_from": dt.date(2026, 3, 1)})
    council_rules.add_rule_set(session=session, actor=admin, unit_id=None,
                               **{**base, "code": "national_2027", "effective_from": dt.date(2027, 1, 1)})
    units = [None, root.id, other_root.id, third_root.id, dept.id, office.id, province["commune"].id]
    days = [dt.date(2024, 1, 1), dt.date(2025, 7, 1), dt.date(2025, 9, 1), dt.date(2026, 1, 1), dt.date(2026, 3, 1),
            dt.date(2026, 6, 30), dt.date(2026, 7, 1), dt.date(2027, 1, 1)]
    for unit_id in units:
        for on in days:
            assert council_rules.for_unit(session, unit_id, on=on) == _per_ancestor(session, unit_id, on), (unit_id, on)
    assert council_rules.for_unit(session, office.id, on=dt.date(2026, 3, 1)).code == "so_b"  # the later-made one
    assert council_rules.for_unit(session, None, on=dt.date(2026, 3, 1)).approval_ratio == "3/4"  # HN, highest id
    assert council_rules.for_unit(session, third_root.id, on=dt.date(2027, 1, 1)).code == "national_2027"
