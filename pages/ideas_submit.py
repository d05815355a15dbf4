"""Submit an initiative: the application form, co-authors with shares, attachments, draft or submit, receipt."""
import datetime as dt
from decimal import Decimal

import streamlit as st

import ui
from ideas.accounts import users
from ideas.core.errors import DomainError
from ideas.core.i18n import fmt_date
from ideas.filing import attachments, campaigns, receipts, similar, submissions
from ideas.filing.submissions import IdeaInput

user = ui.require_user()
ui.page_header("ideas.submit.title", "ideas.submit.help")

P = "isf_"  # every widget of this form has a key with this prefix, so input survives errors and reruns
TEXT_AREAS = ("field_of_application", "problem", "current_situation", "essence", "conditions",
              "trial_participants", "trial_assessment", "benefits_text", "confidential_info")
INT_NUMBERS = ("vnd_saved", "reports_cut", "procedures_simplified", "services_online")
FLOAT_NUMBERS = ("hours_saved", "days_cut")
state = st.session_state


def unset(key: str) -> dict:
    """An empty default only for a widget whose value is not in the session state yet."""
    return {} if key in state else {"value": None}


def reset_form() -> None:
    for key in [k for k in state if isinstance(k, str) and k.startswith(P) and k != P + "done"]:
        del state[key]
    state.pop("edit_idea_id", None)


def load_idea(idea_id: int) -> None:
    """Put a stored idea into the widgets' state (before the widgets are drawn)."""
    with ui.db().read_session() as s:
        data, status = submissions.form_values(s, actor=ui.load_actor(s, user), idea_id=idea_id)
        labels = submissions.people_labels(s, [uid for uid, _ in data.authors])
    reset_form()
    state["edit_idea_id"] = idea_id
    state[P + "idea_id"], state[P + "status"], state[P + "version"] = idea_id, status, data.version
    owner_id = data.authors[0][0] if data.authors else user.id
    state[P + "owner_id"] = owner_id
    state[P + "labels"] = labels
    for name in ("title", "solution_type", "application_status", "first_applied_on", "addressee", "investor",
                 *TEXT_AREAS):
        state[P + name] = getattr(data, name)
    state[P + "campaign"] = data.campaign_id
    state[P + "par"] = list(data.par_codes)
    for name in INT_NUMBERS:
        value = getattr(data, name)
        state[P + name] = None if value is None else int(value)
    for name in FLOAT_NUMBERS:
        value = getattr(data, name)
        state[P + name] = None if value is None else float(value)
    state[P + "coauthors"] = [uid for uid, _ in data.authors if uid != owner_id]
    for uid, share in data.authors:
        state[f"{P}share_{uid}"] = float(share)


if state.pop(P + "reset", False):
    reset_form()

done = state.get(P + "done")
if done:
    idea_id, receipt_no, due = done
    st.success(ui.T("ideas.submit.done", receipt_no=receipt_no, due=fmt_date(due, ui.lang())))
    with ui.db().read_session() as s:
        data = receipts.receipt_docx(s, actor=ui.load_actor(s, user), idea_id=idea_id, lang=ui.lang())
    st.download_button(ui.T("ideas.submit.download_receipt"), data=data, file_name=f"{receipt_no}.docx",
                       mime=attachments.MIME["docx"], key=P + "receipt_download")
    if st.button(ui.T("ideas.submit.another"), key=P + "another"):
        state.pop(P + "done", None)
        st.rerun()
    st.stop()

wanted = state.get("edit_idea_id")
if wanted and wanted != state.get(P + "idea_id"):
    try:
        load_idea(int(wanted))
    except DomainError as error:
        state.pop("edit_idea_id", None)
        ui.show_error(error)
        st.stop()

idea_id = state.get(P + "idea_id")
status = state.get(P + "status", "draft")
owner_id = state.setdefault(P + "owner_id", user.id)
if idea_id:
    st.info(ui.T("ideas.submit.editing", title=state.get(P + "title", ""),
                 status=ui.T(f"ideas.submit.status.{status}")))
    if st.button(ui.T("ideas.submit.new"), key=P + "new"):
        state[P + "reset"] = True
        st.rerun()
if idea_id and status == "returned":
    with ui.db().read_session() as s:
        reason = submissions.last_reason(s, idea_id)
    if reason:
        st.caption(ui.T("ideas.mine.return_reason"))
        st.text(reason)
if status not in submissions.EDITABLE:
    st.warning(ui.T("ideas.submit.not_editable", status=ui.T(f"ideas.submit.status.{status}")))
    st.stop()

