"""Links into the reward pages: `list=` opens that award list (any year), `idea=` preselects the initiative's
authors to add, and on eligibility the year it was recognised; a forged id says so."""
import datetime as dt

from ideas.core import clock
from ideas.rewards import awards
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea

YEAR = clock.today().year


def _world(app_env):
    with app_env.session() as s:
        unit = make_unit(s, kind="district", name="UBND huyện Liên Kết")
        make_user(s, roles=[("admin", None)])
        officer = make_user(s, unit=unit, roles=[("reward_officer", unit)])
        author = make_user(s, unit=unit, full_name="Tác Giả Liên Kết")
        make_recognised_idea(s, authors=[author], unit=unit, title="Ý tưởng khác", decided_on=dt.date(YEAR - 1, 3, 3))
        idea = make_recognised_idea(s, authors=[author], unit=unit, title="Ý tưởng được nhắc",
                                    decided_on=dt.date(YEAR - 1, 4, 4))
        awards.create_list(session=s, actor=officer, title="Năm nay", year=YEAR, unit_id=unit.id)
        old = awards.create_list(session=s, actor=officer, title="Năm trước", year=YEAR - 1, unit_id=unit.id)
    return officer, old.id, idea.id


def _open(app_env, user, page, **params):
    at = signed_in_app(app_env, user)
    at.query_params.update(params)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_a_link_opens_the_list_of_another_year_with_the_initiative_preselected(app_env):
    officer, list_id, idea_id = _world(app_env)
    at = _open(app_env, officer, "pages/rewards_lists.py", list=str(list_id), idea=str(idea_id), step="add")
    assert at.selectbox(key="rl_pick").value == list_id
    assert at.selectbox(key=f"rl_bulk_decision_{list_id}").value == idea_id
    at = _open(app_env, officer, "pages/rewards_lists.py", list="999999")
    assert any("999999" in shown(w.value) for w in at.warning)


def test_eligibility_opens_on_the_year_the_initiative_was_recognised(app_env):
    officer, _list_id, idea_id = _world(app_env)
    at = _open(app_env, officer, "pages/rewards_eligibility.py", idea=str(idea_id))
    assert at.number_input(key="re_year").value == YEAR - 1
