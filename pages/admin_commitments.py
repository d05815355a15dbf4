"""Admin: each unit's yearly commitments (targets under the reform directive), edited as a table, and progress."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.core.errors import DomainError
from ideas.dashboards import admin_commitments_view as view
from ideas.dashboards import commitments

user = ui.require_user()
ui.page_header("dash.commit.title", "dash.commit.help")
today = clock.today()

year = ui.selectbox(ui.T("dash.commit.year"), view.years(today), index=1, key="commit_year")

try:
    targets = ui.read(view.targets, lang=ui.lang(), year=year)
except DomainError as error:
    ui.show_error(error)
    st.stop()

edited = st.data_editor(
    targets.table,
    key=f"commit_editor_{year}", hide_index=True, num_rows="fixed",
    disabled=["unit_id", "name", "committed"],
    column_config={
        "unit_id": None,
        "name": ui.T("dash.col.unit"),
        # Whole numbers shown whole ("30", not "30.0"): the grid's own decimals would be English (a dot). No
        # min/max: the service checks each value and names the column (the grid would refuse in English).
        "min_ideas": st.column_config.NumberColumn(ui.T("dash.commit.col.min_ideas"), step=1),
        "participation_target_pct": st.column_config.NumberColumn(
            ui.T("dash.commit.col.participation_target_pct"), step=1, format="%d"),
        "reports_baseline": st.column_config.NumberColumn(ui.T("dash.commit.col.reports_baseline"), step=1),
        "reports_cut_target_pct": st.column_config.NumberColumn(
            ui.T("dash.commit.col.reports_cut_target_pct"), step=1, format="%d"),
        "reports_cut_actual": st.column_config.NumberColumn(ui.T("dash.commit.col.reports_cut_actual"), step=1),
        "committed": st.column_config.CheckboxColumn(ui.T("dash.commit.col.committed")),
    },
)

if st.button(ui.T("dash.commit.save"), type="primary", key="commit_save"):
    ui.act(commitments.save_commitments, rerun=True, year=year, rows=view.changed_rows(targets.original, edited),
           after=lambda count: ui.flash(ui.T("dash.commit.saved", count=ui.num(count))))

st.subheader(ui.T("dash.commit.progress"))
st.caption(ui.T("dash.commit.rule"))
progress = ui.read(view.progress, lang=ui.lang(), year=year, today=today)
if progress.empty:
    st.info(ui.T("dash.commit.none"))
else:
    ui.table(progress)
