"""UI strings: one flat catalogue per language, merged from ideas/core/locales/<lang>/*.json.

Each capability keeps its strings in its own file (core.json, ideas.json, review.json, ...).
Numbers, money and dates are formatted with Babel in the reader's locale.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

from ideas.core import clock

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
BABEL_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language; duplicate keys across files are an error."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.json")):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"duplicate locale key {key!r} in {path}")
            merged[key] = value
    return merged


IDENTIFIER_PARAMS = re.compile(r"^(id|.+_id|year|number|.+_no|no|seq|code|row|first_row|footer_row|version|page|"
                               r"receipt|idea|port|first|last)$")
DATE_PARAMS = re.compile(r"^(date|due|due_on|.+_on|.+_date|effective_from|effective_to|not_after|locked_until)$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$")


def message_value(name: str, value: object, lang: str = DEFAULT_LANGUAGE) -> object:
    """A message's parameter as the reader writes it: dates dd/mm/yyyy (also the ISO text of a date-named parameter
    that a service or a stored notification carries), fractions with the language's decimal mark (99,9)."""
    if isinstance(value, dt.datetime):
        return fmt_datetime(value, lang)
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1_000 \
            and not IDENTIFIER_PARAMS.match(name):
        return fmt_number(value, lang)  # 2.000 ký tự; years, ids and numbers of record stay as they are
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        if value != value:  # NaN
            return ""
        return fmt_decimal(value, lang, 2)
    if isinstance(value, str) and DATE_PARAMS.match(name) and (found := ISO_DATE.match(value)):
        year, month, day, hour, minute = found.groups()
        try:
            if hour is None:
                return fmt_date(dt.date(int(year), int(month), int(day)), lang)
            return fmt_datetime(dt.datetime(int(year), int(month), int(day), int(hour), int(minute)), lang)
        except ValueError:
            return value
    return value


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Translate `key`; falls back to Vietnamese, then to the key itself. Parameters are written as the reader
    writes them (message_value)."""
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    if params:
        params = {name: message_value(name, value, lang) for name, value in params.items()}
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def error_text(error: Exception, lang: str = DEFAULT_LANGUAGE, *,
               escape: Callable[[str], str] | None = None) -> str:
    """The translated message of a DomainError (or a generic one).

    `escape` is applied to every text put into the message (names, titles, values the user typed), so that a
    page rendering it as markdown shows them as typed.
    """
    key = getattr(error, "key", "error.generic")
    params = dict(getattr(error, "params", {}) or {})
    field = params.get("field")
    if isinstance(field, str) and field in catalogue(lang):  # a field named by its label's key
        params["field"] = t(field, lang)
    params = {name: message_value(name, value, lang) for name, value in params.items()}
    if escape is not None:
        params = {name: escape(value) if isinstance(value, str) else value for name, value in params.items()}
    return t(key, lang, **params)


def fmt_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE, digits: int = 0) -> str:
    """A number with the language's separators (vi: 2.340.000 and 78,2) and `digits` decimals, none for a whole
    number (80, not 80,0: people write whole numbers whole)."""
    if value is None:
        return ""
    if digits and round(float(value), digits) == int(round(float(value), digits)):
        digits = 0
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])


def fmt_decimal(value: float | int | None, lang: str = DEFAULT_LANGUAGE, digits: int = 2) -> str:
    """At most `digits` decimals, trailing zeros dropped (vi: 33,5 and 100; en: 33.5)."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0." + "#" * digits, locale=BABEL_LOCALES[lang])


def fmt_money(value: int | None, lang: str = DEFAULT_LANGUAGE) -> str:
    return "" if value is None else f"{fmt_number(value, lang)} đ"


def fmt_date(value: dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if lang == "vi" else _babel_date(value, "d MMM y", locale="en_GB")


def local_time(value: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; people read them in Vietnam's time zone."""
    return clock.local(value)


def fmt_datetime(value: dt.datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None or value != value:  # None or NaT
        return ""
    value = local_time(value)
    if lang == "vi":
        return value.strftime("%H:%M %d/%m/%Y")
    return _babel_datetime(value, "d MMM y HH:mm", locale="en_GB")


# Vega/Altair number and time format locales (d3-format / d3-time-format): charts read like the tables.
VEGA_LOCALES: dict[str, dict] = {
    "vi": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0đ"]},
        "time": {
            "dateTime": "%A, %d/%m/%Y %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
            "periods": ["SA", "CH"],
            "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
            "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
            "months": [f"Tháng {m}" for m in range(1, 13)],
            "shortMonths": [f"Th{m}" for m in range(1, 13)],
        },
    },
    "en": {
        "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]},
        "time": {
            "dateTime": "%a %e %b %Y %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
            "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December"],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        },
    },
}
