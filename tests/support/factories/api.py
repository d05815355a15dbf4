"""A small province for the API tests: two districts, recognised initiatives and approved award lists in each."""
from __future__ import annotations

import datetime as dt

from ideas.api import tokens
from ideas.core.permissions import SYSTEM
from ideas.rewards import awards
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.rewards import make_recognised_idea


def build_province(session) -> dict:
    province = make_unit(session, kind="province", name="UBND tỉnh", headcount=10)
    east = make_unit(session, parent=province, kind="district", name="UBND huyện Đông", headcount=40)
    commune = make_unit(session, parent=east, kind="commune", name="UBND xã Đông Hòa", headcount=20)
    west = make_unit(session, parent=province, kind="district", name="UBND huyện Tây", headcount=30)
    admin = make_user(session, unit=province, roles=[("admin", None)], full_name="Quản Trị Tỉnh")
    officer = make_user(session, unit=province, roles=[("reward_officer", None)], full_name="Trần Thị Thi Đua")
    east_author = make_user(session, unit=commune, full_name="Phạm Văn Đông")
    west_author = make_user(session, unit=west, full_name="Lê Thị Tây")
    east_ideas = [make_recognised_idea(session, authors=[east_author], unit=unit, decided_on=dt.date(2025, 6, n + 1),
                                       title=f"Sáng kiến Đông {n}")
                  for n, unit in enumerate([east, commune, commune, east, commune])]
    east_ideas[0].confidential_info = "BÍ MẬT: quy trình nội bộ"
    east_ideas[0].vnd_saved = 12_500_000
    west_idea = make_recognised_idea(session, authors=[west_author], unit=west, decided_on=dt.date(2024, 3, 1),
                                     title="Sáng kiến Tây", scope="provincial")
    lists = {}
    for key, unit, author, idea in (("east", east, east_author, east_ideas[0]),
                                     ("west", west, west_author, west_idea)):
        award_list = awards.create_list(session=session, actor=officer, title=f"Khen thưởng {unit.name}",
                                        year=2025, unit_id=unit.id)
        awards.add_individual(session=session, actor=officer, list_id=award_list.id, user_id=author.id,
                              form_code="GIAY_KHEN", idea_id=idea.id)
        awards.submit_list(session=session, actor=officer, list_id=award_list.id)
        awards.approve_list(session=session, actor=officer, list_id=award_list.id, decision_no=f"15/QĐ-{key}",
                            decision_date=dt.date(2025, 8, 5), signer="Lê Văn Ký", signer_title="Chủ tịch")
        lists[key] = award_list
    draft = awards.create_list(session=session, actor=officer, title="Dự thảo", year=2025, unit_id=east.id)
    return {"province": province, "east": east, "commune": commune, "west": west, "admin": admin,
            "officer": officer, "east_ideas": east_ideas, "west_idea": west_idea, "lists": lists, "draft": draft,
            "east_author": east_author}


def make_token(session, *, units=None, rate: int = 600, name: str = "Cổng dịch vụ công") -> str:
    return tokens.create_token(session=session, actor=SYSTEM, name=name,
                               unit_ids=[u.id for u in units] if units else None, rate_per_minute=rate)[1]
