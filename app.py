"""Router: page config, first-run setup, login gate, role -> st.navigation, pg.run()."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

import auth_routes

ROOT = Path(__file__).resolve().parent

# (page file, title key, icon, roles allowed (None = every signed-in user), section key)
NAV: list[tuple[str, str, str, frozenset[str] | None, str]] = [
    ("pages/home.py", "nav.home", ":material/home:", None, "nav.section.main"),
    # ideas
    ("pages/ideas_submit.py", "nav.ideas_submit", ":material/edit_note:", None, "nav.section.ideas"),
    ("pages/ideas_mine.py", "nav.ideas_mine", ":material/folder_shared:", None, "nav.section.ideas"),
    ("pages/ideas_browse.py", "nav.ideas_browse", ":material/search:", None, "nav.section.ideas"),
    ("pages/ideas_detail.py", "nav.ideas_detail", ":material/article:", None, "nav.section.ideas"),
    ("pages/admin_campaigns.py", "nav.admin_campaigns", ":material/campaign:", frozenset({"admin"}),
     "nav.section.admin"),
    # review
    ("pages/review_screening.py", "nav.review_screening", ":material/fact_check:", frozenset({"secretary"}),
     "nav.section.review"),
    ("pages/review_queue.py", "nav.review_queue", ":material/rate_review:", frozenset({"reviewer", "chair"}),
     "nav.section.review"),
    ("pages/review_council.py", "nav.review_council", ":material/groups:",
     frozenset({"chair", "secretary", "admin"}), "nav.section.review"),
    ("pages/review_deadlines.py", "nav.review_deadlines", ":material/event_busy:", frozenset({"secretary", "admin"}),
     "nav.section.review"),
    ("pages/inbox.py", "nav.inbox", ":material/inbox:", None, "nav.section.account"),
    ("pages/admin_rubrics.py", "nav.admin_rubrics", ":material/rule:", frozenset({"admin"}), "nav.section.admin"),
    # rewards
    ("pages/rewards_lists.py", "nav.rewards_lists", ":material/military_tech:",
     frozenset({"reward_officer", "leader", "admin"}), "nav.section.rewards"),
    ("pages/rewards_eligibility.py", "nav.rewards_eligibility", ":material/how_to_reg:",
     frozenset({"reward_officer"}), "nav.section.rewards"),
    ("pages/rewards_ledger.py", "nav.rewards_ledger", ":material/workspace_premium:", None, "nav.section.rewards"),
    ("pages/admin_rules.py", "nav.admin_rules", ":material/gavel:", frozenset({"admin"}), "nav.section.admin"),
    # dashboards
    ("pages/dashboard.py", "nav.dashboard", ":material/monitoring:",
     frozenset({"leader", "admin", "secretary", "chair", "reward_officer"}), "nav.section.dashboards"),
    ("pages/admin_commitments.py", "nav.admin_commitments", ":material/flag:", frozenset({"admin"}),
     "nav.section.admin"),
    ("pages/account.py", "nav.account", ":material/person:", None, "nav.section.account"),
    ("pages/admin_units.py", "nav.admin_units", ":material/account_tree:", frozenset({"admin"}),
     "nav.section.admin"),
    ("pages/admin_accounts.py", "nav.admin_accounts", ":material/group:", frozenset({"admin"}),
     "nav.section.admin"),
    ("pages/admin_import.py", "nav.admin_import", ":material/upload_file:", frozenset({"admin"}),
     "nav.section.admin"),
    ("pages/admin_settings.py", "nav.admin_settings", ":material/settings:", frozenset({"admin"}),
     "nav.section.admin"),
    # security
    ("pages/admin_audit.py", "nav.admin_audit", ":material/policy:", frozenset({"admin"}), "nav.section.admin"),
]


def main() -> None:
    import ui

    st.set_page_config(page_title="Sáng kiến CCHC", page_icon=":material/lightbulb:", layout="wide")
    ui.language_picker()
    from ideas.accounts import users

    with ui.db().read_session() as session:
        first_run = not users.has_admin(session)
    # Right after setup with the demo, stay on the setup page until its one-time logins are dismissed.
    first_run = first_run or bool(st.session_state.get("demo_logins"))
    if first_run:
        st.navigation([st.Page("pages/setup.py", title=ui.T("nav.setup"), default=True)]).run()
        return
    user = ui.current_user()
    st.session_state["user"] = user
    if user is None:
        st.navigation([st.Page("pages/login.py", title=ui.T("nav.login"), default=True)]).run()
        return
    if user.must_change_password:
        st.navigation([st.Page("pages/account.py", title=ui.T("nav.account"), default=True)]).run()
        return
    _sidebar(ui, user)
    sections: dict[str, list] = {}
    for path, title_key, icon, roles, section in NAV:
        if (roles is None or user.has(*roles)) and (ROOT / path).exists():
            sections.setdefault(ui.T(section), []).append(
                st.Page(path, title=ui.T(title_key), icon=icon, default=path == "pages/home.py"))
    st.navigation(sections).run()


def _sidebar(ui, user) -> None:  # noqa: ANN001
    from ideas.accounts import inbox, users

    st.sidebar.text(user.full_name)  # user text: never markdown
    st.sidebar.caption(user.username)
    st.sidebar.caption(ui.T("inbox.unread_badge", count=inbox.unread_for(ui.db(), user)))
    if st.sidebar.button(ui.T("nav.logout"), icon=":material/logout:"):
        with ui.db().session() as session:
            users.logout(session=session, token=ui.session_token())
        st.session_state.clear()
        st.html('<script>window.parent.location.replace("/auth/logout")</script>',
                unsafe_allow_javascript=True)
        st.stop()


if __name__ == "__main__":
    main()
else:
    app = st.App("app.py", routes=auth_routes.ROUTES, lifespan=auth_routes.lifespan)
