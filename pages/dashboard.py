"""Dashboards for leaders and unit heads: participation, trends, funnel, PAR fields, impact, commitments,
review health and rewards, each with its data, CSV and PNG downloads. Scope is enforced in ideas/reports."""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from ideas.accounts import users
from ideas.core.errors import DomainError
from ideas.core.i18n import catalogue, fmt_number
from ideas.dashboards import charts, commitments, reports

SECTIONS = ("participation", "time", "funnel", "fields", "impact", "commitments", "review", "rewards")
CACHE_SECONDS = 60  # dashboards may lag the data by up to a minute; scope changes apply at once
HIDDEN_COLUMNS = {"unit_id", "own", "path", "order", "stage", "reviewer_id", "field", "form", "level", "label"}

user = ui.require_user()
ui.page_header("dash.title", "dash.help")
lang = ui.lang()
today = dt.date.today()

with ui.db().read_session() as session:
    try:
        actor = ui.load_actor(session, user)
        unit_labels = dict(reports.unit_choices(session=session, actor=actor))
        visible = reports.visible_unit_ids(session, actor)
    except DomainError as error:
        ui.show_error(error)
        st.stop()
    years = reports.year_options(session, today=today)
    campaign_labels = dict(reports.campaign_options(session))

col_year, col_campaign, col_unit = st.columns([1, 2, 3])
year = col_year.selectbox(ui.T("dash.filter.year"), [None, *years], index=1, key="dash_year",
                          format_func=lambda y: ui.T("dash.filter.all_years") if y is None else str(y))
campaign_id = col_campaign.selectbox(
    ui.T("dash.filter.campaign"), [None, *campaign_labels], key="dash_campaign",
    format_func=lambda c: ui.T("dash.filter.all_campaigns") if c is None else campaign_labels[c])
if st.session_state.get("dash_unit") not in (None, *unit_labels):
    st.session_state["dash_unit"] = None
unit_id = col_unit.selectbox(ui.T("dash.filter.unit"), [None, *unit_labels], key="dash_unit",
                             format_func=lambda u: ui.T("dash.filter.all_units") if u is None else unit_labels[u])
section = st.segmented_control(ui.T("dash.filter.section"), SECTIONS, default="participation",
                               key="dash_section", format_func=lambda s: ui.T(f"dash.tab.{s}"))
section = section or "participation"
filters = {"year": year, "campaign_id": campaign_id, "unit_id": unit_id}
scope_key = ("all",) if visible is None else tuple(visible)
signature = (user.id, year, campaign_id, unit_id, lang)


