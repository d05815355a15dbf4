"""Personal inbox: status changes, decisions, assignments and due dates, in the reader's language."""
import streamlit as st

import ui
from ideas.accounts import inbox
from ideas.core.i18n import fmt_datetime

ui.require_user()
ui.page_header("inbox.title", "inbox.help")

PAGE = 50
page = int(st.session_state.get("inbox_page", 0))
view = ui.read(inbox.inbox_page, limit=PAGE, offset=page * PAGE)

st.metric(ui.T("inbox.unread"), view.unread)
if view.unread and st.button(ui.T("inbox.mark_all_read"), key="inbox_mark_all"):
    if ui.act(inbox.mark_all_read):
        st.rerun()

if view.messages.empty:
    st.info(ui.T("inbox.empty"))
    st.stop()

for row in view.messages.itertuples():
    marker = "● " if row.read_at is None else ""
    with st.container(border=True):
        st.text(marker + ui.T(row.message_key, **inbox.display_params(row.params, ui.lang())))
        st.caption(fmt_datetime(row.created_at, ui.lang()))

pages = max((view.total - 1) // PAGE + 1, 1)
if pages > 1:
    st.number_input(ui.T("common.page"), min_value=0, max_value=pages - 1, step=1, key="inbox_page")
