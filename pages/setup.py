"""First run: create the first administrator and optionally load the demo province."""
import streamlit as st

import ui
from ideas.accounts import users
from ideas.core.errors import DomainError
from ideas.tooling import demo

ui.page_header("setup.title", "setup.help")

logins = st.session_state.get("demo_logins")
if logins:
    st.success(ui.T("setup.done"))
    st.warning(ui.T("setup.demo_logins_once"))
    shown = [{**row, "roles": demo.login_roles(row["roles"], ui.lang())} for row in logins]
    ui.table(shown, column_config={
        "username": ui.T("field.username"), "full_name": ui.T("field.full_name"),
        "roles": ui.T("field.roles"), "password": ui.T("field.password")})
    st.download_button(ui.T("setup.download_logins"), demo.logins_csv(logins, ui.lang()),
                       f"{ui.T('setup.logins.file')}.csv",
                       mime="text/csv")
    if st.button(ui.T("setup.continue"), type="primary"):
        st.session_state.pop("demo_logins")
        st.rerun()
    st.stop()

with st.form("setup"):
    username = st.text_input(ui.T("field.username"), key="setup_username")
    full_name = st.text_input(ui.T("field.full_name"), key="setup_full_name")
    email = st.text_input(ui.T("field.email"), key="setup_email")
    password = st.text_input(ui.T("field.password"), type="password", key="setup_password")
    confirm = st.text_input(ui.T("field.password_confirm"), type="password", key="setup_confirm")
    load_demo = st.checkbox(ui.T("setup.load_demo"), key="setup_demo")
    submitted = st.form_submit_button(ui.T("setup.create"), type="primary")

if submitted:
    if password != confirm:
        st.error(ui.T("auth.error.password_mismatch"))
        st.stop()

    # No actor yet: the first administrator and the demo are created in one write session of our own.
    try:
        with ui.db().session() as session, st.spinner(ui.T("setup.loading_demo") if load_demo else ""):
            users.create_first_admin(session=session, username=username, full_name=full_name,
                                     password=password, email=email)
            result = demo.load_demo(session=session) if load_demo else []
    except DomainError as error:
        ui.show_error(error)
        st.stop()
    if result:
        st.session_state["demo_logins"] = result
    else:
        ui.flash(ui.T("setup.done"))
    st.rerun()
