"""Router: page config, first-run setup, login gate, the menu from ideas.core.navigation, pg.run()."""
from __future__ import annotations

import os

import streamlit as st

import api_routes
import auth_routes
import public_routes


def main() -> None:
    import ui
    from ideas.core import navigation

    ui.freeze_imported_modules()  # after the first run of each page: its imports leave Streamlit's per-run GC
    st.set_page_config(page_title="Sáng kiến CCHC", page_icon=":material/lightbulb:", layout="wide",
                       initial_sidebar_state="auto")
    st.sidebar.markdown(__import__("ideas.core.focus_style").core.focus_style.STYLE,  # markup-checked: our CSS
                        unsafe_allow_html=True)  # (st.html's style-only block did not stay in this app's page)
    ui.language_picker()
    arrival = ui.arrive()  # one unit of work: first run?, the session, the menu, the unread count
    # Right after setup with the demo, stay on the setup page until its one-time logins are dismissed.
    if not arrival.has_admin or st.session_state.get("demo_logins"):
        st.navigation([st.Page("pages/setup.py", title=ui.T("nav.setup"), default=True)]).run()
        return
    user = arrival.user
    st.session_state["user"] = user
    if user is None:
        st.navigation([st.Page("pages/login.py", title=ui.T("nav.login"), default=True)]).run()
        return
    if user.must_change_password:
        st.navigation([st.Page("pages/account.py", title=ui.T("nav.account"), default=True)]).run()
        return
    _sidebar(ui, user, arrival.unread)
    sections = _menu_pages(ui, arrival.menu, navigation.HOME)
    # expanded=True: no "View more/less" button, whose English text Streamlit does not let us translate.
    page = st.navigation(sections, expanded=True)
    if st.session_state.get("_shown_page") != page.url_path:
        st.session_state["_shown_page"] = page.url_path
        st.session_state["_page_visit"] = st.session_state.get("_page_visit", 0) + 1  # ui.target_once
        _close_sidebar_on_narrow_screens(page.url_path)
    page.run()


def _menu_pages(ui, menu: tuple, home: str) -> dict[str, list]:
    """The menu's st.Page objects by section, built once per session, language and menu.

    Building them resolves and checks every page's file on disk: 10% of what an empty page cost on each click.
    They are kept in the session (one run at a time), never shared between sessions: st.navigation marks the
    chosen page as runnable on the object itself."""
    key = (ui.lang(), tuple(page.path for page in menu), os.environ.get("IDEAS_BENCH_FLOOR") == "1")
    kept = st.session_state.get("_menu_pages")
    if kept and kept[0] == key:
        return kept[1]
    sections: dict[str, list] = {}
    for page in menu:
        sections.setdefault(ui.T(page.section_key), []).append(
            st.Page(page.path, title=ui.T(page.title_key), icon=page.icon, default=page.path == home))
    if key[2]:
        sections[ui.T("nav.section.main")].append(st.Page(_benchmark_floor, title="floor", url_path="bench_floor"))
    st.session_state["_menu_pages"] = (key, sections)
    return sections


def _benchmark_floor() -> None:
    """What every click costs before any page's own work: signed in, menu drawn, nothing else.

    Only with IDEAS_BENCH_FLOOR=1, set by benchmarks/cpu_per_action.py (docs/BENCHMARKS.md, CPU per click).
    """


# Streamlit closes the sidebar after a menu click only for a phone's user agent; a narrow window on any
# other browser (a tablet, a desktop browser made small) kept it open over the page it just opened.
_CLOSE_SIDEBAR = """<script data-page="{page}">
(() => {
  const win = window.parent || window;
  if (win.innerWidth > 768) return;
  const button = win.document.querySelector('[data-testid="stSidebar"] button[aria-label="Collapse sidebar"]');
  if (button && button.getAttribute("aria-expanded") === "true") button.click();
})();
</script>"""


def _close_sidebar_on_narrow_screens(page: str) -> None:
    # The page name makes the element differ from the last page's, so the browser runs it again.
    st.html(_CLOSE_SIDEBAR.replace("{page}", page),  # markup-checked: our script; page is a file stem
            unsafe_allow_javascript=True)


def _sidebar(ui, user, unread: int) -> None:
    from ideas.accounts import sessions

    st.sidebar.text(user.full_name)  # user text: never markdown
    st.sidebar.text(user.username)
    st.sidebar.caption(ui.T("inbox.unread_badge", count=ui.num(unread)))
    if st.sidebar.button(ui.T("nav.logout"), icon=":material/logout:"):
        with ui.db().session() as session:
            sessions.logout(session=session, token=ui.session_token())
        st.session_state.clear()
        st.html('<script>window.parent.location.replace("/auth/logout")</script>',
                unsafe_allow_javascript=True)
        st.stop()


if __name__ == "__main__":
    main()
else:
    app = st.App("app.py", routes=auth_routes.ROUTES + public_routes.ROUTES + api_routes.ROUTES,
                 lifespan=auth_routes.lifespan,
                 middleware=auth_routes.MIDDLEWARE)
