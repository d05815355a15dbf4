"""Reviewer: what is still due, the file with its attachments, and the scoring form (criteria, comment, verdict)."""
import json

import streamlit as st

import ui
from ideas.core.errors import DomainError
from ideas.core.models import User
from ideas.filing.attachments import attachment_content
from ideas.review import councils, queue_view, scoring

DETAIL_PAGE = "pages/ideas_detail.py"


def attachments_part(view: dict) -> None:
    database, user_id = ui.db(), user.id
    for attachment in view["attachments"]:
        def fetch(attachment_id: int = attachment["id"]) -> bytes:
            # runs on click, in another thread: the same permission check as any download of the file
            with database.read_session() as session:
                return attachment_content(session, actor=session.get(User, user_id), attachment_id=attachment_id)[2]

        name_col, button_col = st.columns([4, 1])
        name_col.text(f"{attachment['name']} ({attachment['size']})")  # a file name is user text
        button_col.download_button(ui.T("detail.download"), data=fetch, file_name=attachment["name"],
                                   mime=attachment["mime"], key=f"queue_attachment_{attachment['id']}",
                                   icon=":material/download:")


def file_part(view: dict) -> None:
    st.text(view["title"])  # user text: never markdown
    if view["blind"]:
        st.info(ui.T("review.queue.blind_note"))
    else:
        st.text(f"{ui.T('review.col.authors')}: {view['authors']}")
        st.text(f"{ui.T('review.col.unit')}: {view['unit']}")
        if st.button(ui.T("review.queue.open_file"), key="queue_open_file", icon=":material/description:"):
            st.switch_page(DETAIL_PAGE, query_params={"id": str(view["idea_id"])})
    for label_key, field in (("review.idea.problem", "problem"), ("review.idea.essence", "essence"),
                             ("review.idea.benefits", "benefits")):
        if view[field]:
            st.caption(ui.T(label_key))
            st.text(view[field])
    attachments_part(view)


def score_part(view: dict, idea_id: int) -> None:
    if view["decided"]:
        st.warning(ui.T("review.queue.decided"))
    name_field, label_field = ("name_vi", "label_vi") if ui.lang() == "vi" else ("name_en", "label_en")
    points = {}
    for criterion in view["criteria"]:
        bands = json.loads(criterion["bands"] or "[]")
        help_text = "\n".join(f"{b['min']}–{b['max']}: {b.get(label_field, '')}" for b in bands) or None
        points[criterion["code"]] = st.number_input(
            ui.T("review.score.criterion", name=ui.plain(criterion[name_field]), max=criterion["max_points"]),
            value=criterion["points"], step=1.0, help=help_text, key=f"score_{idea_id}_{criterion['code']}",
            disabled=view["decided"], format="%g")
    verdicts = list(scoring.VERDICTS)
    verdict = st.radio(ui.T("review.score.verdict"), verdicts, format_func=lambda v: ui.T(f"review.verdict.{v}"),
                       index=verdicts.index(view["verdict"]) if view["verdict"] in verdicts else None,
                       key=f"score_{idea_id}_verdict", disabled=view["decided"], horizontal=True)
    comment = st.text_area(ui.T("review.score.comment"), value=view["comment"] or "",
                           key=f"score_{idea_id}_comment", disabled=view["decided"])
    if view["saved_total"]:
        st.caption(ui.T("review.score.saved_total", total=ui.plain(view["saved_total"])))
    if st.button(ui.T("review.score.save"), type="primary", key="score_save", disabled=view["decided"]) and ui.act(
            scoring.score, success=ui.T("review.score.saved"), idea_id=idea_id, points=points,
            verdict=verdict or "", comment=comment, expected_version=view["version"]):
        st.rerun()
    with st.expander(ui.T("review.conflict.declare")):
        reason = st.text_area(ui.T("review.conflict.reason"), key=f"conflict_reason_{idea_id}")
        if st.button(ui.T("review.conflict.submit"), key="conflict_submit") and ui.act(
                councils.declare_conflict, success=ui.T("review.conflict.saved"), idea_id=idea_id, reason=reason):
            st.rerun()


user = ui.require_user()
ui.page_header("review.queue.title", "review.queue.help")
queue = ui.read(queue_view.queue, lang=ui.lang())
if not queue["files"]:
    st.info(ui.T("review.queue.empty"))
    st.stop()
st.metric(ui.T("review.queue.due_count"), queue["due"])
st.dataframe(queue["table"], hide_index=True, width="stretch",
             column_config={c: ui.T(f"review.col.{c}") for c in queue["table"]})
idea_id = st.selectbox(ui.T("review.queue.pick"), list(queue["files"]), format_func=queue["files"].get,
                       key="queue_pick", placeholder=ui.T("core.choose_option"))
st.divider()
try:
    scoring_view = ui.read(queue_view.form, lang=ui.lang(), idea_id=idea_id)
except DomainError as error:  # e.g. a conflict declared since the list was read
    ui.show_error(error)
    st.stop()
file_part(scoring_view)
score_part(scoring_view, idea_id)
