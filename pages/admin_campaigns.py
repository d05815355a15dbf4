"""Admin: submission campaigns (list, open, edit, close) and whether free suggestions are accepted."""
import datetime as dt

import streamlit as st

import ui
from ideas.accounts import units
from ideas.core.i18n import fmt_date
from ideas.filing import campaigns

user = ui.require_user()
ui.page_header("ideas.campaign.title", "ideas.campaign.help")

with ui.db().read_session() as session:
    table = campaigns.campaign_table(session)
    unit_labels = dict(units.unit_options(session))
    rubric_labels = dict(campaigns.rubric_options(session))
    free_allowed = campaigns.free_suggestions_allowed(session)

free = st.toggle(ui.T("ideas.campaign.free_toggle"), value=free_allowed, key="camp_free")
if free != free_allowed:
    if ui.run(lambda s: campaigns.set_free_suggestions(session=s, actor=ui.load_actor(s, user), allowed=free),
              success=ui.T("ideas.campaign.free_saved")):
        st.rerun()

if table.empty:
    st.info(ui.T("ideas.campaign.empty"))
else:
    lang = ui.lang()
    shown = table.assign(
        unit_name=[name if isinstance(name, str) else ui.T("ideas.campaign.whole_province")
                   for name in table.unit_name],
        opens_on=[fmt_date(d, lang) for d in table.opens_on], closes_on=[fmt_date(d, lang) for d in table.closes_on],
        reviewers_per_idea=[int(n) if n == n and n is not None else 0 for n in table.reviewers_per_idea],
    )
    st.dataframe(
        shown[["name", "year", "unit_name", "opens_on", "closes_on", "rubric_name", "blind_review",
               "reviewers_per_idea", "active"]],
        hide_index=True, width="stretch",
        column_config={
            "name": ui.T("ideas.campaign.col.name"), "year": st.column_config.NumberColumn(
                ui.T("ideas.campaign.col.year"), format="%d"),
            "unit_name": ui.T("ideas.campaign.col.unit"), "opens_on": ui.T("ideas.campaign.col.opens_on"),
            "closes_on": ui.T("ideas.campaign.col.closes_on"), "rubric_name": ui.T("ideas.campaign.col.rubric"),
            "blind_review": st.column_config.CheckboxColumn(ui.T("ideas.campaign.col.blind_review")),
            "reviewers_per_idea": ui.T("ideas.campaign.col.reviewers_per_idea"),
            "active": st.column_config.CheckboxColumn(ui.T("ideas.campaign.col.active")),
        },
    )

unit_choices = [None, *unit_labels]
rubric_choices = list(rubric_labels)


def unit_label(unit_id):  # noqa: ANN001, ANN201
    return ui.T("ideas.campaign.whole_province") if unit_id is None else unit_labels.get(unit_id, str(unit_id))


def fields(prefix: str, current: dict) -> dict:
    """The campaign inputs; widget keys keep what was typed when a save fails."""
    today = dt.date.today()
    values = {
        "name": st.text_input(ui.T("ideas.campaign.col.name"), value=current.get("name", ""), key=prefix + "name"),
        "year": int(st.number_input(ui.T("ideas.campaign.col.year"), min_value=2000, max_value=2100, step=1,
                                    value=int(current.get("year", today.year)), key=prefix + "year")),
        "unit_id": st.selectbox(ui.T("ideas.campaign.col.unit"), unit_choices, format_func=unit_label,
                                index=unit_choices.index(current.get("unit_id"))
                                if current.get("unit_id") in unit_choices else 0, key=prefix + "unit"),
    }
    col1, col2 = st.columns(2)
    values["opens_on"] = col1.date_input(ui.T("ideas.campaign.col.opens_on"), value=current.get("opens_on", today),
                                         format="DD/MM/YYYY", key=prefix + "opens")
    values["closes_on"] = col2.date_input(ui.T("ideas.campaign.col.closes_on"),
                                          value=current.get("closes_on", today + dt.timedelta(days=60)),
                                          format="DD/MM/YYYY", key=prefix + "closes")
    if rubric_choices:
        rubric = current.get("rubric_id")
        values["rubric_id"] = st.selectbox(ui.T("ideas.campaign.col.rubric"), rubric_choices,
                                           format_func=rubric_labels.get, key=prefix + "rubric",
                                           index=rubric_choices.index(rubric) if rubric in rubric_choices else 0)
    values["blind_review"] = st.checkbox(ui.T("ideas.campaign.col.blind_review"),
                                         value=bool(current.get("blind_review", False)), key=prefix + "blind")
    reviewers = int(st.number_input(ui.T("ideas.campaign.col.reviewers_per_idea"), min_value=0, step=1,
                                    value=int(current.get("reviewers_per_idea") or 0), key=prefix + "reviewers"))
    values["reviewers_per_idea"] = reviewers or None
    return values


add_tab, edit_tab = st.tabs([ui.T("ideas.campaign.add"), ui.T("ideas.campaign.edit")])
with add_tab, st.form("campaign_add", clear_on_submit=False):
    new = fields("camp_add_", {})
    if st.form_submit_button(ui.T("ideas.campaign.create"), type="primary"):
        if ui.run(lambda s: campaigns.create_campaign(session=s, actor=ui.load_actor(s, user), **new),
                  success=ui.T("ideas.campaign.saved")):
            st.rerun()

with edit_tab:
    if table.empty:
        st.info(ui.T("ideas.campaign.empty"))
    else:
        names = {int(r.id): f"{r.name} ({r.year})" for r in table.itertuples()}
        picked = st.selectbox(ui.T("ideas.campaign.pick"), list(names), format_func=names.get, key="camp_pick")
        row = table[table.id == picked].iloc[0].to_dict()
        row["unit_id"] = None if row["unit_id"] != row["unit_id"] or row["unit_id"] is None else int(row["unit_id"])
        row["rubric_id"] = None if row["rubric_id"] != row["rubric_id"] else row["rubric_id"]
        row["reviewers_per_idea"] = (None if row["reviewers_per_idea"] != row["reviewers_per_idea"]
                                     else row["reviewers_per_idea"])
        with st.form(f"campaign_edit_{picked}", clear_on_submit=False):
            edited = fields(f"camp_edit_{picked}_", row)
            active = st.checkbox(ui.T("ideas.campaign.col.active"), value=bool(row["active"]),
                                 key=f"camp_edit_{picked}_active")
            if st.form_submit_button(ui.T("ideas.campaign.save"), type="primary"):
                if ui.run(lambda s: campaigns.update_campaign(session=s, actor=ui.load_actor(s, user),
                                                              campaign_id=int(picked), active=active, **edited),
                          success=ui.T("ideas.campaign.saved")):
                    st.rerun()
        if bool(row["active"]) and st.button(ui.T("ideas.campaign.close"), key="camp_close"):
            if ui.run(lambda s: campaigns.close_campaign(session=s, actor=ui.load_actor(s, user),
                                                         campaign_id=int(picked)),
                      success=ui.T("ideas.campaign.closed")):
                st.rerun()
