"""Text normalisation: NFC for storage, an accent-free lower-case fold for search and matching."""
from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

# Zero-width and bidirectional control characters can hide or reorder text; never store them.
# C0 controls other than tab/newline too: PostgreSQL refuses NUL in text, and the rest only hide things.
# Lone surrogates (\ud800-\udfff) too: a JSON "\\udcda" escape decodes to one, and no database can store it as UTF-8.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")
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


_TONES = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}  # huyền sắc hỏi ngã nặng


def tone_neutral(value: object) -> str:
    """Lower-case text whose tone marks are moved to the end of each word, so that the old and the new
    placement compare equal: "Uỷ ban" and "Ủy ban", "Hoà" and "Hòa", "Thuỷ" and "Thủy" (accents otherwise kept)."""
    words = []
    for word in clean_line(value).casefold().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(_TONES[ch] for ch in decomposed if ch in _TONES)
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
        words.append(base + tones)
    return " ".join(words)


def same_name(a: object, b: object) -> bool:
    """Whether two names are the same words, whatever the case, spacing or tone-mark placement (Uỷ/Ủy)."""
    return tone_neutral(a) == tone_neutral(b)


# Characters that draw nothing: format (Cf), separators (Z*), controls (Cc) and combining marks (M*) on their
# own, plus letters and symbols that render blank (Hangul fillers, braille blank, ...).
_BLANK_CATEGORIES = ("Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Me", "Mc")
_BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u180e\u00ad\u17b4\u17b5")


def has_visible(value: object) -> bool:
    """Whether the text shows anything once format, space, combining-only and filler characters are removed."""
    return any(ch not in _BLANK_CHARACTERS and unicodedata.category(ch) not in _BLANK_CATEGORIES
               for ch in str(value or ""))


def bounded(value: object, *, field: str, max_chars: int, required: bool = False, line: bool = False) -> str:
    """Cleaned text within its declared maximum; raises ValidationError naming the field (never truncates).

    `field` is the locale key of the field's label; `required` also refuses text that shows nothing.
    """
    from ideas.core.errors import ValidationError

    text = clean_line(value) if line else clean(value)
    if required and not has_visible(text):
        raise ValidationError("error.field_blank", field=field)
    if len(text) > max_chars:
        raise ValidationError("error.field_too_long", field=field, max=max_chars, length=len(text))
    return text if has_visible(text) else ""


_ID = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite


def parse_id(value: object) -> int | None:
    """A record id typed into a URL: ASCII digits only, 1..2**63-1; None for anything else ('²', '-1', '1e3')."""
    text = str(value or "").strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


# GFM turns bare URLs (scheme://, www.) and e-mail addresses into live links even when every punctuation mark is
# escaped. A WORD JOINER (U+2060, invisible, no width) inside "://", after "www" and after "@" breaks the
# pattern the autolinker looks for, and the text reads the same.
_WORD_JOINER = "\u2060"
_LINKISH = re.compile(r"(?i)(:)(//)|\b(www)(\.)|(@)(?=\w)")


def unlink(text: object) -> str:
    """User text that no markdown renderer will turn into a link: `https://x.vn` -> `https:\u2060//x.vn`,
    `www.x.vn` -> `www\u2060.x.vn`, `a@x.vn` -> `a@\u2060x.vn` (the joiner shows nothing)."""
    def joined(match: re.Match) -> str:
        if match.group(1):
            return ":" + _WORD_JOINER + "//"
        if match.group(3):
            return match.group(3) + _WORD_JOINER + "."
        return "@" + _WORD_JOINER

    return _LINKISH.sub(joined, str(text))

