"""Co-authorship by consent: invited on saving, the file waits for every acceptance, a decline is final."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.i18n import error_text
from ideas.core.models import IdeaAuthor, IdeaAuthorDecline, Notification, User
from ideas.filing import coauthors, submissions, visibility
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.filing import complete_input, make_campaign, make_draft, person


@pytest.fixture
def world(session):
    unit = make_unit(session)
    campaign = make_campaign(session)
    owner = person(session, unit=unit, full_name="Chủ Hồ Sơ")
    co = person(session, unit=unit, full_name="Người Được Mời")
    idea = make_draft(session, owner=owner, campaign=campaign, authors=[(owner.id, 60), (co.id, 40)])
    return {"owner": owner, "co": co, "idea": idea, "campaign": campaign, "unit": unit}


def _notes(session, user):
    return list(session.scalars(select(Notification.message_key).where(Notification.user_id == user.id)
                                .order_by(Notification.id)))


def test_a_named_co_author_is_invited_sees_the_file_and_blocks_filing_until_accepting(session, world):
    owner, co, idea = world["owner"], world["co"], world["idea"]
    consent = dict(session.execute(select(IdeaAuthor.user_id, IdeaAuthor.consent)
                                   .where(IdeaAuthor.idea_id == idea.id)).all())
    assert consent == {owner.id: "accepted", co.id: "invited"}
    assert _notes(session, co) == ["ideas.notify.coauthor_invited"]
    assert visibility.can_view(session, co, idea)
    with pytest.raises(ValidationError) as waiting:
        submissions.submit(session=session, actor=owner, idea_id=idea.id)
    assert error_text(waiting.value, "vi") == "Chưa thể nộp: đồng tác giả chưa đồng ý: Người Được Mời."
    coauthors.respond(session=session, actor=co, idea_id=idea.id, accept=True)
    assert _notes(session, owner) == ["ideas.notify.coauthor_accepted"]
    # saving again keeps the acceptance (nobody is invited twice)
    submissions.save_draft(session=session, actor=owner, idea_id=idea.id,
                           data=complete_input(campaign=world["campaign"], authors=[(owner.id, 60), (co.id, 40)]))
    assert _notes(session, co) == ["ideas.notify.coauthor_invited"]
    assert submissions.submit(session=session, actor=owner, idea_id=idea.id).status == "submitted"


def test_a_decline_takes_the_person_off_the_file_for_good(session, world):
    owner, co, idea = world["owner"], world["co"], world["idea"]
    coauthors.respond(session=session, actor=co, idea_id=idea.id, accept=False)
    assert session.scalar(select(IdeaAuthor.id).where(IdeaAuthor.user_id == co.id)) is None
    assert session.scalar(select(IdeaAuthorDecline.user_id).where(IdeaAuthorDecline.idea_id == idea.id)) == co.id
    assert _notes(session, owner) == ["ideas.notify.coauthor_declined"]
    assert not visibility.can_view(session, co, idea)
    with pytest.raises(ValidationError) as refused:
        submissions.save_draft(session=session, actor=owner, idea_id=idea.id,
                               data=complete_input(campaign=world["campaign"],
                                                   authors=[(owner.id, 50), (co.id, 50)]))
    assert error_text(refused.value, "vi") == (
        "Người Được Mời đã từ chối làm đồng tác giả sáng kiến này; không thể ghi tên lại.")
    submissions.save_draft(session=session, actor=owner, idea_id=idea.id,
                           data=complete_input(campaign=world["campaign"], authors=[(owner.id, 100)]))
    assert submissions.submit(session=session, actor=owner, idea_id=idea.id).status == "submitted"


def test_only_the_invited_person_answers_and_only_once(session, world):
    stranger = person(session, unit=world["unit"])
    for actor in (stranger, world["owner"]):
        with pytest.raises(PermissionDenied):
            coauthors.respond(session=session, actor=actor, idea_id=world["idea"].id, accept=True)
    coauthors.respond(session=session, actor=world["co"], idea_id=world["idea"].id, accept=True)
    with pytest.raises(PermissionDenied):
        coauthors.respond(session=session, actor=world["co"], idea_id=world["idea"].id, accept=False)


def test_the_invited_person_accepts_on_the_idea_page(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s)
        owner = person(s, unit=unit)
        co = make_user(s, unit=unit)
        idea_id = make_draft(s, owner=owner, campaign=campaign, authors=[(owner.id, 50), (co.id, 50)]).id
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, s.get(User, co.id))
    at.run()
    at.session_state["view_idea_id"] = idea_id
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception
    assert "Bạn được mời làm đồng tác giả" in at.warning[0].value
    at.button(key="detail_coauthor_accept").click().run()
    assert not at.exception and not at.warning
    with app_env.read_session() as s:
        assert s.scalar(select(IdeaAuthor.consent).where(IdeaAuthor.user_id == co.id)) == "accepted"
