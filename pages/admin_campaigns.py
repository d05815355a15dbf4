"""Admin: submission campaigns (list, open, edit, close) and whether free suggestions are accepted."""
import datetime as dt

import streamlit as st

import ui
from ideas.core import clock
from ideas.filing import campaigns

ui.require_user()
ui.page_header("ideas.campaign.title", "ideas.campaign.help")
page = ui.read(campaigns.admin_view, lang=ui.lang())
table, unit_labels, rubric_labels = page.table, page.units, page.rubrics

free = st.toggle(ui.T("ideas.campaign.free_toggle"), value=page.free_allowed, key="camp_free")
if free != page.free_allowed and ui.act(campaigns.set_free_suggestions, allowed=free,
                                        success=ui.T("ideas.campaign.free_saved")):
    st.rerun()

if table.empty:
    st.info(ui.T("ideas.campaign.empty"))
else:
    shown = page.shown
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
    today = clock.today()
    values = {
        "name": st.text_input(ui.T("ideas.campaign.col.name"), value=current.get("name", ""), key=prefix + "name"),
        "year": int(st.number_input(ui.T("ideas.campaign.col.year"), min_value=2000, max_value=2100, step=1,
                                    value=int(current.get("year", today.year)), key=prefix + "year")),
        "unit_id": st.selectbox(ui.T("ideas.campaign.col.unit"), unit_choices, format_func=unit_label,
                                index=unit_choices.index(current.get("unit_id"))
                                if current.get("unit_id") in unit_choices else 0, key=prefix + "unit",
                                placeholder=ui.T("core.choose_option")),
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
                                           index=rubric_choices.index(rubric) if rubric in rubric_choices else 0,
                                           placeholder=ui.T("core.choose_option"))
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
        if ui.act(campaigns.create_campaign, success=ui.T("ideas.campaign.saved"), **new):
            st.rerun()

with edit_tab:
    if table.empty:
        st.info(ui.T("ideas.campaign.empty"))
    else:
        names = {int(r.id): f"{r.name} ({r.year})" for r in table.itertuples()}
        picked = st.selectbox(ui.T("ideas.campaign.pick"), list(names), format_func=names.get, key="camp_pick",
                              placeholder=ui.T("core.choose_option"))
        row = table[table.id == picked].iloc[0].to_dict()
        with st.form(f"campaign_edit_{picked}", clear_on_submit=False):
            edited = fields(f"camp_edit_{picked}_", row)
            active = st.checkbox(ui.T("ideas.campaign.col.active"), value=bool(row["active"]),
                                 key=f"camp_edit_{picked}_active")
            if st.form_submit_button(ui.T("ideas.campaign.save"), type="primary"):
                if ui.act(campaigns.update_campaign, campaign_id=int(picked), active=active,
                          success=ui.T("ideas.campaign.saved"), **edited):
                    st.rerun()
        if bool(row["active"]) and st.button(ui.T("ideas.campaign.close"), key="camp_close"):
            if ui.act(campaigns.close_campaign, campaign_id=int(picked), success=ui.T("ideas.campaign.closed")):
                st.rerun()
