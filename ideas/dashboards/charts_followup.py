"""Charts of the follow-through section: claimed against measured benefit per unit row, and the share of
measurements recorded on time. Same locale, legend and axis conventions as charts.py."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ideas.core.i18n import t
from ideas.dashboards.charts import WIDTH, finish


def _col(name: str, lang: str) -> str:
    return t(f"dash.col.{name}", lang)


def claimed_vs_measured(frame: pd.DataFrame, benefit: str, lang: str = "vi") -> alt.TopLevelMixin:
    """One benefit per unit row: what the measured ideas claimed and what was measured, side by side."""
    series = {f"claimed_{benefit}": t("dash.series.claimed", lang), f"measured_{benefit}": t("dash.series.measured",
                                                                                               lang)}
    long = frame.melt(id_vars=["label"], value_vars=list(series), var_name="key", value_name="value")
    long["series"] = [series[k] for k in long.key]
    unit, measure, value = _col("unit", lang), _col("measure", lang), t(f"dash.benefit.{benefit}", lang)
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("label:N", title=unit), yOffset=alt.YOffset("series:N"),
        x=alt.X("value:Q", title=value),
        color=alt.Color("series:N", title=measure, scale=alt.Scale(domain=list(series.values()),
                                                                  range=["#9ecae1", "#31a354"])),
        tooltip=[alt.Tooltip("label:N", title=unit), alt.Tooltip("series:N", title=measure),
                 alt.Tooltip("value:Q", title=value, format=",.2~f")],
    ).properties(title=t("dash.chart.followup_impact", lang, benefit=value), width=WIDTH,
                 height=max(120, 44 * max(frame["label"].nunique(), 1)))
    return finish(chart, lang)


def on_time(frame: pd.DataFrame, lang: str = "vi") -> alt.TopLevelMixin:
    """Share of due measurements recorded on time, per unit row."""
    unit, pct = _col("unit", lang), _col("on_time_pct", lang)
    chart = alt.Chart(frame).mark_bar(color="#3182bd").encode(
        y=alt.Y("label:N", title=unit, sort="-x"),
        x=alt.X("on_time_pct:Q", title=pct, scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("label:N", title=unit), alt.Tooltip("due:Q", title=_col("due", lang)),
                 alt.Tooltip("on_time:Q", title=_col("on_time", lang)),
                 alt.Tooltip("on_time_pct:Q", title=pct, format=".1~f")],
    ).properties(title=t("dash.chart.followup_on_time", lang), width=WIDTH,
                 height=max(120, 28 * max(len(frame), 1)))
    return finish(chart, lang)
