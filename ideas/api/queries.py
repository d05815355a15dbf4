"""What the endpoints read: recognised initiatives, published award lists, participation per unit.

Every function takes the caller's `unit_ids` (None = the whole province) and never returns a row outside them;
a record outside the scope is NotFound, exactly like one that does not exist. Lists are paged in SQL.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ideas.core import clock, payloads
from ideas.core.errors import NotFound, ValidationError
from ideas.core.models import AwardList, Decision, Idea, Unit
from ideas.core.words import DECIDED_LIST_STATUSES, RECOGNISED, SCOPES

MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000  # further than any list goes; larger numbers overflow the OFFSET
MAX_ID = 2**31 - 1  # ids are INTEGER columns: a larger number cannot name a row (and overflows on PostgreSQL)
YEARS = range(1900, 2101)  # a year outside cannot name a decision (and year 0 or 9999 overflows a date)


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def paging(page: str | None, per_page: str | None) -> Paging:
    """?page (from 1) and ?per_page (1..100, default 20), refused when malformed."""
    try:
        result = Paging(int(page or 1), int(per_page or 20))
    except ValueError:
        raise ValidationError("api.error.paging", limit=MAX_PER_PAGE) from None
    if not 1 <= result.page <= MAX_PAGE or not 1 <= result.per_page <= MAX_PER_PAGE:
        raise ValidationError("api.error.paging", limit=MAX_PER_PAGE)
    return result


def _int(value: str | None, key: str, allowed: range = range(1, MAX_ID + 1)) -> int | None:
    """A query parameter's whole number in `allowed` (ids by default), None when absent, else ValidationError."""
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValidationError(key) from None
    if number not in allowed:
        raise ValidationError(key)
    return number


def _year(value: str | None) -> int | None:
    try:
        return _int(value, "api.error.year", YEARS)
    except ValidationError:
        raise ValidationError("security_surface.api.year", first=YEARS[0], last=YEARS[-1]) from None


def _units_filter(session: Session, unit_ids: list[int] | None, unit: str | None) -> list[int] | None:
    """The caller's units, narrowed to the subtree of ?unit= (which must lie inside them)."""
    unit_id = _int(unit, "api.error.unit")
    if unit_id is None:
        return unit_ids
    path = session.scalar(select(Unit.path).where(Unit.id == unit_id))
    if path is None or (unit_ids is not None and unit_id not in unit_ids):
        raise NotFound("api.error.unit_not_found")
    subtree = set(session.scalars(select(Unit.id).where(Unit.path.startswith(path))))
    return sorted(subtree if unit_ids is None else subtree & set(unit_ids))


def _page(session: Session, query, paging: Paging):
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(session.scalars(query.limit(paging.per_page).offset(paging.offset)))
    return rows, {"page": paging.page, "per_page": paging.per_page, "total": int(total or 0)}


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def _structure(value: str | None) -> str:
    from ideas.dashboards.reports.scope import STRUCTURES, TODAY

    if value in (None, ""):
        return TODAY
    if value not in STRUCTURES:
        raise ValidationError("api.error.structure", allowed=", ".join(STRUCTURES))
    return value


def initiatives(*, session: Session, unit_ids: list[int] | None, paging: Paging, unit: str | None = None,
                year: str | None = None, scope: str | None = None,
                structure: str | None = None) -> tuple[list[dict], dict]:
    """Recognised initiatives, oldest first; ?year = recognised (a recognition decision dated) in that year.

    ?structure=today (default) also returns the initiatives of units that ended into the caller's units (merged,
    split, renamed); as_was only those recorded under the caller's units. Each keeps the unit it had."""
    from ideas.dashboards.reports.scope import resolved_unit_ids

    units = _units_filter(session, unit_ids, unit)
    if units is not None:
        units = resolved_unit_ids(session, units, structure=_structure(structure))
    query = select(Idea).where(Idea.status == RECOGNISED).order_by(Idea.id)
    if units is not None:
        query = query.where(Idea.unit_id.in_(units))
    year_value = _year(year)
    if year_value is not None:
        start, end = _year_range(year_value)
        query = query.where(exists().where(Decision.idea_id == Idea.id, Decision.outcome == RECOGNISED,
                                           Decision.decided_on >= start, Decision.decided_on < end))
    if scope:
        if scope not in SCOPES:
            raise ValidationError("api.error.scope", allowed=", ".join(SCOPES))
        query = query.where(Idea.scope == scope)
    rows, meta = _page(session, query, paging)
    return payloads.initiatives(session, rows), meta


