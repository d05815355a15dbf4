"""Admin: submission campaigns (list, open, edit, close) and whether free suggestions are accepted."""
import datetime as dt

import streamlit as st

import ui
from ideas.core import clock, settings
from ideas.filing import admin_campaigns_view, campaigns, council_rules


def index_of(options: dict, value: object) -> int:
    return list(options).index(value) if value in options else 0


def fields(prefix: str, view: admin_campaigns_view.CampaignAdmin,
           current: admin_campaigns_view.CampaignForm | None = None) -> dict:
    """The campaign inputs; widget keys keep what was typed when a save fails."""
    today = clock.today()
    values = {
        "name": st.text_input(ui.T("ideas.campaign.col.name"), value=current.name if current else "",
                              key=prefix + "name"),
        "year": int(st.number_input(ui.T("ideas.campaign.col.year"), step=1,
                                    value=current.year if current else today.year, key=prefix + "year")),
        "unit_id": ui.pick("ideas.campaign.col.unit", view.units, prefix + "unit",
                           index=index_of(view.units, current.unit_id if current else None)),
    }
    col1, col2 = st.columns(2)
    values["opens_on"] = col1.date_input(ui.T("ideas.campaign.col.opens_on"),
                                         value=current.opens_on if current else today,
                                         **settings.DATE_INPUT, key=prefix + "opens")
    values["closes_on"] = col2.date_input(ui.T("ideas.campaign.col.closes_on"),
                                          value=current.closes_on if current else today + dt.timedelta(days=60),
                                          **settings.DATE_INPUT, key=prefix + "closes")
    if view.rubrics:
        values["rubric_id"] = ui.pick("ideas.campaign.col.rubric", view.rubrics, prefix + "rubric",
                                      index=index_of(view.rubrics, current.rubric_id if current else None))
    rule_set = current.council_rule_code if current else None
    values["council_rule_code"] = ui.pick("councilrules.col.rule_set", view.rule_sets, prefix + "rules",
                                          index=index_of(view.rule_sets, rule_set))
    levels = dict(view.levels)
    if current and current.council_level and current.council_level not in levels:  # an old district council
        levels[current.council_level] = ui.T(f"councilrules.level.{current.council_level}")
    values["council_level"] = ui.pick("councilrules.col.level", levels, prefix + "level",
                                      index=index_of(levels, current.council_level if current else None))
    values["blind_review"] = st.checkbox(ui.T("ideas.campaign.col.blind_review"),
                                         value=current.blind_review if current else False, key=prefix + "blind")
    reviewers = int(st.number_input(ui.T("ideas.campaign.col.reviewers_per_idea"), step=1,
                                    value=(current.reviewers_per_idea or 0) if current else 0,
                                    key=prefix + "reviewers"))
    values["reviewers_per_idea"] = reviewers or None
    return values


ui.require_user()
ui.page_header("ideas.campaign.title", "ideas.campaign.help")
page = ui.read(admin_campaigns_view.admin_campaigns_view, lang=ui.lang())

free = st.toggle(ui.T("ideas.campaign.free_toggle"), value=page.free_allowed, key="camp_free")
if free != page.free_allowed:
    ui.act(campaigns.set_free_suggestions, allowed=free, success=ui.T("ideas.campaign.free_saved"), rerun=True)

if not page.campaigns:
    st.info(ui.T("ideas.campaign.empty"))
else:
    ui.table(page.shown, column_config={
        "name": ui.T("ideas.campaign.col.name"), "year": st.column_config.NumberColumn(
            ui.T("ideas.campaign.col.year"), format="%d"),
        "unit_name": ui.T("ideas.campaign.col.unit"), "opens_on": ui.T("ideas.campaign.col.opens_on"),
        "closes_on": ui.T("ideas.campaign.col.closes_on"), "rubric_name": ui.T("ideas.campaign.col.rubric"),
        "council": ui.T("councilrules.col.rules"),
        "blind_review": st.column_config.CheckboxColumn(ui.T("ideas.campaign.col.blind_review")),
        "reviewers_per_idea": ui.T("ideas.campaign.col.reviewers_per_idea"),
        "active": st.column_config.CheckboxColumn(ui.T("ideas.campaign.col.active")),
    })

add_tab, edit_tab, rules_tab = st.tabs([ui.T("ideas.campaign.add"), ui.T("ideas.campaign.edit"),
                                       ui.T("councilrules.add")])
with add_tab, st.form("campaign_add", clear_on_submit=False):
    new = fields("camp_add_", page)
    if st.form_submit_button(ui.T("ideas.campaign.create"), type="primary"):
        ui.act(campaigns.create_campaign, success=ui.T("ideas.campaign.saved"), rerun=True, **new)

with rules_tab, st.form("council_rules_add"):
    st.caption(ui.T("councilrules.add_help"))
    left, right = st.columns(2)
    rule = {"code": left.text_input(ui.T("councilrules.col.code"), key="cr_code"),
            "name": right.text_input(ui.T("councilrules.col.name"), key="cr_name"),
            "unit_id": ui.pick("councilrules.col.unit", page.units, "cr_unit", container=left),
            "effective_from": right.date_input(ui.T("councilrules.col.effective_from"), value=clock.today(),
                                               **settings.DATE_INPUT, key="cr_from"),
            "approval_ratio": left.text_input(ui.T("councilrules.col.approval"), value="2/3", key="cr_approval"),
            "quorum_ratio": right.text_input(ui.T("councilrules.col.quorum"), value="2/3", key="cr_quorum")}
    levels = {}
    for column, level, default in zip(st.columns(3), ("commune", "department", "province"),
                                      ("unit", "unit", "provincial"), strict=True):
        levels[level] = ui.pick(f"councilrules.level.{level}", page.scopes, f"cr_level_{level}", container=column,
                                index=index_of(page.scopes, default))
    rule["levels"] = {level: scope for level, scope in levels.items() if scope}
    rounds = st.text_input(ui.T("councilrules.col.rounds"), value="06-30, 12-15", key="cr_rounds")
    rule["rounds"] = [part.strip() for part in rounds.split(",") if part.strip()]
    rule["legal_basis"] = st.text_area(ui.T("councilrules.col.legal_basis"), key="cr_basis")
    if st.form_submit_button(ui.T("councilrules.add"), type="primary"):
        ui.act(council_rules.add_rule_set, success=ui.T("councilrules.saved"), rerun=True, **rule)

with edit_tab:
    if not page.campaigns:
        st.info(ui.T("ideas.campaign.empty"))
    else:
        picked = ui.pick("ideas.campaign.pick", {i: c.label for i, c in page.campaigns.items()}, "camp_pick")
        chosen = page.campaigns[picked]
        with st.container(border=True):
            st.markdown(f"**{ui.T('councilrules.col.rules')}**")
            for line in page.rules[picked]:
                st.text(line)
        with st.form(f"campaign_edit_{picked}", clear_on_submit=False):
            edited = fields(f"camp_edit_{picked}_", page, chosen)
            active = st.checkbox(ui.T("ideas.campaign.col.active"), value=chosen.active,
                                 key=f"camp_edit_{picked}_active")
            if st.form_submit_button(ui.T("ideas.campaign.save"), type="primary"):
                ui.act(campaigns.update_campaign, campaign_id=int(picked), active=active,
                       success=ui.T("ideas.campaign.saved"), rerun=True, **edited)
        if chosen.active and st.button(ui.T("ideas.campaign.close"), key="camp_close"):
            ui.act(campaigns.close_campaign, campaign_id=int(picked), success=ui.T("ideas.campaign.closed"), rerun=True)
