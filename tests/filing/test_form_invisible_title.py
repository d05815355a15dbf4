"""A title of invisible characters is reported alone: the filled fields after it are not called missing."""
from __future__ import annotations

from ideas.filing import ideas_submit_view
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import complete_input, person


def test_an_invisible_title_gives_one_error_and_no_false_missing_fields(session):
    owner = person(session, unit=make_unit(session))
    data = complete_input(title="\u200b\u3164 \u2800", authors=[(owner.id, 100)])
    problems = ideas_submit_view.form_problems(session=session, actor=owner, data=data, final=True)
    assert problems == ["Trường «Tên sáng kiến» không được để trống."]


def test_a_title_too_long_does_not_hide_a_missing_essence(session):
    owner = person(session, unit=make_unit(session))
    data = complete_input(title="Một cửa " * 100, authors=[(owner.id, 100)])
    data.essence = "\u200b"
    problems = ideas_submit_view.form_problems(session=session, actor=owner, data=data, final=True)
    assert len(problems) == 2 and "Tên sáng kiến" in problems[0]
    assert problems[1] == "Cần mô tả bản chất của sáng kiến."
