"""All authors of a decision onto an award list in one action: one transaction, a line per author, merged refused."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from ideas.core.models import AwardItem, User
from ideas.rewards import awards
from ideas.rewards import rewards_lists_view as lists_view
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import make_campaign, make_idea
from tests.support.factories.rewards import make_recognised_idea


def _district(session):
    unit = make_unit(session, kind="district", name="UBND huyện Đông")
    other = make_unit(session, kind="district", name="UBND huyện Tây")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    people = [make_user(session, unit=unit, full_name=f"Phan Văn {n}") for n in ("Một", "Hai", "Ba")]
    outsider = make_user(session, unit=other, full_name="Đỗ Văn Ngoài")
    idea = make_recognised_idea(session, authors=[*people, outsider], unit=unit, title="Số hoá hồ sơ đất đai")
    make_recognised_idea(session, authors=[people[0]], unit=unit, title="Sáng kiến khác")
    award_list = awards.create_list(session=session, actor=officer, title="Khen thưởng 2025", year=2025,
                                    unit_id=unit.id)
    return {"unit": unit, "officer": officer, "people": people, "outsider": outsider, "idea": idea,
            "list": award_list}


def _decision_authors(session, d):
    view = lists_view.detail(session=session, actor=d["officer"], list_id=d["list"].id)
    rows = lists_view.authors_of_decision(view.authors, d["idea"].id)  # the page preselects every one of them
    return lists_view.author_pairs(view.authors, rows)


def test_every_author_of_a_decision_in_one_action_with_a_line_each(session):
    d = _district(session)
    pairs = _decision_authors(session, d)
    assert {user for user, _ in pairs} == {p.id for p in d["people"]}  # the outsider is out of the officer's scope
    awards.add_individual(session=session, actor=d["officer"], list_id=d["list"].id, user_id=d["people"][1].id,
                          form_code="GIAY_KHEN")
    lines = awards.add_authors(session=session, actor=d["officer"], list_id=d["list"].id, form_code="GIAY_KHEN",
                               authors=[*pairs, (d["outsider"].id, d["idea"].id)])
    report = dict(lists_view.bulk_report(lines, "vi"))
    assert [line.added for line in lines] == [True, False, True, False]
    assert "Giấy khen" in report["Phan Văn Hai"]  # already on the list: skipped, said why
    assert all("{" not in message for message in report.values())
    items = awards.items_frame(session, actor=d["officer"], list_id=d["list"].id)
    assert sorted(items.name) == ["Phan Văn Ba", "Phan Văn Hai", "Phan Văn Một"]


def test_an_author_of_a_merged_file_is_not_added_for_it(session):
    d = _district(session)
    campaign = make_campaign(session, unit=d["unit"])
    merged = make_idea(session, campaign=campaign, unit=d["unit"], owner=d["people"][2], status="merged")
    lines = awards.add_authors(session=session, actor=d["officer"], list_id=d["list"].id, form_code="GIAY_KHEN",
                               authors=[(d["people"][2].id, merged.id), (d["people"][0].id, d["idea"].id)])
    assert [(line.added, line.message[0]) for line in lines] == [(False, "merging.error.file_merged"),
                                                                 (True, "rewards.bulk.added")]


def test_a_database_error_adds_nobody(db):
    with db.session() as s:
        d = _district(s)
        pairs, officer_id, list_id = _decision_authors(s, d), d["officer"].id, d["list"].id
        last = d["people"][2].id
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("CREATE OR REPLACE FUNCTION bulk_boom() RETURNS trigger AS $$ BEGIN "
                                 "RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql")
            conn.exec_driver_sql(f"CREATE TRIGGER bulk_boom BEFORE INSERT ON award_items FOR EACH ROW "
                                 f"WHEN (NEW.user_id = {last}) EXECUTE FUNCTION bulk_boom()")
            drop = ["DROP TRIGGER bulk_boom ON award_items", "DROP FUNCTION bulk_boom()"]
        else:
            conn.exec_driver_sql(f"CREATE TRIGGER bulk_boom BEFORE INSERT ON award_items WHEN NEW.user_id = {last} "
                                 "BEGIN SELECT RAISE(ABORT, 'boom'); END")
            drop = ["DROP TRIGGER bulk_boom"]
    try:
        with pytest.raises(DBAPIError), db.session() as s:
            awards.add_authors(session=s, actor=s.get(User, officer_id), list_id=list_id, form_code="GIAY_KHEN",
                               authors=pairs)
    finally:
        with db.engine.begin() as conn:
            for statement in drop:
                conn.exec_driver_sql(statement)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AwardItem)) == 0
