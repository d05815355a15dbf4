"""Admin: browse and filter the audit log (paginated in SQL), verify the hash chain."""
import streamlit as st

import ui
from ideas.core import admin_audit_view, settings

PAGE_SIZE = 50

ui.require_user()
ui.page_header("audit.title", "audit.help")
lang = ui.lang()
filters = ui.read(admin_audit_view.filter_options, lang=lang)

if st.button(ui.T("audit.verify.button"), key="audit_verify", icon=":material/verified:"):
    chain = ui.read(admin_audit_view.chain_check, lang=lang)
    if chain.ok:
        st.success(chain.message)  # markup-checked: the view's text is translations and numbers
    else:
        st.error(chain.message)  # markup-checked: the view's text is translations and numbers

c1, c2, c3 = st.columns(3)
actor_text = c1.text_input(ui.T("audit.filter.actor"), key="audit_actor")
action = ui.pick("audit.filter.action", filters.actions, "audit_action", container=c2)
entity = ui.pick("audit.filter.entity", filters.entities, "audit_entity", container=c3)
c4, c5, c6 = st.columns(3)
entity_id = c4.text_input(ui.T("audit.filter.entity_id"), key="audit_entity_id")
date_from = c5.date_input(ui.T("audit.filter.from"), value=None, key="audit_from", **settings.DATE_INPUT)
date_to = c6.date_input(ui.T("audit.filter.to"), value=None, key="audit_to", **settings.DATE_INPUT)
page = st.number_input(ui.T("audit.page"), min_value=1, step=1, key="audit_page")

found = ui.read(admin_audit_view.audit_rows, lang=lang, actor_text=actor_text, action=action, entity=entity,
                entity_id=entity_id, date_from=date_from, date_to=date_to, limit=PAGE_SIZE,
                offset=(int(page) - 1) * PAGE_SIZE)
st.caption(ui.T("audit.total", count=ui.num(found.total)))
if found.rows.empty:
    st.info(ui.T("audit.empty"))
else:
    # st.dataframe renders every cell as plain text: user-supplied details cannot inject HTML.
    # The when/who/what/details first: they must stay visible on a laptop screen.
    ui.table(found.rows, column_order=["at", "actor", "action", "details", "entity_id", "seq"], column_config={
        **{name: ui.T(f"audit.col.{name}") for name in admin_audit_view.COLUMNS},
        "at": ui.T("auditlog.col.at"), "details": st.column_config.TextColumn(ui.T("auditlog.col.details"),
                                                                                width="large")})
