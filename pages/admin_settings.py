"""Admin: settings such as lockout threshold, idle timeout, free suggestions and the agency name."""
import streamlit as st

import ui
from ideas.core import settings

user = ui.require_user()
ui.page_header("settings.title", "settings.help")

with ui.db().read_session() as session:
    current = {key: settings.get(session, key) for key in settings.DEFAULTS}

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
        def save(s):
            actor = ui.load_actor(s, user)
            for key, value in edited.items():
                if value != current[key]:
                    settings.set_value(session=s, actor=actor, key=key, value=value)

        if ui.run(save, success=ui.T("settings.saved")):
            st.rerun()
