"""Reviewer: what is still due, and the scoring form (criteria within bounds, comment, verdict)."""
import json

import streamlit as st

import ui
from ideas.core.i18n import fmt_date
from ideas.review import councils, scoring

user = ui.require_user()
ui.page_header("review.queue.title", "review.queue.help")

QUEUE_ROWS = 200  # what is due comes first; older scored files stay reachable through the council pages
with ui.db().read_session() as session:
    actor = ui.load_actor(session, user)
    queue = scoring.reviewer_queue(session, actor=actor, limit=QUEUE_ROWS)
    due = scoring.due_count(session, actor=actor)

if queue.empty:
    st.info(ui.T("review.queue.empty"))
    st.stop()

st.metric(ui.T("review.queue.due_count"), due)
hidden = ui.T("review.queue.hidden")
table = queue.assign(
    authors=[hidden if blind else (a or "") for a, blind in zip(queue.authors, queue.blind, strict=True)],
    unit=[hidden if blind else (u or "") for u, blind in zip(queue.unit, queue.blind, strict=True)],
    due_on=[fmt_date(d, ui.lang()) for d in queue.due_on],
    verdict=[ui.T(f"review.verdict.{v}") if isinstance(v, str) else "" for v in queue.verdict],
    state=[ui.T("review.queue.state_due") if d else ui.T("review.queue.state_done") for d in queue.due])
st.dataframe(table[["state", "title", "authors", "unit", "due_on", "total", "verdict"]], hide_index=True,
             width="stretch",
             column_config={"state": ui.T("review.col.state"), "title": ui.T("review.col.title"),
                            "authors": ui.T("review.col.authors"), "unit": ui.T("review.col.unit"),
                            "due_on": ui.T("review.col.due"), "total": ui.T("review.col.total"),
                            "verdict": ui.T("review.col.verdict")})

labels = {int(r.idea_id): r.title for r in queue.itertuples()}
idea_id = st.selectbox(ui.T("review.queue.pick"), list(labels), format_func=labels.get, key="queue_pick")

with ui.db().read_session() as session:
    try:
        view = scoring.scoring_view(session, actor=ui.load_actor(session, user), idea_id=idea_id)
    except Exception as error:  # noqa: BLE001 - a DomainError shown translated
        ui.show_error(error)
        st.stop()

st.divider()
st.text(view["title"])  # user text: never markdown
if view["blind"]:
    st.info(ui.T("review.queue.blind_note"))
else:
    st.text(f"{ui.T('review.col.authors')}: {view['authors']}")
    st.text(f"{ui.T('review.col.unit')}: {view['unit']}")
for label_key, field in (("review.idea.problem", "problem"), ("review.idea.essence", "essence"),
                         ("review.idea.benefits", "benefits")):
    if view[field]:
        st.caption(ui.T(label_key))
        st.text(view[field])

if view["decided"]:
    st.warning(ui.T("review.queue.decided"))

name_field = "name_vi" if ui.lang() == "vi" else "name_en"
label_field = "label_vi" if ui.lang() == "vi" else "label_en"
points = {}
for criterion in view["criteria"]:
    bands = json.loads(criterion["bands"] or "[]")
    help_text = "\n".join(f"{b['min']}–{b['max']}: {b.get(label_field, '')}" for b in bands) or None
    points[criterion["code"]] = st.number_input(
        ui.T("review.score.criterion", name=ui.plain(criterion[name_field]), max=criterion["max_points"]),
        value=criterion["points"], step=1.0, help=help_text, key=f"score_{idea_id}_{criterion['code']}",
        disabled=view["decided"])
verdicts = list(scoring.VERDICTS)
verdict = st.radio(ui.T("review.score.verdict"), verdicts, format_func=lambda v: ui.T(f"review.verdict.{v}"),
                   index=verdicts.index(view["verdict"]) if view["verdict"] in verdicts else None,
                   key=f"score_{idea_id}_verdict", disabled=view["decided"], horizontal=True)
comment = st.text_area(ui.T("review.score.comment"), value=view["comment"] or "", key=f"score_{idea_id}_comment",
                       disabled=view["decided"])
if view["total"] is not None:
    st.caption(ui.T("review.score.saved_total", total=f"{view['total']:g}"))
if st.button(ui.T("review.score.save"), type="primary", key="score_save", disabled=view["decided"]):
    if ui.run(lambda s: scoring.score(session=s, actor=ui.load_actor(s, user), idea_id=idea_id, points=points,
                                     verdict=verdict or "", comment=comment, expected_version=view["version"]),
              success=ui.T("review.score.saved")):
        st.rerun()

with st.expander(ui.T("review.conflict.declare")):
    reason = st.text_area(ui.T("review.conflict.reason"), key=f"conflict_reason_{idea_id}")
    if st.button(ui.T("review.conflict.submit"), key="conflict_submit"):
        if ui.run(lambda s: councils.declare_conflict(session=s, actor=ui.load_actor(s, user), idea_id=idea_id,
                                                      reason=reason), success=ui.T("review.conflict.saved")):
            st.rerun()
