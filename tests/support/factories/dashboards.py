"""A small hand-built province for dashboard tests; the expected numbers are worked out in the tests.

Units (headcount):  P province (5)
                    ├── A department (20)
                    └── D district (30)
                        ├── C1 commune (10)
                        └── C2 commune (10)
Ideas (2026 unless said): see IDEAS below; I3 is a draft and I12 was withdrawn before submission.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.models import (
    AwardForm,
    AwardItem,
    AwardList,
    Decision,
    Idea,
    IdeaAuthor,
    IdeaParField,
    Replication,
    ReviewAssignment,
    ScoreSheet,
    Support,
    Unit,
    User,
)
from tests.support.factories.accounts import PASSWORD, make_unit, make_user

TODAY = dt.date(2026, 6, 30)


@dataclass
class Province:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    ideas: dict[str, Idea] = field(default_factory=dict)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text + "T09:00:00")


# key: unit, owner, status, submitted, accepted, due, co-authors, PAR fields, benefits
IDEAS = [
    ("I1", "A", "a1", "recognised", "2026-01-10", "2026-01-15", "2026-04-15", ["a2"], ["PAR3", "PAR7"],
     {"hours_saved": Decimal(100), "vnd_saved": 5_000_000, "reports_cut": 2}),
    ("I2", "A", "a1", "under_review", "2026-02-05", "2026-02-10", "2026-05-10", [], ["PAR3"],
     {"hours_saved": Decimal(7)}),
    ("I3", "A", "a2", "draft", None, None, None, [], ["PAR3"], {"hours_saved": Decimal(999)}),
    ("I4", "D", "d1", "recognised", "2026-01-20", "2026-01-25", "2026-04-25", [], ["PAR2"],
     {"hours_saved": Decimal(50), "reports_cut": 3}),
    ("I5", "C1", "c1", "submitted", "2026-03-03", None, None, ["d1"], ["PAR7"], {"reports_cut": 1}),
    ("I6", "C1", "c1", "not_recognised", "2026-03-15", "2026-03-20", "2026-06-20", [], [], {}),
    ("I7", "C2", "c2", "returned", "2026-04-01", None, None, [], [], {}),
    ("I8", "C2", "c2", "withdrawn", "2026-04-02", None, None, [], [], {}),
    ("I9", "P", "p1", "recognised", "2026-02-10", "2026-02-11", "2026-05-11", [], ["PAR1"],
     {"hours_saved": Decimal(10), "vnd_saved": 1_000_000}),
    ("I10", "D", "d1", "recognised", "2025-06-10", "2025-06-12", "2025-09-12", [], ["PAR2"], {}),
    ("I11", "A", "a1", "not_recognised", "2025-11-05", "2025-11-06", "2026-02-06", [], [], {}),
    ("I12", "C2", "c2", "withdrawn", None, None, None, [], [], {}),
]


def build_province(session: Session, *, logins: bool = False) -> Province:
    """Create the units, people, ideas, supports, decisions, reviews, award lists and replications.

    Only with `logins` do the leader, admin, secretary and staff get a password (hashing is slow).
    """
    password = PASSWORD if logins else None
    p = Province()
    P = make_unit(session, code="P", name="Tỉnh Mẫu", kind="province", headcount=5)
    A = make_unit(session, code="A", name="Sở A", parent=P, headcount=20)
    D = make_unit(session, code="D", name="Huyện D", kind="district", parent=P, headcount=30)
    C1 = make_unit(session, code="C1", name="Xã C1", kind="commune", parent=D, headcount=10)
    C2 = make_unit(session, code="C2", name="Xã C2", kind="commune", parent=D, headcount=10)
    p.units = {"P": P, "A": A, "D": D, "C1": C1, "C2": C2}
    for key, unit in [("a1", A), ("a2", A), ("d1", D), ("c1", C1), ("c2", C2), ("p1", P), ("r1", P),
                      ("r2", P), ("staff", A)]:
        p.users[key] = make_user(session, unit=unit, username=f"rep_{key}",
                                 password=password if key == "staff" else None)
    p.users["leader"] = make_user(session, unit=P, username="rep_leader", password=password, roles=[("leader", None)])
    p.users["admin"] = make_user(session, unit=P, username="rep_admin", password=password, roles=[("admin", None)])
    p.users["sec_d"] = make_user(session, unit=D, username="rep_sec_d", password=password, roles=[("secretary", D)])
    session.flush()

    for key, unit, owner, status, submitted, accepted, due, coauthors, fields, benefits in IDEAS:
        idea = Idea(unit_id=p.units[unit].id, owner_id=p.users[owner].id, title=f"Sáng kiến {key}",
                    status=status, submitted_at=ts(submitted) if submitted else None,
                    accepted_at=ts(accepted) if accepted else None, decision_due_on=d(due) if due else None,
                    **benefits)
        session.add(idea)
        session.flush()
        idea.authors.append(IdeaAuthor(user_id=p.users[owner].id, share=Decimal(100 - 10 * len(coauthors)),
                                       position=0))
        for position, other in enumerate(coauthors, start=1):
            idea.authors.append(IdeaAuthor(user_id=p.users[other].id, share=Decimal(10), position=position))
        for code in fields:
            session.add(IdeaParField(idea_id=idea.id, par_code=code))
        p.ideas[key] = idea
    session.flush()
    ideas, users, units = p.ideas, p.users, p.units

    for idea_key, user_key in [("I1", "d1"), ("I1", "c1"), ("I2", "a2"), ("I6", "a1"), ("I3", "c2")]:
        session.add(Support(idea_id=ideas[idea_key].id, user_id=users[user_key].id))
        ideas[idea_key].support_count += 1  # the counter the supports service keeps

    for n, (idea_key, outcome, on) in enumerate([
        ("I1", "recognised", "2026-03-01"), ("I4", "recognised", "2026-05-05"),
        ("I6", "not_recognised", "2026-06-01"), ("I9", "recognised", "2026-04-01"),
        ("I10", "recognised", "2025-08-01"), ("I11", "not_recognised", "2026-01-20"),
    ], start=1):
        session.add(Decision(idea_id=ideas[idea_key].id, number=f"{n}/QĐ-HĐSK", decided_on=d(on),
                             outcome=outcome, scope="unit" if outcome == "recognised" else None))

    for idea_key, reviewer, due, scored in [("I2", "r1", "2026-03-10", None),
                                             ("I2", "r2", "2026-03-10", "2026-03-15"),
                                             ("I1", "r1", "2026-02-20", "2026-02-18"),
                                             ("I6", "r2", "2026-04-30", "2026-04-20")]:
        session.add(ReviewAssignment(idea_id=ideas[idea_key].id, reviewer_id=users[reviewer].id,
                                     due_on=d(due), status="active"))
        if scored:
            session.add(ScoreSheet(idea_id=ideas[idea_key].id, reviewer_id=users[reviewer].id,
                                   total=Decimal(70), verdict="meets", submitted_at=ts(scored)))

    session.add(Replication(idea_id=ideas["I1"].id, unit_id=units["D"].id, applied_on=d("2026-05-01")))
    session.add(Replication(idea_id=ideas["I4"].id, unit_id=units["D"].id, applied_on=d("2026-05-10")))

    forms = {f.code: f for f in session.scalars(select(AwardForm).where(AwardForm.effective_to.is_(None)))}
    for title, status, decided, items in [
        ("DS 1", "approved", "2026-03-31", [("I1", "a1", "CSTD_CS", 2_340_000), ("I1", "a2", "GIAY_KHEN", 710_000)]),
        ("DS 2", "locked", "2026-06-03", [("I4", "d1", "CSTD_CS", 2_340_000)]),
        ("DS 3", "draft", None, [("I9", "p1", "GIAY_KHEN", 710_000)]),
    ]:
        award_list = AwardList(title=title, year=2026, status=status, decision_date=d(decided) if decided else None)
        for position, (idea_key, user_key, form, amount) in enumerate(items):
            award_list.items.append(AwardItem(
                user_id=users[user_key].id, unit_id=users[user_key].unit_id, display_name=users[user_key].full_name,
                idea_id=ideas[idea_key].id, award_form_id=forms[form].id, amount=amount, position=position))
        session.add(award_list)
    session.flush()
    return p
