"""The one clock of business dates: every "today", deadline, receipt year and window is in the configured zone.

The server's own time zone never matters (production servers run in UTC). Times are stored as naive UTC;
business dates are Vietnam's (IDEAS_TIME_ZONE, default Asia/Ho_Chi_Minh). Tests pin an instant with `frozen`.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
_source: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)  # noqa: E731


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    """The business time zone (IDEAS_TIME_ZONE, default Asia/Ho_Chi_Minh)."""
    return _zone(os.environ.get("IDEAS_TIME_ZONE") or DEFAULT_ZONE)


def instant() -> dt.datetime:
    """Now, time-zone aware (UTC)."""
    return _source().astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """Now as naive UTC, the form in which both databases store times."""
    return instant().replace(tzinfo=None)


def now() -> dt.datetime:
    """Now in the business zone (aware)."""
    return instant().astimezone(zone())


def today() -> dt.date:
    """Today's date in the business zone."""
    return now().date()


def this_year() -> int:
    return today().year


def local(stored: dt.datetime | None) -> dt.datetime | None:
    """A stored naive-UTC time as naive local (business-zone) time, for display and local dates."""
    if stored is None:
        return None
    aware = stored if stored.tzinfo else stored.replace(tzinfo=dt.UTC)
    return aware.astimezone(zone()).replace(tzinfo=None)


def local_date(stored: dt.datetime | None) -> dt.date | None:
    """The business-zone date of a stored naive-UTC time."""
    value = local(stored)
    return value.date() if value else None


def to_utc(local_time: dt.datetime) -> dt.datetime:
    """A naive business-zone time as naive UTC (for comparing with stored times)."""
    return local_time.replace(tzinfo=zone()).astimezone(dt.UTC).replace(tzinfo=None)


def day_start_utc(day: dt.date) -> dt.datetime:
    """The first instant of `day` in the business zone, as naive UTC."""
    return to_utc(dt.datetime.combine(day, dt.time.min))


def day_end_utc(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the business zone, as naive UTC (exclusive bound)."""
    return day_start_utc(day + dt.timedelta(days=1))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31/1 + 1 month = 28 or 29/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Pin the clock to `at` (aware; naive means business-zone local time) inside the block."""
    global _source
    pinned = at if at.tzinfo else at.replace(tzinfo=zone())
    previous, _source = _source, (lambda: pinned)
    try:
        yield
    finally:
        _source = previous
