"""Supports (toggle, own/draft refused, racing clicks) and plain-text comments (edit window, hiding)."""
import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from ideas.core import audit
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import AuditLog, Idea, Support
from ideas.filing import social
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_idea, person

NASTY = ["<script>alert(1)</script>", "[x](http://evil) ![i](http://evil/i.png)", "**bold** <b>x</b> & é"]


@pytest.fixture
def world(session):
    unit = make_unit(session)
    owner = person(session, unit=unit)
    co = person(session, unit=unit)
    fan = person(session, unit=unit)
    admin = person(session, unit=unit, roles=[("admin", None)])
    idea = make_idea(session, owner=owner, coauthors=[(co, 30)])
    return {"unit": unit, "owner": owner, "co": co, "fan": fan, "admin": admin, "idea": idea}


def _count(session, idea_id):
    return session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea_id))


def test_toggle_support(session, world):
    idea, fan = world["idea"], world["fan"]
    version = idea.version
    assert social.toggle_support(session=session, actor=fan, idea_id=idea.id) is True
    assert social.support_count(session, idea.id) == 1 and _count(session, idea.id) == 1
    assert social.set_support(session=session, actor=fan, idea_id=idea.id, on=True) is True  # idempotent
    assert social.support_count(session, idea.id) == 1
    assert social.toggle_support(session=session, actor=fan, idea_id=idea.id) is False
    assert social.support_count(session, idea.id) == 0 and _count(session, idea.id) == 0
    assert social.set_support(session=session, actor=fan, idea_id=idea.id, on=False) is False
    assert social.support_count(session, idea.id) == 0
    session.refresh(idea)
    assert idea.version == version  # counters never bump the optimistic-lock version
    idea.title = "Sửa tên"  # and an edit after clicks still saves
    session.flush()


@pytest.mark.parametrize("who", ["owner", "co"])
def test_own_idea_cannot_be_supported(session, world, who):
    with pytest.raises(ValidationError, match="own_idea"):
        social.toggle_support(session=session, actor=world[who], idea_id=world["idea"].id)


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_private_idea_cannot_be_supported(session, world, status):
    idea = make_idea(session, owner=world["owner"], status=status)
    with pytest.raises(PermissionDenied):
        social.toggle_support(session=session, actor=world["fan"], idea_id=idea.id)
    # even an admin who can see it cannot support a draft
    with pytest.raises(ValidationError):
        social.toggle_support(session=session, actor=world["admin"], idea_id=idea.id)


def _race(db, user_ids, idea_id):
    barrier = threading.Barrier(len(user_ids))
    errors = []

    def click(user_id):
        try:
            barrier.wait()
            with db.session() as s:
                from ideas.accounts.users import get_user

                social.set_support(session=s, actor=get_user(s, user_id), idea_id=idea_id, on=True)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=click, args=(u,)) for u in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_racing_clicks_same_user_count_once_and_different_users_count_each(db):
    with db.session() as s:
        unit = make_unit(s)
        owner = person(s, unit=unit)
        fans = [person(s, unit=unit) for _ in range(20)]
        idea = make_idea(s, owner=owner)
        idea_id, fan_ids = idea.id, [f.id for f in fans]
    _race(db, [fan_ids[0]] * 20, idea_id)
    with db.read_session() as s:
        assert s.scalar(select(Idea.support_count).where(Idea.id == idea_id)) == 1 == _count(s, idea_id)
    _race(db, fan_ids, idea_id)
    with db.read_session() as s:
        assert s.scalar(select(Idea.support_count).where(Idea.id == idea_id)) == 20 == _count(s, idea_id)
        assert audit.verify_chain(session=s) is None


@pytest.mark.parametrize("body", NASTY)
def test_comment_stored_as_is(session, world, body):
    comment = social.add_comment(session=session, actor=world["fan"], idea_id=world["idea"].id, body=body)
    assert comment.body == body
    frame, total = social.list_comments(session, actor=world["fan"], idea_id=world["idea"].id)
    assert total == 1 and frame.body[0] == body
    assert session.scalar(select(Idea.comment_count).where(Idea.id == world["idea"].id)) == 1


@pytest.mark.parametrize("body, key", [("   ", "comment_empty"), ("x" * 5001, "comment_too_long")])
def test_comment_length(session, world, body, key):
    with pytest.raises(ValidationError, match=key):
        social.add_comment(session=session, actor=world["fan"], idea_id=world["idea"].id, body=body)


def test_no_comment_on_draft(session, world):
    draft = make_idea(session, owner=world["owner"], status="draft")
    with pytest.raises(ValidationError):
        social.add_comment(session=session, actor=world["owner"], idea_id=draft.id, body="x")
    with pytest.raises(PermissionDenied):
        social.add_comment(session=session, actor=world["fan"], idea_id=draft.id, body="x")


def test_edit_window(session, world):
    t0 = dt.datetime(2026, 5, 1, 9, 0)
    comment = social.add_comment(session=session, actor=world["fan"], idea_id=world["idea"].id, body="Một",
                                 now=t0)
    social.edit_comment(session=session, actor=world["fan"], comment_id=comment.id, body="Hai",
                        now=t0 + dt.timedelta(minutes=15))
    assert comment.body == "Hai" and comment.edited_at == t0 + dt.timedelta(minutes=15)
    with pytest.raises(ValidationError, match="edit_window"):
        social.edit_comment(session=session, actor=world["fan"], comment_id=comment.id, body="Ba",
                            now=t0 + dt.timedelta(minutes=15, seconds=1))
    with pytest.raises(PermissionDenied):
        social.edit_comment(session=session, actor=world["owner"], comment_id=comment.id, body="Ba", now=t0)
    frame, _ = social.list_comments(session, actor=world["fan"], idea_id=world["idea"].id,
                                    now=t0 + dt.timedelta(minutes=5))
    assert bool(frame.can_edit[0]) is True


def test_hide_with_reason(session, world):
    comment = social.add_comment(session=session, actor=world["fan"], idea_id=world["idea"].id, body="Quảng cáo")
    with pytest.raises(PermissionDenied):
        social.hide_comment(session=session, actor=world["owner"], comment_id=comment.id, reason="spam")
    with pytest.raises(ValidationError, match="reason_required"):
        social.hide_comment(session=session, actor=world["admin"], comment_id=comment.id, reason="  ")
    social.hide_comment(session=session, actor=world["admin"], comment_id=comment.id, reason="Nội dung quảng cáo")
    with pytest.raises(ValidationError, match="already_hidden"):
        social.hide_comment(session=session, actor=world["admin"], comment_id=comment.id, reason="again")
    with pytest.raises(ValidationError):  # a hidden comment can no longer be edited
        social.edit_comment(session=session, actor=world["fan"], comment_id=comment.id, body="x")
    public, _ = social.list_comments(session, actor=world["fan"], idea_id=world["idea"].id)
    assert public.body[0] is None and bool(public.hidden[0]) and public.hidden_reason[0] == "Nội dung quảng cáo"
    moderator, _ = social.list_comments(session, actor=world["admin"], idea_id=world["idea"].id)
    assert moderator.body[0] == "Quảng cáo"
    row = session.scalar(select(AuditLog).where(AuditLog.action == "comment.hide"))
    assert "Nội dung quảng cáo" in row.details
