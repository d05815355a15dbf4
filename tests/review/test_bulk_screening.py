"""Bulk screening and assignment: one transaction, a per-item report, the balancing rule and conflicts kept."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from ideas.accounts import inbox
from ideas.core.errors import PermissionDenied, ValidationError
from ideas.core.models import AuditLog, Conflict, Idea, ReviewAssignment, User
from ideas.review import bulk_screening, scoring
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import make_campaign, make_council, make_idea


@pytest.fixture
def setup(session):
    unit = make_unit(session)
    campaign = make_campaign(session, unit=unit)
    council, people = make_council(session, campaign=campaign, unit=unit, reviewers=3)
    author = make_user(session, unit=unit, full_name="Hoàng Tác Giả", password=None)
    ideas = [make_idea(session, campaign=campaign, unit=unit, owner=author) for _ in range(4)]
    return {"session": session, "unit": unit, "campaign": campaign, "council": council, "people": people,
            "secretary": people["secretary"][0], "author": author, "ideas": ideas}


def test_accept_many_skips_what_cannot_be_accepted_and_keeps_the_rest(setup):
    s, secretary, ideas = setup["session"], setup["secretary"], setup["ideas"]
    scoring.screen(session=s, actor=secretary, idea_id=ideas[1].id, accept=True)  # already accepted
    results = bulk_screening.screen_many(session=s, actor=secretary, accept=True,
                                         idea_ids=[i.id for i in ideas] + [999_999])
    assert [r.done for r in results] == [True, False, True, True, False]
    assert results[1].key == "review.error.not_submitted"
    assert {i.status for i in ideas} == {"under_review"}
    table = bulk_screening.report_table(results, "vi")
    assert list(table.columns) == ["Hồ sơ", "Kết quả", "Chi tiết"]
    assert list(table["Kết quả"]) == ["Đã xử lý", "Bỏ qua", "Đã xử lý", "Đã xử lý", "Bỏ qua"]
    assert "Đang xét" in table["Chi tiết"][1] and "under_review" not in table["Chi tiết"][1]
    # one acceptance message per accepted file (the one accepted earlier got its own), none for the skips
    assert inbox.unread_count(s, user=setup["author"]) == 4
    row = s.scalars(select(AuditLog).where(AuditLog.action == "review.bulk_screen")).one()
    assert '"skipped"' in row.details and str(ideas[1].id) in row.details


def test_return_many_needs_one_reason_before_anything_changes(setup):
    s, secretary, ideas = setup["session"], setup["secretary"], setup["ideas"]
    with pytest.raises(ValidationError):
        bulk_screening.screen_many(session=s, actor=secretary, idea_ids=[i.id for i in ideas], accept=False,
                                   reason="  ")
    assert {i.status for i in ideas} == {"submitted"}
    results = bulk_screening.screen_many(session=s, actor=secretary, idea_ids=[i.id for i in ideas[:2]],
                                         accept=False, reason="Thiếu hồ sơ minh chứng")
    assert all(r.done for r in results) and [i.status for i in ideas] == ["returned"] * 2 + ["submitted"] * 2


def test_a_selection_is_needed_and_bounded(setup):
    with pytest.raises(ValidationError, match="bulk.error.none_selected"):
        bulk_screening.screen_many(session=setup["session"], actor=setup["secretary"], idea_ids=[], accept=True)
    with pytest.raises(ValidationError, match="bulk.error.too_many"):
        bulk_screening.screen_many(session=setup["session"], actor=setup["secretary"], accept=True,
                                   idea_ids=list(range(1, bulk_screening.MAX_ITEMS + 2)))


def test_someone_without_the_right_is_refused_before_any_file_is_read(setup):
    s = setup["session"]  # issue 25: the action is checked first (the report used to read every title)
    with pytest.raises(PermissionDenied):
        bulk_screening.screen_many(session=s, actor=setup["author"], accept=True,
                                   idea_ids=[i.id for i in setup["ideas"]])
    assert {i.status for i in setup["ideas"]} == {"submitted"}


def _failing_update_trigger(conn, idea_id: int) -> str:
    """A real database error on updating one idea (a trigger), so no code of ours is replaced."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("CREATE OR REPLACE FUNCTION bulk_boom() RETURNS trigger AS $$ BEGIN "
                             "RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql")
        conn.exec_driver_sql(f"CREATE TRIGGER bulk_boom BEFORE UPDATE ON ideas FOR EACH ROW "
                             f"WHEN (NEW.id = {int(idea_id)}) EXECUTE FUNCTION bulk_boom()")
        return "DROP TRIGGER bulk_boom ON ideas; DROP FUNCTION bulk_boom()"
    conn.exec_driver_sql(f"CREATE TRIGGER bulk_boom BEFORE UPDATE ON ideas WHEN NEW.id = {int(idea_id)} "
                         "BEGIN SELECT RAISE(ABORT, 'boom'); END")
    return "DROP TRIGGER bulk_boom"


