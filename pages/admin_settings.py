"""Admin: settings such as lockout threshold, idle timeout, free suggestions and the agency name."""
import streamlit as st

import ui
from ideas.core import admin_settings_view, settings

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
                setting.label, min_value=1, max_value=100000, step=1,
                                                      value=int(setting.value), key=key))
        else:
            edited[setting.key] = st.text_input(setting.label, value=str(setting.value), key=key)  # markup-checked: T()
    if st.form_submit_button(ui.T("common.save"), type="primary"):
        ui.act(settings.save_settings, values=edited, success=ui.T("settings.saved"), rerun=True)
