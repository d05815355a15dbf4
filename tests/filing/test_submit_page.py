"""AppTest of the submission form: errors are translated and keep every typed value; then the receipt number."""
from __future__ import annotations

from sqlalchemy import select

from ideas.core import clock
from ideas.core.models import Idea, User
from ideas.filing import coauthors
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.filing import make_campaign, make_draft, person

TYPED = {
    "isf_title": "Số hoá hồ sơ một cửa cấp xã",
    "isf_addressee": "Hội đồng sáng kiến tỉnh",
    "isf_field_of_application": "Bộ phận tiếp nhận và trả kết quả",
    "isf_problem": "Hồ sơ giấy chậm, dễ thất lạc",
    "isf_essence": "Quét hồ sơ, lưu trên hệ thống một cửa điện tử",
    "isf_benefits_text": "Giảm 2 ngày xử lý",
}


def _errors(at) -> list[str]:
    """The error messages as read (the page escapes every punctuation mark of them)."""
    return [e.value.replace("\\", "") for e in at.error]


def _open_form(app_env, owner):
    """An AppTest signed in as `owner`, on the submission form."""
    at = signed_in_app(app_env, owner)
    return at.switch_page("pages/ideas_submit.py").run()


def _fill(at, co_id: int) -> None:
    for key, value in TYPED.items():
        widget = at.text_area(key=key) if key not in ("isf_title", "isf_addressee") else at.text_input(key=key)
        widget.input(value)
    at.selectbox(key="isf_solution_type").set_value("management")
    at.multiselect(key="isf_par").set_value(["PAR3", "PAR7"])
    at.number_input(key="isf_hours_saved").set_value(120.0)
    at.number_input(key="isf_reports_cut").set_value(3)
    at.multiselect(key="isf_coauthors").set_value([co_id])
    at.run()


def _assert_kept(at, co_id: int, owner_id: int) -> None:
    for key, value in TYPED.items():
        widget = at.text_area(key=key) if key not in ("isf_title", "isf_addressee") else at.text_input(key=key)
        assert widget.value == value, key
    assert at.selectbox(key="isf_solution_type").value == "management"
    assert at.multiselect(key="isf_par").value == ["PAR3", "PAR7"]
    assert at.number_input(key="isf_hours_saved").value == 120.0
    assert at.number_input(key="isf_reports_cut").value == 3
    assert at.multiselect(key="isf_coauthors").value == [co_id]
    assert at.number_input(key=f"isf_share_{owner_id}").value == 60.0


