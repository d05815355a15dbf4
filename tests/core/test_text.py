"""Text helpers: visible-text checks and safe parsing of ids typed into URLs."""
from __future__ import annotations

import pytest

from ideas.core.text import MAX_ID, has_visible, parse_id


@pytest.mark.parametrize(("raw", "expected"), [
    ("42", 42), (" 7 ", 7), ("²", None), ("١٢", None), ("-1", None), ("0", None), ("1e3", None), ("", None),
    (None, None), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("9" * 40, None), ("12abc", None),
])
def test_parse_id_accepts_only_plain_positive_64_bit_numbers(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize("text", ["\u00ad", "\u3164\u3164", "\u2800", "\u034f\u180e", " \u200b\ufeff", "\u0301"])
def test_invisible_only_text_has_nothing_visible(text):
    assert not has_visible(text)


def test_vietnamese_text_is_visible():
    assert has_visible("Đổi mới") and has_visible("\u00adA")