with ui.db().read_session() as s:
    me = ui.load_actor(s, user)
    open_campaigns = campaigns.open_campaigns_for(s, user=me)
    free_allowed = campaigns.free_suggestions_allowed(s)
    par = submissions.par_options(s, ui.lang())
    search = state.get(P + "people_search", "")
    people = dict(users.directory_options(s, text=search, limit=30))
    labels = state.setdefault(P + "labels", {})
    missing = [uid for uid in [owner_id, *state.get(P + "coauthors", [])] if uid not in labels]
    labels.update(submissions.people_labels(s, missing))
    saved_files = attachments.list_attachments(s, idea_id=idea_id) if idea_id else None

# ---------------------------------------------------------------- general
st.subheader(ui.T("ideas.submit.section.general"))
campaign_labels = dict(open_campaigns)
choices: list = list(campaign_labels)
if free_allowed or not choices:
    choices.append(None)
current = state.get(P + "campaign")
if current is not None and current not in choices:
    with ui.db().read_session() as s:
        campaign_labels[current] = campaigns.get_campaign(s, current).name
    choices.insert(0, current)
if not open_campaigns:
    st.warning(ui.T("ideas.submit.no_campaign"))
if state.get(P + "campaign", "missing") not in choices:
    state[P + "campaign"] = choices[0]
st.selectbox(ui.T("ideas.submit.campaign"), choices, key=P + "campaign",
             format_func=lambda c: ui.T("ideas.submit.free") if c is None else campaign_labels.get(c, str(c)))
st.text_input(ui.T("ideas.submit.field.addressee"), key=P + "addressee", max_chars=500)
st.text_input(ui.T("ideas.submit.field.title"), key=P + "title", max_chars=500)
col1, col2 = st.columns(2)
col1.selectbox(ui.T("ideas.submit.field.solution_type"), submissions.SOLUTION_TYPES, key=P + "solution_type",
               format_func=lambda k: ui.T(f"ideas.submit.solution_type.{k}"))
par_labels = dict(par)
col2.multiselect(ui.T("ideas.submit.field.par"), list(par_labels), key=P + "par", format_func=par_labels.get,
                 placeholder=ui.T("field.choose_options"))
st.text_input(ui.T("ideas.submit.field.investor"), key=P + "investor", max_chars=500)

# ---------------------------------------------------------------- content
st.subheader(ui.T("ideas.submit.section.content"))
for name in ("field_of_application", "problem", "current_situation", "essence", "conditions"):
    st.text_area(ui.T(f"ideas.submit.field.{name}"), key=P + name)
col1, col2 = st.columns(2)
col1.date_input(ui.T("ideas.submit.field.first_applied_on"), key=P + "first_applied_on",
                **unset(P + "first_applied_on"), format="DD/MM/YYYY", min_value=dt.date(2000, 1, 1))
col2.selectbox(ui.T("ideas.submit.field.application_status"), submissions.APPLICATION_STATUSES,
               key=P + "application_status", format_func=lambda k: ui.T(f"ideas.submit.application_status.{k}"))
for name in ("trial_participants", "confidential_info"):
    st.text_area(ui.T(f"ideas.submit.field.{name}"), key=P + name)

# The novelty check while writing: the closest public ideas to what has been typed (never confidential text).
draft_text = "\n".join(str(state.get(P + n) or "") for n in ("title", "field_of_application", "problem", "essence"))
if draft_text.strip():
    with ui.db().read_session() as s:
        similar_now = similar.similar_to_text(s, actor=ui.load_actor(s, user), text=draft_text, limit=5,
                                              exclude_idea_id=idea_id)
    with st.expander(ui.T("ideas.submit.similar", count=len(similar_now)), expanded=False):
        if similar_now.empty:
            st.caption(ui.T("ideas.submit.similar_none"))
        else:
            st.dataframe(similar_now.assign(similarity=(similar_now.similarity * 100).round(0))
                         [["receipt_no", "title", "unit_name", "similarity"]],
                         hide_index=True, width="stretch",
                         column_config={"receipt_no": ui.T("ideas.mine.col.receipt_no"),
                                        "title": ui.T("ideas.mine.col.title"), "unit_name": ui.T("field.unit"),
                                        "similarity": st.column_config.NumberColumn(
                                            ui.T("ideas.submit.similarity"), format="%d%%")})

# ---------------------------------------------------------------- benefits
st.subheader(ui.T("ideas.submit.section.benefits"))
for name in ("benefits_text", "trial_assessment"):
    st.text_area(ui.T(f"ideas.submit.field.{name}"), key=P + name)
columns = st.columns(3)
for index, name in enumerate(("hours_saved", "vnd_saved", "reports_cut", "procedures_simplified",
                              "services_online", "days_cut")):
    column = columns[index % 3]
    if name in FLOAT_NUMBERS:
        column.number_input(ui.T(f"ideas.submit.field.{name}"), min_value=0.0, step=1.0, key=P + name,
                            **unset(P + name))
    else:
        column.number_input(ui.T(f"ideas.submit.field.{name}"), min_value=0, step=1, key=P + name,
                            **unset(P + name))