def initiative(*, session: Session, unit_ids: list[int] | None, initiative_id: int) -> dict:
    idea = session.get(Idea, initiative_id) if 1 <= initiative_id <= MAX_ID else None
    if idea is None or idea.status != RECOGNISED or (unit_ids is not None and idea.unit_id not in unit_ids):
        raise NotFound("api.error.initiative_not_found")
    return payloads.initiative(session, idea)


def _list_visible(unit_ids: list[int] | None):
    terms = [AwardList.status.in_(DECIDED_LIST_STATUSES)]
    if unit_ids is not None:
        terms.append(AwardList.unit_id.in_(unit_ids))  # province-level lists (no unit) need a province token
    return terms


def award_lists(*, session: Session, unit_ids: list[int] | None, paging: Paging, unit: str | None = None,
                year: str | None = None) -> tuple[list[dict], dict]:
    """Approved and locked award lists (drafts are nobody's business outside), newest decision first."""
    units = _units_filter(session, unit_ids, unit)
    query = select(AwardList).where(*_list_visible(units)).order_by(AwardList.id.desc())
    year_value = _year(year)
    if year_value is not None:
        query = query.where(AwardList.year == year_value)
    rows, meta = _page(session, query, paging)
    return payloads.award_lists(session, rows), meta


def award_list(*, session: Session, unit_ids: list[int] | None, list_id: int) -> dict:
    if not 1 <= list_id <= MAX_ID:
        raise NotFound("api.error.award_list_not_found")
    award = session.scalar(select(AwardList).where(AwardList.id == list_id, *_list_visible(unit_ids)))
    if award is None:
        raise NotFound("api.error.award_list_not_found")
    return payloads.award_list(session, award)


def participation(*, session: Session, unit_ids: list[int] | None, stored_scope: str | None,
                  year: str | None = None, unit: str | None = None, structure: str | None = None) -> dict:
    """Per unit, over its subtree, for ideas submitted in ?year (default this year): the dashboard's figures.

    ?structure=today (default: ended units' figures rolled up into their successors, which alone are listed) or
    as_was (every unit that existed in the year, each record under its unit at the time).

    The dashboards' SQL does the counting (ideas.dashboards.reports.participation, one row per unit); it runs
    as the system actor because the token's scope is applied here, by choosing the subtree roots.
    """
    from ideas.core.permissions import SYSTEM
    from ideas.core.subtrees import roots_of
    from ideas.dashboards import reports

    year_value = _year(year) or clock.today().year
    structure_value = _structure(structure)
    chosen = _int(unit, "api.error.unit")
    if chosen is not None:
        _units_filter(session, unit_ids, unit)  # inside the scope, or NotFound
        roots: list[int | None] = [chosen]
    else:
        roots = roots_of(stored_scope) or [None]
    rows: dict[int, dict] = {}
    for root in roots:
        frame = reports.participation(session=session, actor=SYSTEM, year=year_value, unit_id=root,
                                      every_unit=True, structure=structure_value)
        for record in frame.to_dict("records"):
            rows[int(record["unit_id"])] = {
                "unit": {"id": int(record["unit_id"]), "code": record["code"], "name": record["name"]},
                "headcount": int(record["headcount"]), "submitters": int(record["submitters"]),
                "participation_pct": float(record["participation_pct"]), "ideas": int(record["ideas"]),
                "ideas_per_100": float(record["ideas_per_100"]), "supports": int(record["supports"]),
                "recognised": int(record["recognised"])}
    return {"year": year_value, "structure": structure_value, "units": [rows[k] for k in sorted(rows)]}
