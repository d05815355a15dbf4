"""Home: one work list across all my roles, each item a link to the exact file and action, overdue first."""
import streamlit as st

import ui
from ideas.dashboards import home_view

ui.require_user()
ui.page_header("home.title")
home = ui.read(home_view.home_view, lang=ui.lang())

st.text(home.welcome)  # the name is user text: never markdown
if home.unit_name:
    st.text(home.unit_name)

for column, metric in zip(st.columns(len(home.metrics)), home.metrics, strict=True):
    column.metric(metric.label, metric.value)  # markup-checked: translations and numbers
if home.returned:
    st.warning(home.returned)  # markup-checked: the view's text is translations and numbers

if home.headline:
    st.subheader(ui.T("worklist.headline.title"))
    for column, metric in zip(st.columns(len(home.headline)), home.headline, strict=True):
        column.metric(metric.label, metric.value)  # markup-checked: translations and numbers
    if home.dashboard:
        ui.work_link(home.dashboard)

st.subheader(ui.T("home.tasks"))
for alert in home.alerts:
    st.error(alert)  # markup-checked: the view's text is translations and numbers
if not home.work:
    st.caption(ui.T("worklist.work.none"))
for target in home.work:
    ui.work_link(target)
for target in home.more:
    ui.work_link(target)

st.subheader(ui.T("home.start"))
for target in home.links:
    ui.work_link(target)
st.caption(home.roles)  # markup-checked: the view's text is translations
