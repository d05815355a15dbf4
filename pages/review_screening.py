"""Secretary: screen submitted ideas — accept for review or return to the author with a reason."""
import streamlit as st

import ui
from ideas.core.i18n import fmt_date, fmt_datetime
from ideas.review import scoring

user = ui.require_user()
ui.page_header("review.screen.title", "review.screen.help")

with ui.db().read_session() as session:
    queue = scoring.screening_queue(session, actor=ui.load_actor(session, user))

if queue.empty:
    st.info(ui.T("review.screen.empty"))
    st.stop()

shown = queue.assign(submitted_at=[fmt_datetime(v, ui.lang()) for v in queue.submitted_at],
                     decision_due_on=[fmt_date(d, ui.lang()) for d in queue.decision_due_on])
st.dataframe(shown[["receipt_no", "title", "unit", "owner", "campaign", "submitted_at", "decision_due_on"]],
             hide_index=True, width="stretch",
             column_config={"receipt_no": ui.T("review.col.receipt"), "title": ui.T("review.col.title"),
                            "unit": ui.T("review.col.unit"), "owner": ui.T("review.col.owner"),
                            "campaign": ui.T("review.col.campaign"), "submitted_at": ui.T("review.col.submitted"),
                            "decision_due_on": ui.T("review.col.decision_due")})

labels = {int(r.id): f"{r.receipt_no or '#' + str(r.id)} — {r.title}" for r in queue.itertuples()}
idea_id = st.selectbox(ui.T("review.screen.pick"), list(labels), format_func=labels.get, key="screen_pick")
# Read the whole file (content, attachments) before accepting it.
if st.button(ui.T("ideas.mine.view"), key="screen_view", icon=":material/visibility:"):
    st.session_state["view_idea_id"] = int(idea_id)
    st.switch_page("pages/ideas_detail.py")
reason = st.text_area(ui.T("review.screen.reason"), key=f"screen_reason_{idea_id}")
accept_col, return_col = st.columns(2)
if accept_col.button(ui.T("review.screen.accept"), type="primary", key="screen_accept"):
    if ui.run(lambda s: scoring.screen(session=s, actor=ui.load_actor(s, user), idea_id=idea_id, accept=True),
              success=ui.T("review.screen.accepted")):
        st.rerun()
if return_col.button(ui.T("review.screen.return"), key="screen_return"):
    if ui.run(lambda s: scoring.screen(session=s, actor=ui.load_actor(s, user), idea_id=idea_id, accept=False,
                                      reason=reason), success=ui.T("review.screen.returned")):
        st.rerun()
