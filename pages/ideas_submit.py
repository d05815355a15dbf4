"""Submit an initiative: the application form, co-authors with shares, attachments, draft or submit, receipt."""
import streamlit as st

import ui
from ideas.core import settings
from ideas.core.errors import DomainError
from ideas.core.i18n import fmt_date, fmt_number
from ideas.filing import attachments, form, ideas_submit_view, submissions
from ideas.papers import identity, receipts

user = ui.require_user()
ui.page_header("ideas.submit.title", "ideas.submit.help")
lang, state = ui.lang(), st.session_state
P = "isf_"  # every widget of this form has a key with this prefix, so input survives errors and reruns


def values() -> dict[str, object]:
    """The form's widget values by field name (their keys without the prefix)."""
    return {key[len(P):]: value for key, value in state.items() if isinstance(key, str) and key.startswith(P)}


def initial(name: str, value: object = None) -> dict[str, object]:
    """A widget's starting value, given only while its state has none (Streamlit refuses both)."""
    return {} if P + name in state else {"value": value}


def reset_form() -> None:
    for key in [k for k in state if isinstance(k, str) and k.startswith(P) and k != P + "done"]:
        del state[key]
    state.pop("edit_idea_id", None)


def load_idea(idea_id: int) -> None:
    """Put a stored idea into the widgets' state (before the widgets are drawn)."""
    loaded = ui.read(ideas_submit_view.load_form, idea_id=idea_id, lang=lang)
    reset_form()
    state["edit_idea_id"] = idea_id
    state.update({P + name: value for name, value in loaded.items()})


def remember(final: bool):
    """After a save: a filed form shows its receipt and starts afresh, a draft keeps being edited."""
    def keep(saved: submissions.Saved) -> None:  # a filed form's reset forgets the idea being edited again
        state["edit_idea_id"] = saved.idea_id
        state.update({P + key: value for key, value in ideas_submit_view.after_save(saved, final, values()).items()})
    return keep


def save_or_file(final: bool) -> None:
    """Save the draft or file it in the button's callback, before the page is drawn: the page is then drawn once,
    with the saved form or the receipt (docs/BENCHMARKS.md, CPU per click)."""
    uploaded = state.get(f"{P}files_{state.get(P + 'upload_round', 0)}") or []
    files = [(f.name, f.getvalue()) for f in uploaded]
    # A draft's message names the files it took: one the browser refused (over the limit) is not among them, so
    # its absence is never silent.
    names = ui.plain("; ".join(name for name, _ in files))
    draft_saved = ui.T("a11y_input.saved_with_files", count=len(files), names=names) if files else ui.T(
        "ideas.submit.saved")
    ui.act_now(P + ("submit" if final else "save_draft"), ideas_submit_view.save_form,
               data=ideas_submit_view.form_input(values()), idea_id=state.get(P + "idea_id"), final=final,
               files=files, lang=lang, success=None if final else draft_saved, after=remember(final))


def split_shares() -> None:
    """A new co-author list starts from even shares (the owner takes the rounding remainder)."""
    state.update({P + name: share for name, share in ideas_submit_view.even_share_values(values()).items()})


if linked := ui.target_once("idea", "_submit_linked"):  # opened from home or the inbox: that file
    state.pop(P + "done", None)
    state["edit_idea_id"] = linked
if state.pop(P + "reset", False):
    reset_form()
