"""One idea: its fields as plain text, authors, files, history, supports, comments, similar ideas, replication.

Everything typed by users is shown with st.text or in dataframes, never as markdown or HTML.
"""
import streamlit as st

import ui
from ideas.core import clock, settings
from ideas.core.errors import DomainError
from ideas.filing import coauthors, ideas_detail_view, merging, replication, social

BROWSE_PAGE = "pages/ideas_browse.py"
TABS = "detail_tab"  # the tabs' key: the open tab's label

user = ui.require_user()
ui.page_header("detail.title")
database, lang, state = ui.db(), ui.lang(), st.session_state
if state.pop("_comment_clear", False):
    state.pop("comment_new", None)


def clear_comment(_comment: object) -> None:
    """Empty the new comment's box on the next run (a widget's value cannot change after it is drawn)."""
    state["_comment_clear"] = True


def open_idea(idea_id: int) -> None:
    state["view_idea_id"] = int(idea_id)
    st.query_params.clear()
    st.rerun()


def landing() -> None:
    """Opened from the menu (or with a bad link): recent ideas and a search instead of an empty page."""
    st.info(ui.T("detail.none_selected"))
    text = st.text_input(ui.T("detail.landing.search"), key="detail_landing_text")
    choices = ui.read(ideas_detail_view.landing_view, text=text, lang=lang)
    pick = ui.pick("detail.landing.pick", choices, "detail_landing_pick")
    if st.button(ui.T("browse.open_button"), key="detail_landing_open", disabled=pick is None):
        open_idea(pick)
    if st.button(ui.T("detail.go_browse"), key="detail_go_browse"):
        st.switch_page(BROWSE_PAGE)
    st.stop()


try:
    # ?id= (older links) or ?idea= (the deep links of home and the inbox)
    linked = st.query_params.get("id") or st.query_params.get("idea")
    state["view_idea_id"] = ideas_detail_view.parse_id(linked) or state.get("view_idea_id")
    # only the open tab is drawn and read (the tabs' state is its label)
    tab_labels = [ui.T(key) for key in ideas_detail_view.TAB_KEYS]
    page = ui.read(ideas_detail_view.detail_view, idea_id=state["view_idea_id"], lang=lang,  # None without an id
                   tab=ideas_detail_view.open_tab(state.get(TABS), tab_labels))
except DomainError as error:
    ui.show_error(error)
    page = state["view_idea_id"] = None
if page is None:
    landing()
view = page.idea


def pairs(rows: list[tuple[str, str]]) -> None:
    """Labelled values: the label is ours, the value is user text (plain)."""
    for label, value in rows:
        st.markdown(f"**{ui.plain(label)}**")
        st.text(value)


def merge_confirmation(into: int, reason: str) -> None:
    target = page.merge_targets.get(into, "")
    with st.container(border=True):
        st.warning(ui.T("place.merge.confirm", source=ui.plain(page.merge_source), target=ui.plain(target)))
        yes, no = st.columns(2)
        if yes.button(ui.T("place.merge.confirm_button"), key="merge_confirm_yes", type="primary"):
            state.pop("merge_confirm", None)
            ui.act(merging.merge, idea_id=view.id, into_id=into, reason=reason,
                   success=ui.T("merging.done", file=ui.plain(target)), rerun=True)
        if no.button(ui.T("place.merge.cancel"), key="merge_confirm_no"):
            state.pop("merge_confirm", None)
            st.rerun()


def merge_part() -> None:
    """The file this one was merged into, the files it absorbed and, for a secretary, the merge action."""
    if page.merged_into:
        st.warning(ui.T("merging.detail.merged_into", file=ui.plain(page.merged_into[1])))
        if st.button(ui.T("merging.detail.open_target"), key="merge_open_target", icon=":material/link:"):
            open_idea(page.merged_into[0])
    if page.absorbed:
        st.caption(ui.T("merging.detail.absorbed"))
        pick = ui.pick("merging.detail.open_absorbed", page.absorbed, "merge_absorbed")
        if st.button(ui.T("browse.open_button"), key="merge_open_absorbed"):
            open_idea(pick)
    if page.merge_targets or (page.merge_refused is not None and not page.merge_refused.empty):
        # open again after each rerun once a target is chosen (the choice reruns the page)
        with st.expander(ui.T("merging.title"), icon=":material/merge:",
                         expanded=state.get("merge_into") is not None):
            st.caption(ui.T("merging.help"))
            into = ui.pick("merging.target", page.merge_targets, "merge_into", index=None)
            reason = st.text_area(ui.T("merging.reason"), key="merge_reason")
            if st.button(ui.T("merging.submit"), key="merge_submit", type="primary", disabled=into is None):
                state["merge_confirm"] = (view.id, into)  # irreversible: a second, explicit step naming both files
            if into is not None and state.get("merge_confirm") == (view.id, into):
                merge_confirmation(into, reason)
            if page.merge_refused is not None and not page.merge_refused.empty:
                ui.table(page.merge_refused, caption_key="place.merge.refused", column_config={
                    "file": ui.T("place.merge.col.file"), "reason": ui.T("place.merge.col.reason")})


if state.get("browse_address") is not None and st.button(ui.T("place.back_to_search"), key="detail_back",
                                                          icon=":material/arrow_back:"):
    st.switch_page(BROWSE_PAGE, query_params=state["browse_address"])  # the search as it was
st.text(view.title)
for column, (label, value) in zip(st.columns(4), page.metrics, strict=True):
    column.metric(label, value)  # markup-checked: the view's translations and numbers
