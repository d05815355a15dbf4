"""Upload quota per person: what the attachment service charges before storing files."""
from __future__ import annotations

import datetime as dt

import pytest

from ideas.accounts import throttle
from ideas.core import clock
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text
from tests.support.factories.accounts import make_user

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_uploads_past_the_hourly_quota_are_refused_then_allowed_an_hour_later(db):
    with db.session() as s:
        person = make_user(s)
    with clock.frozen(START), db.session() as s:
        throttle.charge_uploads(session=s, actor=person, count=throttle.UPLOADS_PER_HOUR - 1)
        throttle.charge_uploads(session=s, actor=person)
    with clock.frozen(START + dt.timedelta(minutes=30)), pytest.raises(ValidationError) as refused, \
            db.session() as s:
        throttle.charge_uploads(session=s, actor=person)
    assert "60" in error_text(refused.value, "vi")
    with clock.frozen(START + dt.timedelta(minutes=61)), db.session() as s:
        throttle.charge_uploads(session=s, actor=person, count=5)


def test_the_quota_is_per_person(db):
    with db.session() as s:
        first, second = make_user(s), make_user(s)
        throttle.charge_uploads(session=s, actor=first, count=throttle.UPLOADS_PER_HOUR)
        throttle.charge_uploads(session=s, actor=second, count=throttle.UPLOADS_PER_HOUR)
        with pytest.raises(ValidationError):
            throttle.charge_uploads(session=s, actor=first)
