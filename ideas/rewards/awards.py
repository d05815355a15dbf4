"""Award lists (danh sách khen thưởng): draft -> submitted -> approved -> locked, items and amounts.

Amounts shown on a draft use the rules in force on the (planned) decision date or today; approval
re-computes them with the rules in force on the decision date and snapshots those rules, after which
nothing changes them.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from ideas.core import audit
from ideas.core.errors import ConcurrentUpdate, InvalidTransition, NotFound, PermissionDenied, ValidationError
from ideas.core.i18n import t
from ideas.core.models import AwardForm, AwardItem, AwardList, Decision, Idea, IdeaAuthor, Unit, User
from ideas.core.permissions import can, require, scope_unit_ids
from ideas.core.text import clean, clean_line
from ideas.rewards import rules

DRAFT, SUBMITTED, APPROVED, LOCKED = "draft", "submitted", "approved", "locked"
STATUSES = (DRAFT, SUBMITTED, APPROVED, LOCKED)
FINAL = (APPROVED, LOCKED)
TRANSITIONS = {(DRAFT, SUBMITTED), (SUBMITTED, DRAFT), (SUBMITTED, APPROVED), (APPROVED, LOCKED)}


@dataclass
class AddResult:
    item: AwardItem
    warnings: list[tuple[str, dict]] = field(default_factory=list)  # (locale key, params)


# ---------------------------------------------------------------- helpers


def get_list(session: Session, list_id: int) -> AwardList:
    award_list = session.get(AwardList, list_id)
    if award_list is None:
        raise NotFound("rewards.error.list_not_found", list_id=list_id)
    return award_list


def _require_over(session: Session, actor: User, action: str, unit_id: int | None) -> None:
    """A list of a unit needs the action over that unit; a province-wide list needs a province-wide grant."""
    if unit_id is not None:
        require(session, actor, action, unit_id=unit_id)
    elif actor is None or scope_unit_ids(session, actor, action) is not None or not can(session, actor, action):
        raise PermissionDenied(action=action)


def _check_version(award_list: AwardList, expected_version: int | None) -> None:
    if expected_version is not None and award_list.version != expected_version:
        raise ConcurrentUpdate()


def _touch(session: Session, award_list: AwardList) -> None:
    """Bump the list's version (optimistic lock) even when only its items changed."""
    flag_modified(award_list, "title")
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConcurrentUpdate() from exc


def _editable(award_list: AwardList) -> None:
    if award_list.status != DRAFT:
        raise ValidationError("rewards.error.not_draft", status=award_list.status)


def _amount_date(award_list: AwardList) -> dt.date:
    return award_list.decision_date or dt.date.today()


def default_achievement(title: str) -> str:
    """The achievement text an author's item starts with (the document is in Vietnamese)."""
    return t("rewards.achievement.author", "vi", title=title)


# ---------------------------------------------------------------- lists


def create_list(*, session: Session, actor: User, title: str, year: int, unit_id: int | None,
                agency_name: str | None = None, signer_title: str | None = None) -> AwardList:
    """Start a draft award list for `unit_id` (None = province-wide)."""
    _require_over(session, actor, "rewards.build", unit_id)
    title = clean_line(title)
    if not title:
        raise ValidationError("rewards.error.title_required")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("rewards.error.year", year=year)
    if agency_name is None and unit_id is not None:
        unit = session.get(Unit, unit_id)
        agency_name = unit.name if unit else None
    award_list = AwardList(title=title, year=int(year), unit_id=unit_id, agency_name=clean_line(agency_name) or None,
                           signer_title=clean_line(signer_title) or None, status=DRAFT, created_by=actor.id)
    session.add(award_list)
    session.flush()
    audit.record(session=session, actor=actor, action="rewards.list_create", entity="award_list",
                 entity_id=award_list.id, details={"title": title, "year": year, "unit_id": unit_id})
    return award_list


