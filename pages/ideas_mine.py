"""My initiatives: files I own or co-author, their status, deadline and decision; edit, withdraw, receipt."""
import streamlit as st

import ui
from ideas.filing import attachments, coauthors, form, ideas_mine_view, receipts, submissions
from ideas.review import documents

DETAIL_PAGE = "pages/ideas_detail.py"
SUBMIT_PAGE = "pages/ideas_submit.py"

ui.require_user()
ui.page_header("ideas.mine.title", "ideas.mine.help")
page = ui.read(ideas_mine_view.my_files_view, lang=ui.lang())
if page.table.empty:
    st.info(ui.T("ideas.mine.empty"))
    st.stop()


def certificate(*, session, actor, idea_id: int) -> bytes | None:
    """The certificate of a recognised idea, when one was issued."""
    certificate_id = documents.certificate_id_for_idea(session, idea_id)
    return documents.certificate_docx(session=session, actor=actor, certificate_id=certificate_id) \
        if certificate_id else None


ui.table(page.table)
if (linked := ui.target_once("idea", "_mine_linked")) in page.labels:  # opened from home or the inbox
    st.session_state["mine_pick"] = linked
picked = ui.pick("ideas.mine.pick", page.labels, "mine_pick")
file = page.files[picked]
if file.return_reason:
    st.caption(ui.T("ideas.mine.return_reason"))
    st.text(file.return_reason)

if file.coauthors:
    st.caption(ui.T("coauthors.title"))
    for person in file.coauthors:
        name_col, resend_col, withdraw_col = st.columns([3, 1, 1], vertical_alignment="center")
        name_col.text(person.text)  # a name: plain text
        if file.manage_invitations and person.waiting:
            if resend_col.button(ui.T("coauthors.resend"), key=f"mine_resend_{person.user_id}"):
                ui.act(coauthors.resend, idea_id=int(picked), user_id=person.user_id,
                       success=ui.T("coauthors.resent"), rerun=True)
            if withdraw_col.button(ui.T("coauthors.withdraw"), key=f"mine_uninvite_{person.user_id}"):
                ui.act(coauthors.withdraw_invitation, idea_id=int(picked), user_id=person.user_id,
                       success=ui.T("coauthors.withdrawn"), rerun=True)
    if any(person.waiting for person in file.coauthors):
        st.caption(ui.T("coauthors.must_accept"))

left, middle, right = st.columns(3)
if left.button(ui.T("ideas.mine.view"), key="mine_view", icon=":material/visibility:"):
    st.session_state["view_idea_id"] = int(picked)
    st.switch_page(DETAIL_PAGE)
if file.editable and middle.button(ui.T("ideas.mine.edit"), key="mine_edit", icon=":material/edit:"):
    st.session_state["edit_idea_id"] = int(picked)
    st.switch_page(SUBMIT_PAGE)
if file.receipt_no:
    right.download_button(ui.T("ideas.submit.download_receipt"), file_name=f"{file.receipt_no}.docx",
                          data=ui.read(receipts.receipt_docx, idea_id=int(picked), lang=ui.lang()),
                          mime=attachments.MIME["docx"], key="mine_receipt")
if file.recognised and (document := ui.read(certificate, idea_id=int(picked))):
    st.download_button(ui.T("ideas.mine.download_certificate"), data=document, mime=attachments.MIME["docx"],
                       file_name=f"giay-chung-nhan-{file.receipt_no or picked}.docx", key="mine_certificate",
                       icon=":material/workspace_premium:")
if file.withdrawable:
    with st.expander(ui.T("ideas.mine.withdraw")):
        reason = st.text_input(ui.T("ideas.mine.withdraw_reason"), key="mine_withdraw_reason",
                               max_chars=form.REASON_MAX)
        confirm = st.checkbox(ui.T("ideas.mine.withdraw_confirm"), key="mine_withdraw_confirm")
        if st.button(ui.T("ideas.mine.withdraw"), key="mine_withdraw", disabled=not confirm):
            ui.act(submissions.withdraw, idea_id=int(picked), reason=reason, success=ui.T("ideas.mine.withdrawn"),
                   rerun=True)
