"""AppTest of the follow-through page keeping the place: the window said before typing, per-initiative input, links."""
from __future__ import annotations

import datetime as dt

from ideas.core import clock
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea

PAGE = "pages/ideas_followup.py"


def _setup(app_env, months_ago=(6, 1)):
    with app_env.session() as s:
        unit = make_unit(s, name="Sở Nội vụ")
        make_user(s, unit=unit, roles=[("admin", None)], password=None)
        owner = make_user(s, unit=unit, full_name="Trần Tác Giả")
        ideas = [make_recognised_idea(s, authors=[owner], unit=unit, title=f"Sáng kiến {n}",
                                      decided_on=clock.add_months(clock.today(), -n)).id for n in months_ago]
    return owner, ideas


def _open(app_env, user, **params):
    at = signed_in_app(app_env, user)
    at.query_params.update(params)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_a_closed_window_is_said_with_its_opening_day_before_anything_is_typed(app_env):
    owner, (due_now, due_later) = _setup(app_env)
    at = _open(app_env, owner, idea=str(due_later))
    assert at.selectbox(key="follow_pick").value == due_later
    decided = clock.add_months(clock.today(), -1)
    opens = clock.add_months(decided, 6) - dt.timedelta(days=30)
    notes = [shown(i.value) for i in at.info]
    assert any("chưa đến thời gian ghi nhận" in n and opens.strftime("%d/%m/%Y") in n for n in notes), notes
    assert not [w for w in at.text_input if str(w.key).startswith("follow_m_")]  # nothing to type in vain
    at.selectbox(key="follow_pick").set_value(due_now).run()
    assert [w for w in at.text_input if str(w.key).startswith("follow_m_")]
    assert at.query_params["idea"] == [str(due_now)] or at.query_params["idea"] == str(due_now)


def test_a_date_typed_for_one_initiative_does_not_stay_for_another(app_env):
    owner, (first, second) = _setup(app_env)
    at = _open(app_env, owner)
    at.selectbox(key="follow_pick").set_value(first).run()
    typed = clock.today() + dt.timedelta(days=45)
    at.date_input(key=f"follow_new_due_{first}").set_value(typed)
    at.text_input(key=f"follow_new_title_{first}").input("Mốc của sáng kiến đầu")
    at.selectbox(key="follow_pick").set_value(second).run()
    assert not at.exception, at.exception
    # the browser keeps an unsent form's input for a widget of the same key: the widgets are the initiative's own
    assert not [w for w in at.date_input if w.key == f"follow_new_due_{first}"]
    assert at.date_input(key=f"follow_new_due_{second}").value == clock.today()
    assert at.text_input(key=f"follow_new_title_{second}").value == ""


def test_a_forged_link_says_so_and_opens_the_list(app_env):
    owner, (first, _second) = _setup(app_env)
    at = _open(app_env, owner, idea="99999")
    assert any("Không mở được hồ sơ «99999»" in w.value for w in at.warning)
    assert at.selectbox(key="follow_pick").value in {first, _second}
    at = _open(app_env, owner, idea="<script>")
    assert not at.exception
