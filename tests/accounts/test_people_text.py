"""People's text: names that show nothing are refused; username, name, e-mail and position have declared maxima."""
from __future__ import annotations

import pytest

from ideas.accounts import users
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text
from tests.support.factories.accounts import make_user

INVISIBLE = ["\u00ad\u00ad", "\u3164", "\u2800\u2800", "\u034f", "\u180e", "\u200b\u200d", " \u3000 "]


@pytest.mark.parametrize("name", INVISIBLE)
def test_a_full_name_that_shows_nothing_is_refused_naming_the_field(session, name):
    with pytest.raises(ValidationError) as refused:
        make_user(session, full_name=name)
    assert refused.value.key == "error.field_blank"
    assert "Họ và tên" in error_text(refused.value, "vi")


def test_renaming_someone_to_invisible_characters_is_refused(session):
    admin = make_user(session, roles=[("admin", None)])
    person = make_user(session, full_name="Lê Văn Tám")
    with pytest.raises(ValidationError):
        users.update_user(session=session, actor=admin, user_id=person.id, full_name="\u3164\u00ad")
    assert person.full_name == "Lê Văn Tám"


@pytest.mark.parametrize(("field", "limit"), [("username", 100), ("full_name", 255), ("email", 255),
                                              ("position", 255)])
def test_each_field_has_a_declared_maximum_and_says_so(session, field, limit):
    def create(length: int):
        values = {"username": f"u{length}{field}", "full_name": "Trần Thị Hoa"}
        values[field] = ("a" * length) if field == "username" else ("Ạ" * length)
        return users.create_user(session=session, actor=None, check=False, **values)

    assert create(limit)
    with pytest.raises(ValidationError) as refused:
        create(limit + 1)
    assert refused.value.key == "error.field_too_long" and refused.value.params["max"] == limit
    assert str(limit) in error_text(refused.value, "vi")
