"""Dashboards for leaders and unit heads: participation, trends, funnel, PAR fields, impact, commitments,
review health and rewards, each with its data, CSV and PNG downloads. Scope is enforced in ideas/dashboards."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.core.errors import DomainError
from ideas.dashboards import dashboard_view as view_of

CACHE_SECONDS = 60  # dashboards may lag the data by up to a minute; scope changes apply at once


@st.cache_data(ttl=CACHE_SECONDS, max_entries=500, show_spinner=False)
def _cached(database: str, _user_id: int, scope_key: tuple, params: tuple) -> view_of.Section:
    """One section per (database, scope, filters), shared by every viewer of that scope (the leaders of a
    province or district arriving together compute it once); `_user_id` is not part of the key.

    scope_key is the viewer's visible units computed on this run (view_of.filters refused a viewer without
    dashboard.view already), so a changed role never reads an old scope and nobody reads another scope.
    """
    return ui.read(view_of.section, **dict(params))


def drill_to(target: int | None) -> None:
    st.session_state["dash_unit"] = target


def show(panel: view_of.Panel, signature: tuple) -> None:
    """A chart with its data table, CSV download and on-demand PNG download."""
    if panel.table.empty:
        st.info(ui.T("dash.no_data"))
        return
    # Streamlit's theme collapses these layered charts (bars vanish in Chromium); our specs carry their own styling.
    st.altair_chart(panel.chart, theme=None, width="stretch")
    with st.expander(ui.T("dash.show_data")):
        ui.table(panel.table)
    left, right = st.columns(2)
    left.download_button(ui.T("dash.download_csv"), panel.csv, file_name=f"{panel.file_stem}.csv", mime="text/csv",
                         key=f"dash_csv_{panel.key}", icon=":material/download:")
    png_key = f"dash_png_data_{panel.key}"
    if right.button(ui.T("dash.prepare_png"), key=f"dash_png_{panel.key}", icon=":material/image:"):
        st.session_state[png_key] = (signature, view_of.png(panel))
    stored = st.session_state.get(png_key)
    if stored and stored[0] == signature:
        right.download_button(ui.T("dash.download_png"), stored[1], file_name=f"{panel.file_stem}.png",
                              mime="image/png", key=f"dash_png_dl_{panel.key}")


def annual_block(year: int | None, structure: str) -> None:
    """The annual emulation report (reward officers): its year and form, under the dashboard's structure choice;
    the tables, xlsx and docx."""
    st.divider()
    st.subheader(ui.T("annual.title"))
    col_year, col_form = st.columns([1, 3])
    chosen_year = int(col_year.number_input(ui.T("annual.year"), min_value=2000, max_value=2100, step=1,
                                            value=year or clock.this_year(), key="annual_year"))
    form_code = ui.pick("annual.form", view_of.annual_forms(), "annual_form", container=col_form)
    report = ui.read(view_of.annual, year=chosen_year, structure=structure, form_code=form_code, lang=ui.lang())
    st.caption(ui.T("annual.help", due=ui.plain(report.due)))
    st.text(report.caption)
    ui.table(report.by_form)
    ui.table(report.by_unit)
    left, right = st.columns(2)
    left.download_button(ui.T("annual.download_xlsx"), report.xlsx, file_name=report.xlsx_name,
                         key="annual_xlsx", icon=":material/download:",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    right.download_button(ui.T("annual.download_docx"), report.docx, file_name=report.docx_name,
                          key="annual_docx", icon=":material/download:",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def main() -> None:
    user = ui.require_user()
    ui.page_header("dash.title", "dash.help")
    lang = ui.lang()

    try:
        options = ui.read(view_of.filters, lang=lang)
    except DomainError as error:
        ui.show_error(error)
        st.stop()

    col_year, col_campaign, col_unit = st.columns([1, 2, 3])
    year = ui.selectbox(ui.T("dash.filter.year"), [None, *options.years], index=1, key="dash_year",
                        format_func=lambda y: ui.T("dash.filter.all_years") if y is None else str(y),
                        container=col_year)
    campaign_id = ui.selectbox(
        ui.T("dash.filter.campaign"), [None, *options.campaigns], key="dash_campaign", container=col_campaign,
        format_func=lambda c: ui.T("dash.filter.all_campaigns") if c is None else options.campaigns[c])
    if st.session_state.get("dash_unit") not in (None, *options.units):
        st.session_state["dash_unit"] = None
    unit_id = ui.selectbox(ui.T("dash.filter.unit"), [None, *options.units], key="dash_unit", container=col_unit,
                           format_func=lambda u: ui.T("dash.filter.all_units") if u is None else options.units[u])
    structure = st.segmented_control(ui.T("history.structure.label"), list(options.structures), default="today",
                                     key="dash_structure", format_func=options.structures.get,
                                     help=ui.T("history.structure.help")) or "today"
    section = st.segmented_control(ui.T("dash.filter.section"), view_of.SECTIONS, default="participation",
                                   key="dash_section", format_func=lambda s: ui.T(f"dash.tab.{s}"))
    section = section or "participation"
    extra = {}
    if section in ("impact", "followup"):
        left, right = st.columns(2)
        extra["benefit"] = ui.selectbox(ui.T("dash.benefit.pick"), options.benefits, key="dash_benefit",
                                        format_func=lambda b: ui.T(f"dash.benefit.{b}"), container=left)
        if section == "impact":
            extra["recognised_only"] = right.toggle(ui.T("dash.filter.recognised_only"), value=True,
                                                    key="dash_recognised_only")
    params = {"name": section, "year": year, "campaign_id": campaign_id, "unit_id": unit_id, "lang": lang,
              "structure": structure, **extra}
    signature = (user.id, tuple(sorted(params.items())))

    try:
        view = _cached(ui.db().url, user.id, options.scope_key, tuple(sorted(params.items())))
    except DomainError as error:
        ui.show_error(error)
        st.stop()

    for caption in view.captions:
        st.caption(ui.plain(caption))
    if view.empty_message:
        st.info(ui.plain(view.empty_message))
    for panel in view.panels:
        show(panel, signature)

    if section == "participation":
        if view.drill:
            left, right = st.columns([3, 1])
            target = ui.pick("dash.drill", view.drill, "dash_drill", container=left)
            right.button(ui.T("dash.drill_go"), key="dash_drill_go", on_click=drill_to, args=(int(target),))
        else:
            st.caption(ui.T("dash.drill_hint"))
        if unit_id is not None:
            st.button(ui.T("dash.drill_up"), key="dash_drill_up", on_click=drill_to, args=(None,))
    if section == "rewards" and ui.read(view_of.annual_available):
        annual_block(year, structure)


main()
