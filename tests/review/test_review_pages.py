"""AppTest of the review pages: reviewer queue and scoring form, blind review, screening, council, inbox."""
from __future__ import annotations

from sqlalchemy import func, select

from ideas.accounts import inbox
from ideas.core.models import Attachment, ReviewAssignment, ScoreSheet
from ideas.review import scoring
from tests.support.apptest import app_test, shown, sign_in
from tests.support.factories.accounts import PASSWORD, make_unit, make_user
from tests.support.factories.papers import complete_identity
from tests.support.factories.review import make_campaign, make_council, make_idea
from tests.support.review_scenarios import council_with_a_file as _setup
from tests.support.review_scenarios import open_page as _open


def _all_text(at) -> str:
    parts = [e.value for e in (*at.text, *at.markdown, *at.caption, *at.info, *at.title, *at.subheader)]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def _one_scored_council_page(env):
    """One of the three assigned reviewers has scored; the chair opens the council page."""
    data = _setup(env)
    with env.session() as s:
        from tests.support.factories.review import full_scores

        scoring.score(session=s, actor=s.merge(data["people"]["member"][0]), idea_id=data["idea_id"],
                     points=full_scores((25, 15, 20, 15)), verdict="meets")
    return data, _open(env, data["people"]["chair"][0], "pages/review_council.py")


def test_reviewer_scores_and_sees_saved_total(app_env):
    data = _setup(app_env)
    reviewer, idea_id = data["people"]["member"][0], data["idea_id"]
    at = _open(app_env, reviewer, "pages/review_queue.py")
    assert "Một cửa điện tử liên thông" in _all_text(at)
    assert "Vũ Thị Tác Giả" in _all_text(at)  # not blind
    for code, value in (("novelty", 25), ("soundness", 15), ("effectiveness", 20), ("replicability", 10)):
        at.number_input(key=f"score_{idea_id}_{code}").set_value(value)
    at.radio(key=f"score_{idea_id}_verdict").set_value("meets")
    at.text_area(key=f"score_{idea_id}_comment").input("Giải pháp tốt")
    at.button(key="score_save").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        sheet = s.scalar(select(ScoreSheet).where(ScoreSheet.idea_id == idea_id,
                                                  ScoreSheet.reviewer_id == reviewer.id))
        assert float(sheet.total) == 70 and sheet.comment == "Giải pháp tốt"
    assert "70" in _all_text(at)
    assert at.number_input(key=f"score_{idea_id}_novelty").value == 25


def test_reviewer_opens_the_attachments_and_the_full_file_from_the_scoring_page(app_env):
    data = _setup(app_env)
    content = b"%PDF-1.4 thuyet minh"
    with app_env.session() as s:
        s.add(Attachment(idea_id=data["idea_id"], filename="thuyet-minh.pdf", mime="application/pdf",
                         size=len(content), sha256="0" * 64, content=content, uploaded_by=data["author"].id))
    at = _open(app_env, data["people"]["member"][0], "pages/review_queue.py")
    assert any("thuyet-minh.pdf" in t.value for t in at.text)
    assert at.get("download_button")[0].proto.label == "Tải xuống"
    with app_env.read_session() as s:
        from ideas.core.models import User
        from ideas.filing.attachments import attachment_content

        attachment_id = s.scalar(select(Attachment.id).where(Attachment.idea_id == data["idea_id"]))
        reviewer = s.get(User, data["people"]["member"][0].id)
        assert attachment_content(s, actor=reviewer, attachment_id=attachment_id)[2] == content
    at.button(key="queue_open_file").click().run()
    assert not at.exception and at.query_params.get("id") == str(data["idea_id"])
    assert "Một cửa điện tử liên thông" in _all_text(at)


