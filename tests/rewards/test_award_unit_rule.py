"""One rule for the unit an award counts under: the rewards ledger and the dashboard agree, unit by unit."""
from __future__ import annotations

import datetime as dt

from ideas.core.permissions import SYSTEM
from ideas.dashboards import reports
from ideas.rewards import awards, rewards_ledger_view
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea


def test_an_author_who_moved_is_counted_under_the_same_unit_in_the_ledger_and_on_the_dashboard(session):
    province = make_unit(session, kind="province", name="UBND tỉnh Thử")
    old = make_unit(session, parent=province, name="Sở Cũ", code="CU")
    new = make_unit(session, parent=province, name="Sở Mới", code="MOI")
    admin = SYSTEM  # the reward officer's and the approver's permissions are not what is tested here
    author = make_user(session, unit=old, full_name="Ngô Chuyển Công Tác", password=None)
    idea = make_recognised_idea(session, authors=[author], unit=old, decided_on=dt.date(2026, 2, 2))
    author.unit_id = new.id  # moved before the award: the decision names her in her new unit
    session.flush()
    award_list = awards.create_list(session=session, actor=admin, title="Khen thưởng", year=2026, unit_id=None)
    awards.add_individual(session=session, actor=admin, list_id=award_list.id, user_id=author.id,
                          form_code="GIAY_KHEN", idea_id=idea.id)
    awards.submit_list(session=session, actor=admin, list_id=award_list.id)
    awards.approve_list(session=session, actor=admin, list_id=award_list.id, decision_no="5/QĐ-UBND",
                        decision_date=dt.date(2026, 3, 3), signer="Lê Văn Ký", signer_title="Chủ tịch")

    ledger = rewards_ledger_view.totals(session=session, actor=SYSTEM, lang="vi", year=2026).table
    assert list(ledger.unit) == ["Sở Mới"]
    dashboard = reports.rewards_by_unit_form(session=session, actor=SYSTEM, year=2026)
    counted = {r["code"]: r["awards"] for r in dashboard.to_dict("records") if r["awards"]}
    assert counted == {"MOI": 1}
