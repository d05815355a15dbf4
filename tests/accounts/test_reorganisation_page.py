"""The units page records a merge: preview shows what moves, confirm writes it, a bad mapping names its rows."""
import datetime as dt

from sqlalchemy import select

from ideas.accounts import units
from ideas.core.models import UnitEvent, User
from tests.support.apptest import app_test, sign_in
from tests.support.factories.accounts import make_user
from tests.support.factories.history import build_reorganised


def _admin_page(app_env):
    with app_env.session() as s:
        w = build_reorganised(s, merge=False)
        admin = make_user(s, unit=w.units["P"], roles=[("admin", None)], full_name="Lê Quản Trị")
        people = {k: u.id for k, u in w.users.items()}
    at = app_test()
    with app_env.session() as s:
        sign_in(at, s, admin)
    at.run()
    return at.switch_page("pages/admin_units.py").run(), people


def test_admin_previews_then_confirms_a_merge(app_env):
    at, people = _admin_page(app_env)
    assert not at.exception
    at.selectbox(key="history_kind_0").select("merge")
    at.multiselect(key="history_olds_0").select("X1").select("X2")
    at.text_input(key="history_news_0").input("X12")
    at.text_input(key="history_new_name_0").input("Xã Hợp Nhất")
    at.text_input(key="history_parent_0").input("P")
    at.date_input(key="history_date_0").set_value(dt.date(2025, 7, 1))
    at.text_input(key="history_basis_0").input("Nghị quyết 1234/NQ-UBTVQH15")
    next(b for b in at.button if b.label == "Xem trước").click().run()
    assert not at.exception
    endings = next(d.value for d in at.dataframe if "rule" in d.value.columns)
    assert list(endings.staff) == ["1", "2"] and list(endings.successor) == ["X12", "X12"]
    with app_env.read_session() as s:
        assert s.scalar(select(UnitEvent.id)) is None  # the preview wrote nothing
    at.button(key="history_confirm_event").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        x12 = units.by_code(s, "X12")
        assert s.get(User, people["x2a"]).unit_id == x12.id
        assert s.scalar(select(UnitEvent.legal_basis)) == "Nghị quyết 1234/NQ-UBTVQH15"
    history = next(d.value for d in at.dataframe if "legal_basis" in d.value.columns and "old" in d.value.columns)
    assert len(history) == 2
    tree = at.dataframe[0].value.set_index("code")
    assert tree.loc["X1", "ended"] == "01/07/2025 → X12" and tree.loc["X3", "ended"] == ""


def test_a_looping_event_is_refused_with_its_reason(app_env):
    at, _ = _admin_page(app_env)
    at.selectbox(key="history_kind_0").select("merge")
    at.multiselect(key="history_olds_0").select("H")
    at.text_input(key="history_news_0").input("X3")
    at.date_input(key="history_date_0").set_value(dt.date(2025, 7, 1))
    at.text_input(key="history_basis_0").input("NQ 1")
    next(b for b in at.button if b.label == "Xem trước").click().run()
    assert not at.exception
    reasons = next(d.value for d in at.dataframe if "reason" in d.value.columns).reason.tolist()
    assert reasons == ["Không thể sáp nhập H vào X3, đơn vị nằm trong chính nó."]
    assert not [b for b in at.button if b.label == "Xác nhận sắp xếp"]
