"""Admin: settings such as lockout threshold, idle timeout, free suggestions; the organisation on issued papers."""
import streamlit as st

import ui
from ideas.core import settings
from ideas.papers import admin_settings_view, identity

ui.require_user()
ui.page_header("settings.title", "settings.help")
shown = ui.read(admin_settings_view.admin_settings_view, lang=ui.lang())

with st.form("settings"):
    edited: dict[str, object] = {}
    for setting in shown:
        key = f"set_{setting.key}"
        if setting.kind == "flag":
            edited[setting.key] = st.checkbox(setting.label, value=bool(setting.value), key=key)
        elif setting.kind == "number":
            edited[setting.key] = int(st.number_input(setting.label, min_value=1, max_value=100000, step=1,
                                                      value=int(setting.value), key=key))
        else:
            edited[setting.key] = st.text_input(setting.label, value=str(setting.value), key=key)
    if st.form_submit_button(ui.T("common.save"), type="primary"):
        ui.act(settings.save_settings, values=edited, success=ui.T("settings.saved"), rerun=True)


def identity_section() -> None:
    """Who issues the papers: the province's identity or a unit's own, with a warning while placeholders remain."""
    st.divider()
    st.subheader(ui.T("papers.settings.title"))
    st.caption(ui.T("papers.settings.help"))
    scopes = ui.read(admin_settings_view.identity_form, lang=ui.lang()).scopes
    scope = ui.pick("papers.settings.scope", scopes, "identity_scope", index=0)
    form = ui.read(admin_settings_view.identity_form, lang=ui.lang(), unit_id=int(scope or 0))
    if form.missing:
        st.warning(ui.T("papers.settings.warning", fields=ui.plain(", ".join(form.missing))))
    else:
        st.success(ui.T("papers.settings.complete"))
    if form.scope:
        st.caption(ui.T("papers.settings.unit_note"))
    with st.form(f"identity_{form.scope}"):
        values = {field.key: st.text_input(field.label, value=field.value, key=f"id_{form.scope}_{field.key}")
                  for field in [*form.general, *form.symbols]}
        st.markdown(f"**{ui.T('papers.settings.signers')}**")
        for kind, fields in form.signers:
            st.caption(ui.plain(kind))
            columns = st.columns(3)
            for column, field in zip(columns, fields, strict=True):
                values[field.key] = column.text_input(field.label, value=field.value,
                                                      key=f"id_{form.scope}_{field.key}")
        if st.form_submit_button(ui.T("papers.settings.save"), type="primary"):
            ui.act(identity.save_flat, values=values, unit_id=form.scope, success=ui.T("papers.settings.saved"),
                   rerun=True)
    if form.own and st.button(ui.T("papers.settings.remove"), key=f"identity_remove_{form.scope}"):
        ui.act(identity.remove_unit_identity, unit_id=form.scope, success=ui.T("papers.settings.removed"),
               rerun=True)


identity_section()
