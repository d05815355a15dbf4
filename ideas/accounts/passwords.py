"""Password policy: a minimum length, our blocklist, and zxcvbn's offline strength estimate with a reason.

zxcvbn (a maintained port of Dropbox's estimator, shipped with its dictionaries: no network) recognises
repeats, sequences, keyboard walks, dates and frequent passwords, words and names; its score runs 0-4.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from ideas.core import settings
from ideas.core.db import DATA_DIR
from ideas.core.errors import ValidationError
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
                          user_inputs: Iterable[str] = ()) -> None:
    """At least N characters, not a listed password, not the username, and strong by zxcvbn (reason given)."""
    minimum = settings.get_int(session, "auth.min_password_length")
    if len(password) < minimum:
        raise ValidationError("auth.error.password_too_short", minimum=minimum)
    if len(password) > PASSWORD_MAX:
        raise ValidationError("error.field_too_long", field="field.password", max=PASSWORD_MAX, length=len(password))
    lowered = password.lower()
    if lowered in common_passwords() or (username and username.lower() in lowered):
        raise ValidationError("auth.error.password_common")
    reason = weakness(password, [username, *user_inputs])
    if reason:
        raise ValidationError(reason)
