"""The reviewer's queue read in two steps (its first keys on the narrow indexes, then those files' rows) shows the
same rows in the same order as the single sorted query, and its "still to score" count is scoring.due_count."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from ideas.core.models import ReviewAssignment, ScoreSheet
from ideas.review import review_queue_view, scoring
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import make_campaign, make_idea


@pytest.fixture
def queue_world(session):
    """A reviewer with a tricky queue: scored and unscored files, equal and missing due dates, decided, withdrawn
    and blind files, a replaced assignment, and other reviewers' sheets and assignments on the same files."""
    unit = make_unit(session, name="Sở Nội vụ")
    open_campaign, blind_campaign = make_campaign(session, unit=unit), make_campaign(session, unit=unit, blind=True)
    author = make_user(session, unit=unit, full_name="Ngô Tác Giả")
    co_author = make_user(session, unit=unit, full_name="Lý Đồng Tác")
    reviewer = make_user(session, unit=unit, roles=[("reviewer", None)], full_name="Phạm Giám Khảo")
    other = make_user(session, unit=unit, roles=[("reviewer", None)], full_name="Vũ Giám Khảo")
    day = dt.date(2026, 12, 1)
    plan = [  # status, blind, due date, scored by the reviewer, scored by the other, assignment status
        ("under_review", False, day, False, True, "active"),
        ("under_review", False, day, True, False, "active"),
        ("under_review", True, day, False, False, "active"),
        ("under_review", False, None, False, False, "active"),
        ("under_review", False, None, True, True, "active"),
        ("under_review", False, day - dt.timedelta(days=3), False, False, "active"),
        ("under_review", False, day - dt.timedelta(days=3), True, False, "active"),
        ("recognised", False, day - dt.timedelta(days=9), False, False, "active"),
        ("not_recognised", True, day + dt.timedelta(days=2), True, False, "active"),
        ("withdrawn", False, day + dt.timedelta(days=1), False, False, "active"),
        ("under_review", False, day - dt.timedelta(days=20), False, False, "replaced"),
        ("under_review", False, day + dt.timedelta(days=5), False, False, "active"),
        ("under_review", False, day + dt.timedelta(days=5), True, False, "active"),
    ]
    for n, (status, blind, due, mine, theirs, state) in enumerate(plan):
        idea = make_idea(session, campaign=blind_campaign if blind else open_campaign, unit=unit, owner=author,
                         co_authors=[co_author] if n % 2 else [], status=status, title=f"Hồ sơ {n:02d}")
        session.add(ReviewAssignment(idea_id=idea.id, reviewer_id=reviewer.id, due_on=due, status=state))
        session.add(ReviewAssignment(idea_id=idea.id, reviewer_id=other.id, due_on=day, status="active"))
        if mine:
            session.add(ScoreSheet(idea_id=idea.id, reviewer_id=reviewer.id, total=Decimal("61.5"), verdict="meets"))
        if theirs:
            session.add(ScoreSheet(idea_id=idea.id, reviewer_id=other.id, total=Decimal("40"),
                                   verdict="does_not_meet"))
    session.flush()
    return {"reviewer": reviewer, "other": other, "active": sum(1 for p in plan if p[5] == "active")}


def _rows(frame: pd.DataFrame) -> list[tuple]:
    """The rows as shown, missing values alike (a column's dtype depends on which rows it holds)."""
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)]


def test_every_limit_shows_the_first_rows_of_the_whole_sorted_queue(session, queue_world):
    for actor in (queue_world["reviewer"], queue_world["other"]):
        whole = scoring.reviewer_queue(session, actor=actor)  # one sorted query, no limit
        assert len(whole) == (queue_world["active"] if actor is queue_world["reviewer"] else 13)
        for limit in range(1, len(whole) + 2):
            part = scoring.reviewer_queue(session, actor=actor, limit=limit)
            assert list(part.columns) == list(whole.columns)
            assert _rows(part) == _rows(whole.head(limit))
            due_only = scoring.reviewer_queue(session, actor=actor, limit=limit, include_done=False)
            expected = whole.head(limit)
            assert _rows(due_only) == _rows(expected[expected["due"]])


def test_the_queue_puts_unscored_files_first_then_by_due_date(session, queue_world):
    frame = scoring.reviewer_queue(session, actor=queue_world["reviewer"], limit=200)
    scored = list(frame["total"].notna())
    assert scored == sorted(scored)  # every file still to score comes before the scored ones
    assert frame["title"].is_unique and "Hồ sơ 10" not in set(frame["title"])  # the replaced assignment is gone
    blind = frame[frame["title"] == "Hồ sơ 02"].iloc[0]
    assert blind["blind"] and pd.isna(blind["authors"]) and pd.isna(blind["unit"])
    decided_blind = frame[frame["title"] == "Hồ sơ 08"].iloc[0]
    assert not decided_blind["blind"] and decided_blind["unit"] == "Sở Nội vụ"


def test_the_due_count_on_the_page_is_the_count_of_files_still_to_score(session, queue_world):
    for actor in (queue_world["reviewer"], queue_world["other"]):
        expected = scoring.due_count(session, actor=actor)
        assert expected > 0
        for limit in range(1, 16):  # the queue cut anywhere: read off the rows or counted in SQL, the same figure
            assert review_queue_view.queue(session=session, actor=actor, lang="vi", limit=limit).due == expected
    nobody = make_user(session, roles=[("reviewer", None)])
    assert review_queue_view.queue(session=session, actor=nobody, lang="vi").due == 0


def test_a_new_score_leaves_the_due_count_at_once(session, queue_world):
    reviewer = queue_world["reviewer"]
    before = review_queue_view.queue(session=session, actor=reviewer, lang="vi").due
    queue = scoring.reviewer_queue(session, actor=reviewer, limit=200)
    first = queue[(queue["status"] == "under_review") & queue["total"].isna()].iloc[0]
    session.add(ScoreSheet(idea_id=int(first["idea_id"]), reviewer_id=reviewer.id, total=Decimal(55), verdict="meets"))
    session.flush()
    assert review_queue_view.queue(session=session, actor=reviewer, lang="vi").due == before - 1
    assert scoring.due_count(session, actor=reviewer) == before - 1


def test_the_page_table_renders_every_row_as_before(session, queue_world):
    from ideas.core.i18n import fmt_date, t
    from ideas.review.display import number

    for lang in ("vi", "en"):
        frame = scoring.reviewer_queue(session, actor=queue_world["reviewer"], limit=200)
        table = review_queue_view.queue(session=session, actor=queue_world["reviewer"], lang=lang).table
        assert list(table["due"]) == [fmt_date(d, lang) for d in frame.due_on]
        assert list(table["total"]) == [number(v, lang) for v in frame.total]
        assert "61,5" in set(table["total"]) if lang == "vi" else "61.5" in set(table["total"])
        assert list(table["verdict"]) == [t(f"review.verdict.{v}", lang) if isinstance(v, str) else ""
                                          for v in frame.verdict]
        assert list(table["state"]) == [t("review.queue.state_due" if d else "review.queue.state_done", lang)
                                        for d in frame.due]
