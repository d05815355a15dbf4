"""The personal identification number (số định danh cá nhân, printed on the CCCD card): checking and masking.

Twelve digits (Decree 137/2015/NĐ-CP Art. 7, Circular 59/2021/TT-BCA): the code of the province where the
birth was registered (three digits, the 63 codes of Circular 59/2021, Appendix I; numbers already issued
keep their code after the 2025 merger of provinces), one digit for sex and century of birth (0/1 = 20th
century male/female, 2/3 = 21st, 4/5 = 22nd...), the last two digits of the year of birth, then six random
digits. There is no public check digit: a number that passes here may still belong to nobody, so the
check refuses typing mistakes of length, characters, province code and century, not every wrong number.

The number is never shown to anyone but its holder: logs, audit rows and exports carry `mask()`ed values.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.accounts.users import get_user
from ideas.core import audit, clock
from ideas.core.errors import ValidationError
from ideas.core.models import User
from ideas.core.permissions import require

LENGTH = 12
# Province codes of Circular 59/2021/TT-BCA, Appendix I (001 Hà Nội ... 096 Cà Mau); the gaps are unused.
PROVINCE_CODES = frozenset(f"{n:03d}" for n in (
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42,
    44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86,
    87, 89, 91, 92, 93, 94, 95, 96))
# The sex/century digit: 0-1 born 1900-1999, 2-3 born 2000-2099 (later centuries are not plausible for staff).
CENTURY = {"0": 1900, "1": 1900, "2": 2000, "3": 2000}


def normalise(text: str | None) -> str:
    """The number as typed without spaces, dots or dashes (people copy it grouped: 001 2 03 012345)."""
    return "".join(ch for ch in str(text or "") if ch not in " .-\u00a0\t")


def problem(text: str | None, *, today: dt.date | None = None) -> str | None:
    """The locale key of what is wrong with a non-empty number, or None when it is plausible."""
    value = normalise(text)
    if not value.isascii() or not value.isdigit():
        return "identity.error.digits"
    if len(value) != LENGTH:
        return "identity.error.length"
    if value[:3] not in PROVINCE_CODES:
        return "identity.error.province"
    century = CENTURY.get(value[3])
    if century is None or century + int(value[4:6]) > (today or clock.today()).year:
        return "identity.error.century"
    return None


def validate(text: str | None) -> str | None:
    """The cleaned number, None when empty; a ValidationError naming the field when it is not plausible."""
    value = normalise(text)
    if not value:
        return None
    key = problem(value)
    if key:
        raise ValidationError(key, value=mask(value) if len(value) == LENGTH else "")
    return value


def mask(value: str | None) -> str | None:
    """What logs, audit rows and exports show: the last three digits only ('*********345')."""
    if not value:
        return None
    return "*" * (len(value) - 3) + value[-3:]


def set_personal_id(*, session: Session, actor: User, user_id: int, personal_id: str | None) -> User:
    """Record (or clear, with '') a person's number: the person themself or whoever manages their account.

    The number must be plausible and held by nobody else; the audit row keeps only its masked form.
    """
    user = get_user(session, user_id)
    if actor is None or actor.id != user.id:
        require(session, actor, "accounts.manage", unit_id=user.unit_id)
    value = validate(personal_id)
    if value is not None:
        holder = session.scalar(select(User.id).where(User.personal_id == value, User.id != user.id))
        if holder is not None:
            raise ValidationError("identity.error.taken")
    before = user.personal_id
    if value == before:
        return user
    user.personal_id = value
    audit.record(session=session, actor=actor, action="account.personal_id", entity="user", entity_id=user.id,
                 details={"before": mask(before), "after": mask(value)})
    session.flush()
    return user
