"""Home: what is waiting for the signed-in person, with links to where it is done."""
from pathlib import Path

import streamlit as st

import ui
from ideas.dashboards import home

ROOT = Path(__file__).resolve().parent.parent
user = ui.require_user()
ui.page_header("home.title")
# home.summary (dashboards) still takes `user=`; adapt it to the page's one read as the signed-in person.
data = ui.read(lambda *, session, actor: home.summary(session, user=actor))

st.text(ui.T("home.welcome", name=user.full_name))  # the name is user text: never markdown
if data["unit_name"]:
    st.text(data["unit_name"])


def link(page: str, label_key: str, icon: str) -> None:
    if (ROOT / page).exists():
        st.page_link(page, label=ui.T(label_key), icon=icon)


mine = data["mine"]
open_files = sum(mine.get(s, 0) for s in ("submitted", "returned", "under_review"))
cols = st.columns(4)
cols[0].metric(ui.T("home.metric.unread"), data["unread"])
cols[1].metric(ui.T("home.metric.drafts"), mine.get("draft", 0) + mine.get("returned", 0))
cols[2].metric(ui.T("home.metric.open"), open_files)
cols[3].metric(ui.T("home.metric.recognised"), mine.get("recognised", 0))
if mine.get("returned"):
    st.warning(ui.T("home.returned", count=ui.num(mine["returned"])))

tasks = [(data["screening"], "home.task.screening", "pages/review_screening.py"),
         (data["scores_due"], "home.task.scores", "pages/review_queue.py"),
         (data["award_lists"], "home.task.award_lists", "pages/rewards_lists.py")]
shown = [(count, key, page) for count, key, page in tasks if count]
if shown:
    st.subheader(ui.T("home.tasks"))
    for count, key, page in shown:
        st.write(ui.T(key, count=ui.num(count)))
        link(page, "home.open", ":material/arrow_forward:")

st.subheader(ui.T("home.start"))
link("pages/ideas_submit.py", "home.link.submit", ":material/edit_note:")
link("pages/ideas_mine.py", "home.link.mine", ":material/folder_shared:")
link("pages/ideas_browse.py", "home.link.browse", ":material/search:")
link("pages/inbox.py", "home.link.inbox", ":material/inbox:")
st.caption(ui.T("home.your_roles", roles=", ".join(ui.T(f"role.{r}") for r in sorted(user.roles))))
