"""AppTest: the submission form never loses input on its own. A text over its limit, a future date and a file
over the upload limit reach the services, which refuse them naming the field or file; nothing is saved and
every typed value stays on the form (issue 27, criterion 4)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ideas.core import clock, settings
from ideas.core.models import Attachment, Idea
from tests.support.apptest import shown, signed_in_app
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.filing import make_campaign

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
TITLE = "Số hoá hồ sơ một cửa cấp xã"


def _errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def _form(app_env):
    with app_env.session() as s:
        unit = make_unit(s)
        make_campaign(s)
        owner = make_user(s, unit=unit)
    at = signed_in_app(app_env, owner).switch_page("pages/ideas_submit.py").run()
    assert not at.exception
    at.text_input(key="isf_title").input(TITLE)
    return at


def _saved(app_env) -> tuple[int, int]:
    with app_env.read_session() as s:
        return (s.scalar(select(func.count()).select_from(Idea)),
                s.scalar(select(func.count()).select_from(Attachment)))


def test_a_paste_over_the_limit_is_kept_and_refused_naming_the_field(app_env):
    at = _form(app_env)
    essence = at.text_area(key="isf_essence")
    assert essence.proto.max_chars == 0  # the browser no longer drops it
    pasted = "Quét hồ sơ giấy. " * 1_300  # 22,100 characters, over the 20,000 allowed
    essence.input(pasted)
    at.text_area(key="isf_problem").input("Hồ sơ giấy chậm")
    at.button(key="isf_save_draft").click().run()
    assert not at.exception
    [error] = _errors(at)  # the numbers' format is the formats helper's: only the field and the limit here
    assert error.startswith("Trường «Mô tả bản chất của sáng kiến» dài ") and "tối đa 20" in error, error
    assert at.text_area(key="isf_essence").value == pasted
    assert at.text_area(key="isf_problem").value == "Hồ sơ giấy chậm"
    assert at.text_input(key="isf_title").value == TITLE
    assert _saved(app_env) == (0, 0)
    at.text_area(key="isf_essence").input(pasted[:19_000])  # shortened by the person: now it saves
    at.button(key="isf_save_draft").click().run()
    assert not at.exception and not at.error
    assert _saved(app_env) == (1, 0)


def test_a_future_first_application_date_is_refused_naming_the_field_and_nothing_is_saved(app_env):
    at = _form(app_env)
    date = at.date_input(key="isf_first_applied_on")
    assert (date.min, date.max) == (dt.date(1900, 1, 1), dt.date(2199, 12, 31))  # the widget never judges
    tomorrow = clock.today() + dt.timedelta(days=1)
    date.set_value(tomorrow)
    at.button(key="isf_save_draft").click().run()
    assert not at.exception
    assert _errors(at) == ["«Ngày áp dụng lần đầu hoặc áp dụng thử» không được là ngày trong tương lai."]
    assert at.date_input(key="isf_first_applied_on").value == tomorrow
    assert at.text_input(key="isf_title").value == TITLE
    assert _saved(app_env) == (0, 0)
    at.date_input(key="isf_first_applied_on").set_value(dt.date(1999, 12, 31))  # before the old 2000 minimum
    at.button(key="isf_save_draft").click().run()
    assert not at.exception and not at.error
    with app_env.read_session() as s:
        assert s.scalar(select(Idea.first_applied_on)) == dt.date(1999, 12, 31)


def test_each_refused_file_is_named_and_nothing_is_saved_until_they_are_removed(app_env):
    at = _form(app_env)
    uploader = at.file_uploader(key="isf_files_0")
    assert uploader.proto.max_upload_size_mb == settings.UPLOAD_LIMIT_MB
    assert "tối đa 10 MB mỗi tệp, 5 tệp mỗi hồ sơ" in uploader.label
    too_big = PDF + b"0" * settings.UPLOAD_MAX_BYTES  # over 10 MB: the service judges (as the widget would)
    uploader.set_value([("Quy trình.pdf", PDF, "application/pdf"),
                        ("Bản quét lớn.pdf", too_big, "application/pdf"),
                        ("ghi-chu.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")])
    at.run()
    at.button(key="isf_save_draft").click().run()
    assert not at.exception
    errors = _errors(at)
    assert errors[0] == "Tệp «Bản quét lớn.pdf» vượt quá 10 MB."
    assert errors[1].startswith("Tệp «ghi-chu.pdf» không đúng định dạng cho phép")
    assert len(errors) == 2
    assert _saved(app_env) == (0, 0)  # no half-saved form: neither the draft nor the good file
    assert [f.name for f in at.file_uploader(key="isf_files_0").value] == [
        "Quy trình.pdf", "Bản quét lớn.pdf", "ghi-chu.pdf"]  # the choice stays to be corrected
    assert at.text_input(key="isf_title").value == TITLE
    at.file_uploader(key="isf_files_0").set_value([("Quy trình.pdf", PDF, "application/pdf")])
    at.run()
    at.button(key="isf_save_draft").click().run()
    assert not at.exception and not at.error
    assert _saved(app_env) == (1, 1)
    # the draft's message names the files it took (a file the browser refused would be missing from it)
    assert [shown(t.value) for t in at.toast] == ["Đã lưu nháp cùng 1 tệp đính kèm: Quy trình.pdf."]


def test_numbers_out_of_range_reach_the_service_which_names_them(app_env):
    """Without min/max on the widgets, Streamlit no longer refuses them in English and keeps the old value."""
    at = _form(app_env)
    hours = at.number_input(key="isf_hours_saved")
    assert not hours.proto.has_min and not hours.proto.has_max
    hours.set_value(-5)
    share = next(n for n in at.number_input if n.key.startswith("isf_share_"))
    assert not share.proto.has_min and not share.proto.has_max
    share.set_value(120.0)
    at.button(key="isf_save_draft").click().run()
    assert not at.exception
    errors = _errors(at)
    assert "«Giờ công tiết kiệm mỗi năm» không được âm." in errors
    assert "Tỷ lệ đóng góp của mỗi tác giả phải lớn hơn 0% và không quá 100%." in errors
    assert at.number_input(key="isf_hours_saved").value == -5
    assert at.number_input(key=share.key).value == 120.0
    assert _saved(app_env) == (0, 0)
