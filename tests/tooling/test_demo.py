"""Demo province: units on three levels, staff with every role, named logins that work, empty DB only."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from ideas.accounts import users
from ideas.core.errors import ValidationError
from ideas.core.models import Idea, RoleAssignment, Unit, User
from ideas.core.permissions import ROLES
from ideas.core.text import fold
from ideas.filing import browse
from ideas.tooling import demo


def test_demo_loads_into_an_empty_database(session):
    logins = demo.load_demo(session=session)
    assert 15 <= session.scalar(select(func.count()).select_from(Unit)) <= 20
    from ideas.papers import identity  # every identity field filled: no demo paper carries a placeholder

    for unit_id in [None, *session.scalars(select(Unit.id))]:
        found = identity.identity_for(session, unit_id)
        assert [identity.missing(found, kind) for kind in identity.KINDS] == [[]] * len(identity.KINDS)
    assert 200 <= session.scalar(select(func.count()).select_from(User)) <= 400
    assert set(session.scalars(select(Unit.level))) == {0, 1, 2}
    held = set(session.scalars(select(RoleAssignment.role)))
    assert set(ROLES) - {"staff"} <= held
    assert session.scalar(select(func.count()).select_from(RoleAssignment)
                          .where(RoleAssignment.role == "reviewer")) >= 4
    names = {login["username"] for login in logins}
    assert {"demo.thuky", "demo.chutich", "demo.thidua", "demo.lanhdao", "demo.canbo", "demo.quantri",
            "demo.giamkhao1", "demo.giamkhao4"} <= names
    assert session.scalar(select(func.count()).select_from(User).where(User.password_hash.is_not(None))) == len(
        logins)
    login = logins[0]
    assert users.authenticate(session=session, username=login["username"], password=login["password"])
    assert "demo.thuky" in demo.logins_csv(logins).decode("utf-8-sig")
    full_names = list(session.scalars(select(User.full_name)))
    assert all(len(name.split()) >= 3 for name in full_names)
    # Deterministic: the same seed gives the same people; a second load is refused.
    staff = demo._staff_rows(random.Random(demo.SEED))
    assert {row["username"] for row in staff} <= set(session.scalars(select(User.username)))
    # Every idea's search text is folded (the text search counts from its index alone on that promise), so an
    # accent-free query finds the demo's files.
    texts = list(session.scalars(select(Idea.search_text)))
    assert texts and all(text == fold(text) for text in texts)
    title = session.scalars(select(Idea.title).where(Idea.status == "submitted")).first()
    found, total = browse.search_ideas(session, text=fold(title))
    assert total >= 1 and title in set(found.title)
    with pytest.raises(ValidationError) as error:
        demo.load_demo(session=session)
    assert error.value.key == "demo.error.not_empty"


def test_setup_page_loads_the_demo_and_shows_logins_once(app_env):
    from tests.support.apptest import app_test
    from tests.support.factories.accounts import PASSWORD

    at = app_test().run()
    at.text_input(key="setup_username").input("quantri")
    at.text_input(key="setup_full_name").input("Nguyễn Quản Trị")
    at.text_input(key="setup_password").input(PASSWORD)
    at.text_input(key="setup_confirm").input(PASSWORD)
    at.checkbox(key="setup_demo").check()
    at.button[0].click().run()
    assert not at.exception
    assert at.warning and "demo.thuky" in set(at.dataframe[0].value["username"])
    assert "Thư ký hội đồng" in set(at.dataframe[0].value["roles"])  # role names, not codes
    with app_env.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == len(demo.UNITS)
    continue_button = next(b for b in at.button if b.label == "Tiếp tục đến trang đăng nhập")
    continue_button.click().run()
    assert not at.exception
    assert at.title[0].value == "Đăng nhập"
