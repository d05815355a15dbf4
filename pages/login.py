"""Sign in; the session survives a reload through an HttpOnly cookie set by /auth/claim."""
import re
import secrets

import streamlit as st

import ui
from ideas.accounts import sessions, sso, users
from ideas.accounts.throttle import client_address
from ideas.core.errors import DomainError

# read by /auth/claim (auth_routes.py): binds the claim to this browser; __Host- prefixed on HTTPS
NONCE_COOKIE = sessions.cookie_name(sessions.NONCE_COOKIE)
DEVICE_COOKIE = sessions.cookie_name(sessions.DEVICE_COOKIE)  # HttpOnly, set by /auth/claim: accounts known here


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # noqa: BLE001 - no request context (AppTest)
        return None
    return value if isinstance(value, str) else None


def _client() -> str:
    try:
        return client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))
    except Exception:  # noqa: BLE001 - no request context (AppTest)
        return client_address(None)


def _redirect(url: str) -> None:
    st.html(f'<script>window.parent.location.replace("{url}")</script>',  # markup-checked: our URL, urlsafe token
            unsafe_allow_javascript=True)
    st.stop()


def _sign_in(service, **kwargs) -> None:
    """No actor yet: the service runs in its own write session; a failure is recorded by the service itself."""
    try:
        with ui.db().session() as session:
            result = service(session=session, **kwargs)
    except DomainError as error:
        ui.show_error(error)
        return
    st.session_state[ui.TOKEN_KEY] = result.session_token
    st.session_state.pop("login_password", None)
    st.session_state.pop("session_ended", None)
    st.success(ui.T("login.success"))
    # The browser swaps the one-time token for the cookie, then comes back to "/".
    _redirect(f"/auth/claim?t={result.claim_token}" if result.claim_token else "/")


def _prelogin_nonce() -> str:
    """This browser's nonce, planted as a cookie before any password is checked; the claim must present it."""
    planted = _cookie(NONCE_COOKIE) or ""
    planted = planted if re.fullmatch(r"[A-Za-z0-9_-]{32,64}", planted) else None
    nonce = st.session_state.get("prelogin_nonce") or planted or secrets.token_urlsafe(32)
    st.session_state["prelogin_nonce"] = nonce
    cookie = f"{NONCE_COOKIE}={nonce}; path=/; max-age=86400; "  # the nonce is [A-Za-z0-9_-] only
    secure = "true" if sessions.https_deployment() else "window.location.protocol === 'https:'"  # __Host- needs it
    st.html(f"<script>window.parent.document.cookie = '{cookie}"  # markup-checked: our script, urlsafe nonce
            f"SameSite=Lax' + ({secure} ? '; Secure' : '');</script>", unsafe_allow_javascript=True)
    return nonce


ui.page_header("login.title", "login.help")
nonce = _prelogin_nonce()
if ended := st.session_state.get("session_ended"):  # why this person is here again (set by ui.arrive)
    reason, minutes = ended
    st.warning(ui.plain(ui.T(f"place.session.{reason}", minutes=minutes)))

with st.form("login"):
    username = st.text_input(ui.T("field.username"), key="login_username")
    password = st.text_input(ui.T("field.password"), type="password", key="login_password")
    submitted = st.form_submit_button(ui.T("login.submit"), type="primary")

if submitted:
    _sign_in(users.login, nonce=nonce, username=username, password=password, client=_client(),
             device=_cookie(DEVICE_COOKIE))


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
        if st.button(ui.T("security.sso.continue", email=ui.plain(email)), key="sso_continue", type="primary"):
            _sign_in(sso.login_with_oidc, nonce=nonce, email=email, email_verified=st.user.get("email_verified"))
        st.button(ui.T("security.sso.other"), key="sso_logout", on_click=st.logout)

st.divider()
# Public, no sign-in: the registry of recognised initiatives and certificate verification (public_routes.py).
st.link_button(ui.T("login.registry_link"), "/registry", icon=":material/verified:")
