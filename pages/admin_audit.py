"""Admin: browse and filter the audit log (paginated in SQL), verify the hash chain."""
import json

import streamlit as st

import ui
from ideas.core import audit_view

PAGE_SIZE = 50

user = ui.require_user()
ui.page_header("audit.title", "audit.help")

with ui.db().read_session() as session:
    actions = audit_view.action_names(session)
    entities = audit_view.entity_names(session)

if st.button(ui.T("audit.verify.button"), key="audit_verify", icon=":material/verified:"):
    def check(s):
        broken = audit_view.verify(session=s, actor=ui.load_actor(s, user))
        return ("ok", audit_view.count_rows(s)) if broken is None else ("broken", broken)

    outcome = ui.run(check)
    if outcome and outcome[0] == "ok":
        st.success(ui.T("audit.verify.ok", count=outcome[1]))
    elif outcome:
        broken = outcome[1]
        st.error(ui.T("audit.verify.broken", seq=broken.seq, row_id=broken.row_id or "-",
                      problem=ui.T(f"audit.verify.problem.{broken.problem}")))

any_label = ui.T("audit.filter.any")
c1, c2, c3 = st.columns(3)
actor_text = c1.text_input(ui.T("audit.filter.actor"), key="audit_actor")
action = c2.selectbox(ui.T("audit.filter.action"), [""] + actions, key="audit_action",
                      format_func=lambda v: v or any_label)
entity = c3.selectbox(ui.T("audit.filter.entity"), [""] + entities, key="audit_entity",
                      format_func=lambda v: v or any_label)
c4, c5, c6 = st.columns(3)
entity_id = c4.text_input(ui.T("audit.filter.entity_id"), key="audit_entity_id")
date_from = c5.date_input(ui.T("audit.filter.from"), value=None, key="audit_from")
date_to = c6.date_input(ui.T("audit.filter.to"), value=None, key="audit_to")
page = st.number_input(ui.T("audit.page"), min_value=1, step=1, key="audit_page")

result = ui.run(lambda s: audit_view.search_audit(
    s, actor=ui.load_actor(s, user), actor_text=actor_text, action=action, entity=entity, entity_id=entity_id,
    date_from=date_from, date_to=date_to, limit=PAGE_SIZE, offset=(int(page) - 1) * PAGE_SIZE))
if result:
    frame, total = result
    st.caption(ui.T("audit.total", count=total))
    if frame.empty:
        st.info(ui.T("audit.empty"))
    else:
        # st.dataframe renders every cell as plain text: user-supplied details cannot inject HTML.
        st.dataframe(frame, hide_index=True, use_container_width=True, column_config={
            name: ui.T(f"audit.col.{name}") for name in audit_view.COLUMNS})
        seq = st.selectbox(ui.T("audit.details_for"), list(frame.seq), key="audit_detail_seq")
        details = frame[frame.seq == seq].iloc[0]["details"]
        try:
            st.json(json.loads(details), expanded=True)
        except ValueError:
            st.code(details, language=None)
