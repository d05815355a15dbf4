"""The chair's decision keeps the place: all votes in favour in one action, single votes changed, and after
"Ghi quyết định" the file just decided with its outcome, certificate number and download, and what comes next."""
from __future__ import annotations

from sqlalchemy import select

from ideas.core.models import Certificate, CouncilMember, CouncilVote, Decision
from ideas.review import councils, scoring
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.papers import complete_identity
from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea


def _world(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, roles=[("admin", None)], password=None)
        complete_identity(s)  # the certificate is issued (as an unsigned draft: no key here) with the decision
        campaign = make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=3, password=PASSWORD)
        author = make_user(s, unit=unit, full_name="Vũ Tác Giả", password=None)
        ideas = [make_idea(s, campaign=campaign, unit=unit, owner=author, title=f"Hồ sơ {n}") for n in (1, 2)]
        secretary = people["secretary"][0]
        for idea in ideas:
            scoring.screen(session=s, actor=secretary, idea_id=idea.id, accept=True)
            scoring.assign(session=s, actor=secretary, idea_id=idea.id, mode="all")
            for reviewer in [people["chair"][0], *people["member"]]:
                scoring.score(session=s, actor=reviewer, idea_id=idea.id, points=full_scores((25, 15, 20, 15)),
                              verdict="meets")
        councils.declare_conflict(session=s, actor=secretary, idea_id=ideas[0].id, user_id=people["member"][0].id,
                                  reason="Cùng tổ công tác")
        members = dict(s.execute(select(CouncilMember.user_id, CouncilMember.id)).all())
    return people, [i.id for i in ideas], [i.receipt_no for i in ideas], members


def _decide_page(app_env, chair, **params):
    at = signed_in_app(app_env, chair)
    at.query_params.update(params)
    at.switch_page("pages/review_council.py").run()
    assert not at.exception, at.exception
    if not params:
        at.radio(key="council_section").set_value("decide").run()
    return at


def test_all_in_favour_in_one_action_then_one_vote_changed_then_the_decision_stays_on_its_file(app_env):
    people, (first, second), (first_no, _), members = _world(app_env)
    at = _decide_page(app_env, people["chair"][0])
    at.selectbox(key="decide_idea").set_value(first).run()
    at.button(key="votes_all_for").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        stored = dict(s.execute(select(CouncilVote.member_id, CouncilVote.vote)
                                .where(CouncilVote.idea_id == first)).all())
    conflicted = members[people["member"][0].id]
    assert conflicted not in stored and set(stored.values()) == {"for"} and len(stored) == 4  # secretary sits too
    one = members[people["member"][1].id]
    assert at.selectbox(key=f"vote_{first}_{one}_r1").value == "for"  # the page shows what was stored (new keys)
    at.selectbox(key=f"vote_{first}_{one}_r1").set_value("against").run()
    at.button(key="votes_save").click().run()
    with app_env.read_session() as s:
        assert s.scalar(select(CouncilVote.vote).where(CouncilVote.idea_id == first,
                                                       CouncilVote.member_id == one)) == "against"

    at.text_input(key=f"decide_number_{first}").input("21/QĐ-HĐSK")
    at.button(key="decide_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        decision = s.scalar(select(Decision).where(Decision.idea_id == first))
        certificate = s.scalar(select(Certificate.number).where(Certificate.decision_id == decision.id))
    assert decision.outcome == "recognised"
    page = " ".join([*(t.value for t in at.text), *(shown(x.value) for x in (*at.success, *at.info))])
    assert first_no in page and "ĐƯỢC CÔNG NHẬN" in page and "21/QĐ-HĐSK" in page and certificate in page
    assert "thi đua" in page  # who acts next
    assert [b.key for b in at.get("download_button")] == ["decided_certificate_download"]  # the issued PDF
    assert not [b for b in at.selectbox if b.key == "decide_idea"]  # not jumped to another file
    at.button(key="decided_next").click().run()
    assert at.selectbox(key="decide_idea").value == second


def test_a_link_opens_the_decision_of_that_file(app_env):
    people, (_first, second), _, _ = _world(app_env)
    at = _decide_page(app_env, people["chair"][0], idea=str(second), step="decide")
    assert at.radio(key="council_section").value == "decide"
    assert at.selectbox(key="decide_idea").value == second
