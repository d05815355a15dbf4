"""Browse and search submitted ideas: filters, accent-insensitive search, sort, SQL pagination."""
import math

import streamlit as st

import ui
from ideas.filing import ideas_browse_view

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
    st.switch_page(DETAIL_PAGE, query_params={"id": str(int(idea_id))})


def filter_box(name: str, labels: dict, container):
    """One filter: "all" first; a value carried over that is no longer offered shows as itself."""
    return ui.selectbox(ui.T(f"browse.{name}"), list(labels), format_func=lambda v: labels.get(v, str(v)),
                        key=key(name), on_change=first_page, container=container)


@ui.fragment  # typing a search or choosing a filter reruns this part only
def search_and_results() -> None:
    options = ui.read(ideas_browse_view.browse_options, lang=lang)
    # Back from an idea, a reload or a copied link: the search named by the address, applied once per address
    address = {name: value for name, value in st.query_params.items() if isinstance(value, str)}
    # an address without a search (the menu, another page's link): this session's last search
    wanted = address if set(address) & ideas_browse_view.LINK_PARAMS else state.get("browse_address") or {}
    if wanted and (state.get("_browse_address") != wanted or "browse_text" not in state):  # or the widgets were dropped
        state["_browse_address"] = wanted
        for name, value in ideas_browse_view.search_from_link(params=wanted, options=options, sizes=PAGE_SIZES).items():
            if name == "text":
                state["browse_text"] = value
            elif name == "page":
                state["browse_page"] = value
            else:
                state[key(name)] = state[f"browse_{name}"] = value
    text = st.text_input(ui.T("browse.search"), key="browse_text", on_change=first_page)
    with st.expander(ui.T("browse.filters"), icon=":material/filter_list:"):  # results stay near the top on a phone
        c1, c2, c3 = st.columns(3)
        unit_id = filter_box("unit", options.units, c1)
        par_code = filter_box("par", options.pars, c2)
        status = filter_box("status", options.statuses, c3)
        c4, c5 = st.columns([3, 1])
        campaign_id = filter_box("campaign", options.campaigns, c4)
        year = filter_box("year", options.years, c5)
        c6, c7 = st.columns([3, 1])
        sort = c6.radio(ui.T("browse.sort"), list(options.sorts), format_func=options.sorts.get, key=key("sort"),
                        horizontal=True, on_change=first_page)
        size = ui.selectbox(ui.T("browse.page_size"), PAGE_SIZES, key=key("size"), on_change=first_page, container=c7)
    page = int(state.get("browse_page", 1) or 1)

    found = ui.read(ideas_browse_view.browse_page, lang=lang, unit_id=unit_id, par_code=par_code, status=status,
                    campaign_id=campaign_id, year=year, text=text, sort=sort, limit=size, offset=(page - 1) * size)
    pages = max(1, math.ceil(found.total / size))
    if page > pages:  # the result shrank (e.g. after a filter change): show its last page
        state["browse_page"] = pages
        st.rerun()
    if not found.ids:
        st.info(ui.T("browse.empty"))
    else:
        row = ui.picked_row(
            found.rows, key="browse_table", phone=ui.PICKED_ROW_PHONE,  # on a phone: which file, where it is
            column_config={"receipt_no": ui.T("browse.col.receipt_no"),
                           "title": st.column_config.TextColumn(ui.T("browse.col.title"), width="large"),
                           "unit_name": ui.T("browse.col.unit"), "status": ui.T("browse.col.status"),
                           "support_count": ui.T("browse.col.supports"),
                           "submitted_at": ui.T("browse.col.submitted_at")})
        if row is not None:
            open_idea(found.ids[row])
        pick_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
        picked = ui.pick("browse.open", found.labels, "browse_pick", container=pick_col)
        if button_col.button(ui.T("browse.open_button"), key="browse_open"):
            open_idea(picked)
    st.caption(ui.T("browse.total", total=ui.num(found.total), page=ui.num(min(page, pages)), pages=ui.num(pages)))
    st.number_input(ui.T("common.page"), min_value=1, max_value=pages, step=1, key="browse_page")

    # the address follows the search, so that Back from an idea and "Quay lại" return to it as it was
    kept = ideas_browse_view.search_to_link(text=text, size=size, page=int(state.get("browse_page", 1) or 1), filters={
        "unit": unit_id, "par": par_code, "status": status, "campaign": campaign_id, "year": year, "sort": sort})
    state["browse_address"] = state["_browse_address"] = kept
    if address != kept:
        st.query_params.from_dict(kept)


search_and_results()
