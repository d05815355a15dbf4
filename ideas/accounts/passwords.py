"""Password policy: a minimum length, our blocklist, known words, and zxcvbn's offline estimate with a reason.

zxcvbn (a maintained port of Dropbox's estimator, shipped with its dictionaries: no network) recognises
repeats, sequences, keyboard walks, dates and frequent passwords, words and names; its score runs 0-4. It does
not know Vietnamese names written without accents and run together ("nguyenvanquan1"), nor a province's or the
product's own words ("Tinhanhoa2026", "Quantri@2026"): a password whose letters, accents and case aside, are
nothing but the holder's name words (any order), username, unit and province names or the product's words is
refused first, whatever digits and symbols surround them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from ideas.core import settings
from ideas.core.db import DATA_DIR
from ideas.core.errors import ValidationError
from ideas.core.models import Unit
from ideas.core.text import fold

MIN_SCORE = 3  # "safely unguessable": about 10^8 guesses or more
PASSWORD_MAX = 256
ESTIMATED_CHARS = 100  # zxcvbn's time grows with length; a longer password is strong for its first 100 anyway
REASONS = {
    "repeat": "security.password.reason.repeat",
    "sequence": "security.password.reason.sequence",
    "spatial": "security.password.reason.keyboard",
    "date": "security.password.reason.date",
    "regex": "security.password.reason.date",  # recent years
    "passwords": "security.password.reason.common",
    "user_inputs": "security.password.reason.personal",
}
# The product's and the administration's own words: the first guesses of anyone who knows where the account is.
PRODUCT_WORDS = (
    "sáng kiến", "cải cách hành chính", "cchc", "quản trị", "quản trị viên", "admin", "administrator", "root",
    "hệ thống", "mật khẩu", "password", "pass", "đăng nhập", "login", "user", "hội đồng", "thi đua", "khen thưởng",
    "ủy ban nhân dân", "uỷ ban", "ubnd", "tỉnh", "thành phố", "huyện", "quận", "xã", "phường", "sở", "phòng",
    "ban", "đơn vị", "cán bộ", "công chức", "viên chức", "việt nam", "vn", "gov", "ideas",
)
KNOWN_WORDS_KEY = "security.password.reason.known_words"


def _words(values: Iterable[str | None]) -> set[str]:
    """Accent- and case-free words of `values` (two letters or more), split at anything but a letter."""
    return {word for value in values if value for word in re.split(r"[^a-z]+", fold(value)) if len(word) > 1}


def known_words(session: Session, *, username: str = "", user_inputs: Iterable[str] = (),
                unit_id: int | None = None) -> set[str]:
    """The holder's name and username words, their unit's and its parents' names, the province, our words."""
    names: list[str] = [username, *user_inputs, *PRODUCT_WORDS]
    names += [str(settings.get(session, "org.province_name")), str(settings.get(session, "org.agency_name"))]
    unit = session.get(Unit, unit_id) if unit_id else None
    if unit is not None:
        ids = [int(part) for part in unit.path.strip("/").split("/") if part.isdigit()] + [unit.id]
        names += list(session.scalars(select(Unit.name).where(Unit.id.in_(ids))))
    return _words(names)


def only_known_words(password: str, words: set[str]) -> bool:
    """True when the password's letters (accents, case, digits and symbols aside) are known words end to end."""
    letters = re.sub(r"[^a-z]+", "", fold(password))
    if not letters or not words:
        return False
    longest = max(map(len, words))
    reachable = [True] + [False] * len(letters)  # reachable[i]: letters[:i] is a run of known words
    for end in range(1, len(letters) + 1):
        reachable[end] = any(reachable[start] and letters[start:end] in words
                             for start in range(max(0, end - longest), end - 1))
    return reachable[-1]


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = (DATA_DIR / "common_passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def weakness(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """The locale key of why zxcvbn finds the password guessable, or None when it is strong enough."""
    words = {word for value in user_inputs if value
             for word in [value.lower(), *re.split(r"[\s._@-]+", fold(value))] if len(word) > 1}
    result = zxcvbn(password[:ESTIMATED_CHARS], user_inputs=sorted(words))
    if result["score"] >= MIN_SCORE:
        return None
    matches = [match for match in result["sequence"] if match["pattern"] != "bruteforce"]
    if not matches:
        return "security.password.reason.weak"
    worst = max(matches, key=lambda match: len(match["token"]))
    key = worst.get("dictionary_name") if worst["pattern"] == "dictionary" else worst["pattern"]
    return REASONS.get(key, "security.password.reason.words")


def check_password_policy(session: Session, password: str, *, username: str = "",
                          user_inputs: Iterable[str] = (), unit_id: int | None = None) -> None:
    """At least N characters, not a listed password, not the username, not only known words (the holder's
    name, username, unit and province names, the product's words, with any digits and symbols), and strong by
    zxcvbn (reason given)."""
    minimum = settings.get_int(session, "auth.min_password_length")
    if len(password) < minimum:
        raise ValidationError("auth.error.password_too_short", minimum=minimum)
    if len(password) > PASSWORD_MAX:
        raise ValidationError("error.field_too_long", field="field.password", max=PASSWORD_MAX, length=len(password))
    lowered = password.lower()
    if lowered in common_passwords() or (username and username.lower() in lowered):
        raise ValidationError("auth.error.password_common")
    user_inputs = [value for value in user_inputs if value]
    reason = weakness(password, [username, *user_inputs])
    if reason:
        raise ValidationError(reason)
    # zxcvbn scored it strong; it does not know these words run together without accents
    if only_known_words(password, known_words(session, username=username, user_inputs=user_inputs,
                                              unit_id=unit_id)):
        raise ValidationError(KNOWN_WORDS_KEY)
