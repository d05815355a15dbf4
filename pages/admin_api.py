"""Admin: API tokens for other systems (secret shown once), webhook subscriptions and recent deliveries."""
import streamlit as st

import ui
from ideas.api import screen, tokens, webhooks
from ideas.core.events import WEBHOOK_EVENTS

ui.require_user()
ui.page_header("api.title", "api.help")
units = ui.read(tokens.unit_options)


def _show_secret_once(state_key: str, message_key: str) -> None:
    secret = st.session_state.get(state_key)
    if secret:
        st.warning(ui.T(message_key))
        st.code(secret, language=None)
        if st.button(ui.T("api.secret_done"), key=f"{state_key}_done"):
            del st.session_state[state_key]
            st.rerun()


def _scope_input(key: str) -> list[int] | None:
    chosen = st.multiselect(ui.T("api.field.units"), list(units), format_func=units.get, key=key,
                            placeholder=ui.T("api.scope.province"), help=ui.T("api.field.units_help"))
    return chosen or None


def _revoke(rows: list[dict], key: str, service, id_name: str) -> None:  # noqa: ANN001
    active = {row["id"]: row["name"] for row in rows if not row["revoked_at"]}
    if not active:
        return
    with st.form(key):
        chosen = st.selectbox(ui.T("api.field.revoke"), list(active), format_func=active.get, index=None,
                              placeholder=ui.T("core.choose_option"), key=f"{key}_choice")
        if st.form_submit_button(ui.T("api.revoke"), key=f"{key}_go") and chosen is not None:
            if ui.act(service, success=ui.T("api.revoked"), **{id_name: chosen}):
                st.rerun()


def _section(title_key: str, secret: tuple[str, str], rows: list[dict], table, empty_key: str) -> None:  # noqa: ANN001
    st.subheader(ui.T(title_key))
    _show_secret_once(*secret)
    if rows:
        st.dataframe(table(rows, ui.lang()), hide_index=True)
    else:
        st.info(ui.T(empty_key))


token_rows = ui.read(tokens.list_tokens)
_section("api.tokens", ("api_token_secret", "api.token_secret_once"), token_rows, screen.tokens_table,
         "api.no_tokens")
with st.form("api_token_new", clear_on_submit=True):
    st.markdown(ui.T("api.token_new"))
    name = st.text_input(ui.T("api.field.name"), max_chars=200, key="api_token_name")
    scope = _scope_input("api_token_units")
    rate = st.number_input(ui.T("api.field.rate"), min_value=1, max_value=tokens.MAX_RATE, value=60, step=10,
                           key="api_token_rate")
    if st.form_submit_button(ui.T("api.create_token"), type="primary", key="api_token_create"):
        created = ui.act(tokens.create_token, success=ui.T("api.token_created"), name=name, unit_ids=scope,
                         rate_per_minute=int(rate))
        if created:
            st.session_state["api_token_secret"] = created.value[1]
            st.rerun()
_revoke(token_rows, "api_token_revoke", tokens.revoke_token, "token_id")

subscriptions = ui.read(webhooks.list_subscriptions)
_section("api.webhooks", ("api_webhook_secret", "api.webhook_secret_once"), subscriptions,
         screen.subscriptions_table, "api.no_webhooks")
with st.form("api_webhook_new", clear_on_submit=True):
    st.markdown(ui.T("api.webhook_new"))
    name = st.text_input(ui.T("api.field.name"), max_chars=200, key="api_webhook_name")
    url = st.text_input(ui.T("api.field.url"), max_chars=1000, placeholder="https://", key="api_webhook_url")
    events = st.multiselect(ui.T("api.field.events"), list(WEBHOOK_EVENTS), default=list(WEBHOOK_EVENTS),
                            format_func=lambda event: ui.T(f"api.event.{event.replace('.', '_')}"))
    scope = _scope_input("api_webhook_units")
    if st.form_submit_button(ui.T("api.create_webhook"), type="primary", key="api_webhook_create"):
        created = ui.act(webhooks.create_subscription, success=ui.T("api.webhook_created"), name=name, url=url,
                         events=events, unit_ids=scope)
        if created:
            st.session_state["api_webhook_secret"] = created.value[1]
            st.rerun()
_revoke(subscriptions, "api_webhook_revoke", webhooks.revoke_subscription, "subscription_id")

st.subheader(ui.T("api.deliveries"))
deliveries = ui.read(webhooks.recent_deliveries)
if deliveries:
    st.dataframe(screen.deliveries_table(deliveries, ui.lang()), hide_index=True)
else:
    st.info(ui.T("api.no_deliveries"))
st.caption(ui.T("api.docs_hint"))
