"""Factories for the security tests: a two-district province with role holders at both scopes."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ideas.core import permissions
from ideas.core.models import Attachment, Idea, IdeaAuthor, Unit, User
from tests.support.factories.accounts import make_unit, make_user

_n = itertools.count(1)


@dataclass
class World:
    """Province P with districts A (commune A1) and B (commune B1).

    actors[(role, "province")] holds `role` province-wide; actors[(role, "district")] holds it over
    district A only; actors[("staff", ...)] is a plain member of district A. targets["A"] / ["B"] are
    plain accounts in communes A1 / B1 for account actions.
    """

    province: Unit
    district_a: Unit
    district_b: Unit
    commune_a: Unit
    commune_b: Unit
    actors: dict[tuple[str, str], User] = field(default_factory=dict)
    targets: dict[str, User] = field(default_factory=dict)

    def unit(self, side: str) -> Unit:
        return self.commune_a if side == "A" else self.commune_b


def build_world(session: Session) -> World:
    province = make_unit(session, kind="province")
    district_a = make_unit(session, parent=province, kind="district")
    district_b = make_unit(session, parent=province, kind="district")
    world = World(province, district_a, district_b, make_unit(session, parent=district_a, kind="commune"),
                  make_unit(session, parent=district_b, kind="commune"))
    for role in permissions.ROLES:
        if role == "staff":
            user = make_user(session, unit=district_a, password=None)
            world.actors[("staff", "province")] = world.actors[("staff", "district")] = user
            continue
        world.actors[(role, "province")] = make_user(session, unit=province, roles=[(role, None)],
                                                     password=None)
        world.actors[(role, "district")] = make_user(session, unit=district_a, roles=[(role, district_a)],
                                                     password=None)
    world.targets["A"] = make_user(session, unit=world.commune_a, password=None)
    world.targets["B"] = make_user(session, unit=world.commune_b, password=None)
    return world


def make_idea(session: Session, *, owner: User, unit: Unit | None = None, title: str | None = None,
              status: str = "draft", coauthors: tuple[User, ...] = (), attachment: bytes | None = None) -> Idea:
    """An idea row written directly (independent of the submission service), with optional authors."""
    n = next(_n)
    idea = Idea(unit_id=(unit.id if unit else owner.unit_id), owner_id=owner.id, title=title or f"Sáng kiến {n}",
                problem="Thủ tục rườm rà", essence="Số hoá hồ sơ", status=status,
                first_applied_on=dt.date(2026, 1, 15), hours_saved=12.5, vnd_saved=1_500_000)
    session.add(idea)
    session.flush()
    people = (owner, *coauthors)
    for position, person in enumerate(people):
        share = round(100 / len(people), 2) if position else 100 - round(100 / len(people), 2) * (len(people) - 1)
        session.add(IdeaAuthor(idea_id=idea.id, user_id=person.id, share=share, position=position))
    if attachment is not None:
        session.add(Attachment(idea_id=idea.id, filename=f"ho-so-{n}.pdf", mime="application/pdf",
                               size=len(attachment), sha256=hashlib.sha256(attachment).hexdigest(),
                               content=attachment, uploaded_by=owner.id))
    session.flush()
    return idea


@dataclass
class AreaFixtures:
    """Per side ("A"/"B"): ideas in each state, campaigns, a council, a comment and an award list."""

    submitted: dict[str, Idea] = field(default_factory=dict)
    draft: dict[str, Idea] = field(default_factory=dict)
    under_review: dict[str, Idea] = field(default_factory=dict)
    open_campaign: dict[str, object] = field(default_factory=dict)
    comment: dict[str, object] = field(default_factory=dict)
    award_list: dict[str, object] = field(default_factory=dict)


def build_areas(session: Session, world: World) -> AreaFixtures:
    from ideas.core.models import AwardList, Comment
    from tests.support.factories.review import make_campaign, make_council
    from tests.support.factories.review import make_idea as review_idea

    areas = AreaFixtures()
    for side in ("A", "B"):
        unit, owner = world.unit(side), world.targets[side]
        areas.open_campaign[side] = make_campaign(session, unit=unit)
        areas.submitted[side] = review_idea(session, campaign=areas.open_campaign[side], unit=unit, owner=owner)
        draft = review_idea(session, campaign=areas.open_campaign[side], unit=unit, owner=owner, status="draft")
        draft.receipt_no = draft.receipt_seq = draft.receipt_year = None
        draft.confidential_info = "Bí mật kỹ thuật"
        areas.draft[side] = draft
        review_campaign = make_campaign(session, unit=unit)
        make_council(session, campaign=review_campaign, unit=unit, reviewers=1)
        areas.under_review[side] = review_idea(session, campaign=review_campaign, unit=unit, owner=owner,
                                               status="under_review")
        areas.under_review[side].confidential_info = "Số liệu nội bộ"
        comment = Comment(idea_id=areas.submitted[side].id, author_id=owner.id, body="Bình luận")
        award_list = AwardList(title=f"Danh sách {side}", year=2026, unit_id=unit.id, status="submitted",
                               created_by=owner.id)
        session.add_all([comment, award_list])
        session.flush()
        areas.comment[side], areas.award_list[side] = comment, award_list
    return areas