def test_submission_form_keeps_input_after_error_and_shows_receipt(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_campaign(s, name="Đợt sáng kiến năm nay")
        owner = make_user(s, unit=unit, full_name="Lê Văn Chủ")
        co = person(s, unit=unit, full_name="Phạm Thị Cùng")
        owner_id, co_id, co_username, unit_code = owner.id, co.id, co.username, unit.code
    at = _open_form(app_env, owner)
    assert not at.exception
    assert at.title[0].value == "Gửi sáng kiến"
    _fill(at, co_id)
    at.number_input(key=f"isf_share_{owner_id}").set_value(60.0)
    at.number_input(key=f"isf_share_{co_id}").set_value(30.0).run()
    at.button(key="isf_submit").click().run()
    assert not at.exception
    assert _errors(at) == [
        "Tổng tỷ lệ đóng góp phải bằng 100% (hiện là 90%)",
        "Chưa thể nộp: cần sự đồng ý của đồng tác giả Phạm Thị Cùng "
        f"({co_username}, {unit_code}). Hãy bấm Lưu nháp để gửi lời mời, rồi nộp khi tất cả đã đồng ý."]
    _assert_kept(at, co_id, owner_id)
    with app_env.read_session() as s:
        assert s.scalar(select(Idea.id)) is None  # a failed submit keeps nothing

    at.number_input(key=f"isf_share_{co_id}").set_value(40.0).run()
    at.button(key="isf_save_draft").click().run()  # saving invites the co-author
    assert not at.exception and not at.error
    with app_env.session() as s:
        idea_id = s.scalar(select(Idea.id))
        coauthors.respond(session=s, actor=s.get(User, co_id), idea_id=idea_id, accept=True)
    at.button(key="isf_submit").click().run()
    assert not at.exception, at.exception
    expected = f"SK-{clock.today().year}-0001"
    assert any(expected in shown(s.value) for s in at.success), [s.value for s in at.success]
    with app_env.read_session() as s:
        idea = s.scalar(select(Idea))
        assert (idea.receipt_no, idea.status, idea.solution_type) == (expected, "submitted", "management")
        assert sorted((a.user_id, int(a.share)) for a in idea.authors) == sorted([(owner_id, 60), (co_id, 40)])


def test_draft_without_title_is_refused_then_saved(app_env):
    with app_env.session() as s:
        person(s, roles=[("admin", None)])
        owner = make_user(s, unit=make_unit(s))
    at = _open_form(app_env, owner)
    at.text_area(key="isf_essence").input("Bản chất giải pháp")
    at.button(key="isf_save_draft").click().run()
    assert _errors(at) == ["Trường «Tên sáng kiến» không được để trống."]
    assert at.text_area(key="isf_essence").value == "Bản chất giải pháp"
    at.text_input(key="isf_title").input("Ứng dụng chữ ký số trong văn bản đi")
    at.button(key="isf_save_draft").click().run()
    assert not at.exception and not at.error
    with app_env.read_session() as s:
        assert s.scalar(select(Idea.title)) == "Ứng dụng chữ ký số trong văn bản đi"
    at.switch_page("pages/ideas_mine.py").run()
    assert not at.exception
    assert "Ứng dụng chữ ký số trong văn bản đi" in at.dataframe[0].value["Tên sáng kiến"].tolist()


def test_admin_campaign_page_creates_campaign_and_toggles_free_suggestions(app_env):
    from ideas.filing import campaigns

    with app_env.session() as s:
        admin = make_user(s, roles=[("admin", None)])
    at = signed_in_app(app_env, admin)
    at.switch_page("pages/admin_campaigns.py").run()
    assert not at.exception
    at.text_input(key="camp_add_name").input("Đợt sáng kiến CCHC 2026")
    next(b for b in at.button if b.label == "Mở đợt").click().run()
    assert not at.exception and not at.error
    at.toggle(key="camp_free").set_value(True).run()
    assert not at.exception
    with app_env.read_session() as s:
        assert campaigns.campaign_table(s)["name"].tolist() == ["Đợt sáng kiến CCHC 2026"]
        assert campaigns.free_suggestions_allowed(s)


def test_mine_page_shows_status_return_reason_and_edit_link(app_env):
    from ideas.filing import lifecycle
    from tests.support.factories.filing import make_filed

    with app_env.session() as s:
        owner = make_user(s, unit=make_unit(s))
        idea = make_filed(s, owner=owner)
        lifecycle.transition(session=s, idea=idea, to="returned", actor=None, reason="Bổ sung số liệu hiệu quả")
        idea_id = idea.id
    at = signed_in_app(app_env, owner)
    at.switch_page("pages/ideas_mine.py").run()
    assert not at.exception
    assert at.dataframe[0].value["Trạng thái"].tolist() == ["Trả lại để bổ sung"]
    assert any(t.value == "Bổ sung số liệu hiệu quả" for t in at.text)
    at.button(key="mine_edit").click().run()
    assert not at.exception
    assert at.session_state["edit_idea_id"] == idea_id
    assert at.text_input(key="isf_title").value == "Số hoá hồ sơ một cửa cấp xã"
    assert any(t.value == "Bổ sung số liệu hiệu quả" for t in at.text)
    at.switch_page("pages/ideas_submit.py").run()  # what the browser's URL now says
    at.text_input(key="isf_title").input("Số hoá hồ sơ một cửa cấp xã (bổ sung)")
    at.button(key="isf_submit").click().run()
    assert not at.exception and not at.error
    with app_env.read_session() as s:
        again = s.get(Idea, idea_id)
        assert (again.status, again.title) == ("submitted", "Số hoá hồ sơ một cửa cấp xã (bổ sung)")
        assert again.receipt_no.endswith("-0001")


def test_mine_page_shows_a_dash_not_none_for_a_draft_without_receipt(app_env):
    from tests.support.factories.filing import make_draft

    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, unit=unit, roles=[("admin", None)])  # not the first run
        owner = make_user(s, unit=unit)
        make_draft(s, owner=owner)
    at = signed_in_app(app_env, owner)
    at.switch_page("pages/ideas_mine.py").run()
    assert not at.exception
    assert at.dataframe[0].value["Số tiếp nhận"].tolist() == ["—"]


