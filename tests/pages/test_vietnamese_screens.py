"""Every screen and chart, as each demo role, in Vietnamese: no English number formats, codes or None/NaN."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from ideas.accounts import users
from ideas.core.models import User
from ideas.core.navigation import PAGES, menu
from ideas.tooling import demo
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import PASSWORD

ROLES = ("demo.quantri", "demo.canbo", "demo.lanhdao", "demo.thuky", "demo.chutich", "demo.giamkhao1",
         "demo.thidua")
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


def chart_problems(at) -> list[str]:
    """Charts format numbers with the Vietnamese locale (2.340.000 and 78,2) and show no raw codes."""
    found = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        number = spec.get("config", {}).get("locale", {}).get("number", {})
        if (number.get("decimal"), number.get("thousands")) != (",", "."):
            found.append(f"chart without the vi number locale: {spec.get('title', '')!s:.60}")
        found += problems([str(spec.get("title", ""))])
    return found


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
    for username in ROLES:
        at = app_test()
        with demo_province.session() as s:
            user = s.scalar(select(User).where(User.username == username))
            sign_in(at, s, user)
            paths = [page.path for page in menu(session=s, actor=user)]
        at.run()
        for path in paths:
            at.switch_page(path).run()
            found = [f"exception: {at.exception[0].message[:80]}"] if at.exception else \
                problems(visible_texts(at)) + chart_problems(at)
            if found:
                failures[f"{path} as {username}"] = sorted(set(found))[:5]
    assert failures == {}


def test_the_checks_catch_what_they_should():
    assert problems(["2,340,000 đ", "Hệ số 0.3", "None", "auth.login", "PAR3", "reward_officer"]) == [
        "thousands comma: '2,340,000 đ'", "decimal dot: 'Hệ số 0.3'", "None/NaN: 'None'", "raw code: 'auth.login'",
        "raw code: 'PAR3'", "raw code: 'reward_officer'"]
    assert problems(["2.340.000 đ", "78,2", "05/11/2026 08:30", "Đăng nhập", "Cán bộ, công chức"]) == []
    assert len(PAGES) > 20
