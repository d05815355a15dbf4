"""A province reorganised mid-year: two communes and two departments merge on 1 July 2025 (issue 24).

Units (headcount), before 1 July 2025:     after:
    P  province (10)                        P
    ├── S1 department (40)  ─┐              ├── S12 department (60) = S1 + S2
    ├── S2 department (20)  ─┘              ├── H district (5)
    └── H  district (5)                     │   └── X3 commune (20)
        ├── X1 commune (10) ─┐              └── X12 commune (40) = X1 + X2, directly under the province
        ├── X2 commune (30) ─┘
        └── X3 commune (20)
People: s1a, s1b (S1), s2a (S2), x1a (X1), x2a, x2b (X2), x3a (X3), leader (P, province-wide).
Ideas of 2025 (all submitted, counted), by unit at the time:
    before the merge (decided, so they stay): S1 by s1a (10 March), S2 by s2a (10 April), X1 by x1a (1 May),
                                              X2 by x2a (1 June)
    after the merge:  S12 by s1b (1 September), X12 by x2b (1 October), X12 by x1a (1 November)
The merge is recorded through the reorganisation service (the mapping rows in MAPPING), as an administrator would.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ideas.accounts import reorganisation, units
from ideas.core.models import Idea, IdeaAuthor, Unit, User
from ideas.core.permissions import SYSTEM
from tests.support.factories.accounts import make_unit, make_user

MERGED_ON = dt.date(2025, 7, 1)
LEGAL_BASIS = "Nghị quyết 1234/NQ-UBTVQH15"
MAPPING = [  # old code, new code, kind, new name, new parent
    ("S1", "S12", "merge", "Sở Kế hoạch và Đầu tư", ""),
    ("S2", "S12", "merge", "Sở Kế hoạch và Đầu tư", ""),
    ("X1", "X12", "merge", "Xã Hợp Nhất", "P"),
    ("X2", "X12", "merge", "Xã Hợp Nhất", "P"),
]
BEFORE = [("S1", "s1a", "2025-03-10", "recognised"), ("S2", "s2a", "2025-04-10", "not_recognised"),
          ("X1", "x1a", "2025-05-01", "recognised"), ("X2", "x2a", "2025-06-01", "recognised")]
AFTER = [("S12", "s1b", "2025-09-01", "submitted"), ("X12", "x2b", "2025-10-01", "submitted"),
         ("X12", "x1a", "2025-11-01", "under_review")]


@dataclass
class Reorganised:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    ideas: dict[str, Idea] = field(default_factory=dict)
    applied: reorganisation.Applied | None = None


def mapping_csv() -> bytes:
    lines = [",".join(reorganisation.TEMPLATE_HEADERS)]
    lines += [",".join([old, new, kind, "01/07/2025", LEGAL_BASIS, name, parent])
              for old, new, kind, name, parent in MAPPING]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _idea(session: Session, world: Reorganised, unit: str, owner: str, day: str, status: str, key: str) -> Idea:
    idea = Idea(unit_id=world.units[unit].id, owner_id=world.users[owner].id, title=f"Sáng kiến {key}",
                status=status, submitted_at=dt.datetime.fromisoformat(day + "T03:00:00"))
    session.add(idea)
    session.flush()
    idea.authors.append(IdeaAuthor(user_id=world.users[owner].id, share=100, position=0))
    world.ideas[key] = idea
    return idea


def build_reorganised(session: Session, *, merge: bool = True) -> Reorganised:
    """The province above; with `merge=False` only its state before 1 July 2025 (the mapping not applied)."""
    w = Reorganised()
    P = make_unit(session, code="P", name="Tỉnh Hợp", kind="province", headcount=10)
    w.units["P"] = P
    for code, name, parent, kind, headcount in [
        ("S1", "Sở Kế hoạch", P, "department", 40), ("S2", "Sở Đầu tư", P, "department", 20),
        ("H", "Huyện Cũ", P, "district", 5)]:
        w.units[code] = make_unit(session, code=code, name=name, parent=parent, kind=kind, headcount=headcount)
    for code, name, headcount in [("X1", "Xã Một", 10), ("X2", "Xã Hai", 30), ("X3", "Xã Ba", 20)]:
        w.units[code] = make_unit(session, code=code, name=name, parent=w.units["H"], kind="commune",
                                  headcount=headcount)
    for key, unit in [("s1a", "S1"), ("s1b", "S1"), ("s2a", "S2"), ("x1a", "X1"), ("x2a", "X2"), ("x2b", "X2"),
                      ("x3a", "X3")]:
        w.users[key] = make_user(session, unit=w.units[unit], username=f"hist_{key}", password=None)
    w.users["leader"] = make_user(session, unit=P, username="hist_leader", password=None, roles=[("leader", None)])
    for n, (unit, owner, day, status) in enumerate(BEFORE, start=1):
        _idea(session, w, unit, owner, day, status, f"B{n}")
    session.flush()
    if not merge:
        return w
    w.applied = reorganisation.apply_mapping(session=session, actor=SYSTEM, data=mapping_csv(),
                                             filename="sap-xep-2025.csv")
    for code in ("S12", "X12"):
        w.units[code] = units.by_code(session, code)
    for n, (unit, owner, day, status) in enumerate(AFTER, start=1):
        _idea(session, w, unit, owner, day, status, f"A{n}")
    session.flush()
    return w
