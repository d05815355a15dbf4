"""A council with a file ready to score, and a page of the app opened as one of its people (AppTest)."""
from __future__ import annotations

from ideas.review import scoring
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.review import make_campaign, make_council, make_idea


def council_with_a_file(env, *, blind: bool = False):
    with env.session() as s:
        unit = make_unit(s, name="Sở Nội vụ thử")
        campaign = make_campaign(s, unit=unit, blind=blind)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2, password=PASSWORD)
        author = make_user(s, unit=unit, full_name="Vũ Thị Tác Giả", password=None)
        idea = make_idea(s, campaign=campaign, unit=unit, owner=author, title="Một cửa điện tử liên thông")
        scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        scoring.assign(session=s, actor=people["chair"][0], idea_id=idea.id, mode="all")
        return {"idea_id": idea.id, "people": people, "author": author, "campaign_id": campaign.id}


def open_page(env, user, page):
    with env.session() as s:
        from ideas.accounts import users

        if not users.has_admin(s):
            make_user(s, roles=[("admin", None)], password=None)
    at = signed_in_app(env, user)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at
