"""Pure functions DataFrame -> Altair chart for the dashboard; titles and axis labels from the locale."""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import altair as alt
import pandas as pd

from ideas.core.i18n import VEGA_LOCALES, fmt_number, t
from ideas.filing.lifecycle import STATUSES

STATUS_COLOURS = {"submitted": "#9ecae1", "returned": "#fdae6b", "under_review": "#3182bd",
                  "recognised": "#31a354", "not_recognised": "#de2d26", "withdrawn": "#bdbdbd"}
PROGRESS_COLOURS = {"met": "#31a354", "on_track": "#74c476", "behind": "#fd8d3c", "missed": "#de2d26"}
WIDTH = "container"
COUNT_AXIS = alt.Axis(tickMinStep=1)  # counts of ideas have no "0,5" ticks
NUMBER_FORMAT = ",.2~f"  # grouped thousands, at most two decimals, in the chart's locale: "2.340.000", "78,2"
AXIS_LABEL_LIMIT = 120  # px: long unit names are cut with an ellipsis instead of squeezing the plot on a phone


def percent_text(value: float, lang: str) -> str:
    """A share as a label: "100%", "33,3%" (one decimal only when it is not whole)."""
    if value != value:  # NaN: no submitted files
        return ""
    rounded = round(float(value), 1)
    return f"{fmt_number(rounded, lang, 1 if rounded != int(rounded) else 0)}%"


def _col(name: str, lang: str) -> str:
    return t(f"dash.col.{name}", lang)


def finish(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Top-level settings of every dashboard chart: the language's number and time locale, legends under the
    plot (on a phone a side legend takes the width), unit names cut before they squeeze the axis.

    Only the width fits the container: with Streamlit's default "fit" the legend under the plot is taken out of
    the chart's height and the bars collapse to nothing (seen in Chromium).
    """
    # aria=False: Vega would label every mark and axis in English ("X-axis titled …", "bar"); the chart is read as
    # one image described in the reader's language, and its numbers are in the table and CSV under it.
    return (chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
                             description=t("dash.chart.description", lang))
            .configure(locale=alt.Locale(**VEGA_LOCALES[lang]), numberFormat=NUMBER_FORMAT, aria=False)
            .configure_mark(aria=False)
            .configure_legend(orient="bottom", direction="vertical", labelLimit=260, titleLimit=260)
            .configure_axisY(labelLimit=AXIS_LABEL_LIMIT)
            .configure_title(anchor="start", limit=0))


def _finished(build: Callable[..., alt.TopLevelMixin]) -> Callable[..., alt.TopLevelMixin]:
    signature = inspect.signature(build)

    @functools.wraps(build)
    def wrapper(*args: object, **kwargs: object) -> alt.TopLevelMixin:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return finish(build(*args, **kwargs), str(bound.arguments["lang"]))
    return wrapper


def _height(rows: int) -> int:
    return max(120, 28 * rows)


@_finished
def participation_bar(frame: pd.DataFrame, average: float, lang: str = "vi") -> alt.LayerChart:
    """Units sorted by participation (%), horizontal bars, with the average drawn as a rule."""
    unit = _col("unit", lang)
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("participation_pct:Q", title=_col("participation_pct", lang)),
        y=alt.Y("label:N", title=unit, sort="-x"),
        tooltip=[alt.Tooltip("label:N", title=unit),
                 alt.Tooltip("headcount:Q", title=_col("headcount", lang)),
                 alt.Tooltip("submitters:Q", title=_col("submitters", lang)),
                 alt.Tooltip("participation_pct:Q", title=_col("participation_pct", lang), format=".1~f"),
                 alt.Tooltip("ideas:Q", title=_col("ideas", lang)),
                 alt.Tooltip("ideas_per_100:Q", title=_col("ideas_per_100", lang), format=".1~f"),
                 alt.Tooltip("supports:Q", title=_col("supports", lang)),
                 alt.Tooltip("recognised:Q", title=_col("recognised", lang))],
    )
    average_label = t("dash.chart.average", lang)
    rule = alt.Chart(pd.DataFrame({"average": [average], "name": [average_label]})).mark_rule(
        color="#d62728", strokeDash=[6, 3], size=2).encode(
        x="average:Q", tooltip=[alt.Tooltip("name:N", title=" "),
                                alt.Tooltip("average:Q", title=_col("participation_pct", lang), format=".1~f")])
    return alt.layer(bars, rule).properties(title=t("dash.chart.participation", lang), width=WIDTH,
                                            height=_height(len(frame)))


def _with_status_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.assign(status_label=[t(f"dash.status.{s}", lang) for s in frame.status])


@_finished
def monthly_by_status(frame: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Monthly submissions stacked by status."""
    data = _with_status_labels(frame, lang)
    statuses = [s for s in STATUSES if s in STATUS_COLOURS]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("month:O", title=_col("month", lang), scale=alt.Scale(domain=list(range(1, 13)))),
        y=alt.Y("sum(ideas):Q", title=_col("ideas", lang), stack="zero", axis=COUNT_AXIS),
        color=alt.Color("status_label:N", title=_col("status", lang),
                        scale=alt.Scale(domain=[t(f"dash.status.{s}", lang) for s in statuses],
                                        range=[STATUS_COLOURS[s] for s in statuses])),
        order=alt.Order("status:N"),
        tooltip=[alt.Tooltip("month:O", title=_col("month", lang)),
                 alt.Tooltip("status_label:N", title=_col("status", lang)),
                 alt.Tooltip("ideas:Q", title=_col("ideas", lang))],
    ).properties(title=t("dash.chart.monthly", lang), width=WIDTH, height=280)


