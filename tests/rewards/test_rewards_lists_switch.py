"""AppTest of switching between two draft award lists: the bulk-authors picker follows the list, no crash."""
import datetime as dt

from ideas.core import clock
from ideas.core.models import AwardList
from ideas.rewards import awards
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea

YEAR = clock.today().year


def test_switching_between_two_draft_lists_keeps_the_page_and_the_next_click(app_env):
    with app_env.session() as s:
        unit = make_unit(s, kind="district", name="UBND huyện Chuyển")
        make_user(s, roles=[("admin", None)])
        officer = make_user(s, unit=unit, roles=[("reward_officer", unit)])
        people = [make_user(s, unit=unit, full_name=f"Tác Giả {n}") for n in ("Một", "Hai", "Ba")]
        make_recognised_idea(s, authors=people, unit=unit, title="Ba tác giả", decided_on=dt.date(YEAR, 2, 2))
        make_recognised_idea(s, authors=people[:1], unit=unit, title="Năm trước", decided_on=dt.date(YEAR - 1, 5, 5))
        big = awards.create_list(session=s, actor=officer, title="Danh sách năm nay", year=YEAR, unit_id=unit.id)
        small = awards.create_list(session=s, actor=officer, title="Danh sách năm trước", year=YEAR - 1,
                                   unit_id=unit.id)
        big_id, small_id = big.id, small.id
    at = signed_in_app(app_env, officer)
    at.switch_page("pages/rewards_lists.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="rl_pick").set_value(big_id).run()
    assert not at.exception, at.exception
    assert len(at.multiselect(key=at.multiselect[0].key).value) == 3
    at.selectbox(key="rl_pick").set_value(small_id).run()
    assert not at.exception, at.exception
    assert len(at.multiselect[0].value) == 1
    at.button(key="rl_bulk_add").click().run()  # the click made after the switch is not lost
    assert not at.exception, at.exception
    with app_env.read_session() as s:
        assert [item.display_name for item in s.get(AwardList, small_id).items] == ["Tác Giả Một"]
        assert not s.get(AwardList, big_id).items
    at.selectbox(key="rl_pick").set_value(big_id).run()
    assert not at.exception, at.exception
    assert len(at.multiselect[0].value) == 3