if done := state.get(P + "done"):
    st.success(ui.T("ideas.submit.done", receipt_no=ui.plain(done.receipt_no), due=fmt_date(done.due, lang)))
    # the receipt is made when a button is pressed, not on every run; whether it can be made is checked now
    database = ui.db()
    issued = ui.read(identity.issue, build=receipts.receipt_paper, idea_id=done.idea_id, message_lang=lang)
    if issued.refusal:
        st.warning(issued.refusal)  # markup-checked: a translated message and the settings page's address
    for fmt, label in (() if issued.refusal else (("pdf", "papers.download.receipt_pdf"),
                                                  ("docx", "ideas.submit.download_receipt"))):
        st.download_button(  # papers are in Vietnamese; made on click (another thread: no session state)
            ui.T(label), file_name=f"{done.receipt_no}.{fmt}", mime=attachments.MIME[fmt],
            data=lambda fmt=fmt, idea_id=done.idea_id, database=database: receipts.receipt_file(
                database, user_id=user.id, idea_id=idea_id, fmt=fmt),
            key=P + ("receipt_download" if fmt == "docx" else "receipt_pdf"))
    if st.button(ui.T("ideas.submit.another"), key=P + "another"):
        state.pop(P + "done", None)
        st.rerun()
    st.stop()
wanted = state.get("edit_idea_id")
# a file is loaded when another is asked for, or again when the form's widgets went with a page left in between
if wanted and (wanted != state.get(P + "idea_id") or P + "title" not in state):
    try:
        load_idea(int(wanted))
    except DomainError as error:
        state.pop("edit_idea_id", None)
        ui.show_error(error)
        st.stop()

idea_id, status = state.get(P + "idea_id"), state.get(P + "status", "draft")
owner_id = state.setdefault(P + "owner_id", user.id)
state.setdefault(f"{P}share_{owner_id}", 100.0)
if idea_id:
    st.info(ui.T("ideas.submit.editing_status", status=ui.T(f"ideas.submit.status.{status}")))
    st.text(state.get(P + "title", ""))  # user text: plain, never markdown
    if st.button(ui.T("ideas.submit.new"), key=P + "new"):
        state[P + "reset"] = True
        st.rerun()
if state.get(P + "reason"):
    st.caption(ui.T("ideas.mine.return_reason"))
    st.text(state[P + "reason"])
if status not in submissions.EDITABLE:
    st.warning(ui.T("ideas.submit.not_editable", status=ui.T(f"ideas.submit.status.{status}")))
    st.stop()

view = ui.read(ideas_submit_view.submit_form_view, lang=lang, values=values())
label = view.field_labels.get


def text_field(name: str, hint: str = "") -> None:
    """A free-text field with its declared maximum in its help. No `max_chars`: Streamlit would drop a longer
    paste without a word; the service refuses it naming the field, and the typed text stays."""
    widget = st.text_input if name in ideas_submit_view.ONE_LINE_FIELDS else st.text_area
    limit = ui.T("a11y_input.max_chars", max=fmt_number(form.TEXT_LIMITS[name], lang))
    widget(label(name), key=P + name, help=f"{hint} {limit}".strip())  # markup-checked: T()


st.caption(ui.T("ideas.submit.required_note"))
st.subheader(ui.T("ideas.submit.section.general"))
if view.no_campaign_open:
    st.warning(ui.T("ideas.submit.no_campaign"))
state[P + "campaign"] = view.campaign
ui.pick("ideas.submit.campaign", view.campaigns, P + "campaign")
if view.campaign_rules:
    with st.expander(ui.T("councilrules.col.rules")):
        for line in view.campaign_rules:
            st.text(line)
text_field("addressee", hint=ui.T("ideas.submit.hint.addressee"))
text_field("title")
col1, col2 = st.columns(2)
ui.selectbox(  # markup-checked: T()
    label("solution_type"), list(view.options["solution_type"]), key=P + "solution_type",
             format_func=view.options["solution_type"].get, container=col1)
ui.multiselect(  # markup-checked: T()
    label("par"), list(view.pars), key=P + "par", format_func=view.pars.get, container=col2)
text_field("investor")

st.subheader(ui.T("ideas.submit.section.content"))
for name in ("field_of_application", "problem", "current_situation", "essence", "conditions"):
    text_field(name)
col1, col2 = st.columns(2)
col1.date_input(label("first_applied_on"), key=P + "first_applied_on", format="DD/MM/YYYY",  # markup-checked: T()
                **settings.DATE_BOUNDS, **initial("first_applied_on"))  # the service refuses a future date
