"""The screening page keeps the place: the accepted file in the assignment picker, reviewers chosen one by one
(conflicts shown with their reason) and replaced, and links that open a file at a step."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ideas.core.errors import DomainError
from ideas.core.models import AuditLog, ReviewAssignment
from ideas.review import councils, scoring
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea


def _world(s, *, files=2, under_review=1):
    unit = make_unit(s)
    make_user(s, roles=[("admin", None)], password=None)
    campaign = make_campaign(s, unit=unit)
    _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=3, password=PASSWORD)
    author = make_user(s, unit=unit, full_name="Ngô Tác Giả", password=None)
    reviewing = [make_idea(s, campaign=campaign, unit=unit, owner=author, status="under_review",
                           title=f"Đang xét {n}") for n in range(under_review)]
    waiting = [make_idea(s, campaign=campaign, unit=unit, owner=author, title=f"Chờ tiếp nhận {n}")
               for n in range(files)]
    return people, reviewing, waiting


def _page(app_env, user, **params):
    at = signed_in_app(app_env, user)
    at.query_params.update(params)
    at.switch_page("pages/review_screening.py").run()
    assert not at.exception, at.exception
    return at


def test_after_accepting_a_file_the_assignment_picker_shows_that_file_not_the_one_shown_before(app_env):
    with app_env.session() as s:
        people, (reviewing,), (_first, second) = _world(s)
        reviewing_id, second_id, second_no = reviewing.id, second.id, second.receipt_no
    at = _page(app_env, people["secretary"][0])
    assert at.selectbox(key="assign_idea").value == reviewing_id  # the picker already shows another file
    at.selectbox(key="screen_pick").set_value(second_id).run()
    at.button(key="screen_accept").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="assign_idea").value == second_id
    assert any(second_no in shown(i.value) and "phân công" in shown(i.value) for i in at.info)  # what comes next


def test_the_secretary_chooses_reviewers_one_by_one_sees_why_some_cannot_and_replaces_one(app_env):
    with app_env.session() as s:
        people, (idea,), _ = _world(s, files=0)
        blocked, first, spare = people["member"]
        councils.declare_conflict(session=s, actor=people["secretary"][0], idea_id=idea.id, user_id=blocked.id,
                                  reason="Vợ của tác giả")
        idea_id, first_id, spare_id = idea.id, first.id, spare.id
    at = _page(app_env, people["secretary"][0])
    at.radio(key="assign_mode").set_value("pick").run()
    picker = at.multiselect(key=f"assign_people_{idea_id}")
    assert blocked.id not in picker.options and len(picker.options) == 3  # chair and two members
    reasons = at.dataframe[-1].value
    assert list(reasons.member) == [blocked.full_name] and "Vợ của tác giả" in reasons.reason.iloc[0]
    picker.set_value([first_id]).run()
    at.button(key="assign_pick_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        assert set(s.scalars(select(ReviewAssignment.reviewer_id).where(ReviewAssignment.idea_id == idea_id))) \
            == {first_id}
    at.selectbox(key=f"assign_replace_old_{idea_id}").set_value(first_id)
    at.selectbox(key=f"assign_replace_new_{idea_id}").set_value(spare_id)
    at.button(key="assign_replace_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        states = dict(s.execute(select(ReviewAssignment.reviewer_id, ReviewAssignment.status)
                                .where(ReviewAssignment.idea_id == idea_id)).all())
        assert states == {first_id: "replaced", spare_id: "active"}
        assert s.scalar(select(AuditLog.id).where(AuditLog.action == "review.replace")) is not None
    assert at.selectbox(key="assign_idea").value == idea_id  # still on the same file


def test_a_reviewer_who_scored_cannot_be_replaced_and_a_conflicted_one_cannot_come_in(db):
    with db.session() as s:
        people, (idea,), _ = _world(s, files=0)
        blocked, first, spare = people["member"]
        secretary = people["secretary"][0]
        councils.declare_conflict(session=s, actor=secretary, idea_id=idea.id, user_id=blocked.id, reason="Anh ruột")
        scoring.assign(session=s, actor=secretary, idea_id=idea.id, mode="pick", reviewer_ids=[first.id])
        scoring.score(session=s, actor=first, idea_id=idea.id, points=full_scores((25, 15, 20, 15)), verdict="meets")
        with pytest.raises(DomainError) as scored:
            scoring.replace_reviewer(session=s, actor=secretary, idea_id=idea.id, reviewer_id=first.id, by_id=spare.id)
        assert scored.value.key == "place.review.error.already_scored"
        with pytest.raises(DomainError):
            scoring.assign(session=s, actor=secretary, idea_id=idea.id, mode="pick", reviewer_ids=[blocked.id])
        with pytest.raises(DomainError) as secretary_picked:
            scoring.assign(session=s, actor=secretary, idea_id=idea.id, mode="pick", reviewer_ids=[secretary.id])
        assert secretary_picked.value.key == "place.review.error.not_scoring"


def test_a_link_opens_the_file_at_the_assignment_step_and_a_forged_one_says_so(app_env):
    with app_env.session() as s:
        people, (one, two), _ = _world(s, files=1, under_review=2)
        two_id = two.id
    at = _page(app_env, people["secretary"][0], idea=str(two_id), step="assign")
    assert at.selectbox(key="assign_idea").value == two_id
    at = _page(app_env, people["secretary"][0], idea="123456789", step="assign")
    assert any("123456789" in shown(w.value) for w in at.warning)


def test_a_link_opens_the_reviewer_s_scoring_form_on_that_file(app_env):
    with app_env.session() as s:
        people, (one, two), _ = _world(s, files=0, under_review=2)
        reviewer = people["member"][0]
        for idea in (one, two):
            scoring.assign(session=s, actor=people["secretary"][0], idea_id=idea.id, mode="pick",
                           reviewer_ids=[reviewer.id])
        two_id = two.id
    at = signed_in_app(app_env, reviewer)
    at.query_params.update({"idea": str(two_id), "step": "score"})
    at.switch_page("pages/review_queue.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="queue_pick").value == two_id