merge_part()
if page.invited:  # a named co-author reads the file, then consents or not
    st.warning(ui.T("ideas.coauthor.invited_note"))
    for column, accept, word, done in zip(st.columns(2), (True, False), ("accept", "decline"),
                                          ("ideas.coauthor.accepted", "ideas.coauthor.declined"), strict=True):
        if column.button(ui.T(f"ideas.coauthor.{word}"), key=f"detail_coauthor_{word}"):
            ui.act(coauthors.respond, idea_id=view.id, accept=accept, success=ui.T(done), rerun=True)
if view.can_support:
    supported = view.supported  # the press asks for the opposite of what the person saw
    ui.act_button(ui.T("social.unsupport" if supported else "social.support"), social.set_support,
                  key="detail_support", button={"icon": ":material/thumb_up:",
                                                "type": "secondary" if supported else "primary"},
                  idea_id=view.id, on=not supported)
elif view.is_author:
    st.caption(ui.T("social.own_idea_note"))
general, content, benefits, history, comments, similar, replications = st.tabs(
    tab_labels, key=TABS, on_change="rerun")  # markup-checked: our labels
with general:
    if general.open:
        pairs(page.sections["general"])
        st.subheader(ui.T("detail.section.authors"))
        if page.blind:
            st.caption(ui.T("security_surface.blind.note"))
        else:
            ui.table(page.authors)
        st.subheader(ui.T("detail.section.attachments"))
        if not page.attachments:
            st.caption(ui.T("detail.no_attachments"))
        for attachment in page.attachments:
            name_col, button_col = st.columns([4, 1], vertical_alignment="center")
            name_col.text(attachment.label)  # user text: never a label
            button_col.download_button(  # fetched on click (another thread: no session state), checked like the page
                ui.T("detail.download"), file_name=attachment.filename, mime=attachment.mime,
                data=lambda aid=attachment.id: ideas_detail_view.attachment_bytes(database, user_id=user.id,
                                                                                  attachment_id=aid),
                key=f"detail_attachment_{attachment.id}", icon=":material/download:")
        if page.decision_lines:
            st.subheader(ui.T("detail.section.decision"))
            for line in page.decision_lines:
                st.text(line)
            if view.status == "recognised" and st.button(ui.T("follow.title"), key="detail_followup",
                                                             icon=":material/task_alt:"):
                state["follow_open"] = view.id
                st.switch_page("pages/ideas_followup.py")
with content:
    if content.open:
        pairs(page.sections["content"])
        if page.confidential is not None:
            st.subheader(ui.T("detail.section.confidential"))
            st.caption(ui.T("detail.confidential_note"))
            st.text(page.confidential)
with benefits:
    if benefits.open:
        pairs(page.sections["benefits"])
with history:
    if history.open:
        ui.table(page.history)
with comments:
    if comments.open:
        if page.comments.empty:
            st.caption(ui.T("social.no_comments"))
        for row in page.comments.itertuples():
            with st.container(border=True):
                for line in row.lines:
                    st.text(line)
                if row.can_edit:
                    with st.expander(ui.T("social.comment_edit")):
                        body = st.text_area(ui.T("social.comment_edit"), value=row.body, key=f"comment_edit_{row.id}",
                                            label_visibility="collapsed")
                        if st.button(ui.T("social.comment_save"), key=f"comment_save_{row.id}"):
                            ui.act(social.edit_comment, comment_id=row.id, body=body,
                                   success=ui.T("social.comment_saved"), rerun=True)
                if view.can_moderate and not row.hidden:
                    with st.expander(ui.T("social.hide")):
                        reason = st.text_input(ui.T("social.hide_reason"), key=f"comment_hide_reason_{row.id}")
                        if st.button(ui.T("social.hide"), key=f"comment_hide_{row.id}"):
                            ui.act(social.hide_comment, comment_id=row.id, reason=reason,
                                   success=ui.T("social.hidden_done"), rerun=True)
        if view.can_comment:
            st.text_area(ui.T("social.comment_new"), key="comment_new")
            ui.act_button(ui.T("social.comment_post"), social.add_comment, key="comment_post",
                          success=ui.T("social.comment_posted"), after=clear_comment,
                          typed=lambda: {"body": state.get("comment_new") or ""}, button={"type": "primary"},
                          idea_id=view.id)
with similar:
    if similar.open:
        if ui.table(page.similar, caption_key="similar.help", empty_key="similar.empty", hide_empty=True):
            pick = ui.pick("similar.open", page.similar_options, "similar_pick")
            if st.button(ui.T("browse.open_button"), key="similar_open"):
                open_idea(pick)
with replications:
    if replications.open:
        ui.table(page.replications, caption_key="replication.help", empty_key="replication.empty")
        if not page.replicable:
            st.caption(ui.T("replication.not_open"))
        elif units := page.replication_units:
            with st.form("replication_form"):
                st.markdown(f"**{ui.T('replication.add')}**")
                today = clock.today()
                values = {
                    "unit_id": ui.pick("replication.unit", units, "replication_unit"),
                    "applied_on": st.date_input(ui.T("replication.applied_on"), value=today,
                                                key="replication_applied_on", **settings.DATE_INPUT),
                    "benefit": st.text_area(ui.T("replication.benefit"), key="replication_benefit"),
                    "hours_saved": st.number_input(ui.T("replication.hours_saved"), step=1,  # 300, not 300.00
                                                   key="replication_hours") or None,
                    "vnd_saved": st.text_input(ui.T("replication.vnd_saved"), key="replication_vnd",
                                               placeholder="15.000.000"),
                    "note": st.text_input(ui.T("replication.note"), key="replication_note")}
                if st.form_submit_button(ui.T("replication.save"), type="primary"):
                    ui.act(replication.record_replication, idea_id=view.id, success=ui.T("replication.saved"),
                           rerun=True, **values)