ui.selectbox(label("application_status"), list(view.options["application_status"]),  # markup-checked: T()
             key=P + "application_status", format_func=view.options["application_status"].get, container=col2)
for name in ("trial_participants", "confidential_info"):
    text_field(name)
if view.similar is not None:
    with st.expander(ui.T("ideas.submit.similar", count=len(view.similar)), expanded=False):
        ui.table(view.similar, empty_key="ideas.submit.similar_none")

st.subheader(ui.T("ideas.submit.section.benefits"))
for name in ("benefits_text", "trial_assessment"):
    text_field(name)
columns = st.columns(3)
columns[1].text_input(label("vnd_saved"), key=P + "vnd_saved", placeholder="15.000.000")  # markup-checked: T()
for name, column, step in ideas_submit_view.BENEFIT_INPUTS:
    columns[column].number_input(  # markup-checked: T()
        label(name), step=step, format="%g", key=P + name,  # "300", not "300.00"
        **initial(name))  # no bounds: the service names a negative figure

st.subheader(ui.T("ideas.submit.section.authors"))
st.text_input(ui.T("ideas.submit.people_search"), key=P + "people_search")
ui.multiselect(ui.T("ideas.submit.coauthors"), view.coauthor_options, key=P + "coauthors", format_func=view.name_of,
               on_change=split_shares)
st.caption(ui.T("coauthors.form_note"))
for line in view.coauthor_status:
    st.text(line)  # names: plain text
for uid in view.authors:
    name = ui.plain(view.name_of(uid))  # a person's name in a widget label: never markdown
    name = ui.T("ideas.submit.owner_label", name=name) if uid == owner_id else name
    st.number_input(  # markup-checked: the name is ui.plain above
        ui.T("ideas.submit.share_of", name=name), step=5.0, format="%g",  # "100", not "100.00"; no bounds: the
                    # service judges 0 < share <= 100
                    key=f"{P}share_{uid}", **initial(f"share_{uid}", 0.0))
st.caption(ui.T("ideas.submit.share_total", total=ui.plain(view.share_total)))

st.subheader(ui.T("ideas.submit.section.attachments"))
for file in view.saved_files:
    left, right = st.columns([4, 1])
    left.text(file.label)
    if right.button(ui.T("ideas.submit.remove_file"), key=f"{P}remove_{file.id}"):
        ui.act(attachments.remove_attachment, attachment_id=file.id, success=ui.T("ideas.submit.file_removed"),
               rerun=True)
# The one upload limit (ideas.core.settings): the widget and the service refuse the same files, each named in
# Vietnamese, and then nothing of the form is saved.
files_label = ui.T("ideas.submit.files", limit_mb=settings.UPLOAD_LIMIT_MB, per_idea=attachments.MAX_PER_IDEA)
uploads = st.file_uploader(files_label,  # markup-checked: T() with numbers
                           type=["pdf", "docx", "xlsx", "png", "jpg", "jpeg"], accept_multiple_files=True,
                           max_upload_size=settings.UPLOAD_LIMIT_MB,
                           key=f"{P}files_{state.get(P + 'upload_round', 0)}")
st.caption(ui.T("ideas.submit.files_saved_on_save"))

problems_box = st.container()  # every problem of the form at once, right above the buttons
for pressed in (P + "save_draft", P + "submit"):
    outcome = ui.acted(pressed, show=False)
    if outcome is not None and outcome.error is not None:
        with problems_box:
            if isinstance(outcome.error, ideas_submit_view.FormProblems):
                for problem in outcome.error.problems:  # messages may name people: never markdown
                    st.error(ui.plain(problem))
            else:
                ui.show_error(outcome.error)
left, right = st.columns(2)
left.button(ui.T("ideas.submit.save_draft"), key=P + "save_draft", icon=":material/save:", on_click=save_or_file,
            args=(False,))
right.button(ui.T("ideas.submit.submit"), key=P + "submit", type="primary", icon=":material/send:",
             on_click=save_or_file, args=(True,))
