"""Admin: settings such as lockout threshold, idle timeout, free suggestions and the agency name."""
import streamlit as st

import ui
from ideas.core import settings

ui.require_user()
ui.page_header("settings.title", "settings.help")
current = ui.read(settings.current)

with st.form("settings"):
    edited: dict[str, object] = {}
    for key, default in settings.DEFAULTS.items():
        label = ui.T(f"settings.{key}")
        if isinstance(default, bool):
            edited[key] = st.checkbox(label, value=bool(current[key]), key=f"set_{key}")
        elif isinstance(default, int):
            edited[key] = int(st.number_input(label, min_value=1, max_value=100000, step=1,
                                              value=int(current[key]), key=f"set_{key}"))
        else:
            edited[key] = st.text_input(label, value=str(current[key]), key=f"set_{key}")
    if st.form_submit_button(ui.T("common.save"), type="primary"):
        if ui.act(settings.save_settings, values=edited, success=ui.T("settings.saved")):
            st.rerun()
