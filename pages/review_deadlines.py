"""Secretary: files whose legal 3-month decision date is near or past, and the count per unit."""
import streamlit as st

import ui
from ideas.review import review_deadlines_view as view
from ideas.review import scoring

user = ui.require_user()
ui.page_header("review.deadlines.title", "review.deadlines.help")

days = st.number_input(ui.T("review.deadlines.within"), min_value=0, max_value=365, value=14, step=1,
                       key="deadlines_days")
data = ui.read(view.deadlines, lang=ui.lang(), within_days=int(days))
if data.table.empty:
    st.success(ui.T("review.deadlines.none"))
else:
    left, right = st.columns(2)
    left.metric(ui.T("review.deadlines.overdue"), data.overdue)
    right.metric(ui.T("review.deadlines.soon"), data.soon)
    ui.table(data.table, column_config={c: st.column_config.TextColumn(ui.T(f"review.col.{c}"), pinned=c == "title")
                                        for c in data.table}, key="deadlines", phone={"title": 200, "due_in": 158})
    st.subheader(ui.T("review.deadlines.per_unit"))
    ui.table(data.per_unit, column_config={"unit": ui.T("review.col.unit"), "overdue": ui.T("review.deadlines.overdue"),
                                           "due_soon": ui.T("review.deadlines.soon")})

if user.has("secretary", "chair") and st.button(ui.T("review.deadlines.remind"), key="deadlines_remind"):
    sent = ui.act(scoring.remind_due)
    if sent:
        st.toast(ui.T("review.deadlines.reminded", count=ui.num(sent.value)), icon=":material/check_circle:")