def test_share_labels_show_names_as_plain_text_not_markdown(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_user(s, unit=unit, roles=[("admin", None)])
        make_campaign(s, unit=unit)
        owner = make_user(s, unit=unit, full_name="**Đậm** [bấm](https://evil.example)")
    at = _open_form(app_env, owner)
    assert not at.exception
    label = at.number_input(key=f"isf_share_{owner.id}").label
    # escaped, shown as typed; the URL carries an invisible word joiner so that it is not made a link (issue 25)
    assert r"\*\*Đậm\*\* \[bấm\]\(https\:" + "\u2060" + r"\/\/evil\.example\)" in label


def test_plain_escapes_markdown_punctuation_only():
    import ui

    assert ui.plain("Lê Văn A (Sở Nội vụ)") == r"Lê Văn A \(Sở Nội vụ\)"
    assert ui.plain(":red[x] $x$ <b>") == r"\:red\[x\] \$x\$ \<b\>"


def test_similar_existing_ideas_show_while_writing(app_env):
    from ideas.core.text import fold
    from ideas.filing import similar

    with app_env.session() as s:
        unit = make_unit(s)
        make_campaign(s, name="Đợt sáng kiến năm nay")
        owner = make_user(s, unit=unit)
        other = make_user(s, unit=unit)
        existing = Idea(unit_id=unit.id, owner_id=other.id, status="submitted", receipt_no="SK-2026-0042",
                        title="Số hoá hồ sơ một cửa cấp xã", essence="Quét hồ sơ giấy vào phần mềm một cửa",
                        confidential_info="bí mật không được lộ")
        existing.search_text = fold(existing.title)
        s.add(existing)
        s.flush()
        similar.index_idea(s, existing)
    at = _open_form(app_env, owner)
    at.text_input(key="isf_title").input("so hoa ho so mot cua").run()
    assert not at.exception
    expander = next(e for e in at.expander if "tương tự" in e.label)
    assert "(1)" in expander.label
    assert "SK-2026-0042" in expander.dataframe[0].value["Số tiếp nhận"].tolist()


def test_the_form_marks_required_fields_counts_characters_and_splits_shares(app_env):
    from ideas.core.i18n import fmt_number
    from ideas.filing import form

    with app_env.session() as s:
        unit = make_unit(s)
        make_campaign(s)
        owner = make_user(s, unit=unit)
        co1, co2 = person(s, unit=unit), person(s, unit=unit)
        owner_id, co_ids = owner.id, [co1.id, co2.id]
    at = _open_form(app_env, owner)
    assert not at.exception
    for name, limit in form.TEXT_LIMITS.items():
        widget = at.text_input(key=f"isf_{name}") if name in ("title", "addressee", "investor") else \
            at.text_area(key=f"isf_{name}")
        # no max_chars (Streamlit would drop a longer paste without a word): the limit is told in the help
        assert widget.proto.max_chars == 0 and widget.help.endswith(f"Tối đa {fmt_number(limit)} ký tự."), name
    assert at.text_input(key="isf_title").label == "Tên sáng kiến *"
    assert at.text_area(key="isf_essence").label == "Mô tả bản chất của sáng kiến *"
    assert at.text_input(key="isf_addressee").label == "Kính gửi" and at.text_input(key="isf_addressee").help
    at.multiselect(key="isf_coauthors").set_value(co_ids[:1]).run()
    assert [at.number_input(key=f"isf_share_{uid}").value for uid in (owner_id, co_ids[0])] == [50.0, 50.0]
    at.multiselect(key="isf_coauthors").set_value(co_ids).run()
    shares = [at.number_input(key=f"isf_share_{uid}").value for uid in (owner_id, *co_ids)]
    assert shares == [33.34, 33.33, 33.33]


def test_all_problems_show_together_above_the_buttons_and_money_keeps_its_dots(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_campaign(s)
        owner = make_user(s, unit=unit)
    at = _open_form(app_env, owner)
    at.text_input(key="isf_title").input("\u3164\u00ad")
    at.text_input(key="isf_vnd_saved").input("15.000.000")
    at.button(key="isf_submit").click().run()
    assert not at.exception
    errors = _errors(at)
    assert errors[0] == "Trường «Tên sáng kiến» không được để trống." and len(errors) >= 4
    assert "Cần chọn ít nhất một lĩnh vực cải cách hành chính." in errors
    at.text_input(key="isf_title").input("Chữ ký số")
    at.button(key="isf_save_draft").click().run()
    assert not at.error
    with app_env.read_session() as s:
        assert s.scalar(select(Idea.vnd_saved)) == 15_000_000
    assert at.text_input(key="isf_vnd_saved").value == "15.000.000"


def test_an_edited_title_with_markdown_is_shown_as_plain_text(app_env):
    with app_env.session() as s:
        person(s, roles=[("admin", None)])
        owner = make_user(s, unit=make_unit(s))
        idea = make_draft(s, owner=owner, title="![x](http://evil.example/p.png) [bấm](http://evil.example)")
        idea_id = idea.id
    at = signed_in_app(app_env, owner)
    at.session_state["edit_idea_id"] = idea_id
    at.switch_page("pages/ideas_submit.py").run()
    assert not at.exception
    assert "![x](http://evil.example/p.png) [bấm](http://evil.example)" in [t.value for t in at.text]
    assert not any("evil" in e.value for kind in ("info", "markdown", "caption", "warning", "success")
                   for e in getattr(at, kind))