def update_list(*, session: Session, actor: User, list_id: int, expected_version: int | None = None,
                title: str | None = None, agency_name: str | None = None, decision_no: str | None = None,
                decision_date: dt.date | None = None, signer: str | None = None,
                signer_title: str | None = None) -> AwardList:
    """Edit the heading fields of a draft list (planned decision data included)."""
    award_list = _checked_list(session, actor, list_id, "rewards.build", expected_version)
    _editable(award_list)
    if title is not None:
        if not clean_line(title):
            raise ValidationError("rewards.error.title_required")
        award_list.title = clean_line(title)
    for name, value in (("agency_name", agency_name), ("decision_no", decision_no), ("signer", signer),
                        ("signer_title", signer_title)):
        if value is not None:
            setattr(award_list, name, clean_line(value) or None)
    if decision_date is not None:
        award_list.decision_date = decision_date
        _recompute(session, award_list)
    _touch(session, award_list)
    audit.record(session=session, actor=actor, action="rewards.list_update", entity="award_list",
                 entity_id=award_list.id)
    return award_list


def _transition(session: Session, actor: User, award_list: AwardList, to: str, **details: object) -> None:
    if (award_list.status, to) not in TRANSITIONS:
        raise InvalidTransition(frm=award_list.status, to=to)
    frm = award_list.status
    award_list.status = to
    _touch(session, award_list)
    audit.record(session=session, actor=actor, action=f"rewards.list_{to}", entity="award_list",
                 entity_id=award_list.id, details={"from": frm, "to": to, **details})


def _checked_list(session: Session, actor: User, list_id: int, action: str,
                  expected_version: int | None) -> AwardList:
    """The list, after the permission over its unit and the optimistic version check."""
    award_list = get_list(session, list_id)
    _require_over(session, actor, action, award_list.unit_id)
    _check_version(award_list, expected_version)
    return award_list


def submit_list(*, session: Session, actor: User, list_id: int, expected_version: int | None = None) -> AwardList:
    """Send a draft list for approval (it must have items)."""
    award_list = _checked_list(session, actor, list_id, "rewards.build", expected_version)
    if not award_list.items:
        raise ValidationError("rewards.error.empty_list")
    _transition(session, actor, award_list, SUBMITTED)
    return award_list


def return_list(*, session: Session, actor: User, list_id: int, expected_version: int | None = None) -> AwardList:
    """Send a submitted list back to draft for corrections."""
    award_list = _checked_list(session, actor, list_id, "rewards.approve", expected_version)
    _transition(session, actor, award_list, DRAFT)
    return award_list


def approve_list(*, session: Session, actor: User, list_id: int, decision_no: str, decision_date: dt.date,
                 signer: str, signer_title: str, expected_version: int | None = None) -> AwardList:
    """Approve with the decision's number, date and signer; amounts are re-computed and frozen."""
    award_list = _checked_list(session, actor, list_id, "rewards.approve", expected_version)
    decision_no, signer, signer_title = clean_line(decision_no), clean_line(signer), clean_line(signer_title)
    if not decision_no or not signer or not signer_title or decision_date is None:
        raise ValidationError("rewards.error.decision_required")
    if (award_list.status, APPROVED) not in TRANSITIONS:
        raise InvalidTransition(frm=award_list.status, to=APPROVED)
    award_list.decision_no, award_list.decision_date = decision_no, decision_date
    award_list.signer, award_list.signer_title = signer, signer_title
    codes = _recompute(session, award_list)
    award_list.rule_snapshot = json.dumps(rules.snapshot(session, decision_date, codes), ensure_ascii=False,
                                          sort_keys=True)
    award_list.approved_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    total = sum(item.amount or 0 for item in award_list.items)
    _transition(session, actor, award_list, APPROVED, decision_no=decision_no, decision_date=decision_date,
                total=total)
    return award_list


def lock_list(*, session: Session, actor: User, list_id: int, expected_version: int | None = None) -> AwardList:
    """Lock an approved list for good (archived with the decision)."""
    award_list = _checked_list(session, actor, list_id, "rewards.approve", expected_version)
    _transition(session, actor, award_list, LOCKED)
    return award_list


