"""Factories for the rewards tests: recognised ideas with authors and decisions, award lists."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy.orm import Session

from ideas.core.models import AwardItem, AwardList, Decision, Idea, IdeaAuthor, StaffYearRating, Unit, User
from ideas.rewards import rules

_counter = itertools.count(1)


def make_recognised_idea(session: Session, *, authors: list[User], unit: Unit, title: str | None = None,
                         decided_on: dt.date = dt.date(2025, 6, 15), scope: str = "unit") -> Idea:
    """An idea already recognised by a council (status, authors, a Decision row)."""
    n = next(_counter)
    idea = Idea(unit_id=unit.id, owner_id=authors[0].id, title=title or f"Sáng kiến thử nghiệm số {n}",
                status="recognised", scope=scope, decided_at=dt.datetime.combine(decided_on, dt.time(9)))
    share = Decimal(100) / len(authors)
    for position, author in enumerate(authors):
        idea.authors.append(IdeaAuthor(user_id=author.id, share=share.quantize(Decimal("0.01")),
                                       position=position))
    session.add(idea)
    session.flush()
    session.add(Decision(idea_id=idea.id, number=f"{n}/QĐ-HĐSK", decided_on=decided_on, outcome="recognised",
                         scope=scope))
    session.flush()
    return idea


def make_rating(session: Session, *, user: User, year: int, task_rating: str | None = "excellent",
                advanced_worker: bool = True, research_accepted: bool = False) -> StaffYearRating:
    row = StaffYearRating(user_id=user.id, year=year, task_rating=task_rating, advanced_worker=advanced_worker,
                          research_accepted=research_accepted)
    session.add(row)
    session.flush()
    return row


def make_approved_title(session: Session, *, user: User, code: str, year: int) -> AwardItem:
    """A title held from an earlier approved list (as history for eligibility)."""
    on = dt.date(year, 12, 1)
    price = rules.compute_amount(session, code, max(on, dt.date(2024, 1, 1)))  # catalogue starts 2024
    award_list = AwardList(title=f"Danh hiệu năm {year}", year=year, unit_id=user.unit_id, status="approved",
                           decision_no=f"{next(_counter)}/QĐ-UBND", decision_date=on, signer="Lê Văn Ký",
                           signer_title="Chủ tịch UBND")
    item = AwardItem(recipient_kind="individual", user_id=user.id, unit_id=user.unit_id,
                     display_name=user.full_name, award_form_id=price.form_id, coefficient=price.coefficient,
                     base_salary=int(price.base_salary), multiplier=price.multiplier, amount=price.amount,
                     position=1)
    award_list.items.append(item)
    session.add(award_list)
    session.flush()
    return item
