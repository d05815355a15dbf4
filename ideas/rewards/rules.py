"""Reward rules as data: base salary, rounding step, collective multiplier and the award catalogue.

Every value has an effective date and a legal basis; money is computed with Decimal only, from the
rows in force on the decision date (DOMAIN.md "Rewards" and "Versioned rules").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation

import pandas as pd
from babel.numbers import format_decimal
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import NotFound, ValidationError
from ideas.core.i18n import BABEL_LOCALES
from ideas.core.models import AwardForm, RuleValue, User
from ideas.core.permissions import require
from ideas.core.text import bounded, clean, clean_line
from ideas.core.words import SCOPES

RULE_KEYS = ("base_salary", "rounding_step", "collective_multiplier", "scope_valid_years")
# Defaults when a key has no row yet (scope_valid_years: a provincial-scope recognition counts toward
# awards for this many years, a common provincial practice; DOMAIN.md).
DEFAULTS = {"rounding_step": Decimal(10_000), "collective_multiplier": Decimal(2), "scope_valid_years": Decimal(3)}
KINDS = ("title", "form")


def fmt_coefficient(value: object, lang: str) -> str:
    """A coefficient as written in the rules: "0,3", "1,5", "2" in Vietnamese."""
    return "" if value is None else format_decimal(value, format="#,##0.####", locale=BABEL_LOCALES[lang])


_GROUPED = {".": re.compile(r"\d{1,3}(\.\d{3})+"), ",": re.compile(r"\d{1,3}(,\d{3})+")}


def _plain_number(text: str) -> str:
    """Typed numbers as officers write them: "2.340.000" and "0,3" (Vietnamese), "2,340,000" and "0.3"."""
    text = text.strip().replace(" ", "").replace("\u00a0", "").removesuffix("đ")
    if "." in text and "," in text:  # the last separator is the decimal one
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        return text.replace(thousands, "").replace(decimal, ".")
    for mark, grouped in _GROUPED.items():
        if mark in text:
            return text.replace(mark, "") if grouped.fullmatch(text.lstrip("-")) else text.replace(mark, ".")
    return text


def to_decimal(value: object, *, field: str = "value") -> Decimal:
    """Decimal from user input or the database; floats go through str() so 0.3 stays 0.3."""
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(_plain_number(str(value))) if value is not None else Decimal("NaN")
    except InvalidOperation as exc:
        raise ValidationError("rewards.error.not_a_number", field=field, value=value) from exc


# ---------------------------------------------------------------- lookups


def value_on(session: Session, key: str, on: dt.date, *, default: Decimal | None = None) -> Decimal:
    """The value of rule `key` in force on `on` (the row with the latest effective_from <= on)."""
    value = session.scalar(
        select(RuleValue.value).where(RuleValue.key == key, RuleValue.effective_from <= on)
        .order_by(RuleValue.effective_from.desc()).limit(1))
    if value is None:
        if default is not None:
            return default
        raise NotFound("rewards.error.no_rule", rule=key, date=on.isoformat())
    return Decimal(value)


def award_form_on(session: Session, code: str, on: dt.date) -> AwardForm:
    """The catalogue entry `code` in force on `on`."""
    form = session.scalar(
        select(AwardForm).where(AwardForm.code == code, AwardForm.effective_from <= on,
                                or_(AwardForm.effective_to.is_(None), AwardForm.effective_to >= on))
        .order_by(AwardForm.effective_from.desc()).limit(1))
    if form is None:
        raise NotFound("rewards.error.no_form", code=code, date=on.isoformat())
    return form


def forms_on(session: Session, on: dt.date) -> list[AwardForm]:
    """Every catalogue entry in force on `on`, ordered by code."""
    return list(session.scalars(
        select(AwardForm).where(AwardForm.effective_from <= on,
                                or_(AwardForm.effective_to.is_(None), AwardForm.effective_to >= on))
        .order_by(AwardForm.coefficient.desc(), AwardForm.code)))


# ---------------------------------------------------------------- money


def round_up(amount: Decimal, step: Decimal) -> int:
    """Round UP to the next multiple of `step` (an exact multiple stays as it is)."""
    if step <= 0:
        return int(amount.to_integral_value(rounding=ROUND_CEILING))
    return int((amount / step).to_integral_value(rounding=ROUND_CEILING) * step)


@dataclass(frozen=True)
class Amount:
    form_id: int
    code: str
    coefficient: Decimal
    base_salary: Decimal
    multiplier: Decimal
    step: Decimal
    amount: int


def compute_amount(session: Session, code: str, on: dt.date, *, collective: bool = False) -> Amount:
    """coefficient x base salary in force on `on` (x the collective multiplier), rounded up by the step."""
    form = award_form_on(session, code, on)
    base = value_on(session, "base_salary", on)
    step = value_on(session, "rounding_step", on, default=DEFAULTS["rounding_step"])
    multiplier = (value_on(session, "collective_multiplier", on, default=DEFAULTS["collective_multiplier"])
                  if collective else Decimal(1))
    coefficient = Decimal(form.coefficient)
    return Amount(form.id, form.code, coefficient, base, multiplier, step,
                  round_up(coefficient * base * multiplier, step))


def snapshot(session: Session, on: dt.date, codes: list[str]) -> dict:
    """The rule values a decision dated `on` uses, as plain JSON-able data."""
    forms = {}
    for code in sorted(set(codes)):
        form = award_form_on(session, code, on)
        forms[code] = {"coefficient": str(form.coefficient), "form_id": form.id,
                       "effective_from": form.effective_from.isoformat(), "legal_basis": form.legal_basis}
    return {
        "decision_date": on.isoformat(),
        "base_salary": str(value_on(session, "base_salary", on)),
        "rounding_step": str(value_on(session, "rounding_step", on, default=DEFAULTS["rounding_step"])),
        "collective_multiplier": str(value_on(session, "collective_multiplier", on,
                                              default=DEFAULTS["collective_multiplier"])),
        "forms": forms,
    }


# ---------------------------------------------------------------- administration


def add_rule_value(*, session: Session, actor: User, key: str, value: object, effective_from: dt.date,
                   legal_basis: str) -> RuleValue:
    """Add a new row for rule `key` from `effective_from`; earlier rows stay for earlier decisions."""
    require(session, actor, "rewards.manage_rules")
    if key not in RULE_KEYS:
        raise ValidationError("rewards.error.rule_key", rule=key)
    amount = to_decimal(value, field=key)
    if not amount.is_finite() or amount <= 0:
        raise ValidationError("rewards.error.positive", field=key)
    basis = clean(legal_basis)
    if not basis:
        raise ValidationError("rewards.error.legal_basis_required")
    if session.scalar(select(RuleValue.id).where(RuleValue.key == key,
                                                 RuleValue.effective_from == effective_from)):
        raise ValidationError("rewards.error.rule_exists", rule=key, date=effective_from.isoformat())
    row = RuleValue(key=key, value=amount, effective_from=effective_from, legal_basis=basis)
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action="rewards.rule_add", entity="rule_value", entity_id=row.id,
                 details={"key": key, "value": str(amount), "effective_from": effective_from, "legal_basis": basis})
    return row


def _check_form_fields(name_vi: str, name_en: str, kind: str, level: str, individual: bool,
                       collective: bool) -> None:
    if not name_vi or not name_en:
        raise ValidationError("rewards.error.form_name_required")
    bounded(name_vi, field="rewards.rules.name_vi", max_chars=255, line=True)  # the columns' sizes, told by name
    bounded(name_en, field="rewards.rules.name_en", max_chars=255, line=True)
    if kind not in KINDS or level not in SCOPES:
        raise ValidationError("rewards.error.form_kind")
    if not (individual or collective):
        raise ValidationError("rewards.error.form_recipients")


def add_award_form(*, session: Session, actor: User, code: str, name_vi: str, name_en: str, kind: str,
                   level: str, allows_individual: bool, allows_collective: bool, coefficient: object,
                   effective_from: dt.date, legal_basis: str) -> AwardForm:
    """Add a new form to the catalogue (a code that does not exist yet)."""
    require(session, actor, "rewards.manage_rules")
    code = clean_line(code).upper()
    name_vi, name_en = clean_line(name_vi), clean_line(name_en)
    if not code:
        raise ValidationError("rewards.error.form_code_required")
    bounded(code, field="rewards.rules.code", max_chars=50, line=True)
    _check_form_fields(name_vi, name_en, kind, level, allows_individual, allows_collective)
    if session.scalar(select(AwardForm.id).where(AwardForm.code == code).limit(1)):
        raise ValidationError("rewards.error.form_exists", code=code)
    coef = _coefficient(coefficient)
    form = AwardForm(code=code, name_vi=name_vi, name_en=name_en, kind=kind, level=level,
                     allows_individual=allows_individual, allows_collective=allows_collective,
                     coefficient=coef, effective_from=effective_from, effective_to=None,
                     legal_basis=clean(legal_basis) or None)
    session.add(form)
    session.flush()
    audit.record(session=session, actor=actor, action="rewards.form_add", entity="award_form", entity_id=form.id,
                 details={"code": code, "coefficient": str(coef), "effective_from": effective_from})
    return form


def _coefficient(value: object) -> Decimal:
    coef = to_decimal(value, field="coefficient")
    if not coef.is_finite() or coef <= 0 or coef > 100:
        raise ValidationError("rewards.error.positive", field="coefficient")
    return coef.quantize(Decimal("0.01"))


def update_award_form(*, session: Session, actor: User, form_id: int, name_vi: str, name_en: str, kind: str,
                      level: str, allows_individual: bool, allows_collective: bool,
                      legal_basis: str | None) -> AwardForm:
    """Edit the descriptive fields of a catalogue row in place (money changes go through change_coefficient)."""
    require(session, actor, "rewards.manage_rules")
    form = session.get(AwardForm, form_id)
    if form is None:
        raise NotFound("rewards.error.no_form", code=form_id, date="")
    name_vi, name_en = clean_line(name_vi), clean_line(name_en)
    _check_form_fields(name_vi, name_en, kind, level, allows_individual, allows_collective)
    before = {"name_vi": form.name_vi, "name_en": form.name_en, "kind": form.kind, "level": form.level,
              "individual": form.allows_individual, "collective": form.allows_collective}
    form.name_vi, form.name_en, form.kind, form.level = name_vi, name_en, kind, level
    form.allows_individual, form.allows_collective = allows_individual, allows_collective
    form.legal_basis = clean(legal_basis) or None
    session.flush()
    audit.record(session=session, actor=actor, action="rewards.form_update", entity="award_form",
                 entity_id=form.id, details={"before": before})
    return form


def change_coefficient(*, session: Session, actor: User, code: str, coefficient: object,
                       effective_from: dt.date, legal_basis: str) -> AwardForm:
    """A new coefficient is a NEW catalogue row from `effective_from`; the row it replaces gets effective_to."""
    require(session, actor, "rewards.manage_rules")
    basis = clean(legal_basis)
    if not basis:
        raise ValidationError("rewards.error.legal_basis_required")
    coef = _coefficient(coefficient)
    current = award_form_on(session, code, effective_from)
    if current.effective_from >= effective_from:
        raise ValidationError("rewards.error.effective_after", date=current.effective_from.isoformat())
    later = session.scalar(select(AwardForm.id).where(AwardForm.code == code,
                                                      AwardForm.effective_from > effective_from).limit(1))
    if later:
        raise ValidationError("rewards.error.effective_after", date=effective_from.isoformat())
    new = AwardForm(code=current.code, name_vi=current.name_vi, name_en=current.name_en, kind=current.kind,
                    level=current.level, allows_individual=current.allows_individual,
                    allows_collective=current.allows_collective, coefficient=coef,
                    effective_from=effective_from, effective_to=current.effective_to, legal_basis=basis)
    current.effective_to = effective_from - dt.timedelta(days=1)
    session.add(new)
    session.flush()
    audit.record(session=session, actor=actor, action="rewards.coefficient_change", entity="award_form",
                 entity_id=new.id, details={"code": code, "old": str(current.coefficient), "new": str(coef),
                                            "effective_from": effective_from, "legal_basis": basis})
    return new


# ---------------------------------------------------------------- read models


def rule_table(session: Session, key: str | None = None) -> pd.DataFrame:
    """Rule rows (optionally of one key), newest first."""
    query = select(RuleValue.id, RuleValue.key, RuleValue.value, RuleValue.effective_from, RuleValue.legal_basis)
    if key:
        query = query.where(RuleValue.key == key)
    rows = session.execute(query.order_by(RuleValue.key, RuleValue.effective_from.desc())).all()
    return pd.DataFrame(rows, columns=["id", "key", "value", "effective_from", "legal_basis"])


def catalogue(session: Session) -> pd.DataFrame:
    """The whole award catalogue with its history rows."""
    rows = session.execute(select(
        AwardForm.id, AwardForm.code, AwardForm.name_vi, AwardForm.name_en, AwardForm.kind, AwardForm.level,
        AwardForm.allows_individual, AwardForm.allows_collective, AwardForm.coefficient,
        AwardForm.effective_from, AwardForm.effective_to, AwardForm.legal_basis,
    ).order_by(AwardForm.code, AwardForm.effective_from)).all()
    return pd.DataFrame(rows, columns=["id", "code", "name_vi", "name_en", "kind", "level", "allows_individual",
                                       "allows_collective", "coefficient", "effective_from", "effective_to",
                                       "legal_basis"])
