"""Personal inbox: every message opens the file and action it is about; read or unread one by one, or all."""
import streamlit as st

import ui
from ideas.accounts import inbox, inbox_view

PAGE = 50

ui.require_user()
ui.page_header("inbox.title", "inbox.help")
page = int(st.session_state.get("inbox_page", 0))
view = ui.read(inbox_view.inbox_view, limit=PAGE, offset=page * PAGE, lang=ui.lang())

st.metric(ui.T("inbox.unread"), view.unread)
if view.unread and st.button(ui.T("inbox.mark_all_read"), key="inbox_mark_all"):
    ui.act(inbox.mark_all_read, rerun=True)

if not view.messages:
    st.info(ui.T("inbox.empty"))
    st.stop()

for message in view.messages:
    with st.container(border=True):
        st.text(message.text)
        st.caption(message.when)  # markup-checked: a date the view formatted
        left, right = st.columns(2)
        if message.link is not None and left.button(message.link.label,  # markup-checked: T() (the step's label)
                                                    key=f"inbox_open_{message.id}",
                                                    icon=":material/open_in_new:", type="primary"):
            if ui.act(inbox.open_message, message_id=message.id):
                ui.open_link(message.link)
        flip = "worklist.inbox.mark_read" if message.unread else "worklist.inbox.mark_unread"
        if right.button(ui.T(flip), key=f"inbox_flip_{message.id}"):
            ui.act(inbox.set_read, message_id=message.id, read=message.unread, rerun=True)

if view.pages > 1:
    st.number_input(ui.T("common.page"), min_value=0, max_value=view.pages - 1, step=1, key="inbox_page")
