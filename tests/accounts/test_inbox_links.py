"""Every message is a link to its file and action; read/unread per message; recipients and reward officers told."""
import datetime as dt

import pytest
from sqlalchemy import select

from ideas.accounts import inbox, inbox_view
from ideas.core import events
from ideas.core.errors import NotFound
from ideas.core.models import Decision, Notification
from ideas.filing import coauthors
from ideas.rewards import awards
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.filing import make_campaign, make_draft, person
from tests.support.factories.rewards import make_recognised_idea


def _messages(session, user):
    return inbox_view.inbox_view(session=session, actor=user, limit=50, offset=0, lang="vi").messages


def test_an_invitation_links_to_the_file_at_consent_and_is_read_one_by_one(session):
    unit = make_unit(session)
    owner, coauthor = person(session, unit=unit), person(session, unit=unit)
    draft = make_draft(session, owner=owner, campaign=make_campaign(session),
                       authors=[(owner.id, 60), (coauthor.id, 40)])
    events.notify(session=session, user_id=coauthor.id, kind="status", message_key="home.open")  # no target
    session.flush()
    invitation = next(m for m in _messages(session, coauthor) if m.link is not None)
    assert (invitation.link.page, invitation.link.params) == (
        "pages/ideas_detail.py", {"idea": str(draft.id), "step": "consent"})
    assert invitation.link.label == "Xem hồ sơ và trả lời lời mời" and invitation.unread
    plain = next(m for m in _messages(session, coauthor) if m.link is None)

    assert inbox.open_message(session=session, actor=coauthor, message_id=invitation.id) == {
        "step": "consent", "idea": draft.id}
    after = {m.id: m for m in _messages(session, coauthor)}
    assert not after[invitation.id].unread and after[plain.id].unread
    assert inbox.unread_count(session, user=coauthor) == 1
    inbox.set_read(session=session, actor=coauthor, message_id=invitation.id, read=False)
    assert inbox.unread_count(session, user=coauthor) == 2
    with pytest.raises(NotFound):  # someone else's message does not exist for this reader
        inbox.set_read(session=session, actor=owner, message_id=invitation.id)
    assert inbox.mark_all_read(session=session, actor=coauthor) == 2
    assert inbox.unread_count(session, user=coauthor) == 0

    coauthors.respond(session=session, actor=coauthor, idea_id=draft.id, accept=True)
    answer = next(m for m in _messages(session, owner) if m.link is not None)
    assert (answer.link.page, answer.link.params) == ("pages/ideas_submit.py", {"idea": str(draft.id),
                                                                                "step": "submit"})


def test_an_older_message_naming_a_file_opens_that_file(session):
    unit = make_unit(session)
    reader = person(session, unit=unit)
    idea = make_recognised_idea(session, authors=[reader], unit=unit)
    session.add(Notification(user_id=reader.id, kind="status", message_key="home.open", idea_id=idea.id))
    session.flush()
    [message] = _messages(session, reader)
    assert (message.link.page, message.link.params) == ("pages/ideas_detail.py", {"idea": str(idea.id),
                                                                                  "step": "view"})


def test_reward_officers_over_the_unit_are_told_a_recognition_waits_for_an_award(session):
    province = make_unit(session, kind="province")
    district = make_unit(session, parent=province, kind="district")
    other = make_unit(session, parent=province, kind="district")
    here = person(session, unit=district, roles=[("reward_officer", district)])
    everywhere = person(session, unit=province, roles=[("reward_officer", None)])
    elsewhere = person(session, unit=other, roles=[("reward_officer", other)])
    author = person(session, unit=district)
    idea = make_recognised_idea(session, authors=[author], unit=district, title="Phiếu hẹn điện tử")
    events.decision_made(session, session.scalar(select(Decision).where(Decision.idea_id == idea.id)))
    told = session.execute(select(Notification.user_id, Notification.target, Notification.message_key)
                           .where(Notification.kind == "rewards.award_waiting")).all()
    target = f'{{"idea":{idea.id},"step":"award"}}'
    assert sorted(told) == sorted([(here.id, target, "worklist.msg.award_waiting"),
                                   (everywhere.id, target, "worklist.msg.award_waiting")])
    [message] = _messages(session, here)
    assert "Phiếu hẹn điện tử" in message.text and message.link.page == "pages/rewards_lists.py"
    assert elsewhere.id not in {user_id for user_id, _, _ in told}


def test_each_person_named_on_an_approved_list_is_told_once_with_a_link_to_the_award(session):
    unit = make_unit(session, kind="district")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)], password=None)
    author, other = person(session, unit=unit), person(session, unit=unit)
    award_list = awards.create_list(session=session, actor=officer, title="Khen thưởng sáng kiến 2025", year=2025,
                                    unit_id=unit.id)
    for user in (author, other):
        awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=user.id,
                              form_code="GIAY_KHEN")
    awards.submit_list(session=session, actor=officer, list_id=award_list.id)
    assert session.scalar(select(Notification.id).where(Notification.kind == "rewards.awarded")) is None
    awards.approve_list(session=session, actor=officer, list_id=award_list.id, decision_no="15/QĐ-UBND",
                        decision_date=dt.date(2025, 9, 1), signer="Lê Văn Ký", signer_title="Chủ tịch")
    rows = session.execute(select(Notification.user_id, Notification.target)
                           .where(Notification.kind == "rewards.awarded")).all()
    target = f'{{"list":{award_list.id},"step":"awarded"}}'
    assert sorted(rows) == sorted([(author.id, target), (other.id, target)])
    [message] = _messages(session, author)
    assert message.text == ("● Bạn có tên trong danh sách khen thưởng «Khen thưởng sáng kiến 2025» đã được phê duyệt "
                            "(quyết định 15/QĐ-UBND ngày 01/09/2025).")
    assert (message.link.page, message.link.params) == ("pages/rewards_ledger.py", {"list": str(award_list.id),
                                                                                    "step": "awarded"})


def test_the_inbox_page_opens_a_message_at_its_file_and_marks_it_read(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, unit=unit, roles=[("admin", None)])
        owner = make_user(s, unit=unit, full_name="Ngô Văn Chủ")
        coauthor = make_user(s, unit=unit, full_name="Đào Thị Mời")
        draft = make_draft(s, owner=owner, campaign=make_campaign(s), authors=[(owner.id, 60), (coauthor.id, 40)],
                           title="Tra cứu hồ sơ qua Zalo")
        events.notify(session=s, user_id=coauthor.id, kind="status", message_key="home.open")
        draft_id = draft.id
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, coauthor)
    at.run()
    at.switch_page("pages/inbox.py").run()
    assert not at.exception
    with app_env.read_session() as s:
        invitation, plain = (s.scalar(select(Notification.id).where(Notification.user_id == coauthor.id,
                                                                     Notification.kind == kind))
                             for kind in ("idea.coauthor_invited", "status"))
    at.button(key=f"inbox_flip_{plain}").click().run()  # mark the one without a link read
    with app_env.read_session() as s:
        assert s.get(Notification, plain).read_at is not None and s.get(Notification, invitation).read_at is None
    at.button(key=f"inbox_open_{invitation}").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert s.get(Notification, invitation).read_at is not None
    assert at.query_params.get("idea") == str(draft_id) and at.query_params.get("step") == "consent"
    assert any("Tra cứu hồ sơ qua Zalo" in t.value for t in at.text)
    assert at.button(key="detail_coauthor_accept")  # the consent buttons of that very file
