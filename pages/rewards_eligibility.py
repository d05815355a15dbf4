"""Eligibility: who may qualify for which title in a year, and the yearly ratings the officer enters."""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from ideas.core.errors import ImportFailed
from ideas.core.i18n import t
from ideas.rewards import awards, eligibility

user = ui.require_user()
ui.page_header("rewards.elig.title", "rewards.elig.help")

left, right = st.columns(2)
year = int(left.number_input(ui.T("rewards.year"), min_value=2000, max_value=2100, value=dt.date.today().year,
                             step=1, key="re_year"))
with ui.db().read_session() as session:
    choices = awards.unit_choices(session, actor=ui.load_actor(session, user), action="rewards.view")
labels = dict(choices)
unit_id = right.selectbox(ui.T("rewards.elig.subtree"), [None] + [u for u in labels if u is not None],
                          key="re_unit", format_func=lambda i: ui.T("rewards.elig.all_units") if i is None
                          else labels[i])

with ui.db().read_session() as session:
    actor = ui.load_actor(session, user)
    frame = eligibility.candidates(session, actor=actor, year=year, unit_id=unit_id)
    form_names = {code: name for code, name in awards.form_options(session, dt.date(year, 12, 31))}

tab_candidates, tab_ratings = st.tabs([ui.T("rewards.elig.candidates"), ui.T("rewards.elig.ratings")])

with tab_candidates:
    if frame.empty:
        st.info(ui.T("rewards.elig.empty", year=year))
    else:
        counts: dict[str, int] = {}
        for codes in frame.qualifies:
            for code in codes:
                counts[code] = counts.get(code, 0) + 1
        metrics = st.columns(max(1, min(4, len(counts))))
        for index, (code, count) in enumerate(sorted(counts.items())):
            metrics[index % len(metrics)].metric(form_names.get(code, code), count)
        shown = pd.DataFrame({
            "name": frame.full_name, "unit": frame.unit, "recognised": frame.recognised,
            "scope": [ui.T(f"rewards.scope.{s}") if isinstance(s, str) else "" for s in frame.best_scope],
            "rating": [ui.T(f"rewards.rating.{r}") if isinstance(r, str) else ui.T("rewards.elig.not_entered")
                       for r in frame.task_rating],
            "advanced": frame.advanced_worker, "streak": frame.cs_streak,
            "qualifies": ["; ".join(form_names.get(c, c) for c in codes) for codes in frame.qualifies],
            "missing": ["; ".join(t(key, ui.lang(), **params) for key, params in items) for items in frame.missing],
        })
        st.dataframe(shown, hide_index=True, width="stretch", column_config={
            "name": ui.T("rewards.col.name"), "unit": ui.T("rewards.lists.col.unit"),
            "recognised": ui.T("rewards.elig.col.recognised"), "scope": ui.T("rewards.elig.col.scope"),
            "rating": ui.T("rewards.elig.col.rating"),
            "advanced": st.column_config.CheckboxColumn(ui.T("rewards.elig.col.advanced")),
            "streak": ui.T("rewards.elig.col.streak"), "qualifies": ui.T("rewards.elig.col.qualifies"),
            "missing": ui.T("rewards.elig.col.missing")})
        st.caption(ui.T("rewards.elig.note"))

with tab_ratings:
    st.caption(ui.T("rewards.elig.ratings_help"))
    with ui.db().read_session() as session:
        ratings = eligibility.ratings_frame(session, actor=ui.load_actor(session, user), year=year, unit_id=unit_id)
    if ratings.empty:
        st.info(ui.T("rewards.elig.no_staff"))
    else:
        rating_labels = {r: ui.T(f"rewards.rating.{r}") for r in eligibility.TASK_RATINGS}
        edited = st.data_editor(
            ratings, key=f"re_editor_{year}_{unit_id}", hide_index=True, width="stretch",
            disabled=["user_id", "username", "full_name", "unit"],
            column_config={
                "user_id": None, "username": ui.T("rewards.elig.col.username"),
                "full_name": ui.T("rewards.col.name"), "unit": ui.T("rewards.lists.col.unit"),
                "task_rating": st.column_config.SelectboxColumn(ui.T("rewards.elig.col.rating"),
                                                                options=list(eligibility.TASK_RATINGS)),
                "advanced_worker": st.column_config.CheckboxColumn(ui.T("rewards.elig.col.advanced")),
                "research_accepted": st.column_config.CheckboxColumn(ui.T("rewards.elig.col.research"))})
        st.caption(" · ".join(f"{code} = {label}" for code, label in rating_labels.items()))
        if st.button(ui.T("rewards.elig.save_ratings"), key="re_save", type="primary"):
            cols = ["task_rating", "advanced_worker", "research_accepted"]
            changed = edited[(edited[cols].fillna("").astype(str) != ratings[cols].fillna("").astype(str)).any(axis=1)]
            rows = [(int(r.user_id), r.task_rating if isinstance(r.task_rating, str) else None,
                     bool(r.advanced_worker), bool(r.research_accepted)) for r in changed.itertuples()]

            def save(s):  # noqa: ANN001, ANN202
                actor = ui.load_actor(s, user)
                for user_id, task_rating, advanced, research in rows:
                    eligibility.set_rating(session=s, actor=actor, user_id=user_id, year=year,
                                           task_rating=task_rating, advanced_worker=advanced,
                                           research_accepted=research)
                return len(rows)

            if ui.run(save, success=ui.T("rewards.elig.saved", count=len(rows))):
                st.rerun()

    st.markdown("**" + ui.T("rewards.elig.import") + "**")
    st.caption(ui.T("rewards.elig.import_help"))
    upload = st.file_uploader(ui.T("rewards.elig.import_file"), type=["csv", "xlsx"], key="re_upload")
    if upload is not None and st.button(ui.T("rewards.elig.import_run"), key="re_import"):
        content = upload.getvalue()
        try:
            with ui.action() as s:
                count = eligibility.import_ratings(session=s, actor=ui.load_actor(s, user), year=year,
                                                   content=content, filename=upload.name)
            ui.flash(ui.T("rewards.elig.saved", count=count))
            st.rerun()
        except ui.ActionFailed as failed:
            ui.show_error(failed.error)
            if isinstance(failed.error, ImportFailed):
                st.dataframe(pd.DataFrame([{"row": r.row, "error": t(r.key, ui.lang(), value=r.value)}
                                           for r in failed.error.rows]), hide_index=True)
