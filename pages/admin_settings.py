"""Admin: settings such as lockout threshold, idle timeout, free suggestions and the agency name; digital signing."""
import streamlit as st

import ui
from ideas.core import admin_settings_view, settings, signing_settings

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


def signing_section() -> None:
    """Digital signing: keys (PKCS#12 file or PKCS#11 token), trust list, time-stamp server and its policy."""
    section = ui.read(admin_settings_view.signing_section, lang=ui.lang())
    st.subheader(section.title)
    st.caption(section.help)
    for line in section.secrets:
        st.caption(line)
    with st.form("signing_settings"):
        values: dict[str, object] = {}
        for field in section.fields:
            key = f"sign_{field.key}"
            if field.kind == "choice":
                choices = list(field.options)
                values[field.key] = ui.selectbox(field.label, choices, format_func=field.options.get, key=key,
                                                 index=choices.index(field.value) if field.value in choices else 0,
                                                 help=field.help)
            elif field.kind == "number":
                values[field.key] = int(st.number_input(field.label, min_value=0, max_value=10, step=1,
                                                        value=int(field.value), key=key, help=field.help))
            else:
                values[field.key] = st.text_input(field.label, value=str(field.value), key=key, help=field.help)
        if st.form_submit_button(ui.T("common.save"), type="primary"):
            ui.act(signing_settings.save, values=values, success=ui.T("settings.saved"), rerun=True)


signing_section()
