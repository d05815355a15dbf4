"""Admin: API tokens for other systems (secret shown once), webhook subscriptions and recent deliveries."""
import streamlit as st

import ui
from ideas.api import admin_api_view, tokens, webhooks


def show_secret_once(state_key: str, message_key: str) -> None:
    secret = st.session_state.get(state_key)
    if secret:
        st.warning(ui.T(message_key))
        st.code(secret, language=None)
        if st.button(ui.T("api.secret_done"), key=f"{state_key}_done"):
            del st.session_state[state_key]
            st.rerun()


def scope_input(units: dict[int, str], key: str) -> list[int] | None:
    chosen = ui.multiselect(ui.T("api.field.units"), list(units), format_func=units.get, key=key,
                            placeholder=ui.T("api.scope.province"), help=ui.T("api.field.units_help"))
    return chosen or None


def revoke(section: admin_api_view.Section, key: str, service, id_name: str) -> None:
    if not section.active:
        return
    with st.form(key):
        chosen = ui.pick("api.field.revoke", section.active, f"{key}_choice", index=None)
        if st.form_submit_button(ui.T("api.revoke"), key=f"{key}_go") and chosen is not None:
            ui.act(service, success=ui.T("api.revoked"), rerun=True, **{id_name: chosen})


def section(title_key: str, secret: tuple[str, str], shown: admin_api_view.Section, empty_key: str) -> None:
    st.subheader(ui.T(title_key))
    show_secret_once(*secret)
    if shown.table is None:
        st.info(ui.T(empty_key))
    else:
        ui.table(shown.table)


def keep_secret(state_key: str):
    """What to do with a created (row, secret): keep the secret to show it once after the rerun."""
    def keep(created: tuple) -> None:
        st.session_state[state_key] = created[1]
    return keep


ui.require_user()
ui.page_header("api.title", "api.help")
view = ui.read(admin_api_view.admin_api_view, lang=ui.lang())

section("api.tokens", ("api_token_secret", "api.token_secret_once"), view.tokens, "api.no_tokens")
with st.form("api_token_new", clear_on_submit=True):
    st.markdown(ui.T("api.token_new"))
    name = st.text_input(ui.T("api.field.name"), key="api_token_name")
    scope = scope_input(view.units, "api_token_units")
    rate = st.number_input(ui.T("api.field.rate"), value=60, step=10,
                           key="api_token_rate")
    if st.form_submit_button(ui.T("api.create_token"), type="primary", key="api_token_create"):
        ui.act(tokens.create_token, success=ui.T("api.token_created"), after=keep_secret("api_token_secret"),
               rerun=True, name=name, unit_ids=scope, rate_per_minute=int(rate))
revoke(view.tokens, "api_token_revoke", tokens.revoke_token, "token_id")

section("api.webhooks", ("api_webhook_secret", "api.webhook_secret_once"), view.subscriptions, "api.no_webhooks")
with st.form("api_webhook_new", clear_on_submit=True):
    st.markdown(ui.T("api.webhook_new"))
    name = st.text_input(ui.T("api.field.name"), key="api_webhook_name")
    url = st.text_input(ui.T("api.field.url"), placeholder="https://", key="api_webhook_url")
    events = ui.multiselect(ui.T("api.field.events"), list(view.events), default=list(view.events),
                            format_func=view.events.get)
    scope = scope_input(view.units, "api_webhook_units")
    allow_private = st.checkbox(ui.T("security_surface.webhook.allow_private"), key="api_webhook_private",
                                help=ui.T("security_surface.webhook.allow_private_help"))
    if st.form_submit_button(ui.T("api.create_webhook"), type="primary", key="api_webhook_create"):
        ui.act(webhooks.create_subscription, success=ui.T("api.webhook_created"),
               after=keep_secret("api_webhook_secret"), rerun=True, name=name, url=url, events=events, unit_ids=scope,
               allow_private=allow_private)
revoke(view.subscriptions, "api_webhook_revoke", webhooks.revoke_subscription, "subscription_id")

st.subheader(ui.T("api.deliveries"))
if view.deliveries is None:
    st.info(ui.T("api.no_deliveries"))
else:
    ui.table(view.deliveries)
st.caption(ui.T("api.docs_hint"))
