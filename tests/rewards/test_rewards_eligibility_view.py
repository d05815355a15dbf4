"""The eligibility page's view (no Streamlit): verdict next to the name, form names, ratings only for officers."""
import datetime as dt

import pandas as pd

from ideas.rewards import rewards_eligibility_view as view_of
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_rating, make_recognised_idea


def test_candidates_read_in_vietnamese_with_the_verdict_first(session):
    unit = make_unit(session, kind="district", name="UBND huyện Xét")
    officer = make_user(session, unit=unit, roles=[("reward_officer", unit)])
    leader = make_user(session, unit=unit, roles=[("leader", unit)])
    author = make_user(session, unit=unit, full_name="Kha Văn Xét")
    make_recognised_idea(session, authors=[author], unit=unit, decided_on=dt.date(2025, 3, 3))
    make_rating(session, user=author, year=2025)
    view = view_of.overview(session=session, actor=officer, year=2025)
    assert list(view.candidates.columns[:3]) == ["name", "qualifies", "missing"]
    assert list(view.candidates.columns) == list(view_of.CANDIDATE_COLUMNS)
    row = view.candidates.iloc[0]
    assert row["name"] == "Kha Văn Xét" and "Chiến sĩ thi đua cơ sở" in row["qualifies"]
    assert row["rating"] == "Hoàn thành xuất sắc nhiệm vụ" and row["advanced"] == "Có"
    assert "CSTD_CS" not in " ".join(view.candidates.to_numpy().ravel().astype(str))
    assert ("Giấy khen", "1") in view.counts and view.may_rate
    assert "Kha Văn Xét" in set(view.ratings.full_name)
    as_leader = view_of.overview(session=session, actor=leader, year=2025)
    assert not as_leader.may_rate and as_leader.ratings.empty and not as_leader.candidates.empty


def test_changed_ratings_are_the_edited_rows_only():
    before = pd.DataFrame({"user_id": [1, 2], "task_rating": ["good", None], "advanced_worker": [True, False],
                           "research_accepted": [False, False]})
    after = before.copy()
    after.loc[1, "task_rating"] = "excellent"
    assert view_of.changed_ratings(before, after) == [
        {"user_id": 2, "task_rating": "excellent", "advanced_worker": False, "research_accepted": False}]
