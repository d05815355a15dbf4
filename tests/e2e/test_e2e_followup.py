"""Browser: an author plans the follow-through of a recognised initiative, posts progress and records results."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from st_helpers import click, expand, expect_cell, expect_text, expect_title, fill, goto, login, new_context, shot

pytestmark = pytest.mark.e2e

PASSWORD = "Cay-bang-9Qx-2026"  # not made of known words (the unit is "Phòng Theo Dõi")
TITLE = "Số hoá sổ theo dõi hồ sơ một cửa"


@pytest.fixture(scope="module")
def author(e2e_db, admin_account) -> dict:
    """A staff member whose initiative was recognised six months ago, with a colleague to own a milestone."""
    from ideas.accounts import units, users
    from ideas.core import clock
    from ideas.core.models import Decision, Idea, IdeaAuthor
    from ideas.core.permissions import SYSTEM

    decided = clock.add_months(clock.today(), -6)
    with e2e_db.session() as session:
        unit = units.create_unit(session=session, actor=SYSTEM, code="TD", name="Phòng Theo Dõi")
        owner = users.create_user(session=session, actor=SYSTEM, username="td.tacgia", full_name="Trịnh Tác Giả",
                                  password=PASSWORD, unit_id=unit.id)
        users.create_user(session=session, actor=SYSTEM, username="td.phutrach", full_name="Lương Phụ Trách",
                          password=PASSWORD, unit_id=unit.id)
        idea = Idea(unit_id=unit.id, owner_id=owner.id, title=TITLE, status="recognised", scope="unit",
                    hours_saved=500, vnd_saved=20_000_000, receipt_no="TD-2026-0001",
                    decided_at=dt.datetime.combine(decided, dt.time(2)))
        idea.authors.append(IdeaAuthor(user_id=owner.id, share=100, position=0))
        session.add(idea)
        session.flush()
        session.add(Decision(idea_id=idea.id, number="7/QĐ-HĐSK", decided_on=decided, outcome="recognised",
                             scope="unit"))
        idea_id = idea.id
    return {"username": "td.tacgia", "idea_id": idea_id}


def test_author_plans_and_measures(browser, base_url, author, e2e_db):
    from ideas.core.models import FollowMeasurement, FollowMilestone

    context = new_context(browser, base_url)
    page = context.new_page()
    login(page, author["username"], PASSWORD)
    goto(page, "/ideas_followup")
    expect_title(page, "Theo dõi triển khai sáng kiến")
    expect_text(page, "Chưa có mốc triển khai nào.")

    form = expand(page, "Thêm mốc triển khai")
    fill(page, "Nội dung mốc", "Ban hành quy trình mới", scope=form)
    click(page, "Thêm mốc triển khai", scope=form.locator('[data-testid="stForm"]'))
    expect_cell(page, "Ban hành quy trình mới")
    expect_cell(page, "Chưa bắt đầu")

    form = expand(page, "Ghi nhận kết quả đo")
    fill(page, "Giờ công tiết kiệm mỗi năm", "420,5", scope=form)
    fill(page, "Kinh phí tiết kiệm mỗi năm (đồng)", "2.340.000", scope=form)
    click(page, "Ghi nhận kết quả đo", scope=form.locator('[data-testid="stForm"]'))
    expect_cell(page, "420,5")
    expect_cell(page, "2.340.000")
    expect_text(page, "(đúng hạn)")
    shot(page, "followup-author")
    with e2e_db.read_session() as session:
        assert session.scalar(select(FollowMilestone.title)) == "Ban hành quy trình mới"
        measured = session.scalar(select(FollowMeasurement).where(FollowMeasurement.checkpoint == 6))
        assert float(measured.hours_saved) == 420.5 and measured.vnd_saved == 2_340_000 and measured.on_time
    context.close()
