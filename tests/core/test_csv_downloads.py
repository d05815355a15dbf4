"""CSV downloads open in Vietnamese Excel: a BOM, ";" between cells, decimal commas, Vietnamese headings and names."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from sqlalchemy import select

from ideas.accounts import imports, reorganisation
from ideas.core import csvfile
from ideas.core.models import User
from ideas.dashboards import dashboard_view
from ideas.tooling import demo


def test_the_writer_writes_what_vietnamese_excel_reads():
    data = csvfile.csv_bytes(["Đơn vị", "Tỷ lệ (%)", "Số tiền", "Ngày"],
                             [["Sở A; phòng B", 21.4, 25_000_000, dt.date(2027, 6, 7)],
                              ["=1+1", Decimal("33.50"), -2, None], ["-ý kiến", 30.0, float("nan"), ""]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Đơn vị;Tỷ lệ (%);Số tiền;Ngày" and "\r\n" in text
    assert csvfile.read(data)[1:] == [["Sở A; phòng B", "21,4", "25000000", "07/06/2027"],
                                      ["'=1+1", "33,5", "-2", ""], ["'-ý kiến", "30", "", ""]]


def test_a_dashboard_panel_downloads_a_vietnamese_file(app_env):
    from tests.support.factories.accounts import make_unit, make_user

    with app_env.session() as s:
        unit = make_unit(s, headcount=7)
        leader = make_user(s, unit=unit, roles=[("leader", unit)])
        section = dashboard_view.section(session=s, actor=leader, name="participation", year=2026)
    panel = section.panels[0]
    assert panel.file_stem == "tham-gia-theo-don-vi"
    rows = csvfile.read(panel.csv)
    assert rows[0][:3] == ["Đơn vị", "Biên chế", "Người nộp"]
    assert rows[1][1] == "7" and all("." not in cell for cell in rows[1][1:])


def test_demo_logins_and_temporary_passwords_have_vietnamese_headings(app_env):
    with app_env.session() as s:
        logins = demo.load_demo(session=s)
        assert s.scalar(select(User).where(User.username == "demo.thuky")) is not None
    rows = csvfile.read(demo.logins_csv(logins))
    assert rows[0] == ["Tên đăng nhập", "Họ và tên", "Vai trò", "Mật khẩu"]
    roles = {row[0]: row[2] for row in rows[1:]}
    assert roles["demo.thuky"] == "Thư ký hội đồng" and "_" not in "".join(roles.values())
    assert demo.logins_csv(logins, "en").decode("utf-8-sig").startswith("Username;")
    passwords = csvfile.read(imports.passwords_csv([{"username": "annv", "full_name": "=Nguyễn An",
                                                     "password": "-x1"}]))
    assert passwords == [["Tên đăng nhập", "Họ và tên", "Mật khẩu tạm thời"], ["annv", "'=Nguyễn An", "-x1"]]


def test_templates_use_the_same_separator_and_read_back():
    assert csvfile.read(reorganisation.template_csv())[0] == list(reorganisation.TEMPLATE_HEADERS)
    frame = pd.DataFrame({"Tên": ["Sở A"], "Giờ": [300.0]})
    assert csvfile.read(csvfile.frame_bytes(frame)) == [["Tên", "Giờ"], ["Sở A", "300"]]
