"""Secretary: accept submitted files for review or return them with a reason, then assign their reviewers."""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from ideas.core import clock
from ideas.review import bulk_screening, scoring
from ideas.review import review_screening_view as view

DETAIL_PAGE = "pages/ideas_detail.py"


def headings(frame: pd.DataFrame) -> dict:
    return {c: ui.T(f"review.col.{c}") for c in frame}


def kept_choice(label_key: str, files: dict[int, str], keep: str, key: str) -> int:
    """A file picker whose choice survives a visit to another page (widget state does not)."""
    ids = list(files)
    chosen = ui.pick(label_key, files, key,
                     index=ids.index(st.session_state[keep]) if st.session_state.get(keep) in ids else 0)
    st.session_state[keep] = chosen
    return chosen


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


def screening_part() -> None:
    data = ui.read(view.queue, lang=ui.lang())
    if not data.files:
        st.info(ui.T("review.screen.empty"))
        return
    ui.table(data.table, column_config=headings(data.table))
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
               after=lambda _: st.session_state.update(assign_selected=idea_id), idea_id=idea_id, accept=True)
    if return_col.button(ui.T("review.screen.return"), key="screen_return"):
        ui.act(scoring.screen, success=ui.T("review.screen.returned", file=label), rerun=True, idea_id=idea_id,
               accept=False, reason=reason)


def assignment_part() -> None:
    st.subheader(ui.T("review.screen.assign_title"))
    files = ui.read(view.to_assign, lang=ui.lang())
    if not files:
        st.info(ui.T("review.assign.none"))
        return
    idea_id = kept_choice("review.screen.assign_pick", files, "assign_selected", "assign_idea")
    current = ui.read(view.assignments, lang=ui.lang(), idea_id=idea_id).table
    if not current.empty:
        ui.table(current, column_config=headings(current))
    modes = ["balanced", "all"]
    mode = st.radio(ui.T("review.assign.mode"), modes, format_func=lambda m: ui.T(f"review.assign.mode_{m}"),
                    key="assign_mode", horizontal=True)
    count = st.number_input(ui.T("review.assign.count"), min_value=1, max_value=20, step=1, value=3,
                            key="assign_count") if mode == "balanced" else None
    due_on = st.date_input(ui.T("review.col.due"), key="assign_due", format="DD/MM/YYYY",
                           value=clock.today() + dt.timedelta(days=scoring.DEFAULT_REVIEW_DAYS))
    if st.button(ui.T("review.assign.submit"), type="primary", key="assign_submit"):
        ui.act(scoring.assign, success=ui.T("review.assign.done"), rerun=True, idea_id=idea_id, mode=mode,
               count=int(count) if count else None, due_on=due_on)
    many = ui.multiselect(ui.T("bulk.assign.pick"), list(files), format_func=files.get, key="bulk_assign_pick")
    if st.button(ui.T("bulk.assign.submit"), key="bulk_assign", disabled=not many):
        ui.act(bulk_screening.assign_many, after=keep_report, rerun=True, idea_ids=many,
               count=int(count) if count else None, due_on=due_on)


def main() -> None:
    user = ui.require_user()
    ui.page_header("review.screen.title", "review.screen.help")
    bulk_report()
    screening_part()
    if user.has("secretary", "chair"):
        st.divider()
        assignment_part()


main()
