"""AppTest of the browse and idea pages: search, open, support click, plain-text comments, hiding, access."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ideas.core.models import Comment, Idea
from ideas.filing import social
from tests.support.apptest import open_tab, signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.browse import make_idea, person

NASTY = ["<script>alert(1)</script>", "[x](http://evil) ![i](http://evil/i.png)"]


def _setup(app_env, **idea_kw):
    with app_env.session() as s:
        unit = make_unit(s, name="Sở Nội vụ")
        person(s, unit=unit, roles=[("admin", None)])
        owner = person(s, unit=unit, full_name="Trần Tác Giả")
        reader = make_user(s, unit=unit, full_name="Lê Người Đọc")
        idea = make_idea(s, owner=owner, title="Cải cách tiếp nhận hồ sơ một cửa", confidential="Bí mật XYZ",
                         **idea_kw)
        make_idea(s, owner=owner, title="Số hoá lưu trữ")
        make_idea(s, owner=owner, title="Bản nháp riêng", status="draft")
        ids = {"idea": idea.id, "owner": owner.id, "reader": reader.id}
    at = signed_in_app(app_env, reader)
    return at, ids


def _open_detail(at, idea_id):
    at.session_state["view_idea_id"] = idea_id
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception, at.exception
    return at


def _texts(at):
    return [t.value for t in at.text]


def test_browse_search_and_open(app_env):
    at, ids = _setup(app_env)
    at.switch_page("pages/ideas_browse.py").run()
    assert not at.exception
    assert at.title[0].value == "Tra cứu sáng kiến"
    titles = list(at.dataframe[0].value.iloc[:, 1])
    assert "Bản nháp riêng" not in titles and len(titles) == 2
    at.text_input(key="browse_text").input("CAI cach").run()
    assert list(at.dataframe[0].value.iloc[:, 1]) == ["Cải cách tiếp nhận hồ sơ một cửa"]
    assert "Đã nộp" in list(at.dataframe[0].value.iloc[:, 3])
    at.selectbox(key="browse_pick").set_value(ids["idea"])
    at.button(key="browse_open").click().run()
    assert not at.exception
    assert at.session_state["view_idea_id"] == ids["idea"]
    assert "Cải cách tiếp nhận hồ sơ một cửa" in _texts(at)


def test_support_click_increments_count(app_env):
    at, ids = _setup(app_env)
    _open_detail(at, ids["idea"])
    assert at.metric[2].value == "0"
    assert "Bí mật XYZ" not in _texts(at)  # staff of the same unit is not a council member
    at.button(key="detail_support").click().run()
    assert not at.exception
    assert at.metric[2].value == "1"
    with app_env.read_session() as s:
        assert s.scalar(select(Idea.support_count).where(Idea.id == ids["idea"])) == 1
    assert at.button(key="detail_support").label == "Bỏ ủng hộ"
    at.button(key="detail_support").click().run()
    assert at.metric[2].value == "0"


def test_comments_render_as_plain_text(app_env):
    at, ids = _setup(app_env)
    with app_env.session() as s:
        from ideas.accounts.users import get_user

        for body in NASTY:
            social.add_comment(session=s, actor=get_user(s, ids["owner"]), idea_id=ids["idea"], body=body)
    _open_detail(at, ids["idea"])
    open_tab(at, "Bình luận")  # the idea page draws the open tab only
    texts = _texts(at)
    for body in NASTY:
        assert body in texts
    for element in at.markdown:
        assert "evil" not in element.value and "<script>" not in element.value
    # post one through the page: stored exactly as typed
    at.text_area(key="comment_new").input("**đậm** <img src=x onerror=alert(1)>").run()
    at.button(key="comment_post").click().run()
    assert not at.exception
    with app_env.read_session() as s:
        bodies = list(s.scalars(select(Comment.body).where(Comment.idea_id == ids["idea"]).order_by(Comment.id)))
    assert bodies[-1] == "**đậm** <img src=x onerror=alert(1)>"
    assert "**đậm** <img src=x onerror=alert(1)>" in _texts(at)
    assert at.text_area(key="comment_new").value == ""


def test_hidden_comment_shows_reason_not_text(app_env):
    at, ids = _setup(app_env)
    with app_env.session() as s:
        from ideas.accounts.users import get_user

        admin = person(s, roles=[("admin", None)])
        comment = social.add_comment(session=s, actor=get_user(s, ids["owner"]), idea_id=ids["idea"],
                                     body="Quảng cáo bán hàng")
        social.hide_comment(session=s, actor=admin, comment_id=comment.id, reason="Nội dung không phù hợp")
    _open_detail(at, ids["idea"])
    open_tab(at, "Bình luận")  # the idea page draws the open tab only
    texts = _texts(at)
    assert "Bình luận đã bị ẩn: Nội dung không phù hợp" in texts
    assert "Quảng cáo bán hàng" not in texts


def test_comment_error_keeps_input(app_env):
    at, ids = _setup(app_env)
    _open_detail(at, ids["idea"])
    open_tab(at, "Bình luận")  # the idea page draws the open tab only
    at.text_area(key="comment_new").input("   ").run()
    at.button(key="comment_post").click().run()
    assert at.error and "trống" in at.error[0].value


def test_draft_of_someone_else_is_refused(app_env):
    at, ids = _setup(app_env)
    with app_env.session() as s:
        from ideas.accounts.users import get_user

        draft = make_idea(s, owner=get_user(s, ids["owner"]), title="Nháp bí mật", status="draft")
        draft_id = draft.id
    _open_detail(at, draft_id)
    assert at.error and "không có quyền" in at.error[0].value
    assert "Nháp bí mật" not in _texts(at)


def test_query_param_and_nothing_selected(app_env):
    at, ids = _setup(app_env)
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception
    assert "Chưa chọn sáng kiến" in at.info[0].value


def test_attachment_listed_as_text_with_download_button(app_env):
    at, ids = _setup(app_env)
    with app_env.session() as s:
        from ideas.core.models import Attachment

        s.add(Attachment(idea_id=ids["idea"], filename="[x](http://evil).pdf", mime="application/pdf", size=2048,
                         sha256="0" * 64, content=b"%PDF-1.4"))
    _open_detail(at, ids["idea"])
    assert "[x](http://evil).pdf (2 KB)" in _texts(at)
    assert at.get("download_button")
    for element in at.markdown:
        assert "evil" not in element.value


@pytest.mark.parametrize("raw", ["²", "99999999999999999999999", "abc", "-5", "0", "1e3", " "])
def test_a_bad_id_in_the_link_shows_a_message_and_the_picker(app_env, raw):
    at, _ = _setup(app_env)
    at.query_params["id"] = raw
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception
    if raw.strip():
        assert [e.value for e in at.error] == [
            "Đường dẫn có mã sáng kiến không hợp lệ. Hãy chọn sáng kiến bên dưới hoặc từ trang Tra cứu sáng kiến."]
    assert "Cải cách tiếp nhận hồ sơ một cửa" in " ".join(at.selectbox(key="detail_landing_pick").options)


def test_a_good_id_in_the_link_opens_the_idea_and_an_unknown_one_says_so(app_env):
    at, ids = _setup(app_env)
    at.query_params["id"] = str(ids["idea"])
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception and "Cải cách tiếp nhận hồ sơ một cửa" in _texts(at)
    at.query_params["id"] = "2147483647"
    at.run()
    assert not at.exception and [e.value for e in at.error] == ["Không tìm thấy sáng kiến."]


def test_opening_the_page_from_the_menu_offers_recent_ideas_and_a_search(app_env):
    at, _ = _setup(app_env)
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception
    options = at.selectbox(key="detail_landing_pick").options
    assert len(options) == 2 and not any("Bản nháp riêng" in o for o in options)
    at.text_input(key="detail_landing_text").input("so hoa").run()
    options = at.selectbox(key="detail_landing_pick").options
    assert len(options) == 1 and "Số hoá lưu trữ" in options[0]


def test_browse_filters_sit_in_an_expander_and_follow_a_language_switch(app_env):
    at, _ = _setup(app_env)
    at.switch_page("pages/ideas_browse.py").run()
    filters = next(e for e in at.expander if e.label == "Bộ lọc")
    assert [s.label for s in filters.selectbox][:3] == [
        "Đơn vị (gồm cả đơn vị trực thuộc)", "Lĩnh vực CCHC", "Trạng thái"]
    at.selectbox(key="browse_status_vi").set_value("submitted").run()
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert any(e.label == "Filters" for e in at.expander)
    status = at.selectbox(key="browse_status_en")
    assert status.label == "Status" and status.value == "submitted" and "Submitted" in status.options
    assert "All" in at.selectbox(key="browse_unit_en").options