def test_a_database_error_rolls_back_the_whole_action(db):
    """Items are savepoints inside one transaction: a failure that is not a rule loses every item."""
    with db.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        _, people = make_council(s, campaign=campaign, unit=unit)
        owner = make_user(s, unit=unit, password=None)
        ids = [make_idea(s, campaign=campaign, unit=unit, owner=owner).id for _ in range(3)]
        secretary_id = people["secretary"][0].id
    with db.engine.begin() as conn:
        drop = _failing_update_trigger(conn, ids[2])
    try:
        with pytest.raises(DBAPIError), db.session() as s:
            bulk_screening.screen_many(session=s, actor=s.get(User, secretary_id), idea_ids=ids, accept=True)
    finally:
        with db.engine.begin() as conn:
            for statement in drop.split("; "):
                conn.exec_driver_sql(statement)
    with db.session() as s:
        assert {s.get(Idea, i).status for i in ids} == {"submitted"}
        assert s.scalar(select(AuditLog.id).where(AuditLog.action == "review.bulk_screen")) is None


def test_assign_many_balances_the_load_and_respects_conflicts(setup):
    s, secretary, ideas = setup["session"], setup["secretary"], setup["ideas"]
    bulk_screening.screen_many(session=s, actor=secretary, idea_ids=[i.id for i in ideas], accept=True)
    members = setup["people"]["member"]
    s.add(Conflict(user_id=members[0].id, idea_id=ideas[0].id, reason="Người thân"))
    s.flush()
    results = bulk_screening.assign_many(session=s, actor=secretary, idea_ids=[i.id for i in ideas], count=1)
    assert all(r.done for r in results) and {r.params["count"] for r in results} == {1}
    rows = s.execute(select(ReviewAssignment.idea_id, ReviewAssignment.reviewer_id)).all()
    assert (ideas[0].id, members[0].id) not in rows
    load = Counter(reviewer for _, reviewer in rows)
    assert max(load.values()) - min(load.values()) <= 1 and sum(load.values()) == 4
    again = bulk_screening.assign_many(session=s, actor=secretary, idea_ids=[ideas[0].id], count=1)
    assert again[0].done and again[0].params == {"count": 0}  # it has its reviewer already


def test_assign_many_skips_files_not_under_review(setup):
    s, secretary, ideas = setup["session"], setup["secretary"], setup["ideas"]
    scoring.screen(session=s, actor=secretary, idea_id=ideas[0].id, accept=True)
    results = bulk_screening.assign_many(session=s, actor=secretary, idea_ids=[ideas[0].id, ideas[1].id], count=2)
    assert [r.done for r in results] == [True, False] and results[1].key == "review.error.not_under_review"
    assert s.scalars(select(ReviewAssignment.idea_id)).all() == [ideas[0].id] * 2
