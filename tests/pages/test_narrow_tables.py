"""Tables on narrow screens: key columns lead, a phone's table holds only them, numbers written as text align right."""
from __future__ import annotations

import json

from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import make_campaign, make_idea
from tests.support.review_scenarios import open_page


def _config(frame) -> dict:
    return json.loads(frame.proto.columns or "{}")


def test_my_files_lead_with_title_status_deadline_decision_and_a_phone_sees_only_the_first_two(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        owner = make_user(s, unit=unit)
        make_idea(s, campaign=make_campaign(s, unit=unit), unit=unit, owner=owner, title="Một cửa liên thông")
    at = open_page(app_env, owner, "pages/ideas_mine.py")
    wide, phone = at.dataframe[0], at.dataframe[1]
    assert list(wide.value.columns[:4]) == ["Tên sáng kiến", "Trạng thái", "Hạn trả lời", "Quyết định"]
    assert sum(_config(wide)[name]["width"] for name in wide.value.columns[:4]) <= 945  # 1440 px: main column
    assert list(phone.proto.column_order) == ["Tên sáng kiến", "Trạng thái"]
    assert sum(_config(phone)[name]["width"] for name in phone.proto.column_order) <= 358  # 390 px phone
    css = " ".join(element.proto.body for element in at.get("html"))
    assert "st-key-table_wide_" in css and "max-width: 640px" in css


def test_the_browse_list_leads_with_title_and_status_and_a_phone_sees_them_beside_the_row_picker(app_env):
    import ui
    from tests.support.apptest import signed_in_app
    from tests.support.factories.browse import make_idea, person

    with app_env.session() as s:
        unit = make_unit(s, name="Sở Nội vụ")
        person(s, unit=unit, roles=[("admin", None)])
        owner = person(s, unit=unit, full_name="Trần Tác Giả")
        reader = make_user(s, unit=unit)
        make_idea(s, owner=owner, title="Trả kết quả qua bưu điện")
    at = signed_in_app(app_env, reader)
    at.switch_page("pages/ideas_browse.py").run()
    wide, phone = at.dataframe[0], at.dataframe[1]
    assert "Trả kết quả qua bưu điện" in list(wide.value["title"])
    assert list(phone.proto.column_order) == ["title", "status"]
    assert ui.SELECT_COLUMN + sum(_config(phone)[name]["width"] for name in phone.proto.column_order) <= 358
    assert wide.proto.selection_mode and phone.proto.selection_mode  # a row opens from either


def test_the_council_board_and_decisions_lead_with_what_a_phone_shows(app_env):
    from ideas.review import review_council_view as view
    from tests.support.review_scenarios import council_with_a_file

    env = council_with_a_file(app_env)
    with app_env.read_session() as s:
        chair = env["people"]["chair"][0]
        board = view.board(session=s, actor=chair, lang="vi", campaign_id=env["campaign_id"]).table
    assert list(board.columns[:3]) == list(view.KEY_COLUMNS["board"]) == ["title", "decision", "mean"]
    assert all(sum(widths.values()) <= 358 for widths in view.KEY_COLUMNS.values())


def test_numbers_written_as_text_align_right(app_env):
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    def script():
        import pandas as pd

        import ui

        ui.table(pd.DataFrame({"Đơn vị": ["Sở A", "Sở B"], "Số tiền": ["2.340.000", "710.000 đ"],
                               "Tỷ lệ": ["21,4%", "—"], "Mã": ["SK-2026-0001", "SK-2026-0002"]}),
                 column_config={"Số tiền": "Số tiền (đồng)"})

    at = AppTest.from_function(script).run()
    config = _config(at.dataframe[0])
    assert config["Số tiền"]["alignment"] == "right" and config["Số tiền"]["label"] == "Số tiền (đồng)"
    assert config["Tỷ lệ"]["alignment"] == "right"
    assert "Đơn vị" not in config and "Mã" not in config
    assert isinstance(at.dataframe[0].value, pd.DataFrame)
