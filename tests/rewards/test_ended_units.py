"""No collective award to a unit that ended in a reorganisation; individuals keep their unit at the time."""
import datetime as dt

import pytest
from sqlalchemy import select

from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text
from ideas.core.models import AwardItem, RuleValue
from ideas.rewards import awards, ended_units
from tests.support.factories.accounts import make_user
from tests.support.factories.history import LEGAL_BASIS, build_reorganised


@pytest.fixture
def province(session):
    w = build_reorganised(session)
    officer = make_user(session, unit=w.units["P"], password=None, roles=[("reward_officer", None)])
    award_list = awards.create_list(session=session, actor=officer, title="Khen thưởng năm 2025", year=2025,
                                    unit_id=w.units["P"].id)
    return w, officer, award_list


def test_a_collective_award_to_a_merged_unit_is_refused_naming_the_event(session, province):
    w, officer, award_list = province
    with pytest.raises(ValidationError) as refused:
        awards.add_collective(session=session, actor=officer, list_id=award_list.id, unit_id=w.units["X1"].id,
                              form_code="GIAY_KHEN")
    message = error_text(refused.value, "vi")
    assert "Xã Một" in message and "01/07/2025" in message and LEGAL_BASIS in message
    assert "15/2025/TT-BNV" in message and "hợp nhất" in message
    awards.add_collective(session=session, actor=officer, list_id=award_list.id, unit_id=w.units["X12"].id,
                          form_code="GIAY_KHEN")  # the successor may be awarded


def test_the_rule_is_data_with_an_effective_date(session, province):
    w, officer, award_list = province
    assert ended_units.rule_on(session, dt.date(2025, 6, 30)).refuses is False
    assert ended_units.rule_on(session, dt.date(2025, 7, 1)).refuses is True
    session.add(RuleValue(key=ended_units.RULE_KEY, value=0, effective_from=dt.date(2025, 8, 1),
                          legal_basis="Văn bản thử nghiệm"))
    session.flush()
    awards.add_collective(session=session, actor=officer, list_id=award_list.id, unit_id=w.units["X1"].id,
                          form_code="GIAY_KHEN")  # a later row that allows it is in force today


def test_a_list_holding_a_unit_that_ended_since_cannot_be_submitted(session, province):
    w, officer, award_list = province
    from ideas.accounts import reorganisation
    from ideas.core.permissions import SYSTEM

    awards.add_collective(session=session, actor=officer, list_id=award_list.id, unit_id=w.units["X3"].id,
                          form_code="GIAY_KHEN")
    reorganisation.apply_event(session=session, actor=SYSTEM, kind="dissolve", old_codes=["X3"], new_codes=[],
                               effective_on=dt.date(2025, 9, 1), legal_basis="Nghị quyết 9/NQ")
    with pytest.raises(ValidationError) as refused:
        awards.submit_list(session=session, actor=officer, list_id=award_list.id)
    assert refused.value.key == "history.error.award_ended_unit.dissolve"
    assert "Nghị quyết 9/NQ" in error_text(refused.value, "vi")


def test_an_individual_award_records_the_unit_at_the_time_with_its_successor(session, province):
    w, officer, award_list = province
    person, idea = w.users["x1a"], w.ideas["B3"]  # filed in X1 in May 2025; x1a is in X12 now
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=person.id,
                          form_code="GIAY_KHEN", idea_id=idea.id)
    item = session.scalar(select(AwardItem).where(AwardItem.user_id == person.id))
    assert item.unit_id == w.units["X1"].id
    assert item.position_unit == "Xã Một (nay là Xã Hợp Nhất)"
