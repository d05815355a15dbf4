"""The search is kept: in the browse page's address (Back, reload, a copied link) and by "Quay lại" from an idea."""
from __future__ import annotations

from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.browse import make_idea, person


def _world(app_env):
    with app_env.session() as s:
        unit = make_unit(s, name="Sở Nội vụ")
        person(s, unit=unit, roles=[("admin", None)])
        owner = person(s, unit=unit, full_name="Trần Tác Giả")
        reader = make_user(s, unit=unit, full_name="Lê Người Đọc")
        idea = make_idea(s, owner=owner, title="Cải cách tiếp nhận hồ sơ một cửa")
        make_idea(s, owner=owner, title="Số hoá lưu trữ")
    return reader, idea.id


def test_quay_lai_from_an_idea_returns_to_the_search_as_it_was(app_env):
    reader, idea_id = _world(app_env)
    at = signed_in_app(app_env, reader)
    at.switch_page("pages/ideas_browse.py").run()
    at.text_input(key="browse_text").input("CAI cach").run()
    assert at.query_params["q"] in ("CAI cach", ["CAI cach"])  # the address names the search
    at.selectbox(key="browse_pick").set_value(idea_id)
    at.button(key="browse_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value != "Tra cứu sáng kiến"
    at.button(key="detail_back").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Tra cứu sáng kiến"
    assert at.text_input(key="browse_text").value == "CAI cach"
    assert list(at.dataframe[0].value.iloc[:, 1]) == ["Cải cách tiếp nhận hồ sơ một cửa"]


def test_an_address_with_a_search_opens_it_and_a_wrong_value_is_dropped(app_env):
    reader, _idea_id = _world(app_env)
    at = signed_in_app(app_env, reader)
    at.query_params.update({"q": "so hoa", "status": "not-a-status", "size": "7", "page": "x"})
    at.switch_page("pages/ideas_browse.py").run()
    assert not at.exception, at.exception
    assert at.text_input(key="browse_text").value == "so hoa"
    assert list(at.dataframe[0].value.iloc[:, 1]) == ["Số hoá lưu trữ"]