@_finished
def year_over_year(frame: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Monthly submissions, this year against last year (one line per year)."""
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("month:O", title=_col("month", lang)),
        y=alt.Y("ideas:Q", title=_col("ideas", lang), axis=COUNT_AXIS),
        color=alt.Color("year:N", title=_col("year", lang)),
        tooltip=[alt.Tooltip("year:N", title=_col("year", lang)), alt.Tooltip("month:O", title=_col("month", lang)),
                 alt.Tooltip("ideas:Q", title=_col("ideas", lang))],
    ).properties(title=t("dash.chart.yoy", lang), width=WIDTH, height=280)


@_finished
def funnel(frame: pd.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """Funnel stages as horizontal bars in process order, each labelled with its share of submitted."""
    y = alt.Y("label:N", title=_col("stage", lang), sort=alt.EncodingSortField("order", order="ascending"))
    frame = frame.assign(pct_text=[percent_text(value, lang) for value in frame.pct_of_submitted])
    base = alt.Chart(frame).encode(
        y=y, x=alt.X("ideas:Q", title=_col("ideas", lang), axis=COUNT_AXIS),
        tooltip=[alt.Tooltip("label:N", title=_col("stage", lang)), alt.Tooltip("ideas:Q", title=_col("ideas", lang)),
                 alt.Tooltip("pct_of_submitted:Q", title=_col("pct_of_submitted", lang), format=".1~f")])
    bars = base.mark_bar(color="#3182bd")
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("pct_text:N"))
    return alt.layer(bars, text).properties(title=t("dash.chart.funnel", lang), width=WIDTH, height=220)


@_finished
def par_fields(frame: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Ideas and recognised ideas per PAR field, grouped bars."""
    measure, value = _col("measure", lang), _col("value", lang)
    long = frame.melt(id_vars=["field", "field_name"], value_vars=["ideas", "recognised"],
                      var_name="measure_key", value_name="value")
    long["measure"] = [t(f"dash.series.{'all' if m == 'ideas' else 'recognised'}", lang) for m in long.measure_key]
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("field_name:N", title=_col("field", lang), sort=alt.EncodingSortField("field")),
        yOffset=alt.YOffset("measure:N"),
        x=alt.X("value:Q", title=_col("ideas", lang), axis=COUNT_AXIS),
        color=alt.Color("measure:N", title=measure),
        tooltip=[alt.Tooltip("field_name:N", title=_col("field", lang)), alt.Tooltip("measure:N", title=measure),
                 alt.Tooltip("value:Q", title=value)],
    ).properties(title=t("dash.chart.fields", lang), width=WIDTH)


