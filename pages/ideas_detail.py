"""One idea: its fields as plain text, authors, files, history, supports, comments, similar ideas, replication.

Everything typed by users is shown with st.text or in dataframes, never as markdown or HTML.
"""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from ideas.accounts import units
from ideas.core.errors import DomainError
from ideas.core.i18n import fmt_date, fmt_datetime, fmt_money, fmt_number
from ideas.core.models import User
from ideas.core.permissions import scope_unit_ids
from ideas.filing import idea_view, replication, similar, social

BROWSE_PAGE = "pages/ideas_browse.py"

user = ui.require_user()
ui.page_header("detail.title")

if st.session_state.pop("_comment_clear", False):
    st.session_state.pop("comment_new", None)

raw_id = st.query_params.get("id")
if raw_id and str(raw_id).isdigit():
    st.session_state["view_idea_id"] = int(raw_id)
idea_id = st.session_state.get("view_idea_id")
if not idea_id:
    st.info(ui.T("detail.none_selected"))
    if st.button(ui.T("detail.go_browse"), key="detail_go_browse"):
        st.switch_page(BROWSE_PAGE)
    st.stop()

lang = ui.lang()
with ui.db().read_session() as session:
    actor = ui.load_actor(session, user)
    try:
        view = idea_view.idea_view(session, actor=actor, idea_id=int(idea_id))
        comments, comment_total = social.list_comments(session, actor=actor, idea_id=int(idea_id), limit=200)
        similar_ideas = similar.similar_to_idea(session, actor=actor, idea_id=int(idea_id), limit=5)
        replications = replication.list_replications(session, actor=actor, idea_id=int(idea_id))
        allowed_units = scope_unit_ids(session, actor, "ideas.replicate")
        unit_labels = dict(units.unit_options(session))
    except DomainError as error:
        ui.show_error(error)
        st.stop()


def status_label(status: str | None) -> str:
    return ui.T(f"browse.status.{status}") if status else ""


def coded(prefix: str, value: str | None) -> str:
    """A translated code, or the code itself when the catalogue does not know it."""
    if not value:
        return ""
    text = ui.T(f"{prefix}.{value}")
    return value if text == f"{prefix}.{value}" else text


def show(label_key: str, value: object) -> None:
    """A labelled value; the label is ours (markdown), the value is user text (plain)."""
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return
    st.markdown(f"**{ui.T(label_key)}**")
    st.text(str(value))


st.text(view["title"])
top = st.columns(4)
top[0].metric(ui.T("detail.field.status"), status_label(view["status"]))
top[1].metric(ui.T("detail.field.receipt_no"), view["receipt_no"] or "—")
top[2].metric(ui.T("browse.col.supports"), view["support_count"])
top[3].metric(ui.T("browse.col.comments"), view["comment_count"])

if view["can_support"]:
    supported = view["supported"]
    label = ui.T("social.unsupport") if supported else ui.T("social.support")
    if st.button(label, key="detail_support", icon=":material/thumb_up:",
                 type="secondary" if supported else "primary"):
        done = ui.run(lambda s: social.set_support(session=s, actor=ui.load_actor(s, user),
                                                   idea_id=view["id"], on=not supported))
        if done is not None:
            st.rerun()
elif view["is_author"]:
    st.caption(ui.T("social.own_idea_note"))

tab_names = ["detail.section.general", "detail.section.content", "detail.section.benefits",
             "detail.section.history", "social.comments", "similar.title", "replication.title"]
tabs = st.tabs([ui.T(k, count=comment_total) for k in tab_names])

