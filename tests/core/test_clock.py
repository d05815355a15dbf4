"""The Vietnam clock: edge instants around local midnight and New Year, whatever the server's time zone."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from ideas.core import clock
from ideas.core.db import PROJECT_ROOT
from ideas.core.i18n import fmt_datetime

VN = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize(("local", "today", "year"), [
    (dt.datetime(2026, 5, 31, 23, 59, tzinfo=VN), dt.date(2026, 5, 31), 2026),  # closing day, last minute
    (dt.datetime(2026, 6, 1, 0, 1, tzinfo=VN), dt.date(2026, 6, 1), 2026),  # the next day has begun
    (dt.datetime(2027, 1, 1, 0, 30, tzinfo=VN), dt.date(2027, 1, 1), 2027),  # 17:30 UTC on 31 December
])
def test_today_and_year_are_vietnam_dates(local, today, year):
    with clock.frozen(local.astimezone(dt.UTC)):
        assert (clock.today(), clock.this_year()) == (today, year)
        assert clock.utcnow() == local.astimezone(dt.UTC).replace(tzinfo=None)


def test_day_bounds_are_vietnam_midnights_in_utc():
    assert clock.day_start_utc(dt.date(2027, 1, 1)) == dt.datetime(2026, 12, 31, 17, 0)
    assert clock.day_end_utc(dt.date(2026, 5, 31)) == dt.datetime(2026, 5, 31, 17, 0)
    closing = clock.day_end_utc(dt.date(2026, 5, 31))
    with clock.frozen(dt.datetime(2026, 5, 31, 23, 59, tzinfo=VN)):
        assert clock.utcnow() < closing
    with clock.frozen(dt.datetime(2026, 6, 1, 0, 1, tzinfo=VN)):
        assert clock.utcnow() >= closing


def test_naive_frozen_time_means_vietnam_local_time():
    with clock.frozen(dt.datetime(2027, 1, 1, 0, 30)):
        assert clock.utcnow() == dt.datetime(2026, 12, 31, 17, 30)
    assert fmt_datetime(dt.datetime(2026, 12, 31, 17, 30), "vi") == "00:30 01/01/2027"


def test_add_months_keeps_the_last_day_of_short_months():
    assert clock.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert clock.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


PROBE = """
import datetime as dt, json
from ideas.core import clock
from ideas.core.i18n import fmt_datetime
out = []
for instant in ("2026-05-31T16:59:00+00:00", "2026-05-31T17:01:00+00:00", "2026-12-31T17:30:00+00:00"):
    with clock.frozen(dt.datetime.fromisoformat(instant)):
        out.append([str(clock.today()), clock.this_year(), str(clock.utcnow()), str(clock.now().replace(tzinfo=None)),
                    fmt_datetime(clock.utcnow(), "vi")])
out.append([str(clock.day_start_utc(dt.date(2027, 1, 1))), str(clock.local(dt.datetime(2026, 12, 31, 17, 30)))])
print(json.dumps(out))
"""


def _probe(tz: str) -> list:
    env = {**os.environ, "TZ": tz}
    env.pop("IDEAS_TIME_ZONE", None)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    return json.loads(result.stdout)


def test_results_do_not_depend_on_the_process_time_zone():
    utc, los_angeles = _probe("UTC"), _probe("America/Los_Angeles")
    assert utc == los_angeles
    assert [row[0] for row in utc[:3]] == ["2026-05-31", "2026-06-01", "2027-01-01"]
    assert utc[2][4] == "00:30 01/01/2027"
    assert utc[3] == ["2026-12-31 17:00:00", "2027-01-01 00:30:00"]
