"""Admin: each unit's yearly commitments (targets under the reform directive), edited as a table, and progress."""
import datetime as dt

import streamlit as st

import ui
from ideas.core.errors import DomainError
from ideas.dashboards import commitments

user = ui.require_user()
ui.page_header("dash.commit.title", "dash.commit.help")
today = dt.date.today()

year = st.selectbox(ui.T("dash.commit.year"), list(range(today.year + 1, today.year - 5, -1)), index=1,
                    key="commit_year")

with ui.db().read_session() as session:
    try:
        table = commitments.commitment_table(session=session, actor=ui.load_actor(session, user), year=year)
    except DomainError as error:
        ui.show_error(error)
        st.stop()

editable = list(commitments.FIELDS)
view = table.assign(name=["\u2003" * int(level) + name for level, name in zip(table.level, table.name, strict=True)])
edited = st.data_editor(
    view[["unit_id", "code", "name", *editable, "committed"]],
    key=f"commit_editor_{year}", hide_index=True, num_rows="fixed",
    disabled=["unit_id", "code", "name", "committed"],
    column_config={
        "unit_id": None,
        "code": ui.T("dash.col.code"), "name": ui.T("dash.col.unit"),
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
    count = ui.run(lambda s: commitments.save_commitments(session=s, actor=ui.load_actor(s, user), year=year,
                                                          rows=changed_rows))
    if count is not None:
        ui.flash(ui.T("dash.commit.saved", count=count))
        st.rerun()

st.subheader(ui.T("dash.commit.progress"))
st.caption(ui.T("dash.commit.rule"))
with ui.db().read_session() as session:
    progress = commitments.progress(session=session, actor=ui.load_actor(session, user), year=year, today=today)
if progress.empty:
    st.info(ui.T("dash.commit.none"))
else:
    shown = progress.drop(columns=["unit_id", "months_elapsed"]).copy()
    for column in ("ideas_status", "participation_status", "reports_status", "overall"):
        shown[column] = [ui.T(f"dash.commit.status.{v}") for v in shown[column]]
    headings = {c: ui.T(f"dash.commit.col.{c}") for c in shown.columns}
    headings.update({"code": ui.T("dash.col.code"), "name": ui.T("dash.col.unit"),
                     "headcount": ui.T("dash.col.headcount"), "ideas": ui.T("dash.col.ideas")})
    st.dataframe(shown.rename(columns=headings), hide_index=True)
