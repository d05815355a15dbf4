"""Campaign windows, receipt years and due dates follow Vietnam's clock whatever the server's time zone."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from ideas.core import clock
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text
from ideas.filing import campaigns, submissions
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import complete_input, person

CLOSING_DAY = dt.date(2026, 3, 31)


@pytest.fixture(params=["UTC", "America/Los_Angeles", "Asia/Ho_Chi_Minh"])
def server_zone(request, monkeypatch):
    """Run the test as on a server whose own time zone is `request.param`."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _campaign(session, closes_on=CLOSING_DAY, opens_on=dt.date(2026, 1, 1)):
    admin = person(session, roles=[("admin", None)])
    return campaigns.create_campaign(session=session, actor=admin, name="Đợt quý I", year=opens_on.year,
                                     opens_on=opens_on, closes_on=closes_on)


def _file(session, campaign, at: dt.datetime):
    owner = person(session, unit=make_unit(session))
    with clock.frozen(at):
        idea = submissions.save_draft(session=session, actor=owner, data=complete_input(campaign=campaign))
        return submissions.submit(session=session, actor=owner, idea_id=idea.id)


def test_a_campaign_accepts_files_until_midnight_vietnam_time(session, server_zone):
    campaign = _campaign(session)
    filed = _file(session, campaign, dt.datetime(2026, 3, 31, 23, 59))  # naive = Vietnam local time
    assert filed.receipt_no == "SK-2026-0001"
    assert filed.submitted_at == dt.datetime(2026, 3, 31, 16, 59)  # stored as naive UTC
    with pytest.raises(ValidationError) as closed:
        _file(session, campaign, dt.datetime(2026, 4, 1, 0, 1))
    assert closed.value.key == "ideas.campaign.error.closed"


def test_the_open_campaigns_list_turns_at_vietnam_midnight(session, server_zone):
    campaign = _campaign(session)
    user = person(session, unit=make_unit(session))
    with clock.frozen(dt.datetime(2026, 3, 31, 23, 59)):
        assert [cid for cid, _ in campaigns.open_campaigns_for(session, user=user)] == [campaign.id]
    with clock.frozen(dt.datetime(2026, 4, 1, 0, 1)):
        assert campaigns.open_campaigns_for(session, user=user) == []
    # 23:59 UTC on the closing day is already 06:59 the next morning in Vietnam: closed
    with clock.frozen(dt.datetime(2026, 3, 31, 23, 59, tzinfo=dt.UTC)):
        assert campaigns.open_campaigns_for(session, user=user) == []


def test_a_file_filed_at_half_past_midnight_on_new_years_day_gets_the_new_year(session, server_zone):
    campaign = _campaign(session, opens_on=dt.date(2026, 12, 1), closes_on=dt.date(2027, 1, 31))
    before = _file(session, campaign, dt.datetime(2026, 12, 31, 23, 30))
    after = _file(session, campaign, dt.datetime(2027, 1, 1, 0, 30))
    assert before.receipt_no == "SK-2026-0001" and after.receipt_no == "SK-2027-0001"
    assert after.submitted_at == dt.datetime(2026, 12, 31, 17, 30)  # UTC: still 2026 on the server's clock
    months = submissions.settings.get_int(session, "ideas.decision_months")
    assert after.decision_due_on == clock.add_months(dt.date(2027, 1, 1), months)
    assert before.decision_due_on == clock.add_months(dt.date(2026, 12, 31), months)


def test_closing_a_campaign_uses_the_vietnam_date(session, server_zone):
    campaign = _campaign(session, closes_on=dt.date(2026, 6, 30))
    admin = person(session, roles=[("admin", None)])
    with clock.frozen(dt.datetime(2026, 3, 31, 23, 59, tzinfo=dt.UTC)):  # 1 April in Vietnam
        campaigns.close_campaign(session=session, actor=admin, campaign_id=campaign.id)
    assert campaign.closes_on == dt.date(2026, 4, 1)


def test_first_application_may_not_be_in_the_future_of_vietnam(session, server_zone):
    owner = person(session, unit=make_unit(session))
    data = complete_input()
    data.first_applied_on = dt.date(2026, 4, 1)
    with clock.frozen(dt.datetime(2026, 4, 1, 0, 1)):  # already 1 April in Vietnam (31 March in UTC)
        assert submissions.save_draft(session=session, actor=owner, data=data).first_applied_on == data.first_applied_on
    with clock.frozen(dt.datetime(2026, 3, 31, 23, 59)), pytest.raises(ValidationError) as future:
        submissions.save_draft(session=session, actor=owner, data=data)
    assert error_text(future.value, "vi") == (
        "«Ngày áp dụng lần đầu hoặc áp dụng thử» không được là ngày trong tương lai.")
