"""The application form (Circular 18, Phụ lục I) as data: its fields, their declared limits, and its checks.

Every free-text field has ONE maximum here (TEXT_LIMITS); the service enforces it with `text.bounded`
(a clear message naming the field, never truncation) and the page passes the same number as `max_chars`.
Numbers are typed the Vietnamese way ("15.000.000", "1,5") or plainly ("15000000", "1.5").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ideas.core import clock
from ideas.core.errors import ValidationError
from ideas.core.text import bounded

SOLUTION_TYPES = ("technical", "management", "operational", "technology_application")
APPLICATION_STATUSES = ("not_applied", "trial", "applied")
INT_BENEFITS = ("vnd_saved", "reports_cut", "procedures_simplified", "services_online")
DECIMAL_BENEFITS = ("hours_saved", "days_cut")
TEXT_FIELDS = ("field_of_application", "problem", "current_situation", "essence", "conditions",
               "confidential_info", "trial_participants", "trial_assessment", "benefits_text")
LINE_FIELDS = ("addressee", "investor")
# One declared maximum per free-text field (characters after NFC and trimming).
TEXT_LIMITS = {
    "title": 500, "addressee": 300, "investor": 300, "field_of_application": 2_000, "problem": 5_000,
    "current_situation": 5_000, "essence": 20_000, "conditions": 5_000, "confidential_info": 5_000,
    "trial_participants": 3_000, "trial_assessment": 5_000, "benefits_text": 5_000,
}
# Upper bounds that keep every number within its column (Numeric(14, 2), BigInteger, Integer, Numeric(10, 2)).
NUMBER_LIMITS = {"vnd_saved": 10**15, "reports_cut": 1_000_000, "procedures_simplified": 1_000_000,
                 "services_online": 1_000_000, "hours_saved": Decimal(10**10), "days_cut": Decimal(10**6)}
REASON_MAX = 2_000
HUNDRED = Decimal(100)
_VN_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_VN_DECIMAL = re.compile(r"\d+,\d+")


def label_key(name: str) -> str:
    """The locale key of a form field's label (error messages name the field by it)."""
    return f"ideas.submit.field.{name}"


@dataclass
class IdeaInput:
    """What the form carries; `authors` is [(user_id, share %)] and includes the owner."""

    title: str = ""
    solution_type: str = "operational"
    par_codes: list[str] = field(default_factory=list)
    campaign_id: int | None = None
    addressee: str = ""
    investor: str = ""
    field_of_application: str = ""
    problem: str = ""
    current_situation: str = ""
    essence: str = ""
    conditions: str = ""
    first_applied_on: dt.date | None = None
    application_status: str = "not_applied"
    confidential_info: str = ""
    trial_participants: str = ""
    trial_assessment: str = ""
    benefits_text: str = ""
    hours_saved: Decimal | float | str | None = None
    vnd_saved: int | str | None = None
    reports_cut: int | str | None = None
    procedures_simplified: int | str | None = None
    services_online: int | str | None = None
    days_cut: Decimal | float | str | None = None
    authors: list[tuple[int, Decimal | float | int]] = field(default_factory=list)
    version: int | None = None  # the version the form was loaded from: a newer save by someone else is refused


def parse_number(value: object) -> Decimal | None:
    """'15.000.000' and '15000000' -> 15000000; '1,5' and '1.5' -> 1.5; '' -> None; else ValueError."""
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if _VN_GROUPED.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif _VN_DECIMAL.fullmatch(text):
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error


def clean_number(value: object, name: str) -> Decimal | int | None:
    """A benefit figure within its bounds (whole for counts and money, 2 decimals otherwise)."""
    try:
        number = parse_number(value)
    except ValueError as error:
        raise ValidationError("ideas.submit.error.number", field=label_key(name)) from error
    if number is None:
        return None
    if not number.is_finite():
        raise ValidationError("ideas.submit.error.number", field=label_key(name))
    if number < 0:
        raise ValidationError("ideas.submit.error.negative", field=label_key(name))
    if number > NUMBER_LIMITS[name]:
        raise ValidationError("ideas.submit.error.number_large", field=label_key(name))
    if name in INT_BENEFITS:
        return int(number)
    return number.quantize(Decimal("0.01"))


