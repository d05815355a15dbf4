"""Personal data: deactivation keeps a person's ideas and history; a person downloads everything held about them."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from ideas.accounts import personal_data, users
from ideas.core import audit, clock
from ideas.core.models import AuditLog, Comment, Idea, IdeaAuthor, IdeaHistory, Notification, Support, User
from ideas.tooling.cli import main as cli_main
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.world import make_idea


def _people(db):
    with db.session() as s:
        unit = make_unit(s)
        admin = make_user(s, unit=unit, roles=[("admin", None)])
        person = make_user(s, unit=unit, roles=[("reviewer", None)], full_name="Phạm Thị Hồng")
        other = make_user(s, unit=unit, password=None)
        own = make_idea(s, owner=person, title="Một cửa điện tử")
        shared = make_idea(s, owner=other, coauthors=(person,), title="Số hoá hồ sơ", attachment=b"%PDF-1.4 x")
        foreign = make_idea(s, owner=other, title="Không liên quan")
        s.add(IdeaHistory(idea_id=own.id, actor_id=person.id, from_status="draft", to_status="submitted"))
        s.add(Support(idea_id=foreign.id, user_id=person.id))
        s.add(Comment(idea_id=foreign.id, author_id=person.id, body="Ý kiến <b>hay</b>"))
        s.add(Notification(user_id=person.id, kind="info", message_key="x.y", params="{}"))
        audit.record(session=s, actor=person, action="idea.submit", entity="idea", entity_id=own.id)
        users.login(session=s, username=person.username, password=PASSWORD)
    return admin, person, own, shared, foreign


def test_deactivation_keeps_ideas_and_history(db):
    admin, person, own, shared, _ = _people(db)
    with db.read_session() as s:
        before = {t: s.scalar(select(func.count()).select_from(t)) for t in (Idea, IdeaAuthor, IdeaHistory,
                                                                             Support, Comment, AuditLog)}
    with db.session() as s:
        users.set_active(session=s, actor=s.get(User, admin.id), user_id=person.id, active=False)
    with db.read_session() as s:
        after = {t: s.scalar(select(func.count()).select_from(t)) for t in before}
        assert s.get(Idea, own.id).owner_id == person.id
        assert s.scalar(select(IdeaAuthor.id).where(IdeaAuthor.idea_id == shared.id,
                                                    IdeaAuthor.user_id == person.id))
        assert s.get(User, person.id).active is False
    assert after[AuditLog] == before[AuditLog] + 1
    assert {t: n for t, n in after.items() if t is not AuditLog} == \
        {t: n for t, n in before.items() if t is not AuditLog}


def test_export_holds_everything_about_the_person_and_no_secrets(db):
    _, person, own, shared, foreign = _people(db)
    with db.read_session() as s, clock.frozen(dt.datetime(2026, 12, 1, 9, 30)):
        data = personal_data.collect(session=s, user_id=person.id)
        payload = personal_data.export_json(session=s, user=s.get(User, person.id))
    assert json.loads(payload) == json.loads(json.dumps(data, ensure_ascii=False))
    assert data["account"]["username"] == person.username and data["account"]["full_name"] == "Phạm Thị Hồng"
    assert "password_hash" not in data["account"]
    assert {"role": "reviewer", "unit_id": None} in data["roles"]
    assert {i["id"] for i in data["ideas"]} == {own.id, shared.id}
    related = data["related"]
    assert [r["idea_id"] for r in related["supports.user_id"]] == [foreign.id]
    assert related["comments.author_id"][0]["body"] == "Ý kiến <b>hay</b>"
    assert related["notifications.user_id"][0]["message_key"] == "x.y"
    assert {r["idea_id"] for r in related["idea_authors.user_id"]} == {own.id, shared.id}
    assert any(r["action"] == "idea.submit" for r in related["audit_log.actor_id"])
    assert any(r["action"] == "account.create" for r in related["audit_log.about_me"])
    sessions = related["auth_sessions.user_id"]
    assert sessions and not any(k in sessions[0] for k in ("token_hash", "claim_hash"))
    text = payload.decode("utf-8")
    assert "$argon2" not in text and "Không liên quan" not in text


def test_every_user_reference_is_covered():
    """New tables that point at users.id are picked up automatically through the foreign keys."""
    names = {f"{t.name}.{c}" for t, c in personal_data.user_references()}
    assert {"ideas.owner_id", "supports.user_id", "comments.author_id", "score_sheets.reviewer_id",
            "award_items.user_id", "notifications.user_id", "audit_log.actor_id"} <= names


def test_cli_export(db, tmp_path):
    _, person, *_ = _people(db)
    out = tmp_path / "me.json"
    assert cli_main(["--database-url", db.url, "personal-data", "--username", person.username,
                     "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["account"]["id"] == person.id
    assert cli_main(["--database-url", db.url, "personal-data", "--username", "khong-co"]) == 2


def test_account_page_offers_the_download(app_env):
    _, person, *_ = _people(app_env)
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, s.get(User, person.id))
    at.run()
    at.switch_page("pages/account.py").run()
    assert not at.exception
    assert any(h.value == "Dữ liệu cá nhân của tôi" for h in at.subheader)


def test_export_includes_the_points_and_votes_a_reviewer_gave(db):
    from ideas.core.models import CouncilMember
    from ideas.review import scoring
    from ideas.review.votes import record_votes
    from tests.support.factories.review import full_scores, make_campaign, make_council
    from tests.support.factories.review import make_idea as review_idea

    with db.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        council, people = make_council(s, campaign=campaign, unit=unit, reviewers=1)
        idea = review_idea(s, campaign=campaign, unit=unit, owner=make_user(s, unit=unit, password=None))
        scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        chair, member = people["chair"][0], people["member"][0]
        scoring.assign(session=s, actor=chair, idea_id=idea.id, mode="all")
        scoring.score(session=s, actor=member, idea_id=idea.id, points=full_scores((20, 15, 20, 15)), verdict="meets")
        seat = s.scalar(select(CouncilMember).where(CouncilMember.user_id == member.id))
        record_votes(session=s, actor=chair, idea_id=idea.id, votes={seat.id: "for"})
    with db.read_session() as s:
        data = personal_data.collect(session=s, user_id=member.id)
    assert len(data["related"]["score_sheets.reviewer_id"]) == 1
    assert sum(float(i["points"]) for i in data["related"]["score_items.my_sheets"]) == 70
    assert [v["vote"] for v in data["related"]["council_votes.my_seats"]] == ["for"]
