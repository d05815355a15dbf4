"""Items of a draft award list: individuals (authors or anyone in scope) and collectives, one or many at once."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import ConcurrentUpdate, DomainError, NotFound, ValidationError
from ideas.core.models import AwardForm, AwardItem, AwardList, Idea, Unit, User
from ideas.core.permissions import Actor, require
from ideas.core.text import bounded
from ideas.filing.merging import refuse_merged
from ideas.rewards import ended_units, rules
from ideas.rewards.awards.lists import amount_date, checked_list, default_achievement, editable, touch


@dataclass
class AddResult:
    item: AwardItem
    warnings: list[tuple[str, dict]] = field(default_factory=list)  # (locale key, params)


@dataclass(frozen=True)
class BulkLine:
    """What happened to one requested author: added (with warnings) or skipped (with the reason)."""

    user_id: int
    idea_id: int
    name: str
    added: bool
    message: tuple[str, dict]  # (locale key, params): the reason for a skip, else a warning or "added"


def _text(value: object, field: str, limit: int, *, line: bool = True) -> str | None:
    return bounded(value, field=field, max_chars=limit, line=line) or None


ACHIEVEMENT_CHARS = 4000  # a paragraph of the decision annex


def _form_for(session: Session, award_list: AwardList, code: str, collective: bool) -> tuple[rules.Amount, AwardForm]:
    price = rules.compute_amount(session, code, amount_date(award_list), collective=collective)
    form = session.get(AwardForm, price.form_id)
    if collective and not form.allows_collective:
        raise ValidationError("rewards.error.form_not_collective", code=form.name_vi)
    if not collective and not form.allows_individual:
        raise ValidationError("rewards.error.form_not_individual", code=form.name_vi)
    return price, form


def _same_form(code: str, list_clause):
    return (select(AwardItem.id).join(AwardForm, AwardForm.id == AwardItem.award_form_id)
            .join(AwardList, AwardList.id == AwardItem.list_id)
            .where(AwardForm.code == code, list_clause))


def _append(session: Session, actor: Actor, award_list: AwardList, price: rules.Amount, **values: object) -> AwardItem:
    """Price and append one item, bump the list's version and audit it."""
    item = AwardItem(list_id=award_list.id, award_form_id=price.form_id, coefficient=price.coefficient,
                     base_salary=int(price.base_salary), multiplier=price.multiplier, amount=price.amount,
                     position=max((i.position for i in award_list.items), default=0) + 1, **values)
    award_list.items.append(item)
    touch(session, award_list)
    who = {"user_id": values["user_id"]} if values.get("user_id") else {"unit_id": values["unit_id"]}
    audit.record(session=session, actor=actor, action="rewards.item_add", entity="award_list",
                 entity_id=award_list.id, details={**who, "form": price.code, "amount": price.amount})
    return item


def _add_person(session: Session, actor: Actor, award_list: AwardList, *, user_id: int, form_code: str,
                idea_id: int | None, achievement: str | None, position_unit: str | None) -> AddResult:
    editable(award_list)
    person = session.get(User, user_id)
    if person is None:
        raise NotFound("rewards.error.person_not_found", user_id=user_id)
    if award_list.unit_id is not None and person.unit_id is not None:
        require(session, actor, "rewards.build", unit_id=person.unit_id)
    price, form = _form_for(session, award_list, form_code, collective=False)
    if session.scalar(_same_form(form_code, AwardList.id == award_list.id).where(AwardItem.user_id == user_id)):
        raise ValidationError("rewards.error.duplicate_form", name=person.full_name, form=form.name_vi)
    idea = None
    if idea_id is not None:
        idea = session.get(Idea, idea_id)
        if idea is None:
            raise NotFound("rewards.error.idea_not_found", idea_id=idea_id)
        refuse_merged(idea)
    text = _text(achievement, "rewards.col.achievement", ACHIEVEMENT_CHARS, line=False) or (
        default_achievement(idea.title) if idea else "")
    # The unit at the time of the achievement: the person's unit on the day the idea was filed (a closed
    # membership when a reorganisation has moved them since), else their unit now; an ended unit is printed with
    # its current successor (ended_units).
    unit_then = ended_units.unit_at_achievement(session, person, idea)
    if position_unit is None:
        position_unit = ", ".join(p for p in (person.position, ended_units.paper_unit_name(session, unit_then)) if p)
    item = _append(session, actor, award_list, price, recipient_kind="individual", user_id=person.id,
                   unit_id=unit_then, display_name=person.full_name,
                   position_unit=_text(position_unit, "rewards.col.position_unit", 500), achievement=text or None,
                   idea_id=idea_id)
    other = session.scalar(
        _same_form(form_code, and_(AwardList.id != award_list.id, AwardList.year == award_list.year))
        .where(AwardItem.user_id == user_id).with_only_columns(AwardList.title).limit(1))
    warnings = [("rewards.warning.already_awarded", {"name": person.full_name, "form": form.name_vi,
                                                     "year": award_list.year, "list": other})] if other else []
    return AddResult(item, warnings)


