"""Dashboard cache shared per scope: leaders of one scope compute a section once; other scopes never read it."""
import pytest

from ideas.core.models import Unit
from tests.support.apptest import signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.dashboards import build_province


@pytest.fixture(autouse=True)
def fresh_cache():
    import streamlit as st

    st.cache_data.clear()
    yield
    st.cache_data.clear()


def participation_units(database, user) -> set[str]:
    at = signed_in_app(database, user)
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="dash_year").set_value(2026).run()
    return set(at.dataframe[0].value["Đơn vị"])


def test_a_second_leader_of_the_same_scope_reads_the_first_ones_section(app_env):
    with app_env.session() as s:
        province = build_province(s, logins=True)
        second = make_user(s, unit=province.units["P"], username="rep_leader_2", roles=[("leader", None)])
    first_view = participation_units(app_env, province.users["leader"])
    with app_env.session() as s:  # a new department appears within the cache's minute
        make_unit(s, code="NEW", name="Sở Mới", parent=s.get(Unit, province.units["P"].id))
    assert participation_units(app_env, second) == first_view  # shared: computed once for the scope
    assert "Sở Mới" not in first_view


def test_a_district_viewer_never_reads_the_province_section(app_env):
    with app_env.session() as s:
        province = build_province(s, logins=True)
    assert participation_units(app_env, province.users["leader"]) == {"Sở A", "Huyện D", "Tỉnh Mẫu (cơ quan)"}
    assert participation_units(app_env, province.users["sec_d"]) == {"Xã C1", "Xã C2", "Huyện D (cơ quan)"}
