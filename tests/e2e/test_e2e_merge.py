"""Browser: a secretary accepts two files at once (per-file report), then merges a duplicate into the kept file."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from st_helpers import (
    click,
    expand,
    expect_cell,
    fill,
    goto,
    login,
    main,
    multiselect,
    nav,
    new_context,
    select,
    shot,
)

pytestmark = pytest.mark.e2e

TITLES = ("Tra cứu hồ sơ đất đai qua Zalo", "Nhắc hẹn trả kết quả qua tin nhắn", "Tra cứu hồ sơ đất đai qua Zalo OA")


@pytest.fixture(scope="module")
def files(e2e_db, admin_account):
    from tests.support.factories.accounts import PASSWORD, make_unit, make_user
    from tests.support.factories.review import make_campaign, make_council, make_idea

    with e2e_db.session() as s:
        unit = make_unit(s, name="UBND xã Gộp Thử")
        campaign = make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2, password=PASSWORD)
        author = make_user(s, unit=unit, full_name="Lý Thị Trùng", roles=[("staff", None)], password=PASSWORD)
        ideas = [make_idea(s, campaign=campaign, unit=unit, owner=author, title=title) for title in TITLES]
        return {"ids": [i.id for i in ideas], "receipts": [i.receipt_no for i in ideas],
                "secretary": people["secretary"][0].username, "author": author.username, "password": PASSWORD}


def test_secretary_accepts_two_files_at_once_and_merges_the_duplicate(browser, base_url, files, e2e_db):
    from ideas.core.models import Idea

    context = new_context(browser, base_url)
    page = context.new_page()
    try:
        login(page, files["secretary"], files["password"])
        nav(page, "Tiếp nhận hồ sơ")
        expand(page, "Xử lý nhiều hồ sơ cùng lúc")
        for title in TITLES[:2]:
            multiselect(page, "Chọn nhiều hồ sơ", title)
        click(page, "Tiếp nhận các hồ sơ đã chọn")
        expect_cell(page, "Đã xử lý")  # the per-file report stays; the counts were a toast
        with e2e_db.read_session() as s:
            assert [s.get(Idea, i).status for i in files["ids"]] == ["under_review", "under_review", "submitted"]

        goto(page, f"/ideas_detail?id={files['ids'][2]}")
        expand(page, "Gộp hồ sơ trùng lặp")
        select(page, "Gộp vào hồ sơ", files["receipts"][0])
        fill(page, "Lý do gộp", "Trùng với hồ sơ đã tiếp nhận")
        click(page, "Gộp hồ sơ")
        click(page, "Xác nhận gộp")  # irreversible: a confirmation naming both files
        expect(main(page).get_by_text("Hồ sơ này đã được gộp vào hồ sơ").first).to_be_visible()
        click(page, "Mở hồ sơ được giữ lại")
        expect(main(page).get_by_text("Hồ sơ đã được gộp vào hồ sơ này:").first).to_be_visible()
        with e2e_db.read_session() as s:
            duplicate = s.get(Idea, files["ids"][2])
            assert (duplicate.status, duplicate.merged_into_id) == ("merged", files["ids"][0])
    except Exception:
        shot(page, "FAILED-merge")
        raise
    finally:
        context.close()