def add_individual(*, session: Session, actor: Actor, list_id: int, user_id: int, form_code: str,
                   idea_id: int | None = None, achievement: str | None = None, position_unit: str | None = None,
                   expected_version: int | None = None) -> AddResult:
    """Add a person with an award form; refused if they already have that form in this list."""
    award_list = checked_list(session, actor, list_id, "rewards.build", expected_version)
    return _add_person(session, actor, award_list, user_id=user_id, form_code=form_code, idea_id=idea_id,
                       achievement=achievement, position_unit=position_unit)


def add_authors(*, session: Session, actor: Actor, list_id: int, form_code: str, authors: list[tuple[int, int]],
                expected_version: int | None = None) -> list[BulkLine]:
    """Add many (user_id, idea_id) authors with one form in one transaction; who cannot be added is skipped.

    A skip never stops the others; the result says, for each requested author, what happened and why.
    """
    award_list = checked_list(session, actor, list_id, "rewards.build", expected_version)
    editable(award_list)
    if not authors:
        raise ValidationError("rewards.error.no_authors_selected")
    rules.compute_amount(session, form_code, amount_date(award_list))  # an unknown form refuses the whole action
    names = dict(session.execute(select(User.id, User.full_name)
                                 .where(User.id.in_({user_id for user_id, _ in authors}))).all())
    lines, seen = [], set()
    for user_id, idea_id in authors:
        name = names.get(user_id, str(user_id))
        if (user_id, idea_id) in seen:
            continue
        seen.add((user_id, idea_id))
        try:
            result = _add_person(session, actor, award_list, user_id=user_id, form_code=form_code, idea_id=idea_id,
                                 achievement=None, position_unit=None)
        except ConcurrentUpdate:
            raise
        except DomainError as error:  # every check runs before anything is written for this author
            lines.append(BulkLine(user_id, idea_id, name, False, (error.key, dict(error.params))))
            continue
        message = result.warnings[0] if result.warnings else ("rewards.bulk.added", {"name": name})
        lines.append(BulkLine(user_id, idea_id, name, True, message))
    return lines


def add_collective(*, session: Session, actor: Actor, list_id: int, unit_id: int, form_code: str,
                   achievement: str | None = None, display_name: str | None = None,
                   expected_version: int | None = None) -> AddResult:
    """Add a unit (tập thể) with a collective award form (x the collective multiplier)."""
    award_list = checked_list(session, actor, list_id, "rewards.build", expected_version)
    editable(award_list)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("units.error.not_found", unit=unit_id)
    require(session, actor, "rewards.build", unit_id=unit.id)
    ended_units.refuse_ended(session, unit, amount_date(award_list))
    price, form = _form_for(session, award_list, form_code, collective=True)
    if session.scalar(_same_form(form_code, AwardList.id == award_list.id)
                      .where(AwardItem.unit_id == unit_id, AwardItem.recipient_kind == "collective")):
        raise ValidationError("rewards.error.duplicate_form", name=unit.name, form=form.name_vi)
    item = _append(session, actor, award_list, price, recipient_kind="collective", user_id=None, unit_id=unit.id,
                   display_name=_text(display_name, "rewards.col.name", 255) or unit.name, position_unit=None,
                   achievement=_text(achievement, "rewards.col.achievement", ACHIEVEMENT_CHARS, line=False),
                   idea_id=None)
    return AddResult(item, [])


def _item_on_draft(session: Session, actor: Actor, item_id: int, expected_version: int | None) -> AwardItem:
    item = session.get(AwardItem, item_id)
    if item is None:
        raise NotFound("rewards.error.item_not_found", item_id=item_id)
    checked_list(session, actor, item.list_id, "rewards.build", expected_version)
    editable(item.award_list)
    return item


def update_item(*, session: Session, actor: Actor, item_id: int, achievement: str | None = None,
                position_unit: str | None = None, display_name: str | None = None,
                expected_version: int | None = None) -> AwardItem:
    """Edit the texts of an item on a draft list."""
    item = _item_on_draft(session, actor, item_id, expected_version)
    if achievement is not None:
        item.achievement = _text(achievement, "rewards.col.achievement", ACHIEVEMENT_CHARS, line=False)
    if position_unit is not None:
        item.position_unit = _text(position_unit, "rewards.col.position_unit", 500)
    if display_name is not None and _text(display_name, "rewards.col.name", 255):
        item.display_name = _text(display_name, "rewards.col.name", 255)
    touch(session, item.award_list)
    audit.record(session=session, actor=actor, action="rewards.item_update", entity="award_list",
                 entity_id=item.list_id, details={"item_id": item_id})
    return item


def remove_item(*, session: Session, actor: Actor, item_id: int, expected_version: int | None = None) -> None:
    """Remove an item from a draft list."""
    item = _item_on_draft(session, actor, item_id, expected_version)
    award_list = item.award_list
    award_list.items.remove(item)
    touch(session, award_list)
    audit.record(session=session, actor=actor, action="rewards.item_remove", entity="award_list",
                 entity_id=award_list.id, details={"item_id": item_id, "name": item.display_name})
