"""The JSON shape of an initiative and of an award list: one place, used by the endpoints and the webhooks.

Only what the platform shows every signed-in colleague: never confidential information, drafts, personal
details beyond an author's name, unit and share. Dates are ISO 8601, times UTC with an offset, money integer VND.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.core.models import (
    AwardForm,
    AwardItem,
    AwardList,
    Certificate,
    Decision,
    Idea,
    IdeaAuthor,
    IdeaParField,
    Unit,
    User,
)
from ideas.core.words import BENEFITS, RECOGNISED


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """Dates as YYYY-MM-DD; stored (naive UTC) times as YYYY-MM-DDTHH:MM:SS+00:00."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC, microsecond=0).isoformat()
    return value.isoformat()


def number(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if isinstance(value, int) else float(value)


def _units(session: Session, ids: set[int | None]) -> dict[int, dict]:
    ids = {i for i in ids if i is not None}
    rows = session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(ids))).all() if ids else []
    return {row.id: {"id": row.id, "code": row.code, "name": row.name} for row in rows}


def initiatives(session: Session, ideas: list[Idea]) -> list[dict]:
    """Batch form: a fixed number of queries for a whole page of ideas."""
    ids = [idea.id for idea in ideas]
    units = _units(session, {idea.unit_id for idea in ideas})
    authors: dict[int, list[dict]] = {i: [] for i in ids}
    for row in session.execute(
            select(IdeaAuthor.idea_id, User.full_name, User.unit_id, IdeaAuthor.share)
            .join(User, User.id == IdeaAuthor.user_id)
            .where(IdeaAuthor.idea_id.in_(ids), IdeaAuthor.consent == "accepted")
            .order_by(IdeaAuthor.idea_id, IdeaAuthor.position, IdeaAuthor.id)):
        authors[row.idea_id].append({"name": row.full_name, "unit_id": row.unit_id, "share": number(row.share)})
    fields: dict[int, list[str]] = {i: [] for i in ids}
    for idea_id, code in session.execute(select(IdeaParField.idea_id, IdeaParField.par_code)
                                         .where(IdeaParField.idea_id.in_(ids)).order_by(IdeaParField.par_code)):
        fields[idea_id].append(code)
    decisions: dict[int, list[dict]] = {i: [] for i in ids}
    for decision, certificate in session.execute(
            select(Decision, Certificate.number).outerjoin(Certificate, Certificate.decision_id == Decision.id)
            .where(Decision.idea_id.in_(ids), Decision.outcome == RECOGNISED)
            .order_by(Decision.decided_on, Decision.id)):
        decisions[decision.idea_id].append({"number": decision.number, "decided_on": iso(decision.decided_on),
                                            "scope": decision.scope, "certificate_no": certificate})
    return [{
        "id": idea.id, "receipt_no": idea.receipt_no, "title": idea.title, "status": idea.status,
        "scope": idea.scope, "solution_type": idea.solution_type, "unit": units.get(idea.unit_id),
        "field_of_application": idea.field_of_application,
        **_withheld_or(idea), "first_applied_on": iso(idea.first_applied_on),
        "application_status": idea.application_status,
        "benefits": {name: number(getattr(idea, name)) for name in BENEFITS},
        "par_fields": fields[idea.id], "authors": authors[idea.id], "support_count": idea.support_count,
        "submitted_at": iso(idea.submitted_at), "decided_at": iso(idea.decided_at),
        "decisions": decisions[idea.id],
    } for idea in ideas]


WITHHELD = ("essence", "conditions")  # what the public registry leaves out when confidential information exists


def _withheld_or(idea: Idea) -> dict:
    """Essence and conditions, or None for both when the initiative declares confidential information: the
    registry leaves such initiatives out because their text is searchable, and the API withholds the same
    text (`withheld` names the fields, so a receiver knows they exist)."""
    if idea.confidential_info:
        return {"essence": None, "conditions": None, "withheld": list(WITHHELD)}
    return {"essence": idea.essence, "conditions": idea.conditions, "withheld": []}


def initiative(session: Session, idea: Idea) -> dict:
    return initiatives(session, [idea])[0]


def award_lists(session: Session, lists: list[AwardList]) -> list[dict]:
    """Summaries: the decision and the total, no items."""
    ids = [award_list.id for award_list in lists]
    units = _units(session, {award_list.unit_id for award_list in lists})
    totals = dict(session.execute(select(AwardItem.list_id, func.count()).where(AwardItem.list_id.in_(ids))
                                  .group_by(AwardItem.list_id)).all()) if ids else {}
    sums = dict(session.execute(select(AwardItem.list_id, func.coalesce(func.sum(AwardItem.amount), 0))
                                .where(AwardItem.list_id.in_(ids)).group_by(AwardItem.list_id)).all()) if ids else {}
    return [{
        "id": award_list.id, "title": award_list.title, "year": award_list.year, "status": award_list.status,
        "unit": units.get(award_list.unit_id), "agency_name": award_list.agency_name,
        "decision_no": award_list.decision_no, "decision_date": iso(award_list.decision_date),
        "signer": award_list.signer, "signer_title": award_list.signer_title,
        "approved_at": iso(award_list.approved_at), "item_count": int(totals.get(award_list.id, 0)),
        "total_amount": int(sums.get(award_list.id, 0)), "currency": "VND",
    } for award_list in lists]


def award_list(session: Session, award_list: AwardList) -> dict:
    """The summary plus every item with its amount (integer VND) and the rule values that priced it."""
    data = award_lists(session, [award_list])[0]
    rows = session.execute(select(AwardItem, AwardForm).join(AwardForm, AwardForm.id == AwardItem.award_form_id)
                           .where(AwardItem.list_id == award_list.id)
                           .order_by(AwardItem.position, AwardItem.id)).all()
    units = _units(session, {item.unit_id for item, _ in rows})
    data["items"] = [{
        "id": item.id, "position": item.position, "recipient_kind": item.recipient_kind,
        "name": item.display_name, "position_unit": item.position_unit, "unit": units.get(item.unit_id),
        "initiative_id": item.idea_id,
        "award_form": {"code": form.code, "name_vi": form.name_vi, "name_en": form.name_en},
        "coefficient": number(item.coefficient), "base_salary": number(item.base_salary),
        "multiplier": number(item.multiplier), "amount": number(item.amount),
    } for item, form in rows]
    return data
