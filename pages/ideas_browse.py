"""Browse and search submitted ideas: filters, accent-insensitive search, sort, SQL pagination."""
import math

import streamlit as st

import ui
from ideas.accounts import units
from ideas.core.i18n import fmt_date
from ideas.filing import browse
from ideas.filing.idea_view import PUBLIC_STATUSES

DETAIL_PAGE = "pages/ideas_detail.py"
PAGE_SIZES = (20, 50, 100)

user = ui.require_user()
ui.page_header("browse.title", "browse.help")


def _first_page() -> None:
    st.session_state["browse_page"] = 1


def _open(idea_id: int) -> None:
    st.session_state["view_idea_id"] = int(idea_id)
    st.switch_page(DETAIL_PAGE)


with ui.db().read_session() as session:
    unit_labels = dict(units.unit_options(session))
    par_labels = dict(browse.par_options(session, ui.lang()))
    campaign_labels = dict(browse.campaign_options(session))
    years = browse.year_options(session)


def _all_or(labels: dict):  # noqa: ANN202
    return lambda value: ui.T("common.all") if value is None else labels.get(value, str(value))


status_labels = {s: ui.T(f"browse.status.{s}") for s in PUBLIC_STATUSES}
text = st.text_input(ui.T("browse.search"), key="browse_text", on_change=_first_page)
c1, c2, c3 = st.columns(3)
unit_id = c1.selectbox(ui.T("browse.unit"), [None, *unit_labels], format_func=_all_or(unit_labels),
                       key="browse_unit", on_change=_first_page)
par_code = c2.selectbox(ui.T("browse.par"), [None, *par_labels], format_func=_all_or(par_labels),
                        key="browse_par", on_change=_first_page)
status = c3.selectbox(ui.T("browse.status"), [None, *PUBLIC_STATUSES], format_func=_all_or(status_labels),
                      key="browse_status", on_change=_first_page)
c4, c5, c6, c7 = st.columns([3, 1, 2, 1])
campaign_id = c4.selectbox(ui.T("browse.campaign"), [None, *campaign_labels],
                           format_func=_all_or(campaign_labels), key="browse_campaign", on_change=_first_page)
year = c5.selectbox(ui.T("browse.year"), [None, *years], format_func=_all_or({}), key="browse_year",
                    on_change=_first_page)
sort = c6.radio(ui.T("browse.sort"), browse.SORTS, format_func=lambda s: ui.T(f"browse.sort.{s}"),
                key="browse_sort", horizontal=True, on_change=_first_page)
size = c7.selectbox(ui.T("browse.page_size"), PAGE_SIZES, key="browse_size", on_change=_first_page)
page = int(st.session_state.get("browse_page", 1) or 1)

with ui.db().read_session() as session:
    frame, total = browse.browse(session, actor=ui.load_actor(session, user), unit_id=unit_id,
                                 par_code=par_code, status=status, campaign_id=campaign_id, year=year, text=text,
                                 sort=sort, limit=size, offset=(page - 1) * size)

pages = max(1, math.ceil(total / size))
if page > pages:  # the result shrank (e.g. after a filter change): show its last page
    st.session_state["browse_page"] = pages
    st.rerun()
if frame.empty:
    st.info(ui.T("browse.empty"))
else:
    shown = frame.assign(
        status=[status_labels.get(s, s) for s in frame.status],
        submitted_at=[fmt_date(d.date() if d == d and d is not None else None, ui.lang())
                      for d in frame.submitted_at])
    event = st.dataframe(
        shown[["receipt_no", "title", "unit_name", "status", "support_count", "submitted_at"]],
        hide_index=True, use_container_width=True, key="browse_table", on_select="rerun",
        selection_mode="single-row",
        column_config={"receipt_no": ui.T("browse.col.receipt_no"), "title": ui.T("browse.col.title"),
                       "unit_name": ui.T("browse.col.unit"), "status": ui.T("browse.col.status"),
                       "support_count": ui.T("browse.col.supports"),
                       "submitted_at": ui.T("browse.col.submitted_at")})
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows:
        _open(frame.id[rows[0]])
    labels = {int(i): f"{r or ''} · {t}" for i, r, t in zip(frame.id, frame.receipt_no, frame.title, strict=True)}
    pick_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
    picked = pick_col.selectbox(ui.T("browse.open"), list(labels), format_func=labels.get, key="browse_pick")
    if button_col.button(ui.T("browse.open_button"), key="browse_open"):
        _open(picked)
st.caption(ui.T("browse.total", total=total, page=min(page, pages), pages=pages))
st.number_input(ui.T("common.page"), min_value=1, max_value=pages, step=1, key="browse_page")
