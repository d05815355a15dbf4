"""Reward ledger: everyone sees their own awards; officers and leaders see totals by year, unit and form."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.rewards import rewards_ledger_view as view

user = ui.require_user()
ui.page_header("rewards.ledger.title", "rewards.ledger.help")

st.subheader(ui.T("rewards.ledger.mine"))
mine = ui.read(view.mine, lang=ui.lang())
if mine.empty:
    st.info(ui.T("rewards.ledger.mine_empty"))
else:
    ui.table(mine, column_config={
        "year": ui.T("rewards.year"), "form": ui.T("rewards.col.form"),
        "achievement": ui.T("rewards.col.achievement"), "decision_no": ui.T("rewards.col.decision_no"),
        "decision_date": ui.T("rewards.col.decision_date"), "amount": ui.T("rewards.col.amount")})

if user.has("reward_officer", "leader", "admin"):
    st.subheader(ui.T("rewards.ledger.totals"))
    all_years = st.checkbox(ui.T("rewards.ledger.all_years"), value=True, key="rg_all_years")
    year = None if all_years else int(st.number_input(ui.T("rewards.year"), min_value=2000, max_value=2100,
                                                      value=clock.today().year, step=1, key="rg_year"))
    totals = ui.read(view.totals, lang=ui.lang(), year=year)
    if totals.table.empty:
        st.info(ui.T("rewards.ledger.totals_empty"))
    else:
        st.metric(ui.T("rewards.col.total"), f"{totals.total} đ")
        ui.table(totals.table, column_config={
            "year": ui.T("rewards.year"), "unit": ui.T("rewards.lists.col.unit"), "form": ui.T("rewards.col.form"),
            "recipients": ui.T("rewards.ledger.recipients"), "total": ui.T("rewards.col.total")})
