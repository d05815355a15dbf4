"""Demo data for rewards: an approved 2025 award list (decision, signer, snapshotted amounts), a 2026 draft
built from the recognised initiatives in the database, and a few yearly ratings for the eligibility page."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.models import Decision, Idea, IdeaAuthor, RoleAssignment, StaffYearRating, Unit, User
from ideas.core.permissions import scope_unit_ids
from ideas.rewards import awards, issuing

SEED = 5
FALLBACK_TITLES = ["Sổ tay điện tử hướng dẫn thủ tục hộ tịch cho công chức cấp xã",
                   "Tra cứu tiến độ hồ sơ đất đai bằng tin nhắn"]


def _officer(session: Session, context: dict) -> tuple[User, int | None] | None:
    officers = (context.get("users_by_role") or {}).get("reward_officer") or []
    if not officers:
        officers = list(session.scalars(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                                        .where(RoleAssignment.role == "reward_officer").order_by(User.id)))
    for officer in officers:
        unit_id = session.scalar(select(RoleAssignment.unit_id).where(RoleAssignment.user_id == officer.id,
                                                                      RoleAssignment.role == "reward_officer"))
        return officer, unit_id
    return None


def _recognised(session: Session, year: int, scope: list[int] | None) -> list[tuple[int, int]]:
    """(idea_id, author user_id) of initiatives recognised in `year` whose authors are in scope."""
    query = (select(Idea.id, IdeaAuthor.user_id).join(IdeaAuthor, IdeaAuthor.idea_id == Idea.id)
             .join(Decision, Decision.idea_id == Idea.id).join(User, User.id == IdeaAuthor.user_id)
             .where(Idea.status == "recognised", Decision.outcome == "recognised",
                    Decision.decided_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
             .order_by(Idea.id, IdeaAuthor.position))
    if scope is not None:
        query = query.where(User.unit_id.in_(scope))
    return [(idea_id, user_id) for idea_id, user_id in session.execute(query)]


def _historical_ideas(session: Session, rng: random.Random, scope: list[int] | None, year: int) -> None:
    """Two initiatives recognised in `year` (recorded as history: they predate the platform)."""
    query = select(User).where(User.active.is_(True)).order_by(User.id)
    if scope is not None:
        query = query.where(User.unit_id.in_(scope))
    people = [u for u in session.scalars(query.limit(40)) if u.unit_id]
    if len(people) < 2:
        return
    for number, title in enumerate(FALLBACK_TITLES, start=1):
        author = rng.choice(people)
        decided = dt.date(year, 9, 10 + number)
        idea = Idea(unit_id=author.unit_id, owner_id=author.id, title=title, status="recognised",
                    scope="provincial" if number == 1 else "unit", application_status="applied",
                    decided_at=dt.datetime.combine(decided, dt.time(9)))
        idea.authors.append(IdeaAuthor(user_id=author.id, share=Decimal(100), position=0))
        session.add(idea)
        session.flush()
        session.add(Decision(idea_id=idea.id, unit_id=idea.unit_id, number=f"{30 + number}/QĐ-HĐSK", decided_on=decided,
                             outcome="recognised", scope=idea.scope,
                             reason=f"Ghi nhận từ hồ sơ năm {year} (trước khi dùng hệ thống)"))
    session.flush()


def seed(*, session: Session, context: dict) -> None:
    found = _officer(session, context)
    if found is None:
        return
    officer, unit_id = found
    rng = random.Random(SEED)
    scope = scope_unit_ids(session, officer, "rewards.build")
    unit = session.get(Unit, unit_id) if unit_id else None
    agency = unit.name if unit else "Ủy ban nhân dân tỉnh An Hòa"  # never the placeholder: issuing refuses it
    signer_title = f"Chủ tịch {agency}"

    # 2025: approved with a decision; amounts computed with the rules in force on 15/12/2025.
    pairs = _recognised(session, 2025, scope)
    if not pairs:
        _historical_ideas(session, rng, scope, 2025)
        pairs = _recognised(session, 2025, scope)
    approved = awards.create_list(session=session, actor=officer, year=2025, unit_id=unit_id, agency_name=agency,
                                  title="cá nhân, tập thể có sáng kiến được tặng Giấy khen năm 2025",
                                  signer_title=signer_title)
    seen: set[int] = set()
    for idea_id, user_id in pairs[:8]:
        if user_id in seen:
            continue
        seen.add(user_id)
        awards.add_individual(session=session, actor=officer, list_id=approved.id, user_id=user_id,
                              idea_id=idea_id, form_code="GIAY_KHEN")
    collective_unit = unit_id or session.scalar(select(Unit.id).where(Unit.level == 1).order_by(Unit.path).limit(1))
    if collective_unit is not None:
        awards.add_collective(session=session, actor=officer, list_id=approved.id, unit_id=collective_unit,
                              form_code="GIAY_KHEN",
                              achievement="Có phong trào sáng kiến cải cách hành chính tiêu biểu năm 2025")
    if approved.items:
        awards.submit_list(session=session, actor=officer, list_id=approved.id)
        issuing.approve_list(session=session, actor=officer, list_id=approved.id, decision_no="215/QĐ-UBND",
                             decision_date=dt.date(2025, 12, 15), signer="Nguyễn Văn Hùng",
                             signer_title=signer_title)  # as the page does: the annex PDF kept with the approval

    # 2026: a draft from this year's recognised initiatives (the review demo decides a few).
    draft = awards.create_list(session=session, actor=officer, year=2026, unit_id=unit_id, agency_name=agency,
                               title="cá nhân có sáng kiến được đề nghị khen thưởng năm 2026",
                               signer_title=signer_title)
    seen = set()
    for idea_id, user_id in _recognised(session, 2026, scope)[:6]:
        if user_id in seen:
            continue
        seen.add(user_id)
        awards.add_individual(session=session, actor=officer, list_id=draft.id, user_id=user_id,
                              idea_id=idea_id, form_code="GIAY_KHEN")

    # Ratings the officer entered for 2026 (what the data cannot know), for the eligibility page.
    people = sorted(seen | {uid for _, uid in pairs})
    for user_id in people:
        if session.scalar(select(StaffYearRating.id).where(StaffYearRating.user_id == user_id,
                                                           StaffYearRating.year == 2026)) is None:
            session.add(StaffYearRating(user_id=user_id, year=2026, entered_by=officer.id,
                                        task_rating=rng.choice(["excellent", "good", "excellent"]),
                                        advanced_worker=rng.random() < 0.8, research_accepted=rng.random() < 0.2))
    session.flush()
    context["rewards"] = {"approved_list": approved.id, "draft_list": draft.id}
