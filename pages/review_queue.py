"""Reviewer: what is still due, the file with its attachments, and the scoring form (criteria, comment, verdict)."""
import streamlit as st

import ui
from ideas.core.errors import DomainError
from ideas.core.models import User
from ideas.review import councils, scoring
from ideas.review import review_queue_view as view

DETAIL_PAGE = "pages/ideas_detail.py"


def attachments_part(user: ui.CurrentUser, form: view.ScoringForm) -> None:
    database, user_id = ui.db(), user.id
    for attachment in form.attachments:
        def fetch(attachment_id: int = attachment.id) -> bytes:
            # runs on click, in another thread: the same permission check as any download of the file
            with database.read_session() as session:
                return view.attachment(session=session, actor=session.get(User, user_id), attachment_id=attachment_id)

        name_col, button_col = st.columns([4, 1])
        name_col.text(f"{attachment.name} ({attachment.size})")  # a file name is user text
        button_col.download_button(ui.T("detail.download"), data=fetch, file_name=attachment.name,
                                   mime=attachment.mime, key=f"queue_attachment_{attachment.id}",
                                   icon=":material/download:")


def file_part(user: ui.CurrentUser, form: view.ScoringForm) -> None:
    st.text(form.title)  # user text: never markdown
    if form.blind:
        st.info(ui.T("review.queue.blind_note"))
    else:
        st.text(f"{ui.T('review.col.authors')}: {form.authors}")
        st.text(f"{ui.T('review.col.unit')}: {form.unit}")
        if st.button(ui.T("review.queue.open_file"), key="queue_open_file", icon=":material/description:"):
            st.switch_page(DETAIL_PAGE, query_params={"id": str(form.idea_id)})
    for label_key, text in (("review.idea.problem", form.problem), ("review.idea.essence", form.essence),
                            ("review.idea.benefits", form.benefits)):
        if text:
            st.caption(ui.T(label_key))
            st.text(text)
    attachments_part(user, form)


def score_part(form: view.ScoringForm, idea_id: int) -> None:
    if form.decided:
        st.warning(ui.T("review.queue.decided"))
    points = {}
    for criterion in form.criteria:
        points[criterion.code] = st.number_input(
            ui.T("review.score.criterion", name=ui.plain(criterion.name), max=ui.plain(criterion.max_points)),
            value=criterion.points, step=1.0, key=f"score_{idea_id}_{criterion.code}",
            help="\n\n".join(ui.plain(line) for line in criterion.help.splitlines()) if criterion.help else None,
            disabled=form.decided, format="%g")
    verdicts = list(scoring.VERDICTS)
    st.radio(ui.T("review.score.verdict"), verdicts, format_func=lambda v: ui.T(f"review.verdict.{v}"),
                       index=verdicts.index(form.verdict) if form.verdict in verdicts else None,
                       key=f"score_{idea_id}_verdict", disabled=form.decided, horizontal=True)
    st.text_area(ui.T("review.score.comment"), value=form.comment or "",
                           key=f"score_{idea_id}_comment", disabled=form.decided)
    if form.saved_total:
        st.caption(ui.T("review.score.saved_total", total=ui.plain(form.saved_total)))
    def typed() -> dict:  # the scores as entered with the press (the callback runs before these widgets)
        return {"points": {code: st.session_state.get(f"score_{idea_id}_{code}") for code in points},
                "verdict": st.session_state.get(f"score_{idea_id}_verdict") or "",
                "comment": st.session_state.get(f"score_{idea_id}_comment") or ""}

    ui.act_button(ui.T("review.score.save"), scoring.score, key="score_save", success=ui.T("review.score.saved"),
                  typed=typed, button={"type": "primary", "disabled": form.decided}, idea_id=idea_id,
                  expected_version=form.version)
    with st.expander(ui.T("review.conflict.declare")):
        reason = st.text_area(ui.T("review.conflict.reason"), key=f"conflict_reason_{idea_id}")
        if st.button(ui.T("review.conflict.submit"), key="conflict_submit"):
            ui.act(councils.declare_conflict, success=ui.T("review.conflict.saved"), rerun=True, idea_id=idea_id,
                   reason=reason)


def main() -> None:
    user = ui.require_user()
    ui.page_header("review.queue.title", "review.queue.help")
    queue = ui.read(view.queue, lang=ui.lang())
    if not queue.files:
        st.info(ui.T("review.queue.empty"))
        st.stop()
    st.metric(ui.T("review.queue.due_count"), queue.due)
    ui.table(queue.table, column_config={c: ui.T(f"review.col.{c}") for c in queue.table}, key="queue",
             phone={"title": 170, "state": 98, "total": 90})  # on a phone: which file, scored or not, its total
    ui.follow_link("queue_pick", "idea", view.linked_idea(options=queue.files, raw=ui.link_param("idea"),
                                                          lang=ui.lang()))
    idea_id = ui.pick("review.queue.pick", queue.files, "queue_pick")
    st.divider()
    try:
        form = ui.read(view.form, lang=ui.lang(), idea_id=idea_id)
    except DomainError as error:  # e.g. a conflict declared since the list was read
        ui.show_error(error)
        st.stop()
    file_part(user, form)
    score_part(form, idea_id)


main()