with tabs[0]:
    show("detail.field.unit", view["unit_name"])
    show("detail.field.campaign", view["campaign_name"] or ui.T("detail.field.free"))
    show("detail.field.solution_type", coded("detail.solution_type", view["solution_type"]))
    show("detail.field.par_fields", ", ".join(p["name_en" if lang == "en" else "name_vi"]
                                              for p in view["par_fields"]))
    show("detail.field.review_stage", view["review_stage"])
    show("detail.field.submitted_at", fmt_datetime(view["submitted_at"], lang))
    show("detail.field.decision_due_on", fmt_date(view["decision_due_on"], lang))
    show("detail.field.addressee", view["addressee"])
    show("detail.field.investor", view["investor"])
    st.subheader(ui.T("detail.section.authors"))
    authors = pd.DataFrame(view["authors"], columns=["full_name", "position", "unit_name", "share"])
    st.dataframe(authors.assign(share=[float(s) for s in authors.share]), hide_index=True,
                 use_container_width=True,
                 column_config={"full_name": ui.T("detail.author.full_name"),
                                "position": ui.T("detail.author.position"),
                                "unit_name": ui.T("detail.author.unit"), "share": ui.T("detail.author.share")})
    st.subheader(ui.T("detail.section.attachments"))
    if not view["attachments"]:
        st.caption(ui.T("detail.no_attachments"))
    database, user_id = ui.db(), user.id
    for attachment in view["attachments"]:
        def fetch(attachment_id: int = attachment["id"]) -> bytes:
            # runs on click, in another thread: read with the same permission check as the page
            with database.read_session() as s:
                actor_now = s.get(User, user_id)
                return idea_view.attachment_for_download(s, actor=actor_now, attachment_id=attachment_id)[2]

        size = ui.T("detail.attachment.size", size=fmt_number(max(1, attachment["size"] // 1024), lang))
        name_col, button_col = st.columns([4, 1], vertical_alignment="center")
        name_col.text(f"{attachment['filename']} ({size})")  # a file name is user text: never a widget label
        button_col.download_button(ui.T("detail.download"), data=fetch, file_name=attachment["filename"],
                                   mime=attachment["mime"], key=f"detail_attachment_{attachment['id']}",
                                   icon=":material/download:")
    if view["decision"]:
        decision = view["decision"]
        st.subheader(ui.T("detail.section.decision"))
        st.text(ui.T("detail.decision.summary", number=decision["number"],
                     date=fmt_date(decision["decided_on"], lang),
                     outcome=coded("detail.outcome", decision["outcome"])))
        if decision["scope"]:
            st.text(ui.T("detail.decision.scope", scope=coded("detail.scope", decision["scope"])))
        if decision["reason"]:
            st.text(decision["reason"])

with tabs[1]:
    show("detail.field.field_of_application", view["field_of_application"])
    show("detail.field.problem", view["problem"])
    show("detail.field.current_situation", view["current_situation"])
    show("detail.field.essence", view["essence"])
    show("detail.field.conditions", view["conditions"])
    show("detail.field.first_applied_on", fmt_date(view["first_applied_on"], lang))
    show("detail.field.application_status", coded("detail.application_status", view["application_status"]))
    show("detail.field.trial_participants", view["trial_participants"])
    if view["confidential_visible"]:
        st.subheader(ui.T("detail.section.confidential"))
        st.caption(ui.T("detail.confidential_note"))
        st.text(view.get("confidential_info") or ui.T("common.none"))

with tabs[2]:
    show("detail.field.benefits_text", view["benefits_text"])
    show("detail.field.trial_assessment", view["trial_assessment"])
    numbers = [("detail.field.hours_saved", fmt_number(view["hours_saved"], lang, 1) if view["hours_saved"]
                is not None else None),
               ("detail.field.vnd_saved", fmt_money(view["vnd_saved"], lang) if view["vnd_saved"] else None),
               ("detail.field.reports_cut", view["reports_cut"]),
               ("detail.field.procedures_simplified", view["procedures_simplified"]),
               ("detail.field.services_online", view["services_online"]),
               ("detail.field.days_cut", fmt_number(view["days_cut"], lang, 1) if view["days_cut"] is not None
                else None)]
    st.dataframe(pd.DataFrame([(ui.T(k), "" if v is None else str(v)) for k, v in numbers],
                              columns=["field", "value"]), hide_index=True, use_container_width=True,
                 column_config={"field": " ", "value": " "})

with tabs[3]:
    history = pd.DataFrame(view["history"], columns=["at", "actor_name", "from_status", "to_status", "stage",
                                                     "reason"])
    st.dataframe(history.assign(at=[fmt_datetime(a, lang) for a in history["at"]],
                                from_status=[status_label(s) for s in history.from_status],
                                to_status=[status_label(s) for s in history.to_status]),
                 hide_index=True, use_container_width=True,
                 column_config={"at": ui.T("detail.history.at"), "actor_name": ui.T("detail.history.actor"),
                                "from_status": ui.T("detail.history.from"), "to_status": ui.T("detail.history.to"),
                                "stage": ui.T("detail.history.stage"), "reason": ui.T("detail.history.reason")})

with tabs[4]:
    if comments.empty:
        st.caption(ui.T("social.no_comments"))
    for row in comments.itertuples():
        with st.container(border=True):
            meta = ui.T("social.comment_meta", author=row.author_name, at=fmt_datetime(row.created_at, lang))
            if isinstance(row.edited_at, dt.datetime):
                meta += " " + ui.T("social.comment_edited_mark", at=fmt_datetime(row.edited_at, lang))
            st.text(meta)
            if row.hidden:
                st.text(ui.T("social.comment_hidden", reason=row.hidden_reason))
                if isinstance(row.body, str):
                    st.text(ui.T("social.comment_original"))
                    st.text(row.body)
            else:
                st.text(row.body)
            if row.can_edit:
                with st.expander(ui.T("social.comment_edit")):
                    body = st.text_area(ui.T("social.comment_edit"), value=row.body, key=f"comment_edit_{row.id}",
                                        max_chars=social.COMMENT_MAX, label_visibility="collapsed")
                    if st.button(ui.T("social.comment_save"), key=f"comment_save_{row.id}"):
                        if ui.run(lambda s, cid=row.id, text=body: social.edit_comment(
                                session=s, actor=ui.load_actor(s, user), comment_id=cid, body=text),
                                success=ui.T("social.comment_saved")) is not None:
                            st.rerun()
            if view["can_moderate"] and not row.hidden:
                with st.expander(ui.T("social.hide")):
                    reason = st.text_input(ui.T("social.hide_reason"), key=f"comment_hide_reason_{row.id}")
                    if st.button(ui.T("social.hide"), key=f"comment_hide_{row.id}"):
                        if ui.run(lambda s, cid=row.id, text=reason: social.hide_comment(
                                session=s, actor=ui.load_actor(s, user), comment_id=cid, reason=text),
                                success=ui.T("social.hidden_done")) is not None:
                            st.rerun()
    if view["can_comment"]:
        new_body = st.text_area(ui.T("social.comment_new"), key="comment_new", max_chars=social.COMMENT_MAX)
        if st.button(ui.T("social.comment_post"), key="comment_post", type="primary"):
            if ui.run(lambda s: social.add_comment(session=s, actor=ui.load_actor(s, user), idea_id=view["id"],
                                                   body=new_body),
                      success=ui.T("social.comment_posted")) is not None:
                st.session_state["_comment_clear"] = True
                st.rerun()

with tabs[5]:
    st.caption(ui.T("similar.help"))
    if similar_ideas.empty:
        st.caption(ui.T("similar.empty"))
    else:
        st.dataframe(
            similar_ideas.assign(status=[status_label(s) for s in similar_ideas.status],
                                 similarity=[round(float(v) * 100) for v in similar_ideas.similarity])
            [["receipt_no", "title", "unit_name", "status", "similarity"]],
            hide_index=True, use_container_width=True,
            column_config={"receipt_no": ui.T("browse.col.receipt_no"), "title": ui.T("browse.col.title"),
                           "unit_name": ui.T("browse.col.unit"), "status": ui.T("browse.col.status"),
                           "similarity": st.column_config.ProgressColumn(
                               ui.T("similar.col.similarity"), format="%d%%", min_value=0, max_value=100)})
        options = {int(i): t for i, t in zip(similar_ideas.id, similar_ideas.title, strict=True)}
        pick = st.selectbox(ui.T("similar.open"), list(options), format_func=options.get, key="similar_pick")
        if st.button(ui.T("browse.open_button"), key="similar_open"):
            st.session_state["view_idea_id"] = int(pick)
            st.query_params.clear()
            st.rerun()

with tabs[6]:
    st.caption(ui.T("replication.help"))
    if replications.empty:
        st.caption(ui.T("replication.empty"))
    else:
        st.dataframe(
            replications.assign(applied_on=[fmt_date(d, lang) for d in replications.applied_on],
                                hours_saved=[None if v is None else float(v) for v in replications.hours_saved])
            [["unit_name", "applied_on", "benefit", "hours_saved", "vnd_saved", "note", "recorded_by_name"]],
            hide_index=True, use_container_width=True,
            column_config={"unit_name": ui.T("replication.unit"), "applied_on": ui.T("replication.applied_on"),
                           "benefit": ui.T("replication.benefit"), "hours_saved": ui.T("replication.hours_saved"),
                           "vnd_saved": ui.T("replication.vnd_saved"), "note": ui.T("replication.note"),
                           "recorded_by_name": ui.T("replication.col.recorded_by")})
    choices = [u for u in unit_labels if u != view["unit_id"] and (allowed_units is None or u in allowed_units)]
    if view["status"] not in replication.REPLICABLE_STATUSES:
        st.caption(ui.T("replication.not_open"))
    elif choices:
        with st.form("replication_form"):
            st.markdown(f"**{ui.T('replication.add')}**")
            rep_unit = st.selectbox(ui.T("replication.unit"), choices, format_func=unit_labels.get,
                                    key="replication_unit")
            applied_on = st.date_input(ui.T("replication.applied_on"), value=dt.date.today(),
                                       max_value=dt.date.today(), key="replication_applied_on", format="DD/MM/YYYY")
            benefit = st.text_area(ui.T("replication.benefit"), key="replication_benefit")
            hours = st.number_input(ui.T("replication.hours_saved"), min_value=0.0, step=1.0,
                                    key="replication_hours")
            vnd = st.number_input(ui.T("replication.vnd_saved"), min_value=0, step=100_000, key="replication_vnd")
            note = st.text_input(ui.T("replication.note"), key="replication_note")
            if st.form_submit_button(ui.T("replication.save"), type="primary"):
                if ui.run(lambda s: replication.record_replication(
                        session=s, actor=ui.load_actor(s, user), idea_id=view["id"], unit_id=rep_unit,
                        applied_on=applied_on, benefit=benefit, hours_saved=hours or None, vnd_saved=vnd or None,
                        note=note), success=ui.T("replication.saved")) is not None:
                    st.rerun()
