"""Admin: each unit's yearly commitments (targets under the reform directive), edited as a table, and progress."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.core.errors import DomainError
from ideas.dashboards import commitments, screen

user = ui.require_user()
ui.page_header("dash.commit.title", "dash.commit.help")
today = clock.today()

year = st.selectbox(ui.T("dash.commit.year"), list(range(today.year + 1, today.year - 5, -1)), index=1,
                    key="commit_year", placeholder=ui.T("core.choose_option"))

try:
    table = ui.read(commitments.commitment_table, year=year)
except DomainError as error:
    ui.show_error(error)
    st.stop()

editable = list(commitments.FIELDS)
view = table.assign(name=["\u2003" * int(level) + name for level, name in zip(table.level, table.name, strict=True)])
edited = st.data_editor(
    view[["unit_id", "name", *editable, "committed"]],
    key=f"commit_editor_{year}", hide_index=True, num_rows="fixed",
    disabled=["unit_id", "name", "committed"],
    column_config={
        "unit_id": None,
        "name": ui.T("dash.col.unit"),
        "min_ideas": st.column_config.NumberColumn(ui.T("dash.commit.col.min_ideas"), min_value=0, step=1),
        "participation_target_pct": st.column_config.NumberColumn(
            ui.T("dash.commit.col.participation_target_pct"), min_value=0, max_value=100, step=0.5),
        "reports_baseline": st.column_config.NumberColumn(ui.T("dash.commit.col.reports_baseline"), min_value=0,
                                                          step=1),
        "reports_cut_target_pct": st.column_config.NumberColumn(
            ui.T("dash.commit.col.reports_cut_target_pct"), min_value=0, max_value=100, step=1),
        "reports_cut_actual": st.column_config.NumberColumn(ui.T("dash.commit.col.reports_cut_actual"),
                                                            min_value=0, step=1),
        "committed": st.column_config.CheckboxColumn(ui.T("dash.commit.col.committed")),
    },
)

# Only rows that already have a commitment or whose values were edited are saved.
original = table.set_index("unit_id")[editable]
changed_rows = []
for row in edited.to_dict("records"):
    before = original.loc[row["unit_id"]]
    if row["committed"] or any(float(row[f] or 0) != float(before[f]) for f in editable):
        changed_rows.append(row)

if st.button(ui.T("dash.commit.save"), type="primary", key="commit_save"):
    saved = ui.act(commitments.save_commitments, year=year, rows=changed_rows)
    if saved:
        ui.flash(ui.T("dash.commit.saved", count=ui.num(saved.value)))
        st.rerun()

st.subheader(ui.T("dash.commit.progress"))
st.caption(ui.T("dash.commit.rule"))
progress = ui.read(commitments.progress, year=year, today=today)
if progress.empty:
    st.info(ui.T("dash.commit.none"))
else:
    st.dataframe(screen.display_table(progress, ui.lang()), hide_index=True)
