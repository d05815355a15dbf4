"""Small factories for tests: units, people with roles, signed-in AppTest sessions."""
from __future__ import annotations

import itertools
import re

from sqlalchemy.orm import Session

from ideas.accounts import units, users
from ideas.core.models import Unit, User

PASSWORD = "Mat-khau-rat-dai-2026"
_counter = itertools.count(1)


def make_unit(session: Session, *, code: str | None = None, name: str | None = None,
              parent: Unit | None = None, kind: str = "department", headcount: int = 50) -> Unit:
    n = next(_counter)
    return units.create_unit(session=session, actor=None, code=code or f"U{n:04d}",
                             name=name or f"Đơn vị {n}", kind=kind,
                             parent_id=parent.id if parent else None, headcount=headcount, check=False)


def make_user(session: Session, *, unit: Unit | None = None, roles: list[tuple[str, Unit | None]] | None = None,
              username: str | None = None, full_name: str | None = None,
              password: str | None = PASSWORD) -> User:
    n = next(_counter)
    return users.create_user(
        session=session, actor=None, username=username or f"user{n}", full_name=full_name or f"Nguyễn Văn {n}",
        password=password, unit_id=unit.id if unit else None,
        roles=[(role, scope.id if scope else None) for role, scope in roles or []], check=False)


def sign_in(at, session: Session, user: User):
    """Give an AppTest the session token a login would have produced (no browser, so no cookie)."""
    result = users.login(session=session, username=user.username, password=PASSWORD)
    at.session_state["auth_token"] = result.session_token
    return at


def _force_navigation_v2() -> None:
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


def signed_in_app(database, user: User):  # noqa: ANN001, ANN201
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
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    _force_navigation_v2()
    return AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=timeout)
