""""My initiatives" reads my files through the owner and co-author indexes and each file's latest decision and return
on their idea_id indexes: the same rows, in the same order, as the query that grouped every decision and return."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, func, or_, select

from ideas.core.models import Campaign, Decision, Idea, IdeaAuthor, IdeaHistory
from ideas.filing import ideas_mine_view, lifecycle
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import make_campaign, make_idea


def _before(session, *, user, limit=200, offset=0) -> pd.DataFrame:
    """The query as it was (kept here as the reference the new one must match)."""
    mine = select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == user.id)
    last_decision = (select(Decision.idea_id, func.max(Decision.id).label("decision_id"))
                     .group_by(Decision.idea_id).subquery())
    last_return = (select(IdeaHistory.idea_id, func.max(IdeaHistory.id).label("history_id"))
                   .where(IdeaHistory.to_status == lifecycle.RETURNED).group_by(IdeaHistory.idea_id).subquery())
    query = (
        select(Idea.id, Idea.receipt_no, Idea.title, Idea.status, Campaign.name, Idea.submitted_at,
               Idea.decision_due_on, Idea.updated_at, (Idea.owner_id == user.id).label("is_owner"),
               Decision.outcome, Decision.number, Decision.decided_on, IdeaHistory.reason)
        .outerjoin(Campaign, Campaign.id == Idea.campaign_id)
        .outerjoin(last_decision, last_decision.c.idea_id == Idea.id)
        .outerjoin(Decision, Decision.id == last_decision.c.decision_id)
        .outerjoin(last_return, last_return.c.idea_id == Idea.id)
        .outerjoin(IdeaHistory, and_(IdeaHistory.id == last_return.c.history_id,
                                     Idea.status == lifecycle.RETURNED))
        .where(or_(Idea.owner_id == user.id, Idea.id.in_(mine)))
        .order_by(Idea.updated_at.desc(), Idea.id.desc()).limit(limit).offset(offset)
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=ideas_mine_view.MY_COLUMNS)
    frame["is_owner"] = frame["is_owner"].astype(bool)
    return frame


def _decide(session, idea, campaign, number, outcome, day):
    session.add(Decision(idea_id=idea.id, campaign_id=campaign.id, number=number, decided_on=day, outcome=outcome,
                         members_total=5, members_present=5, votes_for=4, votes_against=1, rule_snapshot="{}"))


def _history(session, idea, to_status, reason=None):
    session.add(IdeaHistory(idea_id=idea.id, from_status="submitted", to_status=to_status, reason=reason))


def test_my_files_are_the_same_rows_as_before_on_tricky_files(session):
    unit = make_unit(session)
    first, second, third = (make_campaign(session, unit=unit) for _ in range(3))
    me = make_user(session, unit=unit, full_name="Đặng Của Tôi")
    colleague = make_user(session, unit=unit, full_name="Hà Đồng Nghiệp")
    stranger = make_user(session, unit=unit)
    stamp = dt.datetime(2026, 5, 1, 8, 0)
    ideas = []
    for n, (owner, co, status, campaign) in enumerate([
        (me, [colleague], "returned", first),          # returned twice: the latest reason only
        (colleague, [me], "recognised", first),        # decided twice (two campaigns): the latest decision
        (me, [], "returned", second),                  # returned, with a later non-return step in its history
        (me, [], "under_review", first),               # returned once, now back under review: no reason shown
        (colleague, [me], "draft", None),              # no campaign
        (me, [], "not_recognised", third),             # owner is also an author (always): one row
        (stranger, [colleague], "submitted", first),   # not mine
        (me, [], "submitted", first),                  # same updated_at as the next: ordered by id
        (me, [], "withdrawn", first),
    ]):
        idea = make_idea(session, campaign=campaign or first, unit=unit, owner=owner,
                         co_authors=[c for c in co if c is not owner], status=status, title=f"Hồ sơ {n}")
        if campaign is None:
            idea.campaign_id = None
        idea.updated_at = stamp + dt.timedelta(hours=n if n != 8 else 7)
        ideas.append(idea)
    session.flush()
    _history(session, ideas[0], "returned", "Thiếu số liệu")
    _history(session, ideas[0], "submitted")
    _history(session, ideas[0], "returned", "Thiếu bảng tính hiệu quả")
    _decide(session, ideas[1], first, "QĐ-01", "not_recognised", dt.date(2025, 6, 1))
    _decide(session, ideas[1], second, "QĐ-02", "recognised", dt.date(2026, 6, 1))
    _history(session, ideas[2], "returned", "Bổ sung tài liệu")
    _history(session, ideas[2], "returned", None)
    _history(session, ideas[3], "returned", "Sửa tiêu đề")
    _history(session, ideas[3], "under_review")
    _decide(session, ideas[5], third, "QĐ-03", "not_recognised", dt.date(2026, 7, 1))
    _history(session, ideas[6], "returned", "Không phải của tôi")
    session.flush()

    for user in (me, colleague, stranger):
        for limit, offset in ((200, 0), (3, 0), (3, 2), (1, 7)):
            new = ideas_mine_view.my_ideas(session, user=user, limit=limit, offset=offset)
            old = _before(session, user=user, limit=limit, offset=offset)
            pd.testing.assert_frame_equal(new, old)
    mine = ideas_mine_view.my_ideas(session, user=me).set_index("title")
    assert mine.loc["Hồ sơ 0", "return_reason"] == "Thiếu bảng tính hiệu quả"
    assert mine.loc["Hồ sơ 1", "decision_number"] == "QĐ-02" and not mine.loc["Hồ sơ 1", "is_owner"]
    assert pd.isna(mine.loc["Hồ sơ 3", "return_reason"]) and "Hồ sơ 6" not in mine.index
    assert list(mine.index[:2]) == ["Hồ sơ 8", "Hồ sơ 7"] and mine.index.is_unique
