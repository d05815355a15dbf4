"""What the dashboard page shows, ready to render: filter options, and per section its captions and panels
(chart, display table with localised headings and Vietnamese numbers, CSV). No Streamlit here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.permissions import Actor, scope_unit_ids
from ideas.core.words import BENEFITS
from ideas.dashboards import charts, charts_followup, commitments, reports
from ideas.dashboards.display import display_table
from ideas.dashboards.reports import annual as annual_report
from ideas.dashboards.reports import followthrough
from ideas.dashboards.reports.scope import STRUCTURES
from ideas.filing.campaigns import campaign_options
from ideas.rewards import annual_due

SECTIONS = ("participation", "time", "funnel", "fields", "impact", "followup", "commitments", "review", "rewards")


@dataclass(frozen=True)
class Filters:
    years: list[int]
    structures: dict[str, str]  # "today" / "as_was" -> label (the reader's choice after a reorganisation)
    campaigns: dict[int, str]
    units: dict[int, str]  # the subtrees the viewer may pick, indented names
    benefits: tuple[str, ...]  # the benefit measures one may chart (impact, follow-through)
    scope_key: tuple  # the viewer's visible units: part of every cache key, so a changed role never reads old data


@dataclass(frozen=True)
class Panel:
    key: str
    chart: alt.TopLevelMixin
    table: pd.DataFrame  # as people read it: headings, numbers and statuses in the language; empty = no data
    csv: bytes  # for Vietnamese Excel (ideas.core.csvfile)
    file_stem: str = ""  # the downloads' name in the language, without accents ("tham-gia-theo-don-vi")


@dataclass(frozen=True)
class Section:
    captions: list[str] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    drill: dict[int, str] = field(default_factory=dict)  # child rows one may open (unit id -> name)
    empty_message: str | None = None


def filters(*, session: Session, actor: Actor, lang: str = "vi") -> Filters:
    """The dashboard's filter options; PermissionDenied for someone who may not see dashboards."""
    visible = reports.visible_unit_ids(session, actor)
    return Filters(years=reports.year_options(session),
                   structures={s: t(f"history.structure.{s}", lang) for s in STRUCTURES},
                   campaigns=dict(campaign_options(session)),
                   units=dict(reports.unit_choices(session=session, actor=actor)), benefits=BENEFITS,
                   scope_key=("all",) if visible is None else tuple(visible))


def _panel(key: str, chart: alt.TopLevelMixin, frame: pd.DataFrame, lang: str, *, has_data: bool = True) -> Panel:
    csv = reports.csv_bytes(display_table(frame if has_data else frame.iloc[0:0], lang, numbers=True))
    return Panel(key, chart, display_table(frame, lang) if has_data else frame.iloc[0:0], csv,
                 t(f"dash.file.{key}", lang))


def section(*, session: Session, actor: Actor, name: str, year: int | None = None, campaign_id: int | None = None,
            unit_id: int | None = None, lang: str = "vi", benefit: str = "hours_saved",
            recognised_only: bool = True, today: dt.date | None = None, structure: str = "today") -> Section:
    """Everything one dashboard section shows for the filters, read in the viewer's scope.

    `structure` is the reader's choice after a reorganisation: "today" (figures of ended units rolled up into
    their successors) or "as_was" (each record under its unit at the time); see reports.scope."""
    today = today or clock.today()
    the_year = year or today.year
    common = {"session": session, "actor": actor, "year": year, "campaign_id": campaign_id, "unit_id": unit_id,
              "structure": structure}
    if name == "participation":
        frame = reports.participation(**common, lang=lang)
        average = reports.average_participation(frame)
        children = frame[~frame.own]
        return Section([t("dash.average_caption", lang, value=fmt_number(average, lang, digits=1))],
                       [_panel("participation", charts.participation_bar(frame, average, lang), frame, lang,
                               has_data=not frame.empty)],
                       drill=dict(zip(children.unit_id.astype(int), children.label, strict=True)))
    if name == "time":
        common["year"] = the_year
        monthly = reports.monthly_by_status(**common)
        yoy = reports.year_over_year(**common)
        return Section(panels=[_panel("monthly", charts.monthly_by_status(monthly, lang), monthly, lang,
                                      has_data=not monthly.empty),
                               _panel("year_over_year", charts.year_over_year(yoy, lang), yoy, lang)])
    if name == "funnel":
        frame = reports.funnel(**common, lang=lang)
        return Section(panels=[_panel("funnel", charts.funnel(frame, lang), frame, lang,
                                      has_data=bool(frame.ideas.sum()))])
    if name == "fields":
        fields = reports.par_fields(**common, lang=lang)
        heat = reports.unit_field_heatmap(**common, lang=lang)
        return Section(panels=[_panel("par_fields", charts.par_fields(fields, lang), fields, lang,
                                      has_data=bool(fields.ideas.sum())),
                               _panel("unit_fields", charts.unit_field_heatmap(heat, lang), heat, lang,
                                      has_data=bool(heat.ideas.sum()))])
    if name == "impact":
        by_unit = reports.impact_by_unit(**common, recognised_only=recognised_only, lang=lang)
        by_field = reports.impact_by_field(**common, recognised_only=recognised_only, lang=lang)
        return Section(panels=[
            _panel("impact_unit", charts.impact(by_unit, benefit, by="unit", lang=lang), by_unit, lang,
                   has_data=not by_unit.empty),
            _panel("impact_field", charts.impact(by_field, benefit, by="field", lang=lang), by_field, lang,
                   has_data=not by_field.empty)])
    if name == "followup":
        frame = followthrough.claimed_vs_measured(**common, today=today, lang=lang)
        has_data = bool(frame.recognised.sum())
        return Section([t("dash.followup.rule", lang)], [
            _panel("followup_impact", charts_followup.claimed_vs_measured(frame, benefit, lang), frame, lang,
                   has_data=has_data),
            _panel("followup_on_time", charts_followup.on_time(frame, lang), frame[["unit_id", "code", "name", "label",
                   "own", "due", "on_time", "on_time_pct"]], lang, has_data=bool(frame.due.sum()))])
    if name == "commitments":
        captions = [t("dash.commit.rule", lang), t("dash.commit.elapsed", lang, year=the_year,
                                                   months=commitments.elapsed_months(the_year, today))]
        frame = commitments.progress(session=session, actor=actor, year=the_year, unit_id=unit_id, today=today)
        if frame.empty:
            return Section(captions, empty_message=t("dash.commit.none", lang))
        return Section(captions, [_panel("commitments", charts.commitments(commitments.progress_long(frame), lang),
                                         frame, lang)])
    if name == "review":
        health = reports.review_health(**common, today=today, lang=lang)
        workload = reports.reviewer_workload(**common, today=today)
        return Section(panels=[_panel("review_health", charts.review_health(health, lang), health, lang,
                                      has_data=bool(health.accepted.sum())),
                               _panel("reviewer_workload", charts.reviewer_workload(workload, lang), workload, lang,
                                      has_data=not workload.empty)])
    if name == "rewards":
        awarded = reports.rewards_by_unit_form(**common, lang=lang)
        delays = reports.reward_delays(**common, lang=lang)
        return Section(panels=[_panel("rewards", charts.rewards(awarded, lang), awarded, lang,
                                      has_data=not awarded.empty),
                               _panel("reward_delays", charts.reward_delays(delays, lang), delays, lang,
                                      has_data=bool(delays.rewarded.sum()))])
    raise ValueError(name)


