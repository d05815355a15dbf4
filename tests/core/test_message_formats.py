"""Messages write their dates dd/mm/yyyy and their fractions with a decimal comma, whatever a service passes."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ideas.core.errors import ValidationError
from ideas.core.i18n import error_text, message_value, t
from ideas.review.review_deadlines_view import due_in


def test_dates_in_messages_are_written_day_month_year():
    assert t("inbox.msg.accepted", title="X", due="2027-06-07").endswith("hạn trả lời: 07/06/2027.")
    assert t("worklist.due", date=dt.date(2027, 6, 7)) == "hạn 07/06/2027"
    assert error_text(ValidationError("rewards.error.effective_after", date="2027-06-07"),
                      escape=lambda s: s.replace("-", "\\-")) == "Ngày hiệu lực phải sau ngày 07/06/2027."
    assert message_value("title", "2027-06-07") == "2027-06-07"  # a name typed by someone stays as typed
    assert message_value("date", "2027-02-30") == "2027-02-30"


def test_fractions_in_messages_use_the_decimal_comma():
    assert error_text(ValidationError("ideas.error.shares_total", total=Decimal("99.90"))) == (
        "Tổng tỷ lệ đóng góp phải bằng 100% (hiện là 99,9%)")
    assert message_value("total", 90.0) == "90" and message_value("total", 2340000.5) == "2.340.000,5"
    assert message_value("year", 2026) == 2026 and message_value("count", 999) == 999  # years and small counts


def test_late_files_say_how_late():
    assert [due_in(days, "vi") for days in (-202, 0, 5, 1500)] == [
        "quá hạn 202 ngày", "hết hạn hôm nay", "còn 5 ngày", "còn 1.500 ngày"]
    assert due_in(-1, "en") == "1 day(s) late"


def test_large_whole_numbers_in_messages_have_separators_but_records_keep_their_numbers():
    assert t("error.field_too_long", field="Tiêu đề", length=22100, max=20000) == (
        "Trường «Tiêu đề» dài 22.100 ký tự, tối đa 20.000 ký tự.")
    assert message_value("count", 2000) == "2.000" and message_value("count", 25_000_000) == "25.000.000"
    assert message_value("total", 25_000_000, "en") == "25,000,000"
    for name in ("year", "id", "idea_id", "receipt_no", "number", "row", "first", "last"):
        assert message_value(name, 123456) == 123456, name
