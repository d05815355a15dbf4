"""Follow-through of a recognised initiative: its implementation plan, progress updates, and the results measured
at 6 and 12 months against the figures claimed. Rules and permissions live in ideas.filing.followthrough."""
import streamlit as st

import ui
from ideas.core import settings
from ideas.filing import followthrough, ideas_followup_view

ui.require_user()
ui.page_header("follow.title", "follow.help")
lang = ui.lang()
options = ui.read(ideas_followup_view.choices, lang=lang)
if not options:
    st.info(ui.T("follow.empty"))
    st.stop()
if st.session_state.get("follow_open") in options:  # opened from the initiative's own page
    st.session_state["follow_pick"] = st.session_state.pop("follow_open")
ui.follow_link("follow_pick", "idea", ideas_followup_view.linked_idea(options=options, raw=ui.link_param("idea"),
                                                                       lang=lang))
idea_id = ui.pick("follow.pick", options, "follow_pick")
ui.keep_in_link("follow_pick", "idea", idea_id)
plan = ui.read(ideas_followup_view.plan_view, idea_id=int(idea_id), lang=lang)
st.caption(ui.T("follow.decided", date=ui.plain(plan.decided)))
today = ideas_followup_view.today_default()
# every form widget is keyed by the initiative: what was typed (a date...) for one never stays for another, in the
# browser too (it keeps an unsent form's input for a widget of the same key)


def k(name: str) -> str:
    return f"{name}_{plan.idea_id}"


st.subheader(ui.T("follow.milestones"))
ui.table(plan.milestones, empty_key="follow.no_milestones", hide_empty=True)
if plan.can_manage:
    with st.expander(ui.T("follow.add_milestone"), icon=":material/add_task:"), st.form(k("follow_add"), border=False):
        title = st.text_input(ui.T("follow.field.title"), key=k("follow_new_title"))
        owner = ui.pick("follow.field.owner", plan.owners, k("follow_new_owner"))
        due = st.date_input(ui.T("follow.field.due"), value=today, **settings.DATE_INPUT, key=k("follow_new_due"))
        if st.form_submit_button(ui.T("follow.add_milestone"), type="primary"):
            ui.act(followthrough.add_milestone, idea_id=plan.idea_id, title=title, owner_id=owner, due_on=due,
                   success=ui.T("follow.saved"), rerun=True)
if plan.editable:
    with st.expander(ui.T("follow.edit_milestone"), icon=":material/edit_calendar:"):
        picked = ui.pick("follow.field.milestone", {m: form.title for m, form in plan.editable.items()},
                         k("follow_edit_pick"))
        current = plan.editable[picked]
        with st.form(f"follow_edit_{picked}", border=False):
            title = st.text_input(ui.T("follow.field.title"), value=current.title)
            owners = list(dict.fromkeys([current.owner_id, *plan.owners]))
            owner = ui.selectbox(ui.T("follow.field.owner"), owners, index=0,
                                 format_func=lambda u: plan.owners.get(u, "—"))
            due = st.date_input(ui.T("follow.field.due"), value=current.due_on, **settings.DATE_INPUT)
            status = ui.pick("follow.field.status", plan.statuses, None,
                             index=list(plan.statuses).index(current.status))
            if st.form_submit_button(ui.T("common.save"), type="primary"):
                ui.act(followthrough.update_milestone, milestone_id=picked, title=title, owner_id=owner,
                       due_on=due, status=status, success=ui.T("follow.saved"), rerun=True)

st.subheader(ui.T("follow.updates"))
ui.table(plan.updates, empty_key="follow.no_updates", hide_empty=True)
if plan.can_manage or plan.milestone_choices:
    with st.expander(ui.T("follow.add_update"), icon=":material/update:"), st.form(k("follow_update"), border=False):
        targets = ({None: ui.T("follow.general")} if plan.can_manage else {}) | plan.milestone_choices
        milestone = ui.pick("follow.field.milestone", targets, k("follow_update_milestone"))
        body = st.text_area(ui.T("follow.field.body"), key=k("follow_update_body"))
        left, right = st.columns(2)
        percent = left.number_input(ui.T("follow.field.percent"), value=None, step=5,
                                    key=k("follow_update_percent"))
        status = ui.pick("follow.field.status", {None: ui.T("follow.unchanged"), **plan.statuses},
                         k("follow_update_status"), container=right)
        if st.form_submit_button(ui.T("follow.add_update"), type="primary"):
            ui.act(followthrough.add_update, idea_id=plan.idea_id, milestone_id=milestone, body=body,
                   percent=None if percent is None else int(percent), status=status,
                   success=ui.T("follow.saved"), rerun=True)

st.subheader(ui.T("follow.results"))
for checkpoint in plan.checkpoints:
    st.caption(ui.plain(checkpoint.text))
ui.table(plan.results)
if plan.can_manage:
    with st.expander(ui.T("follow.record"), icon=":material/query_stats:"):
        st.caption(ui.T("follow.record_help", days=int(plan.window_days)))
        checkpoint = ui.pick("follow.field.checkpoint", plan.months, k("follow_checkpoint"))
        window = ideas_followup_view.window_of(plan, int(checkpoint))
        if window is not None and not window.is_open:  # said before anything is typed, with the day it opens
            st.info(ui.plain(window.window))
        else:
            if window is not None:
                st.caption(ui.plain(window.window))
            with st.form(k("follow_measure"), border=False):
                measured_on = st.date_input(ui.T("follow.field.measured_on"), value=today, **settings.DATE_INPUT,
                                            key=k("follow_measured_on"))
                columns = st.columns(3)
                figures = {name: columns[i % 3].text_input(label, key=k(f"follow_m_{name}"))  # markup-checked: T()
                           for i, (name, label) in enumerate(plan.measures.items())}
                note = st.text_area(ui.T("follow.field.note"), key=k("follow_m_note"))
                if st.form_submit_button(ui.T("follow.record"), type="primary"):
                    ui.act(followthrough.record_measurement, idea_id=plan.idea_id, checkpoint=int(checkpoint),
                           measured_on=measured_on, note=note, success=ui.T("follow.saved"), rerun=True, **figures)
