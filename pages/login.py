"""Sign in; the session survives a reload through an HttpOnly cookie set by /auth/claim."""
import streamlit as st

import ui
from ideas import accounts
from ideas.errors import AuthenticationError

ui.page_header("login.title", "login.help")

with st.form("login"):
    username = st.text_input(ui.T("field.username"), key="login_username")
    password = st.text_input(ui.T("field.password"), type="password", key="login_password")
    submitted = st.form_submit_button(ui.T("login.submit"), type="primary")

if submitted:
    result = ui.run(lambda session: accounts.login(session=session, username=username, password=password),
                    commit_on_error=(AuthenticationError,))
    if result is not None:
        st.session_state[ui.TOKEN_KEY] = result.session_token
        st.session_state.pop("login_password", None)
        st.success(ui.T("login.success"))
        # The browser swaps the one-time token for the cookie, then comes back to "/".
        st.html(f'<script>window.parent.location.replace("/auth/claim?t={result.claim_token}")</script>',
                unsafe_allow_javascript=True)
        st.stop()
