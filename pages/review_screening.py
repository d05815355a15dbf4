"""Secretary: accept submitted files for review or return them with a reason, then assign their reviewers."""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from ideas.core import clock, settings
from ideas.review import bulk_screening, scoring
from ideas.review import review_screening_view as view

DETAIL_PAGE = "pages/ideas_detail.py"


def headings(frame: pd.DataFrame) -> dict:
    return {c: ui.T(f"review.col.{c}") for c in frame}


def kept_choice(label_key: str, files: dict[int, str], keep: str, key: str) -> int:
    """A file picker whose choice survives a visit to another page (widget state does not) and that shows the
    file an action just moved here (`<keep>_goto`: after accepting a file, the assignment picker shows IT)."""
    ids = list(files)
    goto = st.session_state.pop(f"{keep}_goto", None)
    if goto in ids:
        st.session_state[key] = goto
    elif st.session_state.get(key) not in ids and st.session_state.get(keep) in ids:
        st.session_state[key] = st.session_state[keep]
    chosen = ui.pick(label_key, files, key)
    st.session_state[keep] = chosen
    return chosen


def follow(data_files: dict[int, str], assign_files: dict[int, str]) -> None:
    """A link to this page (`?idea=12&step=assign`) preselects the file in the picker of that step."""
    found = view.linked_file(screen_files=data_files, assign_files=assign_files, raw_idea=ui.link_param("idea"),
                             raw_step=ui.link_param("step"), lang=ui.lang())
    ui.follow_link("screen_pick" if found.part == "screen" else "assign_idea", "idea", found.linked)


def keep_report(results: list) -> None:
    """Keep the per-file report for the next run and confirm with the counts where the user is looking."""
    done = sum(r.done for r in results)
    st.session_state["bulk_report"] = results
    ui.flash(ui.T("bulk.screen.summary", done=ui.num(done), total=ui.num(len(results)),
                  skipped=ui.num(len(results) - done)))


def bulk_report() -> None:
    results = st.session_state.get("bulk_report")
    if results:
        st.subheader(ui.T("bulk.report"))
        ui.table(view.bulk_report(results, ui.lang()))


def bulk_screening_part(files: dict[int, str]) -> None:
    with st.expander(ui.T("bulk.screen.title"), expanded=bool(st.session_state.get("bulk_pick"))):
        st.caption(ui.T("bulk.screen.help"))
        chosen = ui.multiselect(ui.T("bulk.screen.pick"), list(files), format_func=files.get, key="bulk_pick")
        reason = st.text_area(ui.T("bulk.screen.reason"), key="bulk_reason")
        accept_col, return_col = st.columns(2)
        if accept_col.button(ui.T("bulk.screen.accept"), type="primary", key="bulk_accept", disabled=not chosen):
            ui.act(bulk_screening.screen_many, after=keep_report, rerun=True, idea_ids=chosen, accept=True)
        if return_col.button(ui.T("bulk.screen.return"), key="bulk_return", disabled=not chosen):
            ui.act(bulk_screening.screen_many, after=keep_report, rerun=True, idea_ids=chosen, accept=False,
                   reason=reason)


def accepted(idea_id: int, label: str) -> None:
    """After accepting: the assignment picker shows that file, and the page says what comes next."""
    st.session_state["assign_selected_goto"] = idea_id
    ui.flash(ui.T("place.screen.next", file=label), "info")


def screening_part(data) -> None:
    if not data.files:
        st.info(ui.T("review.screen.empty"))
        return
    ui.table(data.table, column_config=headings(data.table), key="screening", phone={"title": 200, "unit": 158})
    bulk_screening_part(data.files)
    idea_id = kept_choice("review.screen.pick", data.files, "screen_selected", "screen_pick")
    label = ui.plain(data.files[idea_id])
    # Read the whole file (content, attachments) before accepting it.
    if st.button(ui.T("ideas.mine.view"), key="screen_view", icon=":material/visibility:"):
        st.switch_page(DETAIL_PAGE, query_params={"id": str(idea_id)})
    reason = st.text_area(ui.T("review.screen.reason"), key=f"screen_reason_{idea_id}")
    accept_col, return_col = st.columns(2)
    if accept_col.button(ui.T("review.screen.accept"), type="primary", key="screen_accept"):
        ui.act(scoring.screen, success=ui.T("review.screen.accepted", file=label), rerun=True,
               after=lambda _: accepted(idea_id, label), idea_id=idea_id, accept=True)
    if return_col.button(ui.T("review.screen.return"), key="screen_return"):
        ui.act(scoring.screen, success=ui.T("review.screen.returned", file=label), rerun=True, idea_id=idea_id,
               accept=False, reason=reason)


