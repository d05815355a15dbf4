"""My initiatives: files I own or co-author, their status, deadline and decision; edit, withdraw, receipt."""
import streamlit as st

import ui
from ideas.filing import attachments, coauthors, ideas_mine_view, submissions
from ideas.papers import identity, receipts
from ideas.review import documents, issuing

DETAIL_PAGE = "pages/ideas_detail.py"
SUBMIT_PAGE = "pages/ideas_submit.py"

ui.require_user()
ui.page_header("ideas.mine.title", "ideas.mine.help")
page = ui.read(ideas_mine_view.my_files_view, lang=ui.lang())
if page.table.empty:
    st.info(ui.T("ideas.mine.empty"))
    st.stop()


def certificate(*, session, actor, idea_id: int, fmt: str = "docx") -> bytes | None:
    """The certificate of a recognised idea, when one was issued (docx, or the issued pdf)."""
    certificate_id = documents.certificate_id_for_idea(session, idea_id)
    build = documents.certificate_pdf if fmt == "pdf" else documents.certificate_docx
    return build(session=session, actor=actor, certificate_id=certificate_id) if certificate_id else None


title, status, due, decision = page.key_columns
# At 1440 px the key columns fit beside each other (titles cut at 300 px, whole in the pick below); a phone shows
# only the title and status. The headings are the view's translations (t()).
widths = {title: 300, status: 150, due: 100, decision: 340}
ui.table(page.table, key="mine", phone={title: 210, status: 148},
         column_config={name: st.column_config.TextColumn(name, width=px)  # markup-checked: t() headings
                        for name, px in widths.items()})
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
papers = []  # (label, issued, file name, mime, key): the receipt and the certificate, PDF beside DOCX
if file.receipt_no:
    papers += [(label, ui.read(identity.issue, build=build, idea_id=int(picked),
                               message_lang=ui.lang()), f"{file.receipt_no}.{fmt}", attachments.MIME[fmt], key)
               for label, build, fmt, key in (("ideas.submit.download_receipt", receipts.receipt_docx, "docx",
                                               "mine_receipt"),
                                              ("papers.download.receipt_pdf", receipts.receipt_pdf, "pdf",
                                               "mine_receipt_pdf"))]
if file.recognised:
    kept = ui.read(issuing.certificate_download, idea_id=int(picked))  # the PDF issued with the decision, if any
    formats = [("ideas.mine.download_certificate", "docx", "mine_certificate")]
    if not kept:
        formats.append(("papers.download.certificate_pdf", "pdf", "mine_certificate_pdf"))
    papers += [(label, ui.read(identity.issue, build=certificate, idea_id=int(picked), fmt=fmt, message_lang=ui.lang()),
                f"giay-chung-nhan-{file.receipt_no or picked}.{fmt}", attachments.MIME[fmt], key)
               for label, fmt, key in formats]
    if kept:  # the stored bytes as issued (signed), or its marked draft: never a new rendering
        papers.append(("papers_trust.mine.download_signed" if kept.signed else "papers_trust.mine.download_draft",
                       identity.Issued(kept.content), kept.file_name, "application/pdf", "mine_certificate_pdf"))
if refusal := next((issued.refusal for _, issued, *_ in papers if issued.refusal), None):
    st.warning(refusal)  # markup-checked: a translated message and the settings page's address
for label, issued, file_name, mime, key in papers:
    if issued.payload:
        st.download_button(ui.T(label), data=issued.payload, mime=mime, file_name=file_name, key=key)
if file.withdrawable:
    with st.expander(ui.T("ideas.mine.withdraw")):
        reason = st.text_input(ui.T("ideas.mine.withdraw_reason"), key="mine_withdraw_reason")
        confirm = st.checkbox(ui.T("ideas.mine.withdraw_confirm"), key="mine_withdraw_confirm")
        if st.button(ui.T("ideas.mine.withdraw"), key="mine_withdraw", disabled=not confirm):
            ui.act(submissions.withdraw, idea_id=int(picked), reason=reason, success=ui.T("ideas.mine.withdrawn"),
                   rerun=True)
