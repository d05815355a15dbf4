"""The reward ledger page's view (no Streamlit): one's own awards and the totals, money and dates in Vietnamese."""
import datetime as dt

from ideas.rewards import awards
from ideas.rewards import rewards_ledger_view as view_of
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea


def test_own_awards_and_totals_read_in_vietnamese(session):
    unit = make_unit(session, kind="district", name="UBND huyện Sổ")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    author = make_user(session, unit=unit, full_name="Lý Thị Sổ")
    make_recognised_idea(session, authors=[author], unit=unit)
    assert view_of.mine(session=session, actor=author, lang="vi").empty
    award_list = awards.create_list(session=session, actor=officer, title="khen thưởng", year=2025, unit_id=unit.id)
    awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=author.id,
                          form_code="GIAY_KHEN")
    awards.submit_list(session=session, actor=officer, list_id=award_list.id)
    awards.approve_list(session=session, actor=officer, list_id=award_list.id, decision_no="15/QĐ-UBND",
                        decision_date=dt.date(2025, 8, 5), signer="Lê Văn Ký", signer_title="Chủ tịch")
    mine = view_of.mine(session=session, actor=author, lang="vi")
    assert list(mine.columns) == ["year", "form", "achievement", "decision_no", "decision_date", "amount"]
    assert mine.iloc[0]["amount"] == "710.000" and mine.iloc[0]["decision_date"] == "05/08/2025"
    totals = view_of.totals(session=session, actor=officer, lang="vi", year=2025)
    assert list(totals.table.columns) == ["year", "unit", "form", "recipients", "total"]
    assert totals.total == "710.000" and totals.table.iloc[0]["unit"] == "UBND huyện Sổ"
    assert view_of.totals(session=session, actor=officer, lang="vi", year=2024).total == "0"