def choose_reviewers(idea_id: int, label: str, due_on) -> None:
    """The secretary chooses, adds and replaces individual reviewers; who cannot be chosen is listed with why."""
    panel = ui.read(view.reviewers, lang=ui.lang(), idea_id=idea_id)
    picked = ui.multiselect(ui.T("place.assign.pick"), list(panel.choosable), format_func=panel.choosable.get,
                            key=f"assign_people_{idea_id}")
    if not panel.choosable:
        st.caption(ui.T("place.assign.none_free"))
    if st.button(ui.T("review.assign.submit"), type="primary", key="assign_pick_submit", disabled=not picked):
        ui.act(scoring.assign, success=ui.T("place.assign.done", file=label), rerun=True, idea_id=idea_id,
               mode="pick", reviewer_ids=[int(u) for u in picked], due_on=due_on)
    if not panel.unavailable.empty:
        ui.table(panel.unavailable, caption_key="place.assign.unavailable", column_config={
            "member": ui.T("place.col.member"), "reason": ui.T("place.col.reason")})
    if panel.replaceable and panel.choosable:
        with st.expander(ui.T("place.assign.replace_title"), icon=":material/swap_horiz:"):
            left, right = st.columns(2)
            old = ui.pick("place.assign.replace_who", panel.replaceable, f"assign_replace_old_{idea_id}",
                          container=left)
            new = ui.pick("place.assign.replace_by", panel.choosable, f"assign_replace_new_{idea_id}",
                          container=right)
            if st.button(ui.T("place.assign.replace_submit"), key="assign_replace_submit"):
                ui.act(scoring.replace_reviewer, success=ui.T("place.assign.replaced", file=label), rerun=True,
                       idea_id=idea_id, reviewer_id=int(old), by_id=int(new), due_on=due_on)


def assignment_part(files: dict[int, str]) -> None:
    st.subheader(ui.T("review.screen.assign_title"))
    if not files:
        st.info(ui.T("review.assign.none"))
        return
    idea_id = kept_choice("review.screen.assign_pick", files, "assign_selected", "assign_idea")
    label = ui.plain(files[idea_id])
    current = ui.read(view.assignments, lang=ui.lang(), idea_id=idea_id).table
    if not current.empty:
        ui.table(current, column_config=headings(current))
    modes = ["balanced", "all", "pick"]
    mode = st.radio(ui.T("review.assign.mode"), modes, format_func=lambda m: ui.T(f"review.assign.mode_{m}"),
                    key="assign_mode", horizontal=True)
    count = st.number_input(ui.T("review.assign.count"), min_value=1, max_value=20, step=1, value=3,
                            key="assign_count") if mode == "balanced" else None
    due_on = st.date_input(ui.T("review.col.due"), key="assign_due", **settings.DATE_INPUT,
                           value=clock.today() + dt.timedelta(days=scoring.DEFAULT_REVIEW_DAYS))
    if mode == "pick":
        choose_reviewers(idea_id, label, due_on)
    elif st.button(ui.T("review.assign.submit"), type="primary", key="assign_submit"):
        ui.act(scoring.assign, success=ui.T("place.assign.done", file=label), rerun=True, idea_id=idea_id, mode=mode,
               count=int(count) if count else None, due_on=due_on)
    many = ui.multiselect(ui.T("bulk.assign.pick"), list(files), format_func=files.get, key="bulk_assign_pick")
    if st.button(ui.T("bulk.assign.submit"), key="bulk_assign", disabled=not many):
        ui.act(bulk_screening.assign_many, after=keep_report, rerun=True, idea_ids=many,
               count=int(count) if count else None, due_on=due_on)


def main() -> None:
    user = ui.require_user()
    ui.page_header("review.screen.title", "review.screen.help")
    bulk_report()
    data = ui.read(view.queue, lang=ui.lang())
    assigner = user.has("secretary", "chair")
    files = ui.read(view.to_assign, lang=ui.lang()) if assigner else {}
    follow(data.files, files)
    screening_part(data)
    if assigner:
        st.divider()
        assignment_part(files)


main()