def clean_texts(data: IdeaInput) -> dict[str, str | None]:
    """Title and every free-text field, bounded by TEXT_LIMITS; the title must show something."""
    values, errors = checked_texts(data)
    if errors:
        raise errors[0]
    return values


def checked_texts(data: IdeaInput) -> tuple[dict[str, str | None], list[ValidationError]]:
    """Each text field checked on its own: the clean values of the good ones and the error of each bad one, so
    that a bad title never hides (or falsely reports as missing) the fields that are filled."""
    values: dict[str, str | None] = {}
    errors: list[ValidationError] = []
    for name in ("title", *TEXT_FIELDS, *LINE_FIELDS):
        try:
            text = bounded(getattr(data, name), field=label_key(name), max_chars=TEXT_LIMITS[name],
                           required=name == "title", line=name == "title" or name in LINE_FIELDS)
        except ValidationError as error:
            errors.append(error)
            continue
        values[name] = text if name == "title" else text or None
    return values, errors


def check_choices_and_dates(data: IdeaInput) -> None:
    """Codes from the lists, and a first (trial) application that has already happened."""
    if data.solution_type not in SOLUTION_TYPES:
        raise ValidationError("ideas.submit.error.solution_type")
    if data.application_status not in APPLICATION_STATUSES:
        raise ValidationError("ideas.submit.error.application_status")
    first = data.first_applied_on
    if first is not None:
        if not isinstance(first, dt.date) or isinstance(first, dt.datetime):
            raise ValidationError("ideas.submit.error.date", field=label_key("first_applied_on"))
        if first > clock.today():
            raise ValidationError("ideas.submit.error.future_date", field=label_key("first_applied_on"))


def format_share(value: Decimal) -> str:
    """90.00 -> '90', 33.50 -> '33.5'."""
    text = format(Decimal(value).quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def clean_authors(raw: list[tuple[int, object]], owner_id: int) -> list[tuple[int, Decimal]]:
    """Validate shares: each > 0 and <= 100, nobody twice, the owner included (first)."""
    if not raw:
        return [(owner_id, HUNDRED)]
    seen: set[int] = set()
    result: list[tuple[int, Decimal]] = []
    for user_id, share in raw:
        user_id = int(user_id)
        if user_id in seen:
            raise ValidationError("ideas.submit.error.duplicate_author")
        seen.add(user_id)
        try:
            value = Decimal(str(share if share is not None else 0)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError) as error:
            raise ValidationError("ideas.submit.error.share_positive") from error
        if not value.is_finite() or value <= 0 or value > HUNDRED:
            raise ValidationError("ideas.submit.error.share_positive")
        result.append((user_id, value))
    if owner_id not in seen:
        raise ValidationError("ideas.submit.error.owner_not_author")
    result.sort(key=lambda pair: pair[0] != owner_id)
    return result


def even_shares(count: int) -> list[Decimal]:
    """Shares for `count` authors that add up to exactly 100 (the first takes the rounding remainder)."""
    if count <= 0:
        return []
    each = (HUNDRED / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [HUNDRED - each * (count - 1), *([each] * (count - 1))]


def completeness_problems(texts: dict[str, str | None], par_codes: list[str],
                          authors: list[tuple[int, Decimal]]) -> list[ValidationError]:
    """What a complete file needs before it is filed: a field or problem, the essence, a PAR field, 100%."""
    problems = []
    if not texts.get("field_of_application") and not texts.get("problem"):
        problems.append(ValidationError("ideas.submit.error.field_required"))
    if not texts.get("essence"):
        problems.append(ValidationError("ideas.submit.error.essence_required"))
    if not par_codes:
        problems.append(ValidationError("ideas.submit.error.par_required"))
    total = sum((Decimal(share) for _, share in authors), Decimal(0))
    if authors and total != HUNDRED:
        problems.append(ValidationError("ideas.error.shares_total", total=total))  # written 99,9 (i18n)
    return problems
