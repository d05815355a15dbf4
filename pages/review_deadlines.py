"""Secretary: ideas whose legal 3-month decision date is near or past, and the count per unit."""
import streamlit as st

import ui
from ideas.core.i18n import fmt_date
from ideas.review import scoring

user = ui.require_user()
ui.page_header("review.deadlines.title", "review.deadlines.help")

days = st.number_input(ui.T("review.deadlines.within"), min_value=0, max_value=365, value=14, step=1,
                       key="deadlines_days")
with ui.db().read_session() as session:
    actor = ui.load_actor(session, user)
    frame = scoring.deadlines(session, actor=actor, within_days=int(days))
    counts = scoring.deadline_counts(session, actor=actor, within_days=int(days))

if frame.empty:
    st.success(ui.T("review.deadlines.none"))
else:
    overdue = int(frame["overdue"].sum())
    left, right = st.columns(2)
    left.metric(ui.T("review.deadlines.overdue"), overdue)
    right.metric(ui.T("review.deadlines.soon"), len(frame) - overdue)
    shown = frame.assign(decision_due_on=[fmt_date(d, ui.lang()) for d in frame.decision_due_on],
                         status=[ui.T(f"review.status.{s}") for s in frame.status])
    st.dataframe(shown[["receipt_no", "title", "unit", "status", "decision_due_on", "days_left"]], hide_index=True,
                 width="stretch",
                 column_config={"receipt_no": ui.T("review.col.receipt"), "title": ui.T("review.col.title"),
                                "unit": ui.T("review.col.unit"), "status": ui.T("review.col.status"),
                                "decision_due_on": ui.T("review.col.decision_due"),
                                "days_left": ui.T("review.col.days_left")})
    st.subheader(ui.T("review.deadlines.per_unit"))
    st.dataframe(counts[["unit", "overdue", "due_soon"]], hide_index=True, width="stretch",
                 column_config={"unit": ui.T("review.col.unit"), "overdue": ui.T("review.deadlines.overdue"),
                                "due_soon": ui.T("review.deadlines.soon")})

if user.has("secretary", "chair") and st.button(ui.T("review.deadlines.remind"), key="deadlines_remind"):
    sent = ui.run(lambda s: scoring.remind_due(session=s, actor=ui.load_actor(s, user)))
    if sent is not None:
        st.success(ui.T("review.deadlines.reminded", count=0 if sent is True else sent))
