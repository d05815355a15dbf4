"""Page crashes of issue 25: a campaign without reviewers-per-idea, a forged multiselect value on the screening page,
the co-author decline message; and bulk screening checks the action before it reads any file's title."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import Idea, IdeaAuthor, User
from ideas.review import bulk_screening
from tests.support.apptest import app_test, sign_in, signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.filing import make_campaign as make_filing_campaign
from tests.support.factories.filing import make_draft, person
from tests.support.factories.review import make_campaign, make_council, make_idea


def test_campaigns_page_opens_with_a_campaign_without_reviewers_per_idea(app_env):
    with app_env.session() as s:
        admin = make_user(s, roles=[("admin", None)], password=PASSWORD)
        without = make_campaign(s, per_idea=None)  # beside one with a number, pandas reads the column as float, NaN
        with_number = make_campaign(s, per_idea=3)
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_campaigns.py").run()
    assert not at.exception, at.exception
    assert sorted(at.dataframe[0].value["reviewers_per_idea"]) == [0, 3]
    for campaign_id in (without.id, with_number.id):  # the edit form of each
        at.selectbox(key="camp_pick").set_value(campaign_id).run()
        assert not at.exception, at.exception
    at.selectbox(key="camp_pick").set_value(without.id).run()
    assert at.number_input(key=f"camp_edit_{without.id}_reviewers").value == 0


def test_a_forged_multiselect_value_on_the_screening_page_is_refused_not_a_crash(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2, password=PASSWORD)
        if not s.scalar(select(User).where(User.username == "root-admin")):
            make_user(s, roles=[("admin", None)], username="root-admin", password=None)
        author = make_user(s, unit=unit, full_name="Ngô Tác Giả")
        first = make_idea(s, campaign=campaign, unit=unit, owner=author, title="Hồ sơ thứ nhất")
        second = make_idea(s, campaign=campaign, unit=unit, owner=author, title="Hồ sơ thứ hai")
    at = signed_in_app(app_env, people["secretary"][0])
    at.switch_page("pages/review_screening.py").run()
    assert not at.exception, at.exception
    forged = at.multiselect(key="bulk_pick")  # what a hand-made websocket message sends: labels never offered
    forged.__class__ = type("Forged", (type(forged),), {"values": property(lambda self: ["999999", "SK-x"])})
    forged._value = [first.id]
    forged.run()
    assert not at.exception, at.exception  # was: TypeError from Streamlit's serialiser (format_func gave None)
    with app_env.read_session() as s:
        assert {s.get(Idea, first.id).status, s.get(Idea, second.id).status} == {"submitted"}
    at.multiselect(key="bulk_pick").set_value([second.id]).run()
    at.button(key="bulk_accept").click().run()
    assert not at.exception, at.exception
    with app_env.read_session() as s:
        assert (s.get(Idea, first.id).status, s.get(Idea, second.id).status) == ("submitted", "under_review")


def test_bulk_screening_checks_the_action_before_reading_any_title(session):
    unit = make_unit(session)
    campaign = make_campaign(session, unit=unit)
    idea = make_idea(session, campaign=campaign, unit=unit, owner=make_user(session, unit=unit), title="Tên mật")
    staff = make_user(session, unit=unit)
    with pytest.raises(PermissionDenied):
        bulk_screening.screen_many(session=session, actor=staff, idea_ids=[idea.id], accept=True)
    with pytest.raises(PermissionDenied):
        bulk_screening.assign_many(session=session, actor=staff, idea_ids=[idea.id])
    _council, people = make_council(session, campaign=campaign, unit=unit, reviewers=1)
    for forged in ([10**20], ["x"], [None]):
        with pytest.raises(ValidationError):
            bulk_screening.screen_many(session=session, actor=people["secretary"][0], idea_ids=forged, accept=True)


def test_declining_a_co_authorship_shows_a_sentence_not_a_key(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        campaign = make_filing_campaign(s)
        owner = person(s, unit=unit)
        co = make_user(s, unit=unit)
        idea_id = make_draft(s, owner=owner, campaign=campaign, authors=[(owner.id, 50), (co.id, 50)]).id
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, s.get(User, co.id))
    at.run()
    at.session_state["view_idea_id"] = idea_id
    at.switch_page("pages/ideas_detail.py").run()
    at.button(key="detail_coauthor_decline").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert s.scalar(select(IdeaAuthor.id).where(IdeaAuthor.user_id == co.id)) is None  # off the file for good
    messages = [toast.value for toast in at.toast]
    assert messages == ["Đã từ chối làm đồng tác giả."] and "ideas.coauthor" not in " ".join(messages)


def test_the_bulk_report_names_files_outside_the_callers_units_only_by_number(session):
    district = make_unit(session, name="UBND huyện Đông")
    elsewhere = make_unit(session, name="UBND huyện Tây")
    campaign = make_campaign(session)
    secretary = make_user(session, unit=district, roles=[("secretary", district)])
    mine = make_idea(session, campaign=campaign, unit=district, owner=make_user(session, unit=district),
                     title="Hồ sơ huyện Đông")
    other = make_idea(session, campaign=campaign, unit=elsewhere, owner=make_user(session, unit=elsewhere),
                      title="Tên hồ sơ huyện Tây")
    results = bulk_screening.screen_many(session=session, actor=secretary, idea_ids=[mine.id, other.id], accept=True)
    assert [(r.done, r.key) for r in results] == [(True, "bulk.screen.accepted"), (False, PermissionDenied.key)]
    assert "Hồ sơ huyện Đông" in results[0].label and results[1].label == f"#{other.id}"
    assert other.status == "submitted"