def _recompute(session: Session, award_list: AwardList) -> list[str]:
    """Re-price every item with the rules in force on the list's decision date; returns the codes used."""
    on = _amount_date(award_list)
    codes = []
    form_codes = dict(session.execute(
        select(AwardForm.id, AwardForm.code).where(AwardForm.id.in_({i.award_form_id for i in award_list.items}))
    ).all()) if award_list.items else {}
    for item in award_list.items:
        code = form_codes[item.award_form_id]
        price = rules.compute_amount(session, code, on, collective=item.recipient_kind == "collective")
        item.award_form_id, item.coefficient = price.form_id, price.coefficient
        item.base_salary, item.multiplier, item.amount = int(price.base_salary), price.multiplier, price.amount
        codes.append(code)
    session.flush()
    return codes


# ---------------------------------------------------------------- items


def _form_for(session: Session, award_list: AwardList, code: str, collective: bool) -> rules.Amount:
    price = rules.compute_amount(session, code, _amount_date(award_list), collective=collective)
    form = session.get(AwardForm, price.form_id)
    if collective and not form.allows_collective:
        raise ValidationError("rewards.error.form_not_collective", code=code)
    if not collective and not form.allows_individual:
        raise ValidationError("rewards.error.form_not_individual", code=code)
    return price


def _same_form_codes(session: Session, list_ids_clause, code: str):  # noqa: ANN001
    return (select(AwardItem.id).join(AwardForm, AwardForm.id == AwardItem.award_form_id)
            .join(AwardList, AwardList.id == AwardItem.list_id)
            .where(AwardForm.code == code, list_ids_clause))


def _next_position(award_list: AwardList) -> int:
    return max((item.position for item in award_list.items), default=0) + 1


def add_individual(*, session: Session, actor: User, list_id: int, user_id: int, form_code: str,
                   idea_id: int | None = None, achievement: str | None = None, position_unit: str | None = None,
                   expected_version: int | None = None) -> AddResult:
    """Add a person with an award form; refused if they already have that form in this list."""
    award_list = _checked_list(session, actor, list_id, "rewards.build", expected_version)
    _editable(award_list)
    person = session.get(User, user_id)
    if person is None:
        raise NotFound("rewards.error.person_not_found", user_id=user_id)
    if award_list.unit_id is not None and person.unit_id is not None:
        require(session, actor, "rewards.build", unit_id=person.unit_id)
    price = _form_for(session, award_list, form_code, collective=False)
    if session.scalar(_same_form_codes(session, AwardList.id == award_list.id, form_code)
                      .where(AwardItem.user_id == user_id).limit(1)):
        raise ValidationError("rewards.error.duplicate_form", name=person.full_name, form=form_code)
    idea = None
    if idea_id is not None:
        idea = session.get(Idea, idea_id)
        if idea is None:
            raise NotFound("rewards.error.idea_not_found", idea_id=idea_id)
    text = clean(achievement) or (default_achievement(idea.title) if idea else "")
    if position_unit is None:
        unit = session.get(Unit, person.unit_id) if person.unit_id else None
        position_unit = ", ".join(p for p in (person.position, unit.name if unit else None) if p)
    item = AwardItem(list_id=award_list.id, recipient_kind="individual", user_id=person.id, unit_id=person.unit_id,
                     display_name=person.full_name, position_unit=clean_line(position_unit) or None,
                     achievement=text or None, idea_id=idea_id, award_form_id=price.form_id,
                     coefficient=price.coefficient, base_salary=int(price.base_salary), multiplier=price.multiplier,
                     amount=price.amount, position=_next_position(award_list))
    award_list.items.append(item)
    _touch(session, award_list)
    warnings = []
    other = session.scalar(
        _same_form_codes(session, and_(AwardList.id != award_list.id, AwardList.year == award_list.year), form_code)
        .where(AwardItem.user_id == user_id).with_only_columns(AwardList.title).limit(1))
    if other:
        warnings.append(("rewards.warning.already_awarded", {"name": person.full_name, "form": form_code,
                                                            "year": award_list.year, "list": other}))
    audit.record(session=session, actor=actor, action="rewards.item_add", entity="award_list",
                 entity_id=award_list.id, details={"user_id": user_id, "form": form_code, "amount": price.amount})
    return AddResult(item, warnings)