def test_out_of_bounds_shows_translated_error(app_env):
    data = _setup(app_env)
    reviewer, idea_id = data["people"]["member"][0], data["idea_id"]
    at = _open(app_env, reviewer, "pages/review_queue.py")
    for code, value in (("novelty", 35), ("soundness", 15), ("effectiveness", 20), ("replicability", 10)):
        at.number_input(key=f"score_{idea_id}_{code}").set_value(value)
    at.radio(key=f"score_{idea_id}_verdict").set_value("meets")
    at.button(key="score_save").click().run()
    assert not at.exception
    assert at.error and "phải từ 0 đến 30" in at.error[0].value
    assert at.number_input(key=f"score_{idea_id}_novelty").value == 35  # input kept
    with app_env.read_session() as s:
        assert s.scalar(select(ScoreSheet.id).where(ScoreSheet.idea_id == idea_id)) is None


def test_blind_review_hides_author_and_unit(app_env):
    data = _setup(app_env, blind=True)
    at = _open(app_env, data["people"]["member"][1], "pages/review_queue.py")
    text = _all_text(at)
    assert "Một cửa điện tử liên thông" in text
    assert "Vũ Thị Tác Giả" not in text and "Sở Nội vụ thử" not in text
    assert "chấm kín" in text


def test_secretary_returns_idea_and_author_inbox_shows_it(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        secretary = make_user(s, unit=unit, roles=[("secretary", None)])
        author = make_user(s, unit=unit, full_name="Ngô Tác Giả")
        idea = make_idea(s, campaign=campaign, unit=unit, owner=author, title="Giảm báo cáo định kỳ")
    at = _open(app_env, secretary, "pages/review_screening.py")
    assert "Giảm báo cáo định kỳ" in _all_text(at)
    at.button(key="screen_view").click().run()  # the secretary can read the file first
    assert not at.exception and at.query_params.get("id") == str(idea.id)
    assert "Giảm báo cáo định kỳ" in _all_text(at)
    at.switch_page("pages/review_screening.py").run()
    at.button(key="screen_return").click().run()
    assert at.error and "lý do" in at.error[0].value.lower()
    at.text_area(key=f"screen_reason_{idea.id}").input("Thiếu số liệu hiệu quả")
    at.button(key="screen_return").click().run()
    assert not at.exception and not at.error
    at2 = _open(app_env, author, "pages/inbox.py")
    assert "Thiếu số liệu hiệu quả" in _all_text(at2)
    assert "Hộp thư: 1 chưa đọc" in _all_text(at2) or any("1 chưa đọc" in c.value for c in at2.sidebar.caption)
    at2.button(key="inbox_mark_all").click().run()
    with app_env.read_session() as s:
        assert inbox.unread_count(s, user=author) == 0


def test_secretary_accepts_then_assigns_on_the_same_page_and_keeps_the_chosen_file(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=3, password=PASSWORD)
        author = make_user(s, unit=unit, full_name="Ngô Tác Giả")
        make_idea(s, campaign=campaign, unit=unit, owner=author, title="Hồ sơ thứ nhất")
        second = make_idea(s, campaign=campaign, unit=unit, owner=author, title="Hồ sơ [thứ hai]")
    at = _open(app_env, people["secretary"][0], "pages/review_screening.py")
    at.selectbox(key="screen_pick").set_value(second.id).run()
    at.button(key="screen_view").click().run()
    at.switch_page("pages/review_screening.py").run()
    assert at.selectbox(key="screen_pick").value == second.id  # still the file the secretary was reading
    at.button(key="screen_accept").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    toast = at.toast[0].value.replace("\\", "")  # the markdown source: user text arrives escaped
    assert second.receipt_no in toast and "thứ hai" in toast and "phân công" in toast
    assert at.selectbox(key="assign_idea").value == second.id  # the next step is right here, on this file
    at.radio(key="assign_mode").set_value("all").run()
    at.button(key="assign_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        assert s.scalar(select(func.count()).select_from(ReviewAssignment)
                        .where(ReviewAssignment.idea_id == second.id)) == 4
    assert len(at.dataframe[-1].value) == 4  # the assignment table of the file


def test_council_page_renders_board_and_chair_decides(app_env):
    data = _setup(app_env)
    idea_id, people = data["idea_id"], data["people"]
    with app_env.session() as s:
        from tests.support.factories.review import full_scores

        for r in [people["chair"][0], *people["member"]]:
            scoring.score(session=s, actor=s.merge(r), idea_id=idea_id, points=full_scores((25, 15, 20, 15)),
                         verdict="meets")
    at = _open(app_env, people["chair"][0], "pages/review_council.py")
    assert "Một cửa điện tử liên thông" in _all_text(at)
    assert "Krippendorff" in _all_text(at) or any("Krippendorff" in m.label for m in at.metric)
    at.radio(key="council_section").set_value("decide").run()
    assert not at.exception
    assert any("KHÔNG CÔNG NHẬN" in w.value for w in at.warning)
    for box in at.selectbox:
        if box.key and box.key.startswith(f"vote_{idea_id}_"):
            box.set_value("for")
    at.run()
    # the votes on screen count at once: no separate save step before the verdict follows them
    assert any("ĐƯỢC CÔNG NHẬN" in m.value for m in at.success), [w.value for w in at.warning]
    at.text_input(key=f"decide_number_{idea_id}").input("15/QĐ-HĐSK")
    at.button(key="decide_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Đã ghi quyết định" in t.value for t in at.toast)
    with app_env.read_session() as s:
        from ideas.core.models import CouncilVote, Idea

        assert s.get(Idea, idea_id).status == "recognised"
        assert s.scalar(select(func.count()).select_from(CouncilVote).where(CouncilVote.idea_id == idea_id)) == 4
    at.radio(key="council_section").set_value("documents").run()
    at.toggle(key="docs_minutes").set_value(True).run()
    assert not at.exception
    decided = at.dataframe[0].value
    assert list(decided["decision"]) == ["Được công nhận"] and list(decided["number"]) == ["15/QĐ-HĐSK"]
    assert at.get("download_button") == [] and any("/admin_settings" in w.value for w in at.warning)
    with app_env.session() as s:  # the organisation's identity filled in: every paper is offered
        complete_identity(s)
    at.run()
    assert [b.proto.label for b in at.get("download_button")] == [
        "Tải Giấy chứng nhận (.docx)", "Tải giấy chứng nhận (.pdf)", "Tải quyết định công nhận (.pdf)",
        "Tải quyết định công nhận (.docx)", "Tải biên bản (.docx)", "Tải bảng điểm (.xlsx)", "Tải biên bản (.pdf)"]


def test_chair_is_warned_when_assigned_reviewers_have_not_all_scored(app_env):
    _data, at = _one_scored_council_page(app_env)
    at.radio(key="council_section").set_value("decide").run()
    assert any("1/3 thành viên được phân công đã chấm điểm" in shown(w.value) for w in at.warning), \
        [w.value for w in at.warning]


def test_deadlines_page_lists_overdue_and_counts_per_unit(app_env):
    import datetime as dt

    from ideas.core import clock

    with app_env.session() as s:
        unit = make_unit(s, name="UBND xã Thử")
        campaign = make_campaign(s, unit=unit)
        secretary = make_user(s, unit=unit, roles=[("secretary", None)])
        author = make_user(s, unit=unit, password=None)
        late = make_idea(s, campaign=campaign, unit=unit, owner=author, title="Hồ sơ quá hạn")
        late.decision_due_on = clock.today() - dt.timedelta(days=3)
        make_idea(s, campaign=campaign, unit=unit, owner=author, title="Hồ sơ còn xa").decision_due_on = (
            clock.today() + dt.timedelta(days=60))
    at = _open(app_env, secretary, "pages/review_deadlines.py")
    text = _all_text(at)
    assert "Hồ sơ quá hạn" in text and "Hồ sơ còn xa" not in text and "UBND xã Thử" in text
    assert any(m.label == "Quá hạn" and str(m.value) == "1" for m in at.metric)
    assert list(at.dataframe[0].value.iloc[0][:2]) == ["Hồ sơ quá hạn", "quá hạn 3 ngày"]  # not "Số ngày còn lại −3"


def test_admin_creates_rubric(app_env):
    with app_env.session() as s:
        admin = make_user(s, roles=[("admin", None)])
    at = _open(app_env, admin, "pages/admin_rubrics.py")
    assert "Thang điểm mặc định (100 điểm)" in _all_text(at)
    assert "01/01/2024" in at.dataframe[0].value.to_string()  # dates as dd/mm/yyyy, like the rest of the UI
    at.text_input(key="rubric_new_name").input("Thang điểm tỉnh 2027")
    at.button(key="rubric_create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with app_env.read_session() as s:
        from ideas.review import rubrics

        frame = rubrics.rubrics_frame(s)
        row = frame[frame.name == "Thang điểm tỉnh 2027"].iloc[0]
        assert row["criteria"] == 2 and row["total_points"] == 50
        novelty = rubrics.criteria_frame(s, int(row["id"])).iloc[0]
        assert novelty["bands"][0] == {"min": 27, "max": 30, "label_vi": "Hoàn toàn mới", "label_en": "Hoàn toàn mới"}


def test_out_of_bounds_error_in_english(app_env):
    data = _setup(app_env)
    reviewer, idea_id = data["people"]["member"][0], data["idea_id"]
    with app_env.session() as s:
        from ideas.accounts import users

        if not users.has_admin(s):
            make_user(s, roles=[("admin", None)], password=None)
    at = app_test()
    at.session_state["lang"] = "en"
    with app_env.session() as s:
        sign_in(at, s, reviewer)
    at.run()
    at.switch_page("pages/review_queue.py").run()
    for code, value in (("novelty", 10), ("soundness", 25), ("effectiveness", 20), ("replicability", 10)):
        at.number_input(key=f"score_{idea_id}_{code}").set_value(value)
    # no verdict: AppTest formats radio values outside the script run, in the default language
    at.button(key="score_save").click().run()
    assert not at.exception
    assert at.error and "must be between 0 and 20" in at.error[0].value


def test_scoring_page_shows_the_idea_title_as_plain_text(app_env):
    with app_env.session() as s:
        unit = make_unit(s, name="Sở Thử")
        campaign = make_campaign(s, unit=unit)
        _council, people = make_council(s, campaign=campaign, unit=unit, reviewers=1, password=PASSWORD)
        author = make_user(s, unit=unit, password=None)
        idea = make_idea(s, campaign=campaign, unit=unit, owner=author,
                         title="**Đậm** [bấm](https://evil.example)")
        scoring.screen(session=s, actor=people["secretary"][0], idea_id=idea.id, accept=True)
        scoring.assign(session=s, actor=people["chair"][0], idea_id=idea.id, mode="all")
    at = _open(app_env, people["member"][0], "pages/review_queue.py")
    assert "**Đậm** [bấm](https://evil.example)" in [t.value for t in at.text]
    assert not any("evil.example" in e.value for e in (*at.markdown, *at.subheader, *at.header))


def test_inbox_shows_due_dates_the_reader_s_way():
    assert inbox.display_params({"title": "2026-01-01 là ngày", "due": "2027-02-27"}, "vi") == {
        "title": "2026-01-01 là ngày", "due": "27/02/2027"}
    assert inbox.display_params({"due": "2027-02-27", "n": 3}, "en") == {"due": "27 Feb 2027", "n": 3}
    assert inbox.display_params({"due": "2027-13-45"}, "vi") == {"due": "2027-13-45"}  # not a date: as stored


def test_inbox_page_formats_the_decision_due_date(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        campaign = make_campaign(s, unit=unit)
        secretary = make_user(s, unit=unit, roles=[("secretary", None)])
        author = make_user(s, unit=unit)
        idea = make_idea(s, campaign=campaign, unit=unit, owner=author)
        scoring.screen(session=s, actor=secretary, idea_id=idea.id, accept=True)
        due = idea.decision_due_on
    at = _open(app_env, author, "pages/inbox.py")
    texts = [t.value for t in at.text]
    assert any(due.strftime("%d/%m/%Y") in t for t in texts), texts
    assert not any(due.isoformat() in t for t in texts)


def test_assignment_table_shows_scored_members_as_done_and_dates_dd_mm_yyyy(app_env):
    data, at = _one_scored_council_page(app_env)
    people = data["people"]
    at.radio(key="council_section").set_value("assign").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("member")
    assert table.loc[people["member"][0].full_name, "status"] == "Đã chấm"
    assert table.loc[people["member"][1].full_name, "status"] == "Đang chấm"
    assert all(len(d) == 10 and d[2] == "/" for d in table["due"])