# ---------------------------------------------------------------- authors
st.subheader(ui.T("ideas.submit.section.authors"))
st.text_input(ui.T("ideas.submit.people_search"), key=P + "people_search")
selected = [uid for uid in state.get(P + "coauthors", []) if uid != owner_id]
options = list(dict.fromkeys([*selected, *(uid for uid in people if uid != owner_id)]))
labels.update({uid: label for uid, label in people.items() if uid not in labels})
st.multiselect(ui.T("ideas.submit.coauthors"), options, key=P + "coauthors",
               format_func=lambda u: labels.get(u, str(u)), placeholder=ui.T("field.choose_options"))
authors = [owner_id, *[uid for uid in state.get(P + "coauthors", []) if uid != owner_id]]
state.setdefault(f"{P}share_{owner_id}", 100.0)
total = 0.0
for uid in authors:
    state.setdefault(f"{P}share_{uid}", 0.0)
    name = ui.plain(labels.get(uid, str(uid)))  # a person's name in a widget label: never markdown
    label = ui.T("ideas.submit.owner_label", name=name) if uid == owner_id else name
    share = st.number_input(ui.T("ideas.submit.share_of", name=label), min_value=0.0, max_value=100.0, step=5.0,
                            key=f"{P}share_{uid}")
    total += share or 0.0
st.caption(ui.T("ideas.submit.share_total", total=submissions.format_share(Decimal(str(total)))))

# ---------------------------------------------------------------- attachments
st.subheader(ui.T("ideas.submit.section.attachments"))
if saved_files is not None and not saved_files.empty:
    for row in saved_files.itertuples():
        left, right = st.columns([4, 1])
        left.text(f"{row.filename} ({row.size // 1024 + 1} KB)")
        if right.button(ui.T("ideas.submit.remove_file"), key=f"{P}remove_{row.id}"):
            removed = ui.run(lambda s, aid=row.id: attachments.remove_attachment(
                session=s, actor=ui.load_actor(s, user), attachment_id=aid), success=ui.T("ideas.submit.file_removed"))
            if removed:
                st.rerun()
upload_key = f"{P}files_{state.get(P + 'upload_round', 0)}"
uploads = st.file_uploader(ui.T("ideas.submit.files"), type=["pdf", "docx", "xlsx", "png", "jpg", "jpeg"],
                           accept_multiple_files=True, key=upload_key)
st.caption(ui.T("ideas.submit.files_saved_on_save"))


def collect() -> IdeaInput:
    def number(name: str):
        value = state.get(P + name)
        return None if value is None else value

    return IdeaInput(
        title=state.get(P + "title", ""), solution_type=state.get(P + "solution_type", "operational"),
        par_codes=list(state.get(P + "par", [])), campaign_id=state.get(P + "campaign"),
        addressee=state.get(P + "addressee", ""), investor=state.get(P + "investor", ""),
        first_applied_on=state.get(P + "first_applied_on"),
        application_status=state.get(P + "application_status", "not_applied"),
        authors=[(uid, Decimal(str(state.get(f"{P}share_{uid}") or 0))) for uid in authors],
        version=state.get(P + "version"),
        **{name: state.get(P + name, "") or "" for name in TEXT_AREAS},
        **{name: number(name) for name in INT_NUMBERS + FLOAT_NUMBERS},
    )


def save(final: bool):
    data = collect()
    files = [(f.name, f.getvalue()) for f in uploads or []]

    def action(s):
        actor = ui.load_actor(s, user)
        idea = submissions.save_draft(session=s, actor=actor, data=data, idea_id=idea_id)
        for name, content in files:
            attachments.add_attachment(session=s, actor=actor, idea_id=idea.id, filename=name, content=content)
        if final:
            submissions.submit(session=s, actor=actor, idea_id=idea.id)
        s.flush()
        return idea.id, idea.receipt_no, idea.decision_due_on, idea.version

    return ui.run(action)


left, right = st.columns(2)
if left.button(ui.T("ideas.submit.save_draft"), key=P + "save_draft", icon=":material/save:"):
    result = save(final=False)
    if result:
        state[P + "idea_id"] = state["edit_idea_id"] = result[0]
        state[P + "version"] = result[3]
        state[P + "upload_round"] = state.get(P + "upload_round", 0) + 1
        ui.flash(ui.T("ideas.submit.saved"))
        st.rerun()
if right.button(ui.T("ideas.submit.submit"), key=P + "submit", type="primary", icon=":material/send:"):
    result = save(final=True)
    if result:
        state[P + "done"] = result[:3]
        state[P + "reset"] = True
        st.rerun()
