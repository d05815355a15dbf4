"""Home: what is waiting for the signed-in person, with links to where it is done."""
from pathlib import Path

import streamlit as st

import ui
from ideas.dashboards import home_view

ROOT = Path(__file__).resolve().parent.parent


def link(target: home_view.Link) -> None:
    if (ROOT / target.page).exists():
        st.page_link(target.page, label=target.label, icon=target.icon)  # markup-checked: T()


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

if home.tasks:
    st.subheader(ui.T("home.tasks"))
    for text, target in home.tasks:
        st.write(text)  # markup-checked: the view's text is translations and numbers
        link(target)

st.subheader(ui.T("home.start"))
for target in home.links:
    link(target)
st.caption(home.roles)  # markup-checked: the view's text is translations