def png(panel: Panel) -> bytes:
    """The panel's chart as a PNG (rendered offline, on demand: it takes a moment)."""
    return charts.to_png(panel.chart)


# ---------------------------------------------------------------- the annual report (reward officers)


@dataclass(frozen=True)
class AnnualSection:
    """The annual report's block: its choices, due date, the two tables as read, and the two files."""

    due: str  # the due date, formatted
    forms: dict[str, str]  # form code -> "code (basis)"
    caption: str  # form, version, period and structure, one line each
    by_form: pd.DataFrame  # headings and numbers in the reader's language
    by_unit: pd.DataFrame
    xlsx: bytes
    docx: bytes
    xlsx_name: str
    docx_name: str


def annual_available(*, session: Session, actor: Actor) -> bool:
    """Whether the reader sees the annual report (those who may read rewards)."""
    return scope_unit_ids(session, actor, "rewards.view") != []


def annual_forms() -> dict[str, str]:
    """The statistics forms one may report in: code -> "code (circular)", the default first."""
    layouts = sorted(annual_report.LAYOUTS.values(), key=lambda f: f.form_code != annual_report.DEFAULT_FORM)
    return {form.form_code: f"{form.form_code} ({form.legal_basis.split(' quy định')[0]})" for form in layouts}


def annual(*, session: Session, actor: Actor, year: int, structure: str = "today", form_code: str | None = None,
           lang: str = "vi") -> AnnualSection:
    """The year's report in the chosen structure and form (rewards.view), with its xlsx and docx."""
    found = annual_report.annual_report(session=session, actor=actor, year=year, structure=structure,
                                        form_code=form_code, lang=lang)
    heads = {c: t(f"annual.col.{c}", lang) for c in ("form", "level", "submitted", "recognised",
                                                     *annual_report.FIGURES)}
    numbers = ["submitted", "recognised", *annual_report.FIGURES]
    by_form = found.by_form.assign(level=[t(f"review.scope.{v}", lang) for v in found.by_form.level],
                                   form=found.by_form.form_name)
    by_form = by_form[["form", "level", *annual_report.FIGURES]]
    by_unit = found.by_unit.rename(columns={"label": "unit"})[["unit", *numbers]]
    for frame in (by_form, by_unit):
        for column in frame.columns:
            if column in numbers:
                frame[column] = [fmt_number(int(v), lang) for v in frame[column]]
    heads["unit"] = t("annual.col.unit", lang)
    layout = found.layout
    return AnnualSection(
        due=fmt_date(annual_due.due_date(session, int(year)), lang),
        forms=annual_forms(),
        caption="\n".join([t("annual.form_line", lang, form=layout.form_code, version=layout.version),
                           t("annual.period_line", lang, year=found.year, first=fmt_date(found.first, lang),
                             last=fmt_date(found.last, lang)),
                           t(f"annual.structure.{found.structure}", lang)]),
        by_form=by_form.rename(columns=heads), by_unit=by_unit.rename(columns=heads),
        xlsx=annual_report.to_xlsx(session, found), docx=annual_report.to_docx(session, found),
        xlsx_name=annual_report.file_name(found, "xlsx"), docx_name=annual_report.file_name(found, "docx"))
