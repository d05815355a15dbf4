"""Award list headings and their one state machine: draft -> submitted -> approved -> locked.

Amounts shown on a draft use the rules in force on the (planned) decision date or today; approval
re-computes them with the rules in force on the decision date and snapshots those rules, after which
nothing changes them. Every move writes an award_list_history row and an audit row.
"""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from ideas.core import audit, clock, events
from ideas.core.errors import ConcurrentUpdate, NotFound, PermissionDenied, ValidationError
from ideas.core.i18n import t
from ideas.core.models import AwardForm, AwardList, AwardListHistory, Unit
from ideas.core.permissions import Actor, can, require, scope_unit_ids
from ideas.core.text import bounded, has_visible
from ideas.core.transitions import Move, StateMachine
from ideas.core.words import DECIDED_LIST_STATUSES, LIST_STATUSES
from ideas.rewards import rules

STATUSES = LIST_STATUSES
DRAFT, SUBMITTED, APPROVED, LOCKED = STATUSES
FINAL = DECIDED_LIST_STATUSES
# (from, to) -> the transition's name; nothing else is allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, SUBMITTED): "submit",
    (SUBMITTED, DRAFT): "return",
    (SUBMITTED, APPROVED): "approve",
    (APPROVED, LOCKED): "lock",
}


def _write_history(session: Session, award_list: AwardList, move: Move) -> AwardListHistory:
    entry = AwardListHistory(list_id=award_list.id, at=move.at, actor_id=move.actor.id if move.actor else None,
                             from_status=move.frm, to_status=move.to, reason=move.reason,
                             details=json.dumps(move.details, ensure_ascii=False, sort_keys=True, default=str))
    session.add(entry)
    return entry


MACHINE = StateMachine(entity="award_list", transitions=TRANSITIONS, write_history=_write_history)


def history(session: Session, list_id: int) -> list[AwardListHistory]:
    return list(session.scalars(select(AwardListHistory).where(AwardListHistory.list_id == list_id)
                                .order_by(AwardListHistory.at, AwardListHistory.id)))


# ---------------------------------------------------------------- helpers shared by the award modules


def get_list(session: Session, list_id: int) -> AwardList:
    award_list = session.get(AwardList, list_id)
    if award_list is None:
        raise NotFound("rewards.error.list_not_found", list_id=list_id)
    return award_list


def scope_of(session: Session, actor: Actor, action: str) -> list[int] | None:
    """The units `actor` may use for `action` (None = everywhere). `actor=None` is refused, never "everything"."""
    if actor is None:
        raise PermissionDenied(action=action)
    return scope_unit_ids(session, actor, action)


def require_over(session: Session, actor: Actor, action: str, unit_id: int | None) -> None:
    """A list of a unit needs the action over that unit; a province-wide list needs a province-wide grant."""
    if unit_id is not None:
        require(session, actor, action, unit_id=unit_id)
    elif scope_of(session, actor, action) is not None or not can(session, actor, action):
        raise PermissionDenied(action=action)


def checked_list(session: Session, actor: Actor, list_id: int, action: str,
                 expected_version: int | None) -> AwardList:
    """The list, after the permission over its unit and the optimistic version check."""
    award_list = get_list(session, list_id)
    require_over(session, actor, action, award_list.unit_id)
    if expected_version is not None and award_list.version != expected_version:
        raise ConcurrentUpdate()
    return award_list


def touch(session: Session, award_list: AwardList) -> None:
    """Bump the list's version (optimistic lock) even when only its items changed."""
    flag_modified(award_list, "title")
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConcurrentUpdate() from exc


def editable(award_list: AwardList) -> None:
    if award_list.status != DRAFT:
        raise ValidationError("rewards.error.not_draft")


def amount_date(award_list: AwardList) -> dt.date:
    return award_list.decision_date or clock.today()


def default_achievement(title: str) -> str:
    """The achievement text an author's item starts with (the document is in Vietnamese)."""
    return t("rewards.achievement.author", "vi", title=title)


# ---------------------------------------------------------------- lists

# field -> (label locale key, the column's length): longer text is refused with the field named, never cut
HEADING_FIELDS = {"title": ("rewards.lists.col.title", 500), "agency_name": ("rewards.lists.agency", 255),
                  "decision_no": ("rewards.col.decision_no", 60), "signer": ("rewards.lists.signer", 255),
                  "signer_title": ("rewards.lists.signer_title", 255)}


def _line(name: str, value: object) -> str:
    label, limit = HEADING_FIELDS[name]
    return bounded(value, field=label, max_chars=limit, line=True)