def add_collective(*, session: Session, actor: User, list_id: int, unit_id: int, form_code: str,
                   achievement: str | None = None, display_name: str | None = None,
                   expected_version: int | None = None) -> AddResult:
    """Add a unit (tập thể) with a collective award form (x the collective multiplier)."""
    award_list = _checked_list(session, actor, list_id, "rewards.build", expected_version)
    _editable(award_list)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("units.error.not_found", unit=unit_id)
    require(session, actor, "rewards.build", unit_id=unit.id)
    price = _form_for(session, award_list, form_code, collective=True)
    if session.scalar(_same_form_codes(session, AwardList.id == award_list.id, form_code)
                      .where(AwardItem.unit_id == unit_id, AwardItem.recipient_kind == "collective").limit(1)):
        raise ValidationError("rewards.error.duplicate_form", name=unit.name, form=form_code)
    item = AwardItem(list_id=award_list.id, recipient_kind="collective", user_id=None, unit_id=unit.id,
                     display_name=clean_line(display_name) or unit.name, position_unit=None,
                     achievement=clean(achievement) or None, idea_id=None, award_form_id=price.form_id,
                     coefficient=price.coefficient, base_salary=int(price.base_salary), multiplier=price.multiplier,
                     amount=price.amount, position=_next_position(award_list))
    award_list.items.append(item)
    _touch(session, award_list)
    audit.record(session=session, actor=actor, action="rewards.item_add", entity="award_list",
                 entity_id=award_list.id, details={"unit_id": unit_id, "form": form_code, "amount": price.amount})
    return AddResult(item, [])


def update_item(*, session: Session, actor: User, item_id: int, achievement: str | None = None,
                position_unit: str | None = None, display_name: str | None = None,
                expected_version: int | None = None) -> AwardItem:
    """Edit the texts of an item on a draft list."""
    item = session.get(AwardItem, item_id)
    if item is None:
        raise NotFound("rewards.error.item_not_found", item_id=item_id)
    award_list = item.award_list
    _require_over(session, actor, "rewards.build", award_list.unit_id)
    _check_version(award_list, expected_version)
    _editable(award_list)
    if achievement is not None:
        item.achievement = clean(achievement) or None
    if position_unit is not None:
        item.position_unit = clean_line(position_unit) or None
    if display_name is not None and clean_line(display_name):
        item.display_name = clean_line(display_name)
    _touch(session, award_list)
    audit.record(session=session, actor=actor, action="rewards.item_update", entity="award_list",
                 entity_id=award_list.id, details={"item_id": item_id})
    return item


def remove_item(*, session: Session, actor: User, item_id: int, expected_version: int | None = None) -> None:
    """Remove an item from a draft list."""
    item = session.get(AwardItem, item_id)
    if item is None:
        raise NotFound("rewards.error.item_not_found", item_id=item_id)
    award_list = item.award_list
    _require_over(session, actor, "rewards.build", award_list.unit_id)
    _check_version(award_list, expected_version)
    _editable(award_list)
    award_list.items.remove(item)
    _touch(session, award_list)
    audit.record(session=session, actor=actor, action="rewards.item_remove", entity="award_list",
                 entity_id=award_list.id, details={"item_id": item_id, "name": item.display_name})


# ---------------------------------------------------------------- read models


def _visible_lists(session: Session, actor: User | None):  # noqa: ANN202
    """A WHERE clause for the lists `actor` may see (None = all), or False when none.

    `actor=None` is the trusted command line, which sees everything.
    """
    if actor is None:
        return None
    ids = scope_unit_ids(session, actor, "rewards.view")
    if ids is None:
        return None
    if not ids:
        return False
    return AwardList.unit_id.in_(ids)


