"""Reward ledger: everyone sees their own awards; officers and leaders see totals by year, unit and form."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.core.i18n import fmt_date, fmt_number
from ideas.rewards import awards

user = ui.require_user()
ui.page_header("rewards.ledger.title", "rewards.ledger.help")

st.subheader(ui.T("rewards.ledger.mine"))
mine = ui.read(awards.my_awards)
if mine.empty:
    st.info(ui.T("rewards.ledger.mine_empty"))
else:
    shown = mine.fillna({"achievement": "", "decision_no": ""})
    shown = shown.assign(decision_date=[fmt_date(d, ui.lang()) for d in mine.decision_date],
                        amount=[fmt_number(v, ui.lang()) for v in mine.amount])
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "year": ui.T("rewards.year"), "form": ui.T("rewards.col.form"),
        "achievement": ui.T("rewards.col.achievement"), "decision_no": ui.T("rewards.col.decision_no"),
        "decision_date": ui.T("rewards.col.decision_date"), "amount": ui.T("rewards.col.amount")})

if user.has("reward_officer", "leader", "admin"):
    st.subheader(ui.T("rewards.ledger.totals"))
    all_years = st.checkbox(ui.T("rewards.ledger.all_years"), value=True, key="rg_all_years")
    year = None if all_years else int(st.number_input(ui.T("rewards.year"), min_value=2000, max_value=2100,
                                                      value=clock.today().year, step=1, key="rg_year"))
    totals = ui.read(awards.ledger_totals, year=year)
    if totals.empty:
        st.info(ui.T("rewards.ledger.totals_empty"))
    else:
        st.metric(ui.T("rewards.col.total"), f"{fmt_number(int(totals.total.sum()), ui.lang())} đ")
        shown = totals.fillna({"unit": ""}).assign(total=[fmt_number(v, ui.lang()) for v in totals.total])
        st.dataframe(shown[["year", "unit", "form", "recipients", "total"]], hide_index=True,
                     width="stretch", column_config={
                         "year": ui.T("rewards.year"), "unit": ui.T("rewards.lists.col.unit"),
                         "form": ui.T("rewards.col.form"), "recipients": ui.T("rewards.ledger.recipients"),
                         "total": ui.T("rewards.col.total")})