def create_list(*, session: Session, actor: Actor, title: str, year: int, unit_id: int | None,
                agency_name: str | None = None, signer_title: str | None = None) -> AwardList:
    """Start a draft award list for `unit_id` (None = province-wide)."""
    require_over(session, actor, "rewards.build", unit_id)
    title = _line("title", title)
    if not has_visible(title):
        raise ValidationError("rewards.error.title_required")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("rewards.error.year", year=year)
    if agency_name is None and unit_id is not None:
        unit = session.get(Unit, unit_id)
        agency_name = unit.name if unit else None
    award_list = AwardList(title=title, year=int(year), unit_id=unit_id,
                           agency_name=_line("agency_name", agency_name) or None,
                           signer_title=_line("signer_title", signer_title) or None, status=DRAFT,
                           created_by=actor.id)
    session.add(award_list)
    session.flush()
    audit.record(session=session, actor=actor, action="rewards.list_create", entity="award_list",
                 entity_id=award_list.id, details={"title": title, "year": year, "unit_id": unit_id})
    return award_list


def update_list(*, session: Session, actor: Actor, list_id: int, expected_version: int | None = None,
                title: str | None = None, agency_name: str | None = None, decision_no: str | None = None,
                decision_date: dt.date | None = None, signer: str | None = None,
                signer_title: str | None = None) -> AwardList:
    """Edit the heading fields of a draft list (planned decision data included)."""
    award_list = checked_list(session, actor, list_id, "rewards.build", expected_version)
    editable(award_list)
    if title is not None:
        if not has_visible(_line("title", title)):
            raise ValidationError("rewards.error.title_required")
        award_list.title = _line("title", title)
    for name, value in (("agency_name", agency_name), ("decision_no", decision_no), ("signer", signer),
                        ("signer_title", signer_title)):
        if value is not None:
            setattr(award_list, name, _line(name, value) or None)
    if decision_date is not None:
        award_list.decision_date = decision_date
        recompute(session, award_list)
    touch(session, award_list)
    audit.record(session=session, actor=actor, action="rewards.list_update", entity="award_list",
                 entity_id=award_list.id)
    return award_list


def _move(session: Session, actor: Actor, award_list: AwardList, to: str, **details: object) -> None:
    try:
        MACHINE.apply(session=session, record=award_list, to=to, actor=actor, **details)
    except StaleDataError as exc:
        raise ConcurrentUpdate() from exc


def submit_list(*, session: Session, actor: Actor, list_id: int, expected_version: int | None = None) -> AwardList:
    """Send a draft list for approval (it must have items)."""
    award_list = checked_list(session, actor, list_id, "rewards.build", expected_version)
    if not award_list.items:
        raise ValidationError("rewards.error.empty_list")
    _move(session, actor, award_list, SUBMITTED)
    return award_list


def return_list(*, session: Session, actor: Actor, list_id: int, expected_version: int | None = None) -> AwardList:
    """Send a submitted list back to draft for corrections."""
    award_list = checked_list(session, actor, list_id, "rewards.approve", expected_version)
    _move(session, actor, award_list, DRAFT)
    return award_list


def approve_list(*, session: Session, actor: Actor, list_id: int, decision_no: str, decision_date: dt.date,
                 signer: str, signer_title: str, expected_version: int | None = None) -> AwardList:
    """Approve with the decision's number, date and signer; amounts are re-computed and frozen."""
    award_list = checked_list(session, actor, list_id, "rewards.approve", expected_version)
    decision_no, signer = _line("decision_no", decision_no), _line("signer", signer)
    signer_title = _line("signer_title", signer_title)
    if not decision_no or not signer or not signer_title or decision_date is None:
        raise ValidationError("rewards.error.decision_required")
    MACHINE.check(award_list, APPROVED)
    award_list.decision_no, award_list.decision_date = decision_no, decision_date
    award_list.signer, award_list.signer_title = signer, signer_title
    codes = recompute(session, award_list)
    award_list.rule_snapshot = json.dumps(rules.snapshot(session, decision_date, codes), ensure_ascii=False,
                                          sort_keys=True)
    award_list.approved_at = clock.utcnow()
    total = sum(item.amount or 0 for item in award_list.items)
    _move(session, actor, award_list, APPROVED, decision_no=decision_no, decision_date=decision_date, total=total)
    events.award_list_approved(session, award_list)
    return award_list


def lock_list(*, session: Session, actor: Actor, list_id: int, expected_version: int | None = None) -> AwardList:
    """Lock an approved list for good (archived with the decision)."""
    award_list = checked_list(session, actor, list_id, "rewards.approve", expected_version)
    _move(session, actor, award_list, LOCKED)
    return award_list


def recompute(session: Session, award_list: AwardList) -> list[str]:
    """Re-price every item with the rules in force on the list's decision date; returns the codes used."""
    on = amount_date(award_list)
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
