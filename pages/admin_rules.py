"""Admin: reward rules as data: base salary table, rounding step, collective multiplier, award catalogue."""
import datetime as dt

import streamlit as st

import ui
from ideas.core.i18n import fmt_date
from ideas.rewards import rules

user = ui.require_user()
ui.page_header("rewards.rules.title", "rewards.rules.help")

with ui.db().read_session() as session:
    values = rules.rule_table(session)
    catalogue = rules.catalogue(session)


def rule_section(key: str, tab) -> None:  # noqa: ANN001
    with tab:
        rows = values[values.key == key]
        if rows.empty:
            st.info(ui.T("rewards.rules.none"))
        else:
            shown = rows.assign(value=[f"{v:,.4f}".rstrip("0").rstrip(".") for v in rows.value],
                                effective_from=[fmt_date(d, ui.lang()) for d in rows.effective_from])
            st.dataframe(shown[["value", "effective_from", "legal_basis"]], hide_index=True,
                         width="stretch", column_config={
                             "value": ui.T(f"rewards.rules.key.{key}"),
                             "effective_from": ui.T("rewards.rules.effective_from"),
                             "legal_basis": ui.T("rewards.rules.legal_basis")})
        with st.form(f"ar_add_{key}"):
            st.write(ui.T("rewards.rules.add_value"))
            value = st.text_input(ui.T(f"rewards.rules.key.{key}"), key=f"ar_{key}_value")
            since = st.date_input(ui.T("rewards.rules.effective_from"), value=dt.date.today(),
                                  key=f"ar_{key}_from", format="DD/MM/YYYY")
            basis = st.text_input(ui.T("rewards.rules.legal_basis"), key=f"ar_{key}_basis")
            if st.form_submit_button(ui.T("rewards.rules.add"), type="primary", key=f"ar_{key}_submit"):
                if ui.run(lambda s: rules.add_rule_value(session=s, actor=ui.load_actor(s, user), key=key,
                                                         value=value, effective_from=since, legal_basis=basis),
                          success=ui.T("rewards.saved")):
                    st.rerun()


tabs = st.tabs([ui.T("rewards.rules.key.base_salary"), ui.T("rewards.rules.key.rounding_step"),
                ui.T("rewards.rules.key.collective_multiplier"), ui.T("rewards.rules.key.scope_valid_years"),
                ui.T("rewards.rules.catalogue")])
for rule_key, rule_tab in zip(rules.RULE_KEYS, tabs[:-1], strict=True):
    rule_section(rule_key, rule_tab)

