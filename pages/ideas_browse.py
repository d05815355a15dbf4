"""Browse and search submitted ideas: filters, accent-insensitive search, sort, SQL pagination."""
import math

import streamlit as st

import ui
from ideas.filing import browse

DETAIL_PAGE = "pages/ideas_detail.py"
PAGE_SIZES = (20, 50, 100)
FILTERS = ("unit", "par", "status", "campaign", "year", "sort", "size")

ui.require_user()
ui.page_header("browse.title", "browse.help")
lang = ui.lang()
state = st.session_state


def key(name: str) -> str:
    """Filter widgets are keyed by language, so a language switch redraws their words at once."""
    return f"browse_{name}_{lang}"


for name in FILTERS:  # carry the chosen values over to the other language's widgets
    if key(name) not in state and f"browse_{name}" in state:
        state[key(name)] = state[f"browse_{name}"]


def first_page() -> None:
    state["browse_page"] = 1
    for name in FILTERS:
        state[f"browse_{name}"] = state.get(key(name))


def open_idea(idea_id: int) -> None:
    state["view_idea_id"] = int(idea_id)
    st.switch_page(DETAIL_PAGE)


options = ui.read(browse.browse_options, lang=lang)


def all_or(labels: dict):  # noqa: ANN202
    return lambda value: ui.T("common.all") if value is None else labels.get(value, str(value))


text = st.text_input(ui.T("browse.search"), key="browse_text", on_change=first_page)
with st.expander(ui.T("browse.filters"), icon=":material/filter_list:"):  # results stay near the top on a phone
    c1, c2, c3 = st.columns(3)
    unit_id = c1.selectbox(ui.T("browse.unit"), [None, *options.units], format_func=all_or(options.units),
                           key=key("unit"), on_change=first_page, placeholder=ui.T("core.choose_option"))
    par_code = c2.selectbox(ui.T("browse.par"), [None, *options.pars], format_func=all_or(options.pars),
                            key=key("par"), on_change=first_page, placeholder=ui.T("core.choose_option"))
    status = c3.selectbox(ui.T("browse.status"), [None, *options.statuses], format_func=all_or(options.statuses),
                          key=key("status"), on_change=first_page, placeholder=ui.T("core.choose_option"))
    c4, c5 = st.columns([3, 1])
    campaign_id = c4.selectbox(ui.T("browse.campaign"), [None, *options.campaigns],
                               format_func=all_or(options.campaigns), key=key("campaign"), on_change=first_page,
                               placeholder=ui.T("core.choose_option"))
    year = c5.selectbox(ui.T("browse.year"), [None, *options.years], format_func=all_or({}), key=key("year"),
                        on_change=first_page, placeholder=ui.T("core.choose_option"))
    c6, c7 = st.columns([3, 1])
    sort = c6.radio(ui.T("browse.sort"), browse.SORTS, format_func=lambda s: ui.T(f"browse.sort.{s}"),
                    key=key("sort"), horizontal=True, on_change=first_page)
    size = c7.selectbox(ui.T("browse.page_size"), PAGE_SIZES, key=key("size"), on_change=first_page,
                        placeholder=ui.T("core.choose_option"))
page = int(state.get("browse_page", 1) or 1)

frame, total = ui.read(browse.browse_page, lang=lang, unit_id=unit_id, par_code=par_code, status=status,
                       campaign_id=campaign_id, year=year, text=text, sort=sort, limit=size,
                       offset=(page - 1) * size)
pages = max(1, math.ceil(total / size))
if page > pages:  # the result shrank (e.g. after a filter change): show its last page
    state["browse_page"] = pages
    st.rerun()
if frame.empty:
    st.info(ui.T("browse.empty"))
else:
    event = st.dataframe(
        frame[["receipt_no", "title", "unit_name", "status", "support_count", "submitted_at"]],
        hide_index=True, width="stretch", key="browse_table", on_select="rerun", selection_mode="single-row",
        column_config={"receipt_no": ui.T("browse.col.receipt_no"),
                       "title": st.column_config.TextColumn(ui.T("browse.col.title"), width="large"),
                       "unit_name": ui.T("browse.col.unit"), "status": ui.T("browse.col.status"),
                       "support_count": ui.T("browse.col.supports"),
                       "submitted_at": ui.T("browse.col.submitted_at")})
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows:
        open_idea(frame.id[rows[0]])
    labels = {int(i): f"{r} · {t}" for i, r, t in zip(frame.id, frame.receipt_no, frame.title, strict=True)}
    pick_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
    picked = pick_col.selectbox(ui.T("browse.open"), list(labels), format_func=labels.get, key="browse_pick",
                                placeholder=ui.T("core.choose_option"))
    if button_col.button(ui.T("browse.open_button"), key="browse_open"):
        open_idea(picked)
st.caption(ui.T("browse.total", total=ui.num(total), page=ui.num(min(page, pages)), pages=ui.num(pages)))
st.number_input(ui.T("common.page"), min_value=1, max_value=pages, step=1, key="browse_page")
