"""Sign in; the session survives a reload through an HttpOnly cookie set by /auth/claim."""
import streamlit as st

import ui
from ideas.accounts import users
from ideas.core.errors import AuthenticationError

ui.page_header("login.title", "login.help")

with st.form("login"):
    username = st.text_input(ui.T("field.username"), key="login_username")
    password = st.text_input(ui.T("field.password"), type="password", key="login_password")
    submitted = st.form_submit_button(ui.T("login.submit"), type="primary")

if submitted:
    result = ui.run(lambda session: users.login(session=session, username=username, password=password),
                    commit_on_error=(AuthenticationError,))
    if result is not None:
        st.session_state[ui.TOKEN_KEY] = result.session_token
        st.session_state.pop("login_password", None)
        st.success(ui.T("login.success"))
        # The browser swaps the one-time token for the cookie, then comes back to "/".
        st.html(f'<script>window.parent.location.replace("/auth/claim?t={result.claim_token}")</script>',
                unsafe_allow_javascript=True)
        st.stop()

# ---------------------------------------------------------------- single sign-on (optional; security)
from ideas.accounts import sso


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets.toml at all
        return False


if _sso_configured():
    st.caption(ui.T("security.sso.or"))
    if not st.user.is_logged_in:
        st.button(ui.T("security.sso.button"), key="sso_login", on_click=st.login, icon=":material/key:")
    else:
        # An explicit click, not an automatic sign-in: after "log out" the provider's cookie is still there.
        email = st.user.get("email") or ""
        if st.button(ui.T("security.sso.continue", email=email), key="sso_continue", type="primary"):
            result = ui.run(lambda session: sso.login_with_oidc(session=session, email=email,
                                                                email_verified=st.user.get("email_verified")),
                            commit_on_error=(AuthenticationError,))
            if result is not None:
                st.session_state[ui.TOKEN_KEY] = result.session_token
                st.html(f'<script>window.parent.location.replace("/auth/claim?t={result.claim_token}")</script>',
                        unsafe_allow_javascript=True)
                st.stop()
        st.button(ui.T("security.sso.other"), key="sso_logout", on_click=st.logout)

