"""The import page's view: what importing a file would do, or its row errors, ready to show."""
from __future__ import annotations

from ideas.accounts import admin_import_view
from tests.support.factories.accounts import make_unit, make_user

UNITS = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Biên chế\nT,UBND tỉnh,,3\nS,Sở Nội vụ,T,20\n".encode()


def test_admin_import_view_says_what_an_import_would_do(session):
    admin = make_user(session, unit=make_unit(session, code="ADM"), roles=[("admin", None)], password=None)
    preview = admin_import_view.import_preview(session=session, actor=admin, kind="units", data=UNITS,
                                               filename="units.csv", lang="vi")
    assert preview.errors is None and preview.changes and list(preview.rows["_row"]) == [2, 3]
    assert preview.headers["_row"] != "import.col.row" and "2" in preview.summary
    bad = admin_import_view.import_preview(session=session, actor=admin, kind="units", filename="units.csv",
                                           data=UNITS + "X,Xã,KHONGCO,-1\n".encode(), lang="vi")
    assert bad.rows is None and list(bad.errors["row"]) == [4, 4] and "1 dòng lỗi, 2 lỗi" in bad.errors_title
