"""Password strength: zxcvbn offline estimate with the reason in Vietnamese, on every path that sets a password."""
from __future__ import annotations

import pytest

from ideas.accounts import passwords, users
from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text
from ideas.core.models import User
from tests.support.factories.accounts import PASSWORD, make_unit, make_user


@pytest.mark.parametrize(("password", "key", "words"), [
    ("aaaaaaaaaa", "security.password.reason.repeat", "lặp lại"),
    ("abababababab", "security.password.reason.repeat", "lặp lại"),
    ("abcdefghij1", "security.password.reason.sequence", "dãy liên tiếp"),
    ("qwertyuiop12", "security.password.reason.common", "hay bị dùng"),
    ("zxcvbnm,./zx", "security.password.reason.keyboard", "bàn phím"),
    ("01/01/1990ab", "security.password.reason.date", "ngày tháng"),
])
def test_guessable_passwords_are_refused_with_the_reason_in_vietnamese(session, password, key, words):
    with pytest.raises(ValidationError) as refused:
        make_user(session, password=password)
    assert refused.value.key == key
    message = error_text(refused.value, "vi")
    assert message.startswith("Mật khẩu quá dễ đoán: ") and words in message
    assert error_text(refused.value, "en").startswith("The password is too easy to guess: ")


def test_the_persons_own_name_counts_against_the_password(session):
    with pytest.raises(ValidationError) as refused:
        make_user(session, username="lan.ntl", full_name="Nguyễn Thị Lan Phuong", password="phuonglan12")
    assert refused.value.key == "security.password.reason.personal"


@pytest.mark.parametrize("password", [PASSWORD, "Tuyet-voi-ghe-2026", "cá heo nhảy qua cầu vồng"])
def test_strong_passwords_pass(session, password):
    assert make_user(session, password=password).password_hash.startswith("$argon2")


def test_generated_temporary_passwords_are_strong():
    assert all(passwords.weakness(users.generate_temporary_password()) is None for _ in range(20))


def test_changing_to_a_weak_password_is_refused(db):
    with db.session() as s:
        user = make_user(s)
    with pytest.raises(ValidationError) as refused, db.session() as s:
        users.change_password(session=s, actor=s.get(User, user.id), current=PASSWORD, new="aaaaaaaaaaaa")
    assert refused.value.key == "security.password.reason.repeat"


def test_a_very_long_password_gets_a_clear_limit_not_a_slow_estimate(session):
    with pytest.raises(ValidationError) as refused:
        make_user(session, password="Mat-khau-" * 40)
    assert refused.value.key == "error.field_too_long" and refused.value.params["max"] == 256


@pytest.fixture
def province(session):
    from ideas.core import settings

    admin = make_user(session, roles=[("admin", None)])
    settings.set_value(session=session, actor=admin, key="org.province_name", value="Tỉnh An Hòa")
    root = make_unit(session, name="UBND tỉnh An Hòa", kind="province")
    return make_unit(session, name="Sở Nội vụ", parent=root)


@pytest.mark.parametrize("password", [
    "nguyenvanquan1", "Van Quan 2026", "Quân Văn Nguyễn 99!", "QUAN-nguyen-2026-07", "quannv2026!!",
    "Tinhanhoa2026", "An Hoa Noi Vu 2026", "Quantri@2026", "SangKien#2026", "cchc-quan-tri-2026",
    "NguyenQuan@NoiVu1"])
def test_name_username_unit_province_and_product_words_are_refused_in_any_form(session, province, password):
    with pytest.raises(ValidationError) as refused:
        make_user(session, unit=province, username="quan.nv", full_name="Nguyễn Văn Quân", password=password)
    assert refused.value.key == "security.password.reason.known_words"
    assert error_text(refused.value, "vi").startswith("Mật khẩu quá dễ đoán: chỉ gồm họ tên")


def test_known_words_are_refused_on_a_change_too(db):
    with db.session() as s:
        user = make_user(s, unit=make_unit(s, name="Phòng Tư pháp"), full_name="Lê Thị Hoa")
    for weak in ("lethihoa2026", "TuPhap@2026!", "HoaLe-2026-Tuphap"):
        with pytest.raises(ValidationError) as refused, db.session() as s:
            users.change_password(session=s, actor=s.get(User, user.id), current=PASSWORD, new=weak)
        assert refused.value.key == "security.password.reason.known_words"


@pytest.mark.parametrize("password", ["Quân thích cá heo nhảy 2026", "Van Quan nuoi ca heo 2026",
                                      "Mat-khau-rat-dai-2026"])
def test_a_phrase_that_only_mentions_the_name_still_passes(session, province, password):
    user = make_user(session, unit=province, username="quan.nv", full_name="Nguyễn Văn Quân", password=password)
    assert user.password_hash.startswith("$argon2")
