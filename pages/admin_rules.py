"""Admin: reward rules as data: base salary table, rounding step, collective multiplier, award catalogue."""
import datetime as dt

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import ui
from ideas.core import clock, settings
from ideas.core.words import SCOPES
from ideas.rewards import admin_rules_view, rules


def rule_section(view: admin_rules_view.RulesView, key: str, tab: DeltaGenerator, today: dt.date) -> None:
    with tab:
        rows = view.values[key]
        if rows.empty:
            st.info(ui.T("rewards.rules.none"))
        else:
            ui.table(rows, column_config={
                "value": ui.T(f"rewards.rules.key.{key}"), "effective_from": ui.T("rewards.rules.effective_from"),
                "legal_basis": ui.T("rewards.rules.legal_basis")})
        with st.form(f"ar_add_{key}"):
            st.write(ui.T("rewards.rules.add_value"))
            value = st.text_input(ui.T(f"rewards.rules.key.{key}"), key=f"ar_{key}_value",
                                  placeholder=view.current[key],
                                  help=ui.T("rewards.rules.current", value=ui.plain(view.current[key] or "—")))
            since = st.date_input(ui.T("rewards.rules.effective_from"), value=today,
                                  key=f"ar_{key}_from", **settings.DATE_INPUT)
            basis = st.text_input(ui.T("rewards.rules.legal_basis"), key=f"ar_{key}_basis")
            if st.form_submit_button(ui.T("rewards.rules.add"), type="primary", key=f"ar_{key}_submit"):
                ui.act(rules.add_rule_value, success=ui.T("rewards.saved"), rerun=True, key=key, value=value,
                       effective_from=since, legal_basis=basis)


user = ui.require_user()
ui.page_header("rewards.rules.title", "rewards.rules.help")
today = clock.today()
view = ui.read(admin_rules_view.overview, lang=ui.lang())
tabs = st.tabs([ui.T("rewards.rules.key.base_salary"), ui.T("rewards.rules.key.rounding_step"),
                ui.T("rewards.rules.key.collective_multiplier"), ui.T("rewards.rules.key.scope_valid_years"),
                ui.T("rewards.rules.catalogue")])
for rule_key, rule_tab in zip(rules.RULE_KEYS, tabs[:-1], strict=True):
    rule_section(view, rule_key, rule_tab, today)

with tabs[-1]:
    ui.table(view.catalogue, column_config={
        "name": st.column_config.TextColumn(ui.T("rewards.rules.name_vi" if ui.lang() == "vi" else
                                                 "rewards.rules.name_en"), pinned=True),
        "kind": ui.T("rewards.rules.kind"), "level": ui.T("rewards.rules.level"),
        "allows_individual": st.column_config.CheckboxColumn(ui.T("rewards.kind.individual")),
        "allows_collective": st.column_config.CheckboxColumn(ui.T("rewards.kind.collective")),
        "coefficient": ui.T("rewards.col.coefficient"), "effective_from": ui.T("rewards.rules.effective_from"),
        "effective_to": ui.T("rewards.rules.effective_to"), "legal_basis": ui.T("rewards.rules.legal_basis")})
    change_tab, edit_tab, add_tab = st.tabs([ui.T("rewards.rules.change_coefficient"),
                                             ui.T("rewards.rules.edit_form"), ui.T("rewards.rules.add_form")])
    with change_tab, st.form("ar_coef"):
        st.caption(ui.T("rewards.rules.change_help"))
        code = ui.pick("rewards.rules.pick_form", view.code_names, "ar_coef_code")
        coefficient = st.text_input(ui.T("rewards.col.coefficient"), key="ar_coef_value")
        since = st.date_input(ui.T("rewards.rules.effective_from"), value=today, key="ar_coef_from",
                              **settings.DATE_INPUT)
        basis = st.text_input(ui.T("rewards.rules.legal_basis"), key="ar_coef_basis")
        if st.form_submit_button(ui.T("rewards.rules.add"), type="primary"):
            ui.act(rules.change_coefficient, success=ui.T("rewards.saved"), rerun=True, code=code,
                   coefficient=coefficient, effective_from=since, legal_basis=basis)
    with edit_tab:
        labels = view.form_labels
        form_id = ui.pick("rewards.rules.pick_form", labels, "ar_edit_pick")
        row = view.forms[view.forms.id == form_id].iloc[0]
        with st.form(f"ar_edit_{form_id}"):
            name_vi = st.text_input(ui.T("rewards.rules.name_vi"), value=row.name_vi)
            name_en = st.text_input(ui.T("rewards.rules.name_en"), value=row.name_en)
            kind = ui.selectbox(ui.T("rewards.rules.kind"), rules.KINDS, index=rules.KINDS.index(row.kind),
                                format_func=lambda v: ui.T(f"rewards.form_kind.{v}"))
            level = ui.selectbox(ui.T("rewards.rules.level"), SCOPES, index=SCOPES.index(row.level),
                                 format_func=lambda v: ui.T(f"rewards.scope.{v}"))
            individual = st.checkbox(ui.T("rewards.kind.individual"), value=bool(row.allows_individual))
            collective = st.checkbox(ui.T("rewards.kind.collective"), value=bool(row.allows_collective))
            basis = st.text_input(ui.T("rewards.rules.legal_basis"),
                                  value=row.legal_basis if isinstance(row.legal_basis, str) else "")
            if st.form_submit_button(ui.T("rewards.save"), type="primary"):
                ui.act(rules.update_award_form, success=ui.T("rewards.saved"), rerun=True, form_id=form_id,
                       name_vi=name_vi, name_en=name_en, kind=kind, level=level, allows_individual=individual,
                       allows_collective=collective, legal_basis=basis)
    with add_tab, st.form("ar_new_form"):
        new_code = st.text_input(ui.T("rewards.rules.code"), key="ar_new_code")
        new_vi = st.text_input(ui.T("rewards.rules.name_vi"), key="ar_new_vi")
        new_en = st.text_input(ui.T("rewards.rules.name_en"), key="ar_new_en")
        new_kind = ui.selectbox(ui.T("rewards.rules.kind"), rules.KINDS, key="ar_new_kind",
                                format_func=lambda v: ui.T(f"rewards.form_kind.{v}"))
        new_level = ui.selectbox(ui.T("rewards.rules.level"), SCOPES, key="ar_new_level",
                                 format_func=lambda v: ui.T(f"rewards.scope.{v}"))
        new_individual = st.checkbox(ui.T("rewards.kind.individual"), value=True, key="ar_new_ind")
        new_collective = st.checkbox(ui.T("rewards.kind.collective"), key="ar_new_coll")
        new_coef = st.text_input(ui.T("rewards.col.coefficient"), key="ar_new_coef")
        new_from = st.date_input(ui.T("rewards.rules.effective_from"), value=today, key="ar_new_from",
                                 **settings.DATE_INPUT)
        new_basis = st.text_input(ui.T("rewards.rules.legal_basis"), key="ar_new_basis")
        if st.form_submit_button(ui.T("rewards.rules.add"), type="primary"):
            ui.act(rules.add_award_form, success=ui.T("rewards.saved"), rerun=True, code=new_code, name_vi=new_vi,
                   name_en=new_en, kind=new_kind, level=new_level, allows_individual=new_individual,
                   allows_collective=new_collective, coefficient=new_coef, effective_from=new_from,
                   legal_basis=new_basis)
