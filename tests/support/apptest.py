"""AppTest of the real router (app.py), signed in as a person, and text as the browser shows it."""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.orm import Session

from ideas.accounts import users
from ideas.core.models import User
from tests.support.factories.accounts import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def sign_in(at, session: Session, user: User):
    """Give an AppTest the session token a login would have produced (no browser, so no cookie)."""
    result = users.login(session=session, username=user.username, password=PASSWORD)
    at.session_state["auth_token"] = result.session_token
    return at


def force_navigation_v2() -> None:
    """AppTest re-detects the legacy `pages/` directory mode before every run and then runs the last
    page file without app.py. `streamlit run` leaves that mode for good once st.navigation is called;
    do the same here so that every AppTest run goes through the router, as a browser's does."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test as app_test_module

    if getattr(app_test_module.PagesManager, "_forces_v2", False):
        return

    class RouterPagesManager(PagesManager):
        _forces_v2 = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test_module.PagesManager = RouterPagesManager


def signed_in_app(database, user: User):
    """An AppTest of the app, signed in as `user` and run once (on its home page)."""
    at = app_test()
    with database.session() as session:
        sign_in(at, session, user)
    return at.run()


def shown(markdown_source: str) -> str:
    """Text as the browser shows it: markdown escapes (ui.plain) removed from an element's source."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown_source)


def app_test(timeout: float = 30):
    """An AppTest of the real router (app.py)."""
    from streamlit.testing.v1 import AppTest

    force_navigation_v2()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)


def open_tab(at, label: str, *, key: str = "detail_tab"):
    """Open the tab labelled `label` of the tabs with `key` (the idea page draws only the open tab), as a click on
    it does: the tabs' state is the open tab's label, and the page runs again."""
    at.session_state[key] = label
    return at.run()
