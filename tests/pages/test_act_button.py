"""ui.act_button: the action runs in the button's callback, before the page, so the page is drawn once with the new
state; the callback checks the session as the router does, and a refusal stays under the button."""
from __future__ import annotations

from sqlalchemy import select, update

from ideas.core.models import AuthSession, ScoreSheet, utcnow
from tests.support.review_scenarios import council_with_a_file as _setup
from tests.support.review_scenarios import open_page as _open


def _score(at, idea_id: int, novelty: int) -> None:
    for code, value in (("novelty", novelty), ("soundness", 15), ("effectiveness", 20), ("replicability", 10)):
        at.number_input(key=f"score_{idea_id}_{code}").set_value(value)
    at.radio(key=f"score_{idea_id}_verdict").set_value("meets")
    at.text_area(key=f"score_{idea_id}_comment").input("Giải pháp tốt")

def test_a_press_acts_once_and_the_page_shows_the_new_state_in_the_same_run(app_env, monkeypatch):
    from ideas.review import review_queue_view

    data = _setup(app_env)
    reviewer, idea_id = data["people"]["member"][0], data["idea_id"]
    at = _open(app_env, reviewer, "pages/review_queue.py")
    runs = []
    original = review_queue_view.queue
    monkeypatch.setattr(review_queue_view, "queue", lambda **kw: runs.append(1) or original(**kw))
    _score(at, idea_id, 25)
    at.button(key="score_save").click().run()
    assert not at.exception and not at.error
    assert len(runs) == 1  # drawn once: no second run after the action
    assert at.caption and any("70" in c.value for c in at.caption)  # the saved total shown in that one run
    with app_env.read_session() as s:
        assert s.scalar(select(ScoreSheet.total).where(ScoreSheet.idea_id == idea_id)) == 70

def test_a_press_after_the_session_was_revoked_acts_on_nothing(app_env):
    data = _setup(app_env)
    reviewer, idea_id = data["people"]["member"][0], data["idea_id"]
    at = _open(app_env, reviewer, "pages/review_queue.py")
    _score(at, idea_id, 25)
    with app_env.session() as s:  # signed out elsewhere (another tab, an administrator) before the press
        s.execute(update(AuthSession).where(AuthSession.user_id == reviewer.id).values(revoked_at=utcnow()))
    at.button(key="score_save").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Đăng nhập"]
    with app_env.read_session() as s:
        assert s.scalar(select(ScoreSheet.id).where(ScoreSheet.idea_id == idea_id)) is None

def test_a_refusal_is_shown_under_the_button_and_the_input_kept(app_env):
    data = _setup(app_env)
    reviewer, idea_id = data["people"]["member"][0], data["idea_id"]
    at = _open(app_env, reviewer, "pages/review_queue.py")
    _score(at, idea_id, 99)  # over the criterion's maximum
    at.button(key="score_save").click().run()
    assert not at.exception
    assert at.error and "phải từ 0 đến" in at.error[0].value
    assert at.number_input(key=f"score_{idea_id}_novelty").value == 99
    at.run()  # the refusal belongs to that press: the next run does not repeat it
    assert not at.error
