"""Awards and units that no longer exist (issue 24, point 3).

A collective award to a unit that has ended (merged, split, renamed or dissolved in a reorganisation) is refused
while the rule is in force: Circular 15/2025/TT-BNV forbids awards to bodies dissolved in the reorganisation.
The rule is data like the other reward rules: rows of rule_values with key "ended_unit_awards" (value 1 = refuse,
0 = allow), each with an effective date and legal basis; the row in force on the list's decision date (or today,
for a draft) applies. Migration 0014 seeds the first row; without any row the built-in default below applies.

An individual's award names the unit the person had at the time of the achievement (the idea's unit when it was
filed), and, when that unit has since ended into a successor, the successor too: "Xã Một (nay là Xã Hợp Nhất)".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.accounts import reorganisation
from ideas.core import clock
from ideas.core.errors import ValidationError
from ideas.core.i18n import t
from ideas.core.models import AwardItem, Idea, RuleValue, Unit, User

RULE_KEY = "ended_unit_awards"
DEFAULT_FROM = dt.date(2025, 7, 1)
DEFAULT_BASIS = "Thông tư 15/2025/TT-BNV"


@dataclass(frozen=True)
class EndedUnitRule:
    refuses: bool
    effective_from: dt.date
    legal_basis: str


def rule_on(session: Session, on: dt.date) -> EndedUnitRule:
    """The rule in force on `on` (the latest row with effective_from <= on, else the built-in default)."""
    row = session.execute(select(RuleValue.value, RuleValue.effective_from, RuleValue.legal_basis)
                          .where(RuleValue.key == RULE_KEY, RuleValue.effective_from <= on)
                          .order_by(RuleValue.effective_from.desc()).limit(1)).first()
    if row is None:
        return EndedUnitRule(on >= DEFAULT_FROM, DEFAULT_FROM, DEFAULT_BASIS)
    return EndedUnitRule(Decimal(row.value) > 0, row.effective_from, row.legal_basis or "")


def refuse_ended(session: Session, unit: Unit, on: dt.date) -> None:
    """ValidationError naming the event when `unit` had ended by `on` and the rule refuses such awards."""
    if unit.valid_to is None or unit.valid_to > on:
        return
    rule = rule_on(session, on)
    if not rule.refuses:
        return
    event = reorganisation.ended_by(session, unit.id)
    kind = event.kind if event is not None else "dissolve"
    raise ValidationError(f"history.error.award_ended_unit.{kind}", unit=unit.name, code=unit.code,
                          date=unit.valid_to.strftime("%d/%m/%Y"),
                          event=event.legal_basis if event is not None else "", rule=rule.legal_basis)


def refuse_ended_items(session: Session, items: list[AwardItem], on: dt.date) -> None:
    """Check every collective item of a list (a unit may have ended after it was added)."""
    ids = [item.unit_id for item in items if item.recipient_kind == "collective" and item.unit_id is not None]
    if not ids:
        return
    for unit in session.scalars(select(Unit).where(Unit.id.in_(ids), Unit.valid_to.is_not(None))):
        refuse_ended(session, unit, on)


def unit_at_achievement(session: Session, person: User, idea: Idea | None) -> int | None:
    """The person's unit on the day `idea` was filed (else today): where the individual award is recorded."""
    if idea is None or idea.submitted_at is None:
        return person.unit_id
    return reorganisation.unit_on(session, person.id, clock.local(idea.submitted_at).date())


def paper_unit_name(session: Session, unit_id: int | None, lang: str = "vi") -> str | None:
    """A unit's name as an award paper prints it: its own name, with its current successor when it has ended."""
    if unit_id is None:
        return None
    unit = session.get(Unit, unit_id)
    if unit is None:
        return None
    current = reorganisation.current_successor(session, unit.id)
    if current == unit.id:
        return unit.name
    return t("history.paper.now", lang, old=unit.name, new=session.get(Unit, current).name)