@_finished
def unit_field_heatmap(frame: pd.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """Unit x PAR field heatmap of idea counts, with the count written in each cell."""
    base = alt.Chart(frame).encode(
        x=alt.X("field_name:N", title=_col("field", lang), sort=alt.EncodingSortField("field"),
                axis=alt.Axis(labelAngle=-40, labelLimit=160)),
        y=alt.Y("label:N", title=_col("unit", lang)),
        tooltip=[alt.Tooltip("label:N", title=_col("unit", lang)),
                 alt.Tooltip("field_name:N", title=_col("field", lang)),
                 alt.Tooltip("ideas:Q", title=_col("ideas", lang))])
    rect = base.mark_rect().encode(color=alt.Color("ideas:Q", title=_col("ideas", lang),
                                                   scale=alt.Scale(scheme="blues")))
    text = base.mark_text().encode(text="ideas:Q")
    rows = frame["label"].nunique() if not frame.empty else 1
    return alt.layer(rect, text).properties(title=t("dash.chart.heatmap", lang), width=WIDTH,
                                            height=_height(rows))


@_finished
def impact(frame: pd.DataFrame, benefit: str, *, by: str = "unit", lang: str = "vi") -> alt.Chart:
    """One quantified benefit summed per unit row (by='unit') or per PAR field (by='field'), sorted."""
    label_field, label_title = ("label", _col("unit", lang)) if by == "unit" else ("field_name", _col("field", lang))
    title = t(f"dash.benefit.{benefit}", lang)
    return alt.Chart(frame).mark_bar(color="#31a354").encode(
        x=alt.X(f"{benefit}:Q", title=title),
        y=alt.Y(f"{label_field}:N", title=label_title, sort="-x"),
        tooltip=[alt.Tooltip(f"{label_field}:N", title=label_title), alt.Tooltip(f"{benefit}:Q", title=title,
                                                                                  format=",.0f")],
    ).properties(title=t(f"dash.chart.impact_{by}", lang), width=WIDTH, height=_height(len(frame)))


@_finished
def review_health(frame: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Decided on time / decided late / open past due per unit row, stacked horizontal bars."""
    keys = ["decided_on_time", "decided_late", "open_overdue"]
    long = frame.melt(id_vars=["label"], value_vars=keys, var_name="key", value_name="value")
    long["measure"] = [_col(k, lang) for k in long.key]
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("label:N", title=_col("unit", lang)),
        x=alt.X("sum(value):Q", title=_col("ideas", lang), stack="zero", axis=COUNT_AXIS),
        color=alt.Color("measure:N", title=_col("measure", lang),
                        scale=alt.Scale(domain=[_col(k, lang) for k in keys],
                                        range=["#31a354", "#fd8d3c", "#de2d26"])),
        tooltip=[alt.Tooltip("label:N", title=_col("unit", lang)),
                 alt.Tooltip("measure:N", title=_col("measure", lang)),
                 alt.Tooltip("value:Q", title=_col("ideas", lang))],
    ).properties(title=t("dash.chart.review_health", lang), width=WIDTH,
                 height=_height(frame["label"].nunique() if not frame.empty else 1))


@_finished
def reviewer_workload(frame: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Per reviewer: waiting to score (of which overdue), scored (of which late), grouped bars."""
    keys = ["active", "active_overdue", "scored", "scored_late"]
    long = frame.melt(id_vars=["reviewer"], value_vars=keys, var_name="key", value_name="value")
    long["measure"] = [_col(k, lang) for k in long.key]
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("reviewer:N", title=_col("reviewer", lang)),
        yOffset=alt.YOffset("measure:N", sort=[_col(k, lang) for k in keys]),
        x=alt.X("value:Q", title=_col("ideas", lang), axis=COUNT_AXIS),
        color=alt.Color("measure:N", title=_col("measure", lang),
                        scale=alt.Scale(domain=[_col(k, lang) for k in keys],
                                        range=["#6baed6", "#de2d26", "#31a354", "#fd8d3c"])),
        tooltip=[alt.Tooltip("reviewer:N", title=_col("reviewer", lang)),
                 alt.Tooltip("measure:N", title=_col("measure", lang)),
                 alt.Tooltip("value:Q", title=_col("value", lang))],
    ).properties(title=t("dash.chart.workload", lang), width=WIDTH)


@_finished
def rewards(frame: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Award amounts per unit row, stacked by award form (count in the tooltip)."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("label:N", title=_col("unit", lang), sort="-x"),
        x=alt.X("sum(amount):Q", title=_col("amount", lang)),
        color=alt.Color("form_name:N", title=_col("form", lang)),
        tooltip=[alt.Tooltip("label:N", title=_col("unit", lang)), alt.Tooltip("form_name:N", title=_col("form", lang)),
                 alt.Tooltip("awards:Q", title=_col("awards", lang)),
                 alt.Tooltip("amount:Q", title=_col("amount", lang), format=",.0f")],
    ).properties(title=t("dash.chart.rewards", lang), width=WIDTH,
                 height=_height(frame["label"].nunique() if not frame.empty else 1))


@_finished
def reward_delays(frame: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Median days from recognition to the award decision per unit row (mean in the tooltip)."""
    data = frame[frame.rewarded > 0]
    return alt.Chart(data).mark_bar(color="#756bb1").encode(
        y=alt.Y("label:N", title=_col("unit", lang), sort="-x"),
        x=alt.X("median_days:Q", title=_col("days", lang)),
        tooltip=[alt.Tooltip("label:N", title=_col("unit", lang)),
                 alt.Tooltip("rewarded:Q", title=_col("rewarded", lang)),
                 alt.Tooltip("median_days:Q", title=_col("median_days", lang)),
                 alt.Tooltip("mean_days:Q", title=_col("mean_days", lang))],
    ).properties(title=t("dash.chart.delays", lang), width=WIDTH, height=_height(len(data)))


@_finished
def commitments(long: pd.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """Share of each yearly target achieved per unit and measure, coloured by status; rules at the pro-rata
    expectation and at 100%."""
    data = long.assign(measure_label=[t(f"dash.commit.col.{m}_status", lang) for m in long.measure],
                       status_label=[t(f"dash.commit.status.{s}", lang) for s in long.status])
    progress_title = t("dash.commit.col.progress_pct", lang)
    statuses = list(PROGRESS_COLOURS)
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("name:N", title=_col("unit", lang)),
        yOffset=alt.YOffset("measure_label:N"),
        x=alt.X("achieved_pct:Q", title=progress_title),
        color=alt.Color("status_label:N", title=t("dash.commit.progress", lang),
                        scale=alt.Scale(domain=[t(f"dash.commit.status.{s}", lang) for s in statuses],
                                        range=[PROGRESS_COLOURS[s] for s in statuses])),
        tooltip=[alt.Tooltip("name:N", title=_col("unit", lang)),
                 alt.Tooltip("measure_label:N", title=_col("measure", lang)),
                 alt.Tooltip("actual:Q", title=_col("value", lang)),
                 alt.Tooltip("target:Q", title=t("dash.commit.col.target", lang)),
                 alt.Tooltip("achieved_pct:Q", title=progress_title),
                 alt.Tooltip("status_label:N", title=t("dash.commit.progress", lang))],
    )
    expected = float(long.expected_pct.iloc[0]) if not long.empty else 0.0
    marks = pd.DataFrame({"x": [expected, 100.0], "kind": [t("dash.commit.col.ideas_expected", lang),
                                                            t("dash.commit.col.target", lang)]})
    rules = alt.Chart(marks).mark_rule(strokeDash=[6, 3], color="#636363").encode(
        x="x:Q", tooltip=[alt.Tooltip("kind:N", title=" "), alt.Tooltip("x:Q", title=progress_title)])
    rows = long["name"].nunique() if not long.empty else 1
    return alt.layer(bars, rules).properties(title=t("dash.chart.commitments", lang), width=WIDTH,
                                             height=max(160, 60 * rows))


def to_png(chart: alt.TopLevelMixin, *, scale: float = 2.0) -> bytes:
    """Render a chart to PNG offline (vl-convert); call only on demand, it takes a moment."""
    import vl_convert as vlc

    spec = chart.to_dict()
    if spec.get("width") == "container":
        spec["width"] = 800
    return vlc.vegalite_to_png(spec, scale=scale)
