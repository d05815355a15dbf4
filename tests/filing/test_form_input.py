"""The form's honest input: one declared limit per text field, invisible titles, Vietnamese numbers, fuzzing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ideas.core import clock
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text, fmt_number
from ideas.core.models import Attachment, Idea, IdeaAuthor
from ideas.filing import form, ideas_submit_view, submissions
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import complete_input, make_campaign, person

ALL_TEXT = ("title", *form.TEXT_FIELDS, *form.LINE_FIELDS)
BLANK_TITLES = ["\u00ad", "\u3164", "\u2800", "\u034f", "\u180e", "\u200b\u3164 \u00a0", "\u0301\u0301", "\ufeff\u2060"]


@pytest.fixture
def owner(session):
    return person(session, unit=make_unit(session))


def test_every_free_text_field_has_one_declared_limit():
    assert set(form.TEXT_LIMITS) == set(ALL_TEXT)
    assert all(isinstance(n, int) and 100 <= n <= 20_000 for n in form.TEXT_LIMITS.values())


@pytest.mark.parametrize("name", ALL_TEXT)
def test_a_field_over_its_limit_is_refused_by_name_and_at_the_limit_kept_whole(session, owner, name):
    limit = form.TEXT_LIMITS[name]
    data = complete_input()
    setattr(data, name, "ă" * (limit + 1))
    with pytest.raises(ValidationError) as refused:
        submissions.save_draft(session=session, actor=owner, data=data)
    label = error_text(refused.value, "vi")
    assert label.startswith(f"Trường «{error_text(ValidationError(form.label_key(name)), 'vi')}»")
    assert f"tối đa {fmt_number(limit)} ký tự" in label  # 20.000: Vietnamese separators
    setattr(data, name, "ă" * limit)
    assert getattr(submissions.save_draft(session=session, actor=owner, data=data), name) == "ă" * limit


@pytest.mark.parametrize("title", BLANK_TITLES)
def test_a_title_of_invisible_characters_only_is_refused(session, owner, title):
    with pytest.raises(ValidationError) as refused:
        submissions.save_draft(session=session, actor=owner, data=complete_input(title=title))
    assert error_text(refused.value, "vi") == "Trường «Tên sáng kiến» không được để trống."
    assert session.scalar(select(func.count()).select_from(Idea)) == 0


@pytest.mark.parametrize(("typed", "value"), [("15.000.000", 15_000_000), ("15000000", 15_000_000),
                                              ("15 000 000", 15_000_000), ("1.234.567,5", Decimal("1234567.5")),
                                              ("1,5", Decimal("1.5")), ("1.5", Decimal("1.5")), ("", None)])
def test_numbers_are_read_the_vietnamese_way_or_plainly(typed, value):
    assert form.parse_number(typed) == value


@pytest.mark.parametrize("typed", ["15,000,000", "abc", "1..5", "-3"])
def test_a_bad_or_negative_amount_names_its_field(session, owner, typed):
    data = complete_input()
    data.vnd_saved = typed
    with pytest.raises(ValidationError) as refused:
        submissions.save_draft(session=session, actor=owner, data=data)
    assert "Kinh phí tiết kiệm mỗi năm (đồng)" in error_text(refused.value, "vi")


def test_money_typed_with_dots_is_saved_as_the_whole_amount(session, owner):
    data = complete_input()
    data.vnd_saved = "15.000.000"
    assert submissions.save_draft(session=session, actor=owner, data=data).vnd_saved == 15_000_000


def test_all_problems_of_a_form_are_listed_together(session, owner):
    data = form.IdeaInput(title="\u3164", authors=[(owner.id, 60)], vnd_saved="x",
                          first_applied_on=clock.today() + dt.timedelta(days=1))
    problems = ideas_submit_view.form_problems(session=session, actor=owner, data=data, final=True)
    assert problems == [
        "Trường «Tên sáng kiến» không được để trống.",
        "«Ngày áp dụng lần đầu hoặc áp dụng thử» không được là ngày trong tương lai.",
        "Giá trị của «Kinh phí tiết kiệm mỗi năm (đồng)» không phải là số.",
        "Cần nêu lĩnh vực áp dụng hoặc vấn đề mà sáng kiến giải quyết.",
        "Cần mô tả bản chất của sáng kiến.",
        "Cần chọn ít nhất một lĩnh vực cải cách hành chính.",
        "Tổng tỷ lệ đóng góp phải bằng 100% (hiện là 60%)",
    ]


def test_even_shares_add_up_to_one_hundred():
    assert form.even_shares(2) == [Decimal(50), Decimal(50)]
    assert form.even_shares(3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(form.even_shares(7)) == 100


# Characters that draw nothing or only combine: format, spaces, combining marks, Hangul and braille fillers.
NOISE = st.characters(categories=("Cf", "Zs", "Mn", "Lo", "Cc", "Po"), exclude_characters="\x00") | \
    st.sampled_from("\u3164\u115f\u1160\uffa0\u2800\u00ad\u034f\u180e")
TEXT = st.text(NOISE | st.characters(), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, problem=TEXT, addressee=TEXT, essence=st.text(NOISE, max_size=30),
       first=st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))),
       final=st.booleans())
def test_random_unicode_and_dates_either_save_cleanly_or_are_refused_whole(session, owner, title, problem,
                                                                          addressee, essence, first, final):
    campaign = session.info.get("fuzz_campaign") or make_campaign(session)
    session.info["fuzz_campaign"] = campaign
    data = complete_input(campaign=campaign, title=title)
    data.problem, data.addressee, data.essence, data.first_applied_on = problem, addressee, essence, first
    counts = [session.scalar(select(func.count()).select_from(m)) for m in (Idea, IdeaAuthor, Attachment)]
    nested = session.begin_nested()
    try:
        saved = submissions.save_application(session=session, actor=owner, data=data, final=final)
    except ValidationError:
        nested.rollback()
        assert [session.scalar(select(func.count()).select_from(m)) for m in (Idea, IdeaAuthor, Attachment)] == counts
        return
    idea = session.get(Idea, saved.idea_id)
    assert idea.title and len(idea.title) <= form.TEXT_LIMITS["title"]
    assert first is None or first <= clock.today()
    assert idea.status == ("submitted" if final else "draft")
    nested.rollback()
