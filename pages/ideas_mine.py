"""My initiatives: files I own or co-author, their status, deadline and decision; edit, withdraw, receipt."""
from pathlib import Path

import streamlit as st

import ui
from ideas.core.i18n import fmt_date
from ideas.filing import attachments, receipts, submissions
from ideas.review import documents

DETAIL_PAGE = "pages/ideas_detail.py"
SUBMIT_PAGE = "pages/ideas_submit.py"

user = ui.require_user()
ui.page_header("ideas.mine.title", "ideas.mine.help")

with ui.db().read_session() as session:
    frame = submissions.my_ideas(session, user=ui.load_actor(session, user))

if frame.empty:
    st.info(ui.T("ideas.mine.empty"))
    st.stop()


def decision_text(row) -> str:  # noqa: ANN001
    if not isinstance(row.decision_outcome, str):
        return ""
    return ui.T("ideas.mine.decision", outcome=ui.T(f"ideas.submit.outcome.{row.decision_outcome}"),
                number=row.decision_number, date=fmt_date(row.decision_date, ui.lang()))


shown = frame.assign(
    receipt_no=[r if isinstance(r, str) else "—" for r in frame.receipt_no],
    status=[ui.T(f"ideas.submit.status.{s}") for s in frame.status],
    role=[ui.T("ideas.mine.role.owner" if owner else "ideas.mine.role.coauthor") for owner in frame.is_owner],
    decision=[decision_text(row) for row in frame.itertuples()],
    decision_due_on=[fmt_date(d, ui.lang()) if d is not None and d == d else "" for d in frame.decision_due_on],
)
st.dataframe(
    shown[["receipt_no", "title", "status", "campaign", "role", "decision_due_on", "decision"]],
    hide_index=True, width="stretch",
    column_config={
        "receipt_no": ui.T("ideas.mine.col.receipt_no"), "title": ui.T("ideas.mine.col.title"),
        "status": ui.T("ideas.mine.col.status"), "campaign": ui.T("ideas.mine.col.campaign"),
        "role": ui.T("ideas.mine.col.role"), "decision_due_on": ui.T("ideas.mine.col.due"),
        "decision": ui.T("ideas.mine.col.decision"),
    },
)

labels = {int(row.id): f"{row.receipt_no or '—'} · {row.title}" for row in frame.itertuples()}
picked = st.selectbox(ui.T("ideas.mine.pick"), list(labels), format_func=labels.get, key="mine_pick")
row = frame[frame.id == picked].iloc[0]
status = row["status"]

if status == "returned" and isinstance(row["return_reason"], str):
    st.caption(ui.T("ideas.mine.return_reason"))
    st.text(row["return_reason"])

left, middle, right = st.columns(3)
if left.button(ui.T("ideas.mine.view"), key="mine_view", icon=":material/visibility:"):
    st.session_state["view_idea_id"] = int(picked)
    if Path(DETAIL_PAGE).exists() or (Path(__file__).resolve().parent / Path(DETAIL_PAGE).name).exists():
        st.switch_page(DETAIL_PAGE)
    else:
        st.info(ui.T("ideas.mine.detail_unavailable"))
if status in submissions.EDITABLE:
    if middle.button(ui.T("ideas.mine.edit"), key="mine_edit", icon=":material/edit:"):
        st.session_state["edit_idea_id"] = int(picked)
        st.switch_page(SUBMIT_PAGE)
if isinstance(row["receipt_no"], str):
    with ui.db().read_session() as session:
        document = receipts.receipt_docx(session, actor=ui.load_actor(session, user), idea_id=int(picked),
                                         lang=ui.lang())
    right.download_button(ui.T("ideas.submit.download_receipt"), data=document, file_name=f"{row['receipt_no']}.docx",
                          mime=attachments.MIME["docx"], key="mine_receipt")
if status == "recognised":
    with ui.db().read_session() as session:
        certificate_id = documents.certificate_id_for_idea(session, int(picked))
        certificate = (documents.certificate_docx(session=session, actor=ui.load_actor(session, user),
                                                         certificate_id=certificate_id)
                       if certificate_id else None)
    if certificate:
        st.download_button(ui.T("ideas.mine.download_certificate"), data=certificate,
                           file_name=f"giay-chung-nhan-{row['receipt_no'] or picked}.docx",
                           mime=attachments.MIME["docx"], key="mine_certificate", icon=":material/workspace_premium:")

if bool(row["is_owner"]) and status in submissions.WITHDRAWABLE:
    with st.expander(ui.T("ideas.mine.withdraw")):
        reason = st.text_input(ui.T("ideas.mine.withdraw_reason"), key="mine_withdraw_reason")
        confirm = st.checkbox(ui.T("ideas.mine.withdraw_confirm"), key="mine_withdraw_confirm")
        if st.button(ui.T("ideas.mine.withdraw"), key="mine_withdraw", disabled=not confirm):
            done = ui.run(lambda s: submissions.withdraw(session=s, actor=ui.load_actor(s, user),
                                                         idea_id=int(picked), reason=reason),
                          success=ui.T("ideas.mine.withdrawn"))
            if done:
                st.rerun()