with tabs[-1]:
    shown = catalogue.assign(effective_from=[fmt_date(d, ui.lang()) for d in catalogue.effective_from],
                             effective_to=[fmt_date(d, ui.lang()) if isinstance(d, dt.date) else ""
                                           for d in catalogue.effective_to],
                             coefficient=[str(c) for c in catalogue.coefficient])
    st.dataframe(shown.drop(columns=["id"]), hide_index=True, width="stretch", column_config={
        "code": ui.T("rewards.rules.code"), "name_vi": ui.T("rewards.rules.name_vi"),
        "name_en": ui.T("rewards.rules.name_en"), "kind": ui.T("rewards.rules.kind"),
        "level": ui.T("rewards.rules.level"),
        "allows_individual": st.column_config.CheckboxColumn(ui.T("rewards.kind.individual")),
        "allows_collective": st.column_config.CheckboxColumn(ui.T("rewards.kind.collective")),
        "coefficient": ui.T("rewards.col.coefficient"), "effective_from": ui.T("rewards.rules.effective_from"),
        "effective_to": ui.T("rewards.rules.effective_to"), "legal_basis": ui.T("rewards.rules.legal_basis")})
    codes = sorted(set(catalogue.code))
    change_tab, edit_tab, add_tab = st.tabs([ui.T("rewards.rules.change_coefficient"),
                                             ui.T("rewards.rules.edit_form"), ui.T("rewards.rules.add_form")])
    with change_tab, st.form("ar_coef"):
        st.caption(ui.T("rewards.rules.change_help"))
        code = st.selectbox(ui.T("rewards.rules.code"), codes, key="ar_coef_code")
        coefficient = st.text_input(ui.T("rewards.col.coefficient"), key="ar_coef_value")
        since = st.date_input(ui.T("rewards.rules.effective_from"), value=dt.date.today(), key="ar_coef_from",
                              format="DD/MM/YYYY")
        basis = st.text_input(ui.T("rewards.rules.legal_basis"), key="ar_coef_basis")
        if st.form_submit_button(ui.T("rewards.rules.add"), type="primary"):
            if ui.run(lambda s: rules.change_coefficient(session=s, actor=ui.load_actor(s, user), code=code,
                                                         coefficient=coefficient, effective_from=since,
                                                         legal_basis=basis), success=ui.T("rewards.saved")):
                st.rerun()
    with edit_tab:
        labels = {int(r.id): f"{r.code} — {r.name_vi} ({fmt_date(r.effective_from, ui.lang())})"
                  for r in catalogue.itertuples()}
        form_id = st.selectbox(ui.T("rewards.rules.pick_form"), list(labels), format_func=labels.get,
                               key="ar_edit_pick")
        row = catalogue[catalogue.id == form_id].iloc[0]
        with st.form(f"ar_edit_{form_id}"):
            name_vi = st.text_input(ui.T("rewards.rules.name_vi"), value=row.name_vi)
            name_en = st.text_input(ui.T("rewards.rules.name_en"), value=row.name_en)
            kind = st.selectbox(ui.T("rewards.rules.kind"), rules.KINDS, index=rules.KINDS.index(row.kind))
            level = st.selectbox(ui.T("rewards.rules.level"), rules.LEVELS, index=rules.LEVELS.index(row.level),
                                 format_func=lambda v: ui.T(f"rewards.scope.{v}"))
            individual = st.checkbox(ui.T("rewards.kind.individual"), value=bool(row.allows_individual))
            collective = st.checkbox(ui.T("rewards.kind.collective"), value=bool(row.allows_collective))
            basis = st.text_input(ui.T("rewards.rules.legal_basis"),
                                  value=row.legal_basis if isinstance(row.legal_basis, str) else "")
            if st.form_submit_button(ui.T("rewards.save"), type="primary"):
                if ui.run(lambda s: rules.update_award_form(
                        session=s, actor=ui.load_actor(s, user), form_id=form_id, name_vi=name_vi, name_en=name_en,
                        kind=kind, level=level, allows_individual=individual, allows_collective=collective,
                        legal_basis=basis), success=ui.T("rewards.saved")):
                    st.rerun()
    with add_tab, st.form("ar_new_form"):
        new_code = st.text_input(ui.T("rewards.rules.code"), key="ar_new_code")
        new_vi = st.text_input(ui.T("rewards.rules.name_vi"), key="ar_new_vi")
        new_en = st.text_input(ui.T("rewards.rules.name_en"), key="ar_new_en")
        new_kind = st.selectbox(ui.T("rewards.rules.kind"), rules.KINDS, key="ar_new_kind")
        new_level = st.selectbox(ui.T("rewards.rules.level"), rules.LEVELS, key="ar_new_level",
                                 format_func=lambda v: ui.T(f"rewards.scope.{v}"))
        new_individual = st.checkbox(ui.T("rewards.kind.individual"), value=True, key="ar_new_ind")
        new_collective = st.checkbox(ui.T("rewards.kind.collective"), key="ar_new_coll")
        new_coef = st.text_input(ui.T("rewards.col.coefficient"), key="ar_new_coef")
        new_from = st.date_input(ui.T("rewards.rules.effective_from"), value=dt.date.today(), key="ar_new_from",
                                 format="DD/MM/YYYY")
        new_basis = st.text_input(ui.T("rewards.rules.legal_basis"), key="ar_new_basis")
        if st.form_submit_button(ui.T("rewards.rules.add"), type="primary"):
            if ui.run(lambda s: rules.add_award_form(
                    session=s, actor=ui.load_actor(s, user), code=new_code, name_vi=new_vi, name_en=new_en,
                    kind=new_kind, level=new_level, allows_individual=new_individual,
                    allows_collective=new_collective, coefficient=new_coef, effective_from=new_from,
                    legal_basis=new_basis), success=ui.T("rewards.saved")):
                st.rerun()
