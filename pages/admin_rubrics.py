"""Admin: scoring rubrics as data — view criteria and bands, create a rubric, choose a campaign's rubric."""
import streamlit as st

import ui
from ideas.core import clock, settings
from ideas.core.errors import DomainError
from ideas.review import admin_rubrics_view as view
from ideas.review import rubrics

user = ui.require_user()
ui.page_header("review.rubrics.title", "review.rubrics.help")

data = ui.read(view.rubrics, lang=ui.lang())
ui.table(data.table, column_config={
    "name": ui.T("review.rubrics.name"), "effective_from": ui.T("review.rubrics.from"),
    "criteria": ui.T("review.rubrics.criteria"), "total_points": ui.T("review.rubrics.total"),
    "legal_basis": ui.T("review.rubrics.basis")})

if data.names:
    rubric_id = ui.pick("review.rubrics.pick", data.names, "rubric_pick")
    for criterion in ui.read(view.criteria, lang=ui.lang(), rubric_id=rubric_id):
        with st.expander(ui.plain(criterion.title)):
            ui.table(criterion.bands,
                     column_config={k: ui.T(f"review.rubrics.col.{k}") for k in ("min", "max", "label")})

    if data.campaigns:
        st.subheader(ui.T("review.rubrics.assign"))
        campaign_id = ui.pick("review.col.campaign", data.campaigns, "rubric_campaign")
        if st.button(ui.T("review.rubrics.assign_submit"), key="rubric_assign"):
            ui.act(rubrics.set_campaign_rubric, success=ui.T("review.rubrics.saved"), rerun=True,
                   campaign_id=campaign_id, rubric_id=rubric_id)

st.subheader(ui.T("review.rubrics.new"))
name = st.text_input(ui.T("review.rubrics.name"), key="rubric_new_name")
basis = st.text_input(ui.T("review.rubrics.basis"), key="rubric_new_basis")
since = st.date_input(ui.T("review.rubrics.from"), value=clock.today(), key="rubric_new_from",
                      **settings.DATE_INPUT)
st.caption(ui.T("review.rubrics.editor_help"))
template = view.starter_criteria()
edited = st.data_editor(template, num_rows="dynamic", width="stretch", key="rubric_new_criteria",
                        column_config={k: ui.T(f"review.rubrics.col.{k}") for k in template.columns})
if st.button(ui.T("review.rubrics.create"), type="primary", key="rubric_create"):
    try:  # a band typed wrongly is said in Vietnamese, naming the band, and nothing is saved
        rows = [{**row, "bands": rubrics.parse_bands(row.get("bands") or "")}
                for row in edited.to_dict("records") if row.get("code")]
    except DomainError as error:
        ui.show_error(error)
    else:
        ui.act(rubrics.create_rubric, success=ui.T("review.rubrics.saved"), rerun=True, name=name,
               effective_from=since, legal_basis=basis, criteria=rows)
