"""Admin: settings such as lockout threshold, idle timeout, free suggestions; the organisation on issued papers;
digital signing."""
import streamlit as st

import ui
from ideas.core import settings, signing_settings
from ideas.papers import admin_settings_view, identity

ui.require_user()
ui.page_header("settings.title", "settings.help")
shown = ui.read(admin_settings_view.admin_settings_view, lang=ui.lang())

with st.form("settings"):
    edited: dict[str, object] = {}
    for setting in shown:
        key = f"set_{setting.key}"
        if setting.kind == "flag":
            edited[setting.key] = st.checkbox(setting.label, value=bool(setting.value), key=key)  # markup-checked: T()
        elif setting.kind == "number":
            edited[setting.key] = int(st.number_input(  # markup-checked: T()
                setting.label, step=1,
                                                      value=int(setting.value), key=key))
        else:
            edited[setting.key] = st.text_input(setting.label, value=str(setting.value), key=key)  # markup-checked: T()
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
        values = {field.key: st.text_input(field.label, value=field.value,  # markup-checked: T()
                                           key=f"id_{form.scope}_{field.key}")
                  for field in [*form.general, *form.symbols]}
        st.markdown(f"**{ui.T('papers.settings.signers')}**")
        for kind, fields in form.signers:
            st.caption(ui.plain(kind))
            columns = st.columns(3)
            for column, field in zip(columns, fields, strict=True):
                values[field.key] = column.text_input(field.label, value=field.value,  # markup-checked: T()
                                                      key=f"id_{form.scope}_{field.key}")
        if st.form_submit_button(ui.T("papers.settings.save"), type="primary"):
            ui.act(identity.save_flat, values=values, unit_id=form.scope, success=ui.T("papers.settings.saved"),
                   rerun=True)
    if form.own and st.button(ui.T("papers.settings.remove"), key=f"identity_remove_{form.scope}"):
        ui.act(identity.remove_unit_identity, unit_id=form.scope, success=ui.T("papers.settings.removed"),
               rerun=True)


identity_section()


def signing_section() -> None:
    """Digital signing: keys (PKCS#12 file or PKCS#11 token), trust list, time-stamp server and its policy."""
    section = ui.read(admin_settings_view.signing_section, lang=ui.lang())
    st.divider()
    st.subheader(section.title)  # markup-checked: T()
    st.caption(section.help)  # markup-checked: T()
    for line in section.secrets:
        st.caption(ui.plain(line))
    with st.form("signing_settings"):
        values: dict[str, object] = {}
        for field in section.fields:
            key = f"sign_{field.key}"
            if field.kind == "choice":
                choices = list(field.options)
                values[field.key] = ui.selectbox(field.label, choices,  # markup-checked: T()
                                                 format_func=field.options.get, key=key,
                                                 index=choices.index(field.value) if field.value in choices else 0,
                                                 help=field.help)  # markup-checked: T()
            elif field.kind == "number":
                values[field.key] = int(st.number_input(field.label,  # markup-checked: T()
                                                        step=1,
                                                        value=int(field.value), key=key,
                                                        help=field.help))  # markup-checked: T()
            else:
                values[field.key] = st.text_input(field.label, value=str(field.value), key=key,  # markup-checked: T()
                                                  help=field.help)  # markup-checked: T()
        if st.form_submit_button(ui.T("common.save"), type="primary"):
            ui.act(signing_settings.save, values=values, success=ui.T("settings.saved"), rerun=True)


signing_section()
