"""My account: my password (forced after an administrator's reset), my personal data, my e-mail choices."""
import streamlit as st

import ui
from ideas.accounts import account_view, identity, mail, users

user = ui.require_user()
ui.page_header("account.title", "account.help")
account = ui.read(account_view.account_view, lang=ui.lang())
if user.must_change_password:
    st.warning(ui.T("account.must_change"))

with st.form("change_password", clear_on_submit=False):
    current = st.text_input(ui.T("account.current_password"), type="password", key="pw_current")
    new = st.text_input(ui.T("account.new_password"), type="password", key="pw_new")
    confirm = st.text_input(ui.T("field.password_confirm"), type="password", key="pw_confirm")
    submitted = st.form_submit_button(ui.T("account.change"), type="primary")

if submitted:
    if new != confirm:
        st.error(ui.T("auth.error.password_mismatch"))
    elif ui.act(users.change_password, current=current, new=new):
        # Every session ended, this one too: sign in again with the new password.
        st.session_state.pop(ui.TOKEN_KEY, None)
        st.success(ui.T("account.changed"))
        st.html('<script>window.parent.location.replace("/auth/logout")</script>', unsafe_allow_javascript=True)
        st.stop()

st.divider()
st.subheader(ui.T("personal.title"))
st.caption(ui.T("personal.help"))
st.download_button(ui.T("personal.download"), account.personal_data, file_name=f"du-lieu-ca-nhan-{user.username}.json",
                   mime="application/json", key="personal_download", icon=":material/download:")
with st.form("my_personal_id"):
    number = st.text_input(ui.T("identity.field"), value=account.personal_id or "", help=ui.T("identity.help"),
                           key="my_personal_id_value")
    if st.form_submit_button(ui.T("identity.save")):
        ui.act(identity.set_personal_id, user_id=user.id, personal_id=number, success=ui.T("identity.saved"),
               rerun=True)

st.divider()
st.subheader(ui.T("mail.prefs.title"))
st.caption(ui.T("mail.prefs.help"))
if account.email:
    st.caption(ui.T("mail.prefs.address", email=ui.plain(account.email)))
else:
    st.info(ui.T("mail.prefs.no_email"))
with st.form("mail_prefs"):
    columns = st.columns(2)
    chosen = {choice.kind: ui.selectbox(  # markup-checked: T()
                  choice.label, list(account.modes), format_func=account.modes.get,
                                        index=list(account.modes).index(choice.mode), key=f"mail_pref_{choice.kind}",
                                        container=columns[n % 2])
              for n, choice in enumerate(account.choices)}
    if st.form_submit_button(ui.T("mail.prefs.save")):
        ui.act(mail.save_preferences, success=ui.T("mail.prefs.saved"), modes=chosen, rerun=True)
