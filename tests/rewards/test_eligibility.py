"""Eligibility: candidates with reasons from recognised ideas, earlier titles and entered ratings."""
import datetime as dt
import io

import pytest

from ideas.core.errors import ImportFailed, PermissionDenied
from ideas.core.models import StaffYearRating
from ideas.rewards import eligibility
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_approved_title, make_rating, make_recognised_idea


@pytest.fixture
def world(session):
    province = make_unit(session, kind="province")
    east = make_unit(session, parent=province, kind="district", name="Huyện Đông")
    west = make_unit(session, parent=province, kind="district", name="Huyện Tây")
    officer = make_user(session, unit=east, roles=[("reward_officer", east)])
    return {"province": province, "east": east, "west": west, "officer": officer}


def _row(frame, user):
    rows = frame[frame.user_id == user.id]
    assert len(rows) == 1, frame
    return rows.iloc[0]


def test_author_without_rating_is_listed_with_what_is_missing(session, world):
    author = make_user(session, unit=world["east"])
    make_recognised_idea(session, authors=[author], unit=world["east"], decided_on=dt.date(2025, 3, 1))
    frame = eligibility.candidates(session, actor=world["officer"], year=2025)
    row = _row(frame, author)
    assert row.recognised == 1 and row.best_scope == "unit" and not row.has_rating
    assert "CSTD_CS" not in row.qualifies and "GIAY_KHEN" in row.qualifies
    assert ("rewards.missing.rating", {"year": 2025}) in row.missing
    # a recognition in another year does not count for 2026
    assert eligibility.candidates(session, actor=world["officer"], year=2026).empty


def test_cstd_co_so_needs_advanced_worker_and_an_achievement(session, world):
    author, excellent, plain, research = (make_user(session, unit=world["east"]) for _ in range(4))
    make_recognised_idea(session, authors=[author], unit=world["east"], decided_on=dt.date(2025, 5, 1))
    make_rating(session, user=author, year=2025, task_rating="good", advanced_worker=True)
    make_rating(session, user=excellent, year=2025, task_rating="excellent", advanced_worker=True)
    make_rating(session, user=plain, year=2025, task_rating="good", advanced_worker=True)
    make_rating(session, user=research, year=2025, task_rating="completed", advanced_worker=True,
                research_accepted=True)
    frame = eligibility.candidates(session, actor=world["officer"], year=2025)
    for person in (author, excellent, research):
        assert "CSTD_CS" in _row(frame, person).qualifies
    row = _row(frame, plain)
    assert "CSTD_CS" not in row.qualifies and "LDTT" in row.qualifies
    assert ("rewards.missing.cs_achievement", {}) in row.missing


def test_cstd_tinh_needs_three_consecutive_and_provincial_scope(session, world):
    person = make_user(session, unit=world["east"])
    make_approved_title(session, user=person, code="CSTD_CS", year=2023)
    make_approved_title(session, user=person, code="CSTD_CS", year=2024)
    make_rating(session, user=person, year=2025, task_rating="excellent", advanced_worker=True)
    frame = eligibility.candidates(session, actor=world["officer"], year=2025)
    row = _row(frame, person)
    assert row.cs_streak == 2 and "CSTD_CS" in row.qualifies and "CSTD_TINH" not in row.qualifies
    assert ("rewards.missing.provincial_scope", {}) in row.missing
    make_recognised_idea(session, authors=[person], unit=world["east"], decided_on=dt.date(2025, 9, 1),
                         scope="provincial")
    row = _row(eligibility.candidates(session, actor=world["officer"], year=2025), person)
    assert "CSTD_TINH" in row.qualifies and "BK_TINH" in row.qualifies
    # a gap breaks the streak
    other = make_user(session, unit=world["east"])
    make_approved_title(session, user=other, code="CSTD_CS", year=2022)
    make_approved_title(session, user=other, code="CSTD_CS", year=2024)
    make_rating(session, user=other, year=2025, task_rating="excellent", advanced_worker=True)
    row = _row(eligibility.candidates(session, actor=world["officer"], year=2025), other)
    assert row.cs_streak == 1 and ("rewards.missing.cs_streak", {"have": 2, "need": 3}) in row.missing


