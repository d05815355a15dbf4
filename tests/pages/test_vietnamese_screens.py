"""Every screen of this slice, as each demo role, in Vietnamese: no English number formats, codes or None/NaN."""
from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import select

from ideas.accounts import users
from ideas.core.models import User
from ideas.core.navigation import PAGES, menu
from ideas.tooling import demo
from tests.factories import PASSWORD, app_test, sign_in

# The pages this test holds to the rule; SCREENS_ALL=1 walks every page of the menu (for a report).
CHECKED = {"pages/home.py", "pages/inbox.py", "pages/admin_accounts.py", "pages/admin_audit.py",
           "pages/admin_import.py", "pages/admin_settings.py", "pages/admin_units.py"}
ROLES = ("demo.quantri", "demo.canbo", "demo.lanhdao", "demo.thuky")
THOUSANDS_COMMA = re.compile(r"\d,\d{3}(?!\d)")
DECIMAL_DOT = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")
NOT_A_VALUE = re.compile(r"\b(None|NaN|nan|NaT)\b")
RAW_CODE = re.compile(r"\b(reward_officer|auth\.[a-z_]+|[a-z]+\.[a-z]+_[a-z_]+|PAR[1-8])\b")
# Columns whose values are identifiers people type (codes, logins, e-mails), not prose.
IDENTIFIER_COLUMNS = {"code", "username", "email", "unit_code", "parent_code", "entity_id"}


def visible_texts(at) -> list[str]:
    texts = [element.value for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info",
                                        "warning", "error", "success") for element in at.get(kind)]
    texts += [str(metric.value) for metric in at.get("metric")]
    for frame in at.dataframe:
        table = frame.value
        for column in table.columns:
            if table[column].dtype.kind == "f" and (table[column].dropna() % 1 != 0).any():
                texts.append(f"float column {column} drawn by the browser as {table[column].dropna().iloc[0]}")
            if column not in IDENTIFIER_COLUMNS and table[column].dtype == object:
                texts += [str(value) for value in table[column] if isinstance(value, str)]
    return [text for text in texts if isinstance(text, str)]


def problems(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for name, pattern in (("thousands comma", THOUSANDS_COMMA), ("decimal dot", DECIMAL_DOT),
                              ("None/NaN", NOT_A_VALUE), ("raw code", RAW_CODE)):
            if pattern.search(text):
                found.append(f"{name}: {text[:80]!r}")
    return found


@pytest.fixture
def demo_province(app_env):
    with app_env.session() as s:
        demo.load_demo(session=s)
        for username in ROLES:
            users.by_username(s, username).password_hash = users.PASSWORD_CONTEXT.hash(PASSWORD)
    return app_env


def test_every_screen_reads_vietnamese(demo_province):
    failures: dict[str, list[str]] = {}
    walk_all = os.environ.get("SCREENS_ALL") == "1"
    for username in ROLES:
        at = app_test()
        with demo_province.session() as s:
            user = s.scalar(select(User).where(User.username == username))
            sign_in(at, s, user)
            paths = [page.path for page in menu(session=s, actor=user)]
        at.run()
        for path in paths:
            if not walk_all and path not in CHECKED:
                continue
            at.switch_page(path).run()
            found = [f"exception: {at.exception[0].message[:80]}"] if at.exception else problems(visible_texts(at))
            if found:
                failures[f"{path} as {username}"] = sorted(set(found))[:5]
    assert failures == {}


def test_the_checks_catch_what_they_should():
    assert problems(["2,340,000 đ", "Hệ số 0.3", "None", "auth.login", "PAR3", "reward_officer"]) == [
        "thousands comma: '2,340,000 đ'", "decimal dot: 'Hệ số 0.3'", "None/NaN: 'None'", "raw code: 'auth.login'",
        "raw code: 'PAR3'", "raw code: 'reward_officer'"]
    assert problems(["2.340.000 đ", "78,2", "05/11/2026 08:30", "Đăng nhập", "Cán bộ, công chức"]) == []
    assert {page.path for page in PAGES} >= CHECKED
