"""Safe merging: targets ordered by similarity including every similar file (or why not), a confirmation naming
both files, and a merged file no longer offering "Ủng hộ"."""
from __future__ import annotations

from ideas.core.models import Idea
from ideas.filing import similar
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.review import make_campaign, make_council, make_idea

DUPLICATE = "Tiếp nhận hồ sơ hộ tịch trực tuyến qua cổng dịch vụ công tỉnh"


def _world(env):
    with env.session() as s:
        make_user(s, roles=[("admin", None)], password=None)
        unit = make_unit(s, name="Sở Tư pháp thử")
        campaign, other_campaign = make_campaign(s, unit=unit), make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=2, password=PASSWORD)
        author = make_user(s, unit=unit, full_name="Vũ Thị Tác Giả", password=None)
        reader = make_user(s, unit=unit, full_name="Người Đọc", roles=[("staff", None)])
        unlike = make_idea(s, campaign=campaign, unit=unit, owner=author, title="Sổ tay lưu trữ văn bản điện tử")
        source = make_idea(s, campaign=campaign, unit=unit, owner=author, title=DUPLICATE)
        twin = make_idea(s, campaign=campaign, unit=unit, owner=author, title=DUPLICATE + " mới")
        elsewhere = make_idea(s, campaign=other_campaign, unit=unit, owner=author, title=DUPLICATE)
        for idea in (unlike, source, twin, elsewhere):
            similar.index_idea(s, idea)
        ids = {"unlike": unlike.id, "source": source.id, "twin": twin.id, "elsewhere": elsewhere.id}
        receipts = {name: s.get(Idea, i).receipt_no for name, i in ids.items()}
    return people["secretary"][0], reader, ids, receipts


def _detail(env, user, idea_id):
    at = signed_in_app(env, user)
    at.session_state["view_idea_id"] = idea_id
    at.switch_page("pages/ideas_detail.py").run()
    assert not at.exception, at.exception
    return at


def test_targets_come_most_similar_first_and_a_similar_file_that_is_not_allowed_says_why(app_env):
    secretary, _reader, ids, receipts = _world(app_env)
    at = _detail(app_env, secretary, ids["source"])
    options = at.selectbox(key="merge_into").options
    assert [o.split(" — ")[0] for o in options] == [receipts["twin"], receipts["unlike"]]
    assert "giống" in options[0] and "%" in options[0]
    refused = next(d.value for d in at.dataframe if list(d.value.columns) == ["file", "reason"])
    assert [f.split(" — ")[0] for f in refused.file] == [receipts["elsewhere"]]
    assert "đợt" in refused.reason.iloc[0]  # another campaign: said, not silently left out


def test_a_merge_needs_a_confirmation_naming_both_files_and_the_merged_file_offers_no_support(app_env):
    secretary, reader, ids, receipts = _world(app_env)
    at = _detail(app_env, secretary, ids["source"])
    at.selectbox(key="merge_into").set_value(ids["twin"]).run()
    at.text_area(key="merge_reason").input("Trùng nội dung")
    at.button(key="merge_submit").click().run()
    assert not at.exception, at.exception
    with app_env.read_session() as s:
        assert s.get(Idea, ids["source"]).status == "submitted"  # nothing happened on the first click
    confirm = " ".join(shown(w.value) for w in at.warning)
    assert receipts["source"] in confirm and receipts["twin"] in confirm and "không thể hoàn tác" in confirm
    at.button(key="merge_confirm_yes").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        assert s.get(Idea, ids["source"]).merged_into_id == ids["twin"]
    page = _detail(app_env, reader, ids["source"])
    assert not [b for b in page.button if b.key == "detail_support"]
    assert [b for b in _detail(app_env, reader, ids["twin"]).button if b.key == "detail_support"]