def test_scoped_to_the_officers_subtree(session, world):
    inside, outside = make_user(session, unit=world["east"]), make_user(session, unit=world["west"])
    for person in (inside, outside):
        make_rating(session, user=person, year=2025)
    frame = eligibility.candidates(session, actor=world["officer"], year=2025)
    assert set(frame.user_id) == {inside.id}
    with pytest.raises(PermissionDenied):
        eligibility.set_rating(session=session, actor=world["officer"], user_id=outside.id, year=2025,
                               task_rating="good", advanced_worker=True, research_accepted=False)
    staff = make_user(session, unit=world["east"])
    assert eligibility.candidates(session, actor=staff, year=2025).empty


def test_set_rating_upserts_and_frame_shows_blanks(session, world):
    person = make_user(session, unit=world["east"], username="ratee")
    frame = eligibility.ratings_frame(session, actor=world["officer"], year=2025)
    assert frame[frame.user_id == person.id].iloc[0].task_rating is None
    for rating in ("good", "excellent"):
        eligibility.set_rating(session=session, actor=world["officer"], user_id=person.id, year=2025,
                               task_rating=rating, advanced_worker=True, research_accepted=False)
    assert session.query(StaffYearRating).filter_by(user_id=person.id).one().task_rating == "excellent"


def test_import_ratings_csv_all_or_nothing(session, world):
    make_user(session, unit=world["east"], username="an.nguyen")
    good = "username,task_rating,advanced_worker,research_accepted\nan.nguyen,Hoàn thành xuất sắc nhiệm vụ,x,\n"
    assert eligibility.import_ratings(session=session, actor=world["officer"], year=2025,
                                      content=("\ufeff" + good).encode(), filename="xep-loai.csv") == 1
    row = session.query(StaffYearRating).one()
    assert row.task_rating == "excellent" and row.advanced_worker and not row.research_accepted
    bad = good + "khong.co,tot,,\n"
    with pytest.raises(ImportFailed) as error:
        eligibility.import_ratings(session=session, actor=world["officer"], year=2026, content=bad.encode(),
                                   filename="x.csv")
    assert [r.row for r in error.value.rows] == [3]
    assert session.query(StaffYearRating).filter_by(year=2026).count() == 0


def test_import_ratings_xlsx(session, world):
    from openpyxl import Workbook

    make_user(session, unit=world["east"], username="binh.tran")
    book = Workbook()
    sheet = book.active
    sheet.append(["username", "task_rating", "advanced_worker", "research_accepted"])
    sheet.append(["binh.tran", "good", "", "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert eligibility.import_ratings(session=session, actor=world["officer"], year=2025,
                                      content=buffer.getvalue(), filename="xep-loai.xlsx") == 1
    row = session.query(StaffYearRating).one()
    assert row.task_rating == "good" and not row.advanced_worker and row.research_accepted


def test_provincial_scope_window_is_a_rule(session, world):
    from ideas.rewards import rules

    person = make_user(session, unit=world["east"])
    make_approved_title(session, user=person, code="CSTD_CS", year=2024)
    make_approved_title(session, user=person, code="CSTD_CS", year=2025)
    make_rating(session, user=person, year=2026)
    make_recognised_idea(session, authors=[person], unit=world["east"], decided_on=dt.date(2024, 5, 1),
                         scope="provincial")
    assert "CSTD_TINH" in _row(eligibility.candidates(session, actor=world["officer"], year=2026),
                               person).qualifies  # 2024 counts within the default 3 years
    admin = make_user(session, roles=[("admin", None)])
    rules.add_rule_value(session=session, actor=admin, key="scope_valid_years", value=2,
                         effective_from=dt.date(2026, 1, 1), legal_basis="Quy định của tỉnh")
    assert "CSTD_TINH" not in _row(eligibility.candidates(session, actor=world["officer"], year=2026),
                                   person).qualifies
