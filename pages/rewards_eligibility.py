"""Eligibility: who may qualify for which title in a year, and the yearly ratings the officer enters."""
import streamlit as st

import ui
from ideas.core import clock, settings
from ideas.core.errors import ImportFailed
from ideas.rewards import eligibility
from ideas.rewards import rewards_eligibility_view as view_of

user = ui.require_user()
ui.page_header("rewards.elig.title", "rewards.elig.help")

ui.follow_link("re_year", "idea", ui.read(view_of.linked_year, raw=ui.link_param("idea"), lang=ui.lang()))
left, right = st.columns(2)
year = int(left.number_input(ui.T("rewards.year"), min_value=2000, max_value=2100, step=1, key="re_year",
                             **({} if "re_year" in st.session_state else {"value": clock.today().year})))
unit_id = ui.pick("rewards.elig.subtree", ui.read(view_of.subtrees, lang=ui.lang()), "re_unit", container=right)
view = ui.read(view_of.overview, year=year, unit_id=unit_id, lang=ui.lang())

tab_candidates, tab_ratings = st.tabs([ui.T("rewards.elig.candidates"), ui.T("rewards.elig.ratings")])

with tab_candidates:
    if view.candidates.empty:
        st.info(ui.T("rewards.elig.empty", year=year))
    else:
        metrics = st.columns(max(1, min(4, len(view.counts))))
        for index, (form_name, count) in enumerate(view.counts):
            metrics[index % len(metrics)].metric(ui.plain(form_name), count)  # form names are admin data
        ui.table(view.candidates, column_config={
            name: st.column_config.TextColumn(ui.T(key), pinned=pinned)
            for name, (key, pinned) in view_of.CANDIDATE_COLUMNS.items()})
        st.caption(ui.T("rewards.elig.note"))

with tab_ratings:
    st.caption(ui.T("rewards.elig.ratings_help"))
    if view.ratings.empty:
        st.info(ui.T("rewards.elig.no_staff"))
    else:
        edited = st.data_editor(
            view.ratings, key=f"re_editor_{year}_{unit_id}", hide_index=True, width="stretch",
            disabled=["user_id", "username", "full_name", "unit"],
            column_config={
                "user_id": None, "username": ui.T("rewards.elig.col.username"),
                "full_name": st.column_config.TextColumn(ui.T("rewards.col.name"), pinned=True),
                "unit": ui.T("rewards.lists.col.unit"),
                "task_rating": st.column_config.SelectboxColumn(
                    ui.T("rewards.elig.col.rating"), options=list(eligibility.TASK_RATINGS),
                    format_func=lambda r: ui.T(f"rewards.rating.{r}")),
                "advanced_worker": st.column_config.CheckboxColumn(ui.T("rewards.elig.col.advanced")),
                "research_accepted": st.column_config.CheckboxColumn(ui.T("rewards.elig.col.research"))})
        if st.button(ui.T("rewards.elig.save_ratings"), key="re_save", type="primary"):
            rows = view_of.changed_ratings(view.ratings, edited)
            ui.act(eligibility.set_ratings, success=ui.T("rewards.elig.saved", count=len(rows)), rerun=True,
                   year=year, rows=rows)

    if view.may_rate:
        st.markdown("**" + ui.T("rewards.elig.import") + "**")
        st.caption(ui.T("rewards.elig.import_help"))
        upload = st.file_uploader(ui.T("rewards.elig.import_file"), type=list(eligibility.FILE_TYPES),
                                  max_upload_size=settings.UPLOAD_LIMIT_MB, key="re_upload")
        if upload is not None and st.button(ui.T("rewards.elig.import_run"), key="re_import"):
            imported = ui.act(eligibility.import_ratings, rerun=True, year=year, content=upload.getvalue(),
                              filename=upload.name,
                              after=lambda count: ui.flash(ui.T("rewards.elig.saved", count=ui.num(count))))
            if isinstance(imported.error, ImportFailed):
                ui.table(view_of.import_errors(imported.error, ui.lang()))