def heading(name: str) -> str:
    """The localised column title for a data column."""
    known = catalogue(lang)
    for key in (f"dash.col.{name}", f"dash.benefit.{name}", f"dash.commit.col.{name}"):
        if key in known or key in catalogue("vi"):
            return ui.T(key)
    return {"field_name": ui.T("dash.col.field"), "form_name": ui.T("dash.col.form"),
            "name": ui.T("dash.col.unit"), "status_label": ui.T("dash.col.status")}.get(name, name)


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as people read it: localised headings, internal columns dropped."""
    if "label" in frame.columns:  # the label tells a unit's own office from its subtree
        frame = frame.drop(columns=[c for c in ("name",) if c in frame.columns]).rename(columns={"label": "name"})
    out = frame[[c for c in frame.columns if c not in HIDDEN_COLUMNS]].copy()
    for column in [c for c in out.columns if c.endswith("status") or c == "overall"]:
        out[column] = [ui.T(f"dash.commit.status.{v}") if column != "status" else ui.T(f"dash.status.{v}")
                       for v in out[column]]
    return out.rename(columns={c: heading(c) for c in out.columns})


def show(chart, frame: pd.DataFrame, key: str) -> None:  # noqa: ANN001
    """A chart with its data table, CSV download and on-demand PNG download."""
    if frame.empty:
        st.info(ui.T("dash.no_data"))
        return
    # Streamlit's theme collapses these layered charts (bars vanish in Chromium); our specs carry their own styling.
    st.altair_chart(chart, theme=None)
    table = shown(frame)
    with st.expander(ui.T("dash.show_data")):
        st.dataframe(table, hide_index=True)
    left, right = st.columns(2)
    left.download_button(ui.T("dash.download_csv"), reports.csv_bytes(table), file_name=f"{key}.csv",
                         mime="text/csv", key=f"dash_csv_{key}", icon=":material/download:")
    png_key = f"dash_png_data_{key}"
    if right.button(ui.T("dash.prepare_png"), key=f"dash_png_{key}", icon=":material/image:"):
        st.session_state[png_key] = (signature, charts.to_png(chart))
    stored = st.session_state.get(png_key)
    if stored and stored[0] == signature:
        right.download_button(ui.T("dash.download_png"), stored[1], file_name=f"{key}.png", mime="image/png",
                              key=f"dash_png_dl_{key}")


def drill_to(target: int | None) -> None:
    st.session_state["dash_unit"] = target


@st.cache_data(ttl=CACHE_SECONDS, max_entries=500, show_spinner=False)
def _cached(module: str, name: str, database: str, user_id: int, scope_key: tuple, params: tuple) -> pd.DataFrame:
    """One read model's result per (database, viewer, scope, filters): reruns of the page reuse it.

    scope_key is the viewer's visible units computed on this run, so a changed role never reads an old scope.
    """
    fn = getattr({"reports": reports, "commitments": commitments}[module], name)
    with ui.db().read_session() as session:
        return fn(session=session, actor=users.get_user(session, user_id), **dict(params))


def load(fn, **extra):  # noqa: ANN001, ANN201
    """Run one read model as the signed-in user; a domain error is shown and stops the page."""
    try:
        return _cached(fn.__module__.rsplit(".", 1)[-1], fn.__name__, ui.db().url, user.id, scope_key,
                       tuple(sorted(extra.items())))
    except DomainError as error:
        ui.show_error(error)
        st.stop()


if section == "participation":
    frame = load(reports.participation, **filters, lang=lang)
    average = reports.average_participation(frame)
    st.caption(ui.T("dash.average_caption", value=fmt_number(average, lang, digits=1)))
    show(charts.participation_bar(frame, average, lang), frame, "participation")
    children = frame[~frame.own]
    if not children.empty:
        names = dict(zip(children.unit_id, children.label, strict=True))
        left, right = st.columns([3, 1])
        target = left.selectbox(ui.T("dash.drill"), list(names), format_func=names.get, key="dash_drill")
        right.button(ui.T("dash.drill_go"), key="dash_drill_go", on_click=drill_to, args=(int(target),))
    else:
        st.caption(ui.T("dash.drill_hint"))
    if unit_id is not None:
        st.button(ui.T("dash.drill_up"), key="dash_drill_up", on_click=drill_to, args=(None,))

elif section == "time":
    the_year = year or today.year
    frame = load(reports.monthly_by_status, year=the_year, campaign_id=campaign_id, unit_id=unit_id)
    show(charts.monthly_by_status(frame, lang), frame, "monthly")
    frame = load(reports.year_over_year, year=the_year, campaign_id=campaign_id, unit_id=unit_id)
    show(charts.year_over_year(frame, lang), frame, "year_over_year")

elif section == "funnel":
    frame = load(reports.funnel, **filters, lang=lang)
    show(charts.funnel(frame, lang), frame if frame.ideas.sum() else frame.iloc[0:0], "funnel")

elif section == "fields":
    frame = load(reports.par_fields, **filters, lang=lang)
    show(charts.par_fields(frame, lang), frame if frame.ideas.sum() else frame.iloc[0:0], "par_fields")
    frame = load(reports.unit_field_heatmap, **filters, lang=lang)
    show(charts.unit_field_heatmap(frame, lang), frame if frame.ideas.sum() else frame.iloc[0:0], "unit_fields")

elif section == "impact":
    left, right = st.columns(2)
    benefit = left.selectbox(ui.T("dash.benefit.pick"), reports.BENEFITS, key="dash_benefit",
                             format_func=lambda b: ui.T(f"dash.benefit.{b}"))
    recognised_only = right.toggle(ui.T("dash.filter.recognised_only"), value=True, key="dash_recognised_only")
    frame = load(reports.impact_by_unit, **filters, recognised_only=recognised_only, lang=lang)
    show(charts.impact(frame, benefit, by="unit", lang=lang), frame, "impact_unit")
    frame = load(reports.impact_by_field, **filters, recognised_only=recognised_only, lang=lang)
    show(charts.impact(frame, benefit, by="field", lang=lang), frame, "impact_field")

elif section == "commitments":
    the_year = year or today.year
    st.caption(ui.T("dash.commit.rule"))
    st.caption(ui.T("dash.commit.elapsed", months=commitments.elapsed_months(the_year, today), year=the_year))
    frame = load(commitments.progress, year=the_year, unit_id=unit_id, today=today)
    if frame.empty:
        st.info(ui.T("dash.commit.none"))
    else:
        show(charts.commitments(commitments.progress_long(frame), lang), frame, "commitments")

elif section == "review":
    frame = load(reports.review_health, **filters, today=today, lang=lang)
    show(charts.review_health(frame, lang), frame if frame.accepted.sum() else frame.iloc[0:0], "review_health")
    frame = load(reports.reviewer_workload, **filters, today=today)
    show(charts.reviewer_workload(frame, lang), frame, "reviewer_workload")

elif section == "rewards":
    frame = load(reports.rewards_by_unit_form, **filters, lang=lang)
    show(charts.rewards(frame, lang), frame, "rewards")
    frame = load(reports.reward_delays, **filters, lang=lang)
    show(charts.reward_delays(frame, lang), frame if frame.rewarded.sum() else frame.iloc[0:0], "reward_delays")
