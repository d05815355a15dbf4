"""Admin: browse and filter the audit log (paginated in SQL), verify the hash chain."""
import streamlit as st

import ui
from ideas.core import audit_view

PAGE_SIZE = 50

ui.require_user()
ui.page_header("audit.title", "audit.help")
lang = ui.lang()
actions, entities = ui.read(audit_view.filter_options)

if st.button(ui.T("audit.verify.button"), key="audit_verify", icon=":material/verified:"):
    broken, rows = ui.read(audit_view.chain_status)
    if broken is None:
        st.success(ui.T("audit.verify.ok", count=ui.num(rows)))
    else:
        st.error(ui.T("audit.verify.broken", seq=ui.num(broken.seq), row_id=ui.plain(broken.row_id or "-"),
                      problem=ui.T(f"audit.verify.problem.{broken.problem}")))

any_label = ui.T("audit.filter.any")
c1, c2, c3 = st.columns(3)
actor_text = c1.text_input(ui.T("audit.filter.actor"), key="audit_actor")
action = c2.selectbox(ui.T("audit.filter.action"), [""] + actions, key="audit_action",
                      format_func=lambda v: audit_view.action_label(v, {}, lang) if v else any_label,
                          placeholder=ui.T("core.choose_option"))
entity = c3.selectbox(ui.T("audit.filter.entity"), [""] + entities, key="audit_entity",
                      format_func=lambda v: v or any_label, placeholder=ui.T("core.choose_option"))
c4, c5, c6 = st.columns(3)
entity_id = c4.text_input(ui.T("audit.filter.entity_id"), key="audit_entity_id")
date_from = c5.date_input(ui.T("audit.filter.from"), value=None, key="audit_from", format="DD/MM/YYYY")
date_to = c6.date_input(ui.T("audit.filter.to"), value=None, key="audit_to", format="DD/MM/YYYY")
page = st.number_input(ui.T("audit.page"), min_value=1, step=1, key="audit_page")

frame, total = ui.read(audit_view.search_audit, actor_text=actor_text, action=action, entity=entity,
                       entity_id=entity_id, date_from=date_from, date_to=date_to, limit=PAGE_SIZE,
                       offset=(int(page) - 1) * PAGE_SIZE)
st.caption(ui.T("audit.total", count=ui.num(total)))
if frame.empty:
    st.info(ui.T("audit.empty"))
else:
    # st.dataframe renders every cell as plain text: user-supplied details cannot inject HTML.
    # The when/who/what/details first: they must stay visible on a laptop screen.
    st.dataframe(audit_view.readable(frame, lang), hide_index=True, width="stretch",
                 column_order=["at", "actor", "action", "details", "entity_id", "seq"], column_config={
        **{name: ui.T(f"audit.col.{name}") for name in audit_view.COLUMNS},
        "at": ui.T("auditlog.col.at"), "details": st.column_config.TextColumn(ui.T("auditlog.col.details"),
                                                                                width="large")})