def can_view(session: Session, actor: User, award_list: AwardList) -> bool:
    if award_list.unit_id is None:
        return scope_unit_ids(session, actor, "rewards.view") is None and can(session, actor, "rewards.view")
    return can(session, actor, "rewards.view", unit_id=award_list.unit_id)


def list_table(session: Session, *, actor: User | None, year: int | None = None, status: str | None = None,
               limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """Lists in the actor's scope with their item count and total (GROUP BY)."""
    columns = ["id", "title", "year", "unit", "status", "decision_no", "decision_date", "items", "total",
               "version"]
    clause = _visible_lists(session, actor)
    if clause is False:
        return pd.DataFrame(columns=columns)
    totals = (select(AwardItem.list_id, func.count(AwardItem.id).label("n_items"),
                     func.coalesce(func.sum(AwardItem.amount), 0).label("total"))
              .group_by(AwardItem.list_id).subquery())
    query = (select(AwardList.id, AwardList.title, AwardList.year, Unit.name, AwardList.status,
                    AwardList.decision_no, AwardList.decision_date, func.coalesce(totals.c.n_items, 0),
                    func.coalesce(totals.c.total, 0), AwardList.version)
             .outerjoin(Unit, Unit.id == AwardList.unit_id).outerjoin(totals, totals.c.list_id == AwardList.id)
             .order_by(AwardList.year.desc(), AwardList.id.desc()).limit(limit).offset(offset))
    if clause is not None:
        query = query.where(clause)
    if year:
        query = query.where(AwardList.year == year)
    if status:
        query = query.where(AwardList.status == status)
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    frame["total"] = frame["total"].astype("int64") if not frame.empty else frame["total"]
    return frame


def items_frame(session: Session, *, actor: User, list_id: int) -> pd.DataFrame:
    """The items of one list, collectives first, in order."""
    award_list = get_list(session, list_id)
    if not can_view(session, actor, award_list):
        raise PermissionDenied(action="rewards.view")
    rows = session.execute(
        select(AwardItem.id, AwardItem.recipient_kind, AwardItem.display_name, AwardItem.position_unit,
               AwardItem.achievement, AwardForm.code, AwardForm.name_vi, AwardItem.coefficient,
               AwardItem.base_salary, AwardItem.multiplier, AwardItem.amount)
        .join(AwardForm, AwardForm.id == AwardItem.award_form_id)
        .where(AwardItem.list_id == list_id)
        .order_by(case((AwardItem.recipient_kind == "collective", 0), else_=1), AwardItem.position)).all()
    return pd.DataFrame(rows, columns=["id", "kind", "name", "position_unit", "achievement", "form_code", "form",
                                       "coefficient", "base_salary", "multiplier", "amount"])


def recognised_authors(session: Session, *, actor: User, year: int, limit: int = 500) -> pd.DataFrame:
    """Authors of initiatives recognised in `year` within the actor's build scope (one row per author+idea)."""
    columns = ["user_id", "full_name", "unit", "idea_id", "title", "scope", "decided_on"]
    ids = scope_unit_ids(session, actor, "rewards.build")
    if ids == []:
        return pd.DataFrame(columns=columns)
    query = (select(User.id, User.full_name, Unit.name, Idea.id, Idea.title, Decision.scope, Decision.decided_on)
             .join(IdeaAuthor, IdeaAuthor.user_id == User.id).join(Idea, Idea.id == IdeaAuthor.idea_id)
             .join(Decision, Decision.idea_id == Idea.id).outerjoin(Unit, Unit.id == User.unit_id)
             .where(Decision.outcome == "recognised",
                    Decision.decided_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
             .order_by(Unit.name, User.full_name, Idea.id).limit(limit))
    if ids is not None:
        query = query.where(User.unit_id.in_(ids))  # the people the officer may put on a list
    return pd.DataFrame(session.execute(query).all(), columns=columns)


def ledger_totals(session: Session, *, actor: User, year: int | None = None) -> pd.DataFrame:
    """Approved awards summed by year, unit and form (GROUP BY), within the actor's view scope."""
    columns = ["year", "unit", "form_code", "form", "recipients", "total"]
    ids = scope_unit_ids(session, actor, "rewards.view")
    if ids == []:
        return pd.DataFrame(columns=columns)
    query = (select(AwardList.year, Unit.name, AwardForm.code, AwardForm.name_vi, func.count(AwardItem.id),
                    func.coalesce(func.sum(AwardItem.amount), 0))
             .join(AwardList, AwardList.id == AwardItem.list_id)
             .join(AwardForm, AwardForm.id == AwardItem.award_form_id)
             .outerjoin(Unit, Unit.id == AwardItem.unit_id)
             .where(AwardList.status.in_(FINAL))
             .group_by(AwardList.year, Unit.name, AwardForm.code, AwardForm.name_vi)
             .order_by(AwardList.year.desc(), Unit.name, AwardForm.code))
    if ids is not None:
        query = query.where(AwardItem.unit_id.in_(ids))
    if year:
        query = query.where(AwardList.year == year)
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    if not frame.empty:
        frame["total"] = frame["total"].astype("int64")
    return frame


def my_awards(session: Session, *, actor: User) -> pd.DataFrame:
    """The actor's own awards on approved or locked lists."""
    rows = session.execute(
        select(AwardList.year, AwardForm.name_vi, AwardItem.achievement, AwardList.decision_no,
               AwardList.decision_date, AwardItem.amount)
        .join(AwardList, AwardList.id == AwardItem.list_id).join(AwardForm, AwardForm.id == AwardItem.award_form_id)
        .where(AwardItem.user_id == actor.id, AwardList.status.in_(FINAL))
        .order_by(AwardList.year.desc(), AwardList.decision_date.desc())).all()
    return pd.DataFrame(rows, columns=["year", "form", "achievement", "decision_no", "decision_date", "amount"])


def form_options(session: Session, on: dt.date, *, collective: bool | None = None) -> list[tuple[str, str]]:
    """(code, name) of the forms in force on `on`, optionally only those for collectives / individuals."""
    result = []
    for form in rules.forms_on(session, on):
        if collective is True and not form.allows_collective:
            continue
        if collective is False and not form.allows_individual:
            continue
        result.append((form.code, form.name_vi))
    return result


def unit_choices(session: Session, *, actor: User, action: str = "rewards.build") -> list[tuple[int | None, str]]:
    """Units the actor may use for `action` (tree order); (None, '') first when the grant is province-wide."""
    from ideas.accounts.units import unit_options

    ids = scope_unit_ids(session, actor, action)
    options = unit_options(session)
    if ids is None:
        return [(None, ""), *options] if can(session, actor, action) else []
    allowed = set(ids)
    return [(uid, label) for uid, label in options if uid in allowed]


def people_options(session: Session, *, actor: User, text: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """Active people in the actor's build scope, searched by folded name, for the add-person picker."""
    from ideas.core.text import fold

    ids = scope_unit_ids(session, actor, "rewards.build")
    if ids == []:
        return []
    query = (select(User.id, User.full_name, User.username, Unit.name).outerjoin(Unit, Unit.id == User.unit_id)
             .where(User.active.is_(True)).order_by(User.search_name).limit(limit))
    if ids is not None:
        query = query.where(User.unit_id.in_(ids))
    if text:
        needle = f"%{fold(text)}%"
        query = query.where(or_(User.search_name.like(needle), User.username.like(needle)))
    return [(uid, f"{name} ({username}, {unit or '-'})") for uid, name, username, unit in session.execute(query)]


def list_header(session: Session, *, actor: User, list_id: int) -> dict:
    """The heading fields of one list as plain data (for the page)."""
    award_list = get_list(session, list_id)
    if not can_view(session, actor, award_list):
        raise PermissionDenied(action="rewards.view")
    return {name: getattr(award_list, name) for name in (
        "id", "title", "year", "unit_id", "agency_name", "status", "decision_no", "decision_date", "signer",
        "signer_title", "rule_snapshot", "version", "approved_at")}
