"""Co-authorship visible: each consent on the form and on "my initiatives"; the owner resends or withdraws."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import AuditLog, IdeaAuthor, Notification
from ideas.filing import coauthors, ideas_mine_view, ideas_submit_view
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.filing import make_campaign, make_draft, person


def _world(session, *, password=None):
    unit = make_unit(session)
    owner = make_user(session, unit=unit, full_name="Chủ Hồ Sơ", password=password)
    waiting = person(session, unit=unit, full_name="Người Chờ")
    agreed = person(session, unit=unit, full_name="Người Đồng Ý")
    idea = make_draft(session, owner=owner, campaign=make_campaign(session),
                      authors=[(owner.id, 50), (waiting.id, 30), (agreed.id, 20)])
    coauthors.respond(session=session, actor=agreed, idea_id=idea.id, accept=True)
    return owner, waiting, agreed, idea


def _invitations(session, user_id):
    return session.scalars(select(Notification.target).where(Notification.user_id == user_id,
                                                            Notification.kind == "idea.coauthor_invited")).all()


def test_my_initiatives_show_each_co_authors_consent_and_the_owner_may_act_on_waiting_ones(session):
    owner, waiting, agreed, idea = _world(session)
    mine = ideas_mine_view.my_files_view(session=session, actor=owner, lang="vi")
    file = mine.files[idea.id]
    assert [(c.text, c.waiting) for c in file.coauthors] == [("Người Chờ (30%, chờ đồng ý)", True),
                                                            ("Người Đồng Ý (20%, đã đồng ý)", False)]
    assert file.manage_invitations
    assert mine.table["Đồng tác giả"].tolist() == ["Người Chờ (30%, chờ đồng ý); Người Đồng Ý (20%, đã đồng ý)"]
    assert not ideas_mine_view.my_files_view(session=session, actor=agreed, lang="vi").files[idea.id].manage_invitations


def test_the_form_says_before_filing_where_each_co_author_stands(session):
    owner, waiting, agreed, idea = _world(session)
    newcomer = person(session, unit=make_unit(session), full_name="Người Mới")
    values = ideas_submit_view.load_form(session=session, actor=owner, idea_id=idea.id)
    values["coauthors"] = [*values["coauthors"], newcomer.id]
    view = ideas_submit_view.submit_form_view(session=session, actor=owner, values=values, lang="vi")
    assert [line.split(" (")[0] + ":" + line.split(":")[-1] for line in view.coauthor_status] == [
        "Người Chờ: chờ đồng ý", "Người Đồng Ý: đã đồng ý", "Người Mới: sẽ được mời khi bấm Lưu nháp"]


def test_resending_an_invitation_sends_a_new_message_and_is_audited(session):
    owner, waiting, agreed, idea = _world(session)
    assert len(_invitations(session, waiting.id)) == 1
    coauthors.resend(session=session, actor=owner, idea_id=idea.id, user_id=waiting.id)
    assert _invitations(session, waiting.id) == [f'{{"idea":{idea.id},"step":"consent"}}'] * 2
    assert session.scalar(select(AuditLog.action).where(AuditLog.action == "idea.coauthor_resend")) is not None
    with pytest.raises(ValidationError):  # an accepted co-author waits for nothing
        coauthors.resend(session=session, actor=owner, idea_id=idea.id, user_id=agreed.id)
    with pytest.raises(PermissionDenied):  # only the owner invites
        coauthors.resend(session=session, actor=agreed, idea_id=idea.id, user_id=waiting.id)


def test_withdrawing_an_invitation_gives_the_share_back_to_the_owner_and_tells_the_person(session):
    owner, waiting, agreed, idea = _world(session)
    coauthors.withdraw_invitation(session=session, actor=owner, idea_id=idea.id, user_id=waiting.id)
    shares = dict(session.execute(select(IdeaAuthor.user_id, IdeaAuthor.share)
                                  .where(IdeaAuthor.idea_id == idea.id)).all())
    assert shares == {owner.id: Decimal("80.00"), agreed.id: Decimal("20.00")}
    assert session.scalar(select(AuditLog.details).where(AuditLog.action == "idea.coauthor_withdraw"))
    last = session.execute(select(Notification.message_key, Notification.target).where(
        Notification.user_id == waiting.id).order_by(Notification.id.desc())).first()
    assert tuple(last) == ("coauthors.msg.withdrawn", None)
    with pytest.raises(ValidationError):
        coauthors.withdraw_invitation(session=session, actor=owner, idea_id=idea.id, user_id=waiting.id)


def test_the_owner_resends_from_my_initiatives(app_env):
    with app_env.session() as s:
        make_user(s, unit=make_unit(s), roles=[("admin", None)], password=None)
        owner, waiting, _agreed, idea = _world(s, password=PASSWORD)
        owner_id, waiting_id, idea_id = owner.id, waiting.id, idea.id
    at = app_test()
    with app_env.session() as s:
        from ideas.core.models import User

        sign_in(at, s, s.get(User, owner_id))
    at.run()
    at.query_params["idea"] = str(idea_id)
    at.switch_page("pages/ideas_mine.py").run()
    assert not at.exception
    assert "Người Chờ (30%, chờ đồng ý)" in [t.value for t in at.text]
    at.button(key=f"mine_resend_{waiting_id}").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        assert len(_invitations(s, waiting_id)) == 2


def test_a_link_to_a_draft_opens_it_on_the_form_with_each_co_authors_consent(app_env):
    with app_env.session() as s:
        make_user(s, unit=make_unit(s), roles=[("admin", None)], password=None)
        owner, _waiting, _agreed, idea = _world(s, password=PASSWORD)
        owner_id, idea_id, title = owner.id, idea.id, idea.title
    at = app_test()
    with app_env.session() as s:
        from ideas.core.models import User

        sign_in(at, s, s.get(User, owner_id))
    at.run()
    at.query_params["idea"] = str(idea_id)
    at.query_params["step"] = "submit"
    at.switch_page("pages/ideas_submit.py").run()
    assert not at.exception
    assert at.text_input(key="isf_title").value == title
    lines = [t.value for t in at.text]
    assert any(line.startswith("Người Chờ (") and line.endswith(": chờ đồng ý") for line in lines), lines
    assert any(line.startswith("Người Đồng Ý (") and line.endswith(": đã đồng ý") for line in lines), lines
    assert "bấm Lưu nháp" in " ".join(c.value for c in at.caption)
    at.switch_page("pages/home.py").run()  # leave the form (its widgets go), then follow the link again
    at.switch_page("pages/ideas_submit.py").run()
    assert not at.exception and at.text_input(key="isf_title").value == title
