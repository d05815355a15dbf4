"""Council rules as dated data: per province (a unit subtree) or national, chosen per campaign.

A rule set says what share of the members must agree (2/3, 70%...), the quorum, which council levels exist
(commune, department, province; district only before two-tier local government) and which scope each level
recognises, and the year's rounds with their deadlines; each with its legal basis and effective date.

Which set a campaign follows: the code it names, else the set of the nearest unit above the campaign's unit
that has one, else the national default; the version in force on the day (a decision freezes what it used
into its rule snapshot). The pass rule of review.passrule merges it over the code defaults; a campaign's own
pass_rule JSON still overrides both.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import NotFound, ValidationError
from ideas.core.i18n import fmt_date, t
from ideas.core.models import Campaign, CouncilRule, Unit, User
from ideas.core.permissions import require
from ideas.core.text import bounded
from ideas.core.words import SCOPES

# Council levels, lowest first. "district" stays readable on old records; districts ended on 1 July 2025
# (Law 72/2025/QH15 on the organisation of local government), so no new campaign or rule set may use it.
COUNCIL_LEVELS = ("commune", "district", "department", "province")
TWO_TIER_FROM = dt.date(2025, 7, 1)
NATIONAL = "national"
_DEADLINE = re.compile(r"^(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class RuleSet:
    """One version of a council rule set, as read from the table."""

    code: str
    name: str
    unit_id: int | None
    approval_ratio: str
    quorum_ratio: str
    levels: dict[str, str]  # council level -> the scope it recognises
    deadlines: tuple[str, ...]  # "MM-DD" of each round, in order
    legal_basis: str
    effective_from: dt.date
    effective_to: dt.date | None

    def snapshot(self, level: str | None = None) -> dict:
        """What a decision freezes: the set's identity, figures and basis (and the council's level)."""
        return {"code": self.code, "name": self.name, "approval_ratio": self.approval_ratio,
                "quorum_ratio": self.quorum_ratio, "levels": self.levels, "rounds": list(self.deadlines),
                "legal_basis": self.legal_basis, "effective_from": self.effective_from.isoformat(),
                "level": level}

    def round_deadlines(self, year: int) -> list[dt.date]:
        return [dt.date(year, int(d[:2]), int(d[3:])) for d in self.deadlines]

    def next_deadline(self, on: dt.date) -> dt.date | None:
        """The first round deadline on or after `on` (this year's, else next year's first)."""
        upcoming = [d for d in self.round_deadlines(on.year) if d >= on]
        if upcoming:
            return upcoming[0]
        following = self.round_deadlines(on.year + 1)
        return following[0] if following else None


def _read(row: CouncilRule) -> RuleSet:
    levels = json.loads(row.levels or "{}")
    rounds = json.loads(row.rounds or "[]")
    return RuleSet(row.code, row.name, row.unit_id, row.approval_ratio, row.quorum_ratio, levels,
                   tuple(r["deadline"] for r in rounds), row.legal_basis or "", row.effective_from, row.effective_to)


def _in_force(on: dt.date):
    return (CouncilRule.effective_from <= on,
            or_(CouncilRule.effective_to.is_(None), CouncilRule.effective_to >= on))


_LATEST = (CouncilRule.effective_from.desc(), CouncilRule.id.desc())  # of several versions in force: this one


def _version(session: Session, where, on: dt.date) -> CouncilRule | None:
    return session.scalar(select(CouncilRule).where(where, *_in_force(on)).order_by(*_LATEST).limit(1))


def for_campaign(session: Session, campaign: Campaign | None, *, on: dt.date | None = None) -> RuleSet | None:
    """The rule set a campaign follows on `on` (default: the day it opened); None when the table is empty."""
    if campaign is None:
        return None
    on = on or campaign.opens_on
    if campaign.council_rule_code:
        row = _version(session, CouncilRule.code == campaign.council_rule_code, on)
        if row is not None:
            return _read(row)
    return for_unit(session, campaign.unit_id, on=on)


def for_unit(session: Session, unit_id: int | None, *, on: dt.date) -> RuleSet | None:
    """The set of the nearest unit above (or at) `unit_id` that has one in force, else the national default.

    A province-wide campaign (no unit) follows the set of a top-level unit when there is one.
    """
    if unit_id is not None:
        path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) or ""
        ancestors = [int(part) for part in path.strip("/").split("/") if part]
    else:
        ancestors = list(session.scalars(select(Unit.id).where(Unit.parent_id.is_(None)).order_by(Unit.id)))
    # One query for every candidate (a province-wide campaign has one per top-level unit), then the nearest
    # unit's latest version in force, as a query per ancestor would give.
    latest: dict[int | None, CouncilRule] = {}
    for row in session.scalars(select(CouncilRule).where(
            or_(CouncilRule.unit_id.in_(ancestors), CouncilRule.unit_id.is_(None)) if ancestors
            else CouncilRule.unit_id.is_(None), *_in_force(on)).order_by(*_LATEST)):
        latest.setdefault(row.unit_id, row)
    for ancestor in [*reversed(ancestors), None]:
        if ancestor in latest:
            return _read(latest[ancestor])
    return None


def options(session: Session) -> list[tuple[str, str]]:
    """(code, "name — legal basis") of every rule set, its latest version, for campaign pickers."""
    latest: dict[str, CouncilRule] = {}
    for row in session.scalars(select(CouncilRule).order_by(CouncilRule.effective_from)):
        latest[row.code] = row
    return [(code, row.name) for code, row in sorted(latest.items(), key=lambda item: item[1].name)]


def ratio_text(ratio: str) -> str:
    """'7/10' as 70%, '2/3' as 2/3 (a share that is not a whole percentage stays a fraction)."""
    value = Fraction(str(ratio))
    percent = value * 100
    return f"{percent.numerator}%" if percent.denominator == 1 else f"{value.numerator}/{value.denominator}"


def describe(found: RuleSet | None, level: str | None, on: dt.date, lang: str) -> list[str]:
    """A rule set as the lines the campaign page shows; the code defaults when no set is recorded."""
    if found is None:
        return [t("councilrules.show.defaults", lang)]
    levels = ", ".join(t("councilrules.show.level_scope", lang, level=t(f"councilrules.level.{lv}", lang),
                         scope=t(f"review.scope.{scope}", lang)) for lv, scope in found.levels.items())
    rounds = ", ".join(fmt_date(d, lang) for d in found.round_deadlines(on.year))
    upcoming = found.next_deadline(on)
    return [
        t("councilrules.show.name", lang, name=found.name, since=fmt_date(found.effective_from, lang)),
        t("councilrules.show.ratios", lang, approval=ratio_text(found.approval_ratio),
          quorum=ratio_text(found.quorum_ratio)),
        t("councilrules.show.levels", lang, levels=levels,
          level=t(f"councilrules.level.{level}", lang) if level else t("councilrules.level.none", lang)),
        t("councilrules.show.rounds", lang, count=len(found.deadlines), deadlines=rounds,
          next=fmt_date(upcoming, lang) if upcoming else "—"),
        t("councilrules.show.basis", lang, basis=found.legal_basis),
    ]


# ---------------------------------------------------------------- checking and recording


def _ratio(value: str, field: str) -> str:
    text = str(value or "").strip().replace(" ", "")
    try:
        ratio = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValidationError("councilrules.error.ratio", field=field, value=value) from None
    if not 0 < ratio <= 1:
        raise ValidationError("councilrules.error.ratio", field=field, value=value)
    return f"{ratio.numerator}/{ratio.denominator}"


def _deadlines(rounds: list[str]) -> list[str]:
    cleaned = []
    for text in rounds:
        match = _DEADLINE.match(str(text).strip())
        try:
            if match is None:
                raise ValueError
            dt.date(2024, int(match[1]), int(match[2]))  # a leap year: 29 February is a valid deadline
        except ValueError:
            raise ValidationError("councilrules.error.deadline", value=text) from None
        cleaned.append(match[0])
    if not 1 <= len(cleaned) <= 12:
        raise ValidationError("councilrules.error.rounds")
    return sorted(cleaned)


def check_level(level: str | None, *, on: dt.date, levels: dict[str, str] | None = None) -> str | None:
    """A council level usable on `on`: known, in the rule set (when given), and no district after two-tier."""
    if not level:
        return None
    if level not in COUNCIL_LEVELS:
        raise ValidationError("councilrules.error.level", value=level)
    if level == "district" and on >= TWO_TIER_FROM:
        raise ValidationError("councilrules.error.district")
    if levels is not None and level not in levels:
        raise ValidationError("councilrules.error.level_not_in_rules", value=level)
    return level


def add_rule_set(*, session: Session, actor: User, code: str, name: str, effective_from: dt.date,
                 approval_ratio: str = "2/3", quorum_ratio: str = "2/3", levels: dict[str, str] | None = None,
                 rounds: list[str] | None = None, legal_basis: str = "", unit_id: int | None = None,
                 effective_to: dt.date | None = None) -> CouncilRule:
    """Record a council rule set (or a new version of one: same code, later effective date)."""
    require(session, actor, "campaigns.manage", unit_id=unit_id)
    code = bounded(code, field="councilrules.col.code", max_chars=50, required=True, line=True)
    name = bounded(name, field="councilrules.col.name", max_chars=255, required=True, line=True)
    legal_basis = bounded(legal_basis, field="councilrules.col.legal_basis", max_chars=2000, required=True)
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise NotFound("units.error.not_found", unit=unit_id)
    if effective_from is None or (effective_to is not None and effective_to < effective_from):
        raise ValidationError("councilrules.error.dates")
    levels = dict(levels or {"commune": "unit", "department": "unit", "province": "provincial"})
    for level, scope in levels.items():
        check_level(level, on=effective_from)
        if scope not in SCOPES:
            raise ValidationError("councilrules.error.scope", value=scope)
    deadlines = _deadlines(rounds or ["12-15"])
    approval, quorum = _ratio(approval_ratio, "approval"), _ratio(quorum_ratio, "quorum")
    taken = session.scalar(select(CouncilRule.id).where(CouncilRule.code == code,
                                                        CouncilRule.effective_from == effective_from))
    if taken is not None:
        raise ValidationError("councilrules.error.duplicate", code=code)
    row = CouncilRule(code=code, name=name, unit_id=unit_id, approval_ratio=approval, quorum_ratio=quorum,
                      levels=json.dumps(levels),
                      rounds=json.dumps([{"deadline": d} for d in deadlines]), legal_basis=legal_basis,
                      effective_from=effective_from, effective_to=effective_to, created_by=actor.id)
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action="council_rules.add", entity="council_rule", entity_id=row.id,
                 details=_read(row).snapshot())
    return row
