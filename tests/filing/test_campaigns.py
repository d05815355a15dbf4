"""Campaigns: admin-only management, submission window and unit subtree checks, free suggestions."""
from __future__ import annotations

import datetime as dt

import pytest

from ideas.core import clock
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.i18n import error_text
from ideas.filing import campaigns, submissions
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import make_campaign, make_draft, person

TODAY = clock.today()


def test_only_admins_manage_campaigns_and_default_rubric_is_used(session):
    staff = person(session, unit=make_unit(session))
    with pytest.raises(PermissionDenied):
        campaigns.create_campaign(session=session, actor=staff, name="Đợt 1", year=2026, opens_on=TODAY,
                                  closes_on=TODAY)
    campaign = make_campaign(session, name="Đợt 2026")
    assert campaign.rubric_id == campaigns.default_rubric_id(session)
    with pytest.raises(ValidationError) as caught:
        make_campaign(session, opens_on=TODAY, closes_on=TODAY - dt.timedelta(days=1))
    assert caught.value.key == "ideas.campaign.error.window"
    frame = campaigns.campaign_table(session)
    assert list(frame["name"]) == ["Đợt 2026"]


def test_submission_outside_window_refused(session):
    owner = person(session, unit=make_unit(session))
    campaign = make_campaign(session, name="Đợt 2025", opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 6, 30))
    idea = make_draft(session, owner=owner, campaign=campaign)
    with pytest.raises(ValidationError) as caught:
        submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert caught.value.key == "ideas.campaign.error.closed"
    assert "01/01/2025 – 30/06/2025" in error_text(caught.value)
    assert idea.status == "draft" and idea.receipt_no is None


def test_closed_campaign_refuses_and_disappears_from_choices(session):
    admin = person(session, roles=[("admin", None)])
    owner = person(session, unit=make_unit(session))
    campaign = make_campaign(session, admin=admin)
    assert [cid for cid, _ in campaigns.open_campaigns_for(session, user=owner)] == [campaign.id]
    campaigns.close_campaign(session=session, actor=admin, campaign_id=campaign.id)
    assert campaigns.open_campaigns_for(session, user=owner) == []
    idea = make_draft(session, owner=owner, campaign=campaign)
    with pytest.raises(ValidationError):
        submissions.submit(session=session, actor=owner, idea_id=idea.id)


def test_unit_outside_subtree_refused(session):
    district = make_unit(session, kind="district")
    commune = make_unit(session, parent=district, kind="commune")
    other = make_unit(session)
    campaign = make_campaign(session, unit=district)
    inside, outside = person(session, unit=commune), person(session, unit=other)
    assert campaigns.open_campaigns_for(session, user=outside) == []
    with pytest.raises(ValidationError) as caught:
        submissions.submit(session=session, actor=outside, idea_id=make_draft(session, owner=outside,
                                                                             campaign=campaign).id)
    assert caught.value.key == "ideas.campaign.error.unit_outside"
    filed = submissions.submit(session=session, actor=inside,
                               idea_id=make_draft(session, owner=inside, campaign=campaign).id)
    assert filed.status == "submitted" and filed.campaign_id == campaign.id


def test_free_suggestions_follow_the_setting(session):
    admin = person(session, roles=[("admin", None)])
    owner = person(session, unit=make_unit(session))
    idea = make_draft(session, owner=owner)
    with pytest.raises(ValidationError) as caught:
        submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert caught.value.key == "ideas.campaign.error.campaign_required"
    with pytest.raises(PermissionDenied):
        campaigns.set_free_suggestions(session=session, actor=owner, allowed=True)
    campaigns.set_free_suggestions(session=session, actor=admin, allowed=True)
    assert submissions.submit(session=session, actor=owner, idea_id=idea.id).campaign_id is None


def test_update_campaign_changes_window(session):
    admin = person(session, roles=[("admin", None)])
    campaign = make_campaign(session, admin=admin)
    campaigns.update_campaign(session=session, actor=admin, campaign_id=campaign.id, name="Đợt sửa", year=2027,
                              opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=5), blind_review=True,
                              reviewers_per_idea=3)
    assert (campaign.name, campaign.year, campaign.blind_review, campaign.reviewers_per_idea) == ("Đợt sửa", 2027,
                                                                                                  True, 3)


def test_demo_seed_puts_ideas_in_every_state_with_history_and_decisions(session):
    from sqlalchemy import func, select

    from ideas.core.models import Certificate, Decision, Idea, IdeaHistory
    from ideas.filing import lifecycle
    from ideas.tooling import demo_filing

    units = [make_unit(session) for _ in range(3)]
    staff = [person(session, unit=units[n % 3]) for n in range(12)]
    context = {"units": units, "staff": staff, "users_by_role": {"staff": staff}}
    demo_filing.seed(session=session, context=context)
    assert [c.year for c in context["campaigns"]] == [2025, 2026]
    statuses = {status for status, in session.execute(select(Idea.status).distinct())}
    assert statuses == set(lifecycle.STATUSES)
    for idea in context["ideas"]:
        assert len(lifecycle.history(session, idea.id)) == len(demo_filing.PATHS[idea.status])
        assert sum(a.share for a in idea.authors) == 100
    decided = session.scalar(select(func.count()).select_from(Idea)
                             .where(Idea.status.in_(["recognised", "not_recognised"])))
    assert session.scalar(select(func.count()).select_from(Decision)) == decided
    assert session.scalar(select(func.count()).select_from(Certificate)) == session.scalar(
        select(func.count()).select_from(Idea).where(Idea.status == "recognised"))
    returned = session.scalars(select(IdeaHistory.reason).where(IdeaHistory.to_status == "returned")).all()
    assert returned and all(returned)
    receipts = session.scalars(select(Idea.receipt_no).where(Idea.receipt_no.is_not(None))).all()
    assert len(receipts) == len(set(receipts))
