"""Text normalisation: NFC for storage, an accent-free lower-case fold for search and matching."""
from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

# Zero-width and bidirectional control characters can hide or reorder text; never store them.
# C0 controls other than tab/newline too: PostgreSQL refuses NUL in text, and the rest only hide things.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


def clean(value: object) -> str:
    """NFC-normalised, trimmed text without invisible control characters ('' for None)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _INVISIBLE.sub("", text).strip()


def clean_line(value: object) -> str:
    """`clean` plus collapsed white space, for names and codes."""
    return _SPACES.sub(" ", clean(value))


def fold(value: object) -> str:
    """Accent- and case-insensitive form: 'Cải cách' -> 'cai cach' (đ -> d)."""
    return _SPACES.sub(" ", unidecode(clean(value)).lower()).strip()
