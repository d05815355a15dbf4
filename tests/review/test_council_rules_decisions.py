"""A decision follows the council rules of its campaign (70% in a province that says so) and freezes them."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from ideas.core.errors import ValidationError
from ideas.core.models import CouncilMember
from ideas.filing import council_rules
from ideas.review import decisions, scoring
from ideas.tooling.demo_rules import BAC_NINH_2025
from tests.support.factories.accounts import make_unit, make_user
from tests.support.factories.review import full_scores, make_campaign, make_council, make_idea

DAY = dt.date(2026, 3, 2)


def _scored(session, *, unit, campaign):
    """An idea scored well by a council of six (chair, secretary, four members)."""
    council, people = make_council(session, campaign=campaign, unit=unit, reviewers=4)
    author = make_user(session, unit=unit, password=None)
    idea = make_idea(session, campaign=campaign, unit=unit, owner=author)
    chair = people["chair"][0]
    scoring.screen(session=session, actor=people["secretary"][0], idea_id=idea.id, accept=True)
    scoring.assign(session=session, actor=chair, idea_id=idea.id, mode="all")
    for reviewer in [chair, *people["member"]]:
        scoring.score(session=session, actor=reviewer, idea_id=idea.id, points=full_scores((25, 15, 25, 15)),
                      verdict="meets")
    assert len(session.scalars(select(CouncilMember).where(CouncilMember.council_id == council.id)).all()) == 6
    return idea, chair


@pytest.fixture
def bac_ninh(session):
    root = make_unit(session, code="BN", kind="province")
    commune = make_unit(session, code="BN.X", kind="commune", parent=root)
    admin = make_user(session, roles=[("admin", None)])
    council_rules.add_rule_set(session=session, actor=admin, unit_id=root.id, **BAC_NINH_2025)
    return commune, admin


def test_four_of_six_pass_under_two_thirds_but_not_under_seventy_percent(session, bac_ninh):
    commune, _ = bac_ninh
    elsewhere = make_unit(session, code="HN.X", kind="commune")
    national_idea, national_chair = _scored(session, unit=elsewhere, campaign=make_campaign(session, unit=elsewhere))
    decision = decisions.decide(session=session, actor=national_chair, idea_id=national_idea.id, number="1/QĐ",
                                decided_on=DAY, counts={"for": 4, "present": 6})
    assert decision.outcome == "recognised"
    assert json.loads(decision.rule_snapshot)["rule"]["council"]["code"] == "national"

    idea, chair = _scored(session, unit=commune, campaign=make_campaign(session, unit=commune))
    shown = decisions.preview(session, actor=chair, idea_id=idea.id, counts={"for": 4, "present": 6})
    assert not shown.passed and shown.evaluation.required_for == 5  # ceil(70% of 6)
    decision = decisions.decide(session=session, actor=chair, idea_id=idea.id, number="2/QĐ", decided_on=DAY,
                                counts={"for": 4, "present": 6}, reason="Chưa đủ 70% thành viên đồng ý")
    assert decision.outcome == "not_recognised"
    frozen = json.loads(decision.rule_snapshot)["rule"]
    assert frozen["approval_ratio"] == "7/10"
    assert frozen["council"]["code"] == "bac_ninh_2025" and frozen["council"]["effective_from"] == "2025-07-01"
    assert "Bắc Ninh" in frozen["council"]["legal_basis"]


def test_a_later_version_does_not_change_a_decision_taken(session, bac_ninh):
    commune, admin = bac_ninh
    idea, chair = _scored(session, unit=commune, campaign=make_campaign(session, unit=commune))
    decision = decisions.decide(session=session, actor=chair, idea_id=idea.id, number="3/QĐ", decided_on=DAY,
                                counts={"for": 5, "present": 6})
    council_rules.add_rule_set(session=session, actor=admin, unit_id=commune.id,
                               **{**BAC_NINH_2025, "code": "phu_lang", "approval_ratio": "100%",
                                  "effective_from": dt.date(2026, 4, 1)})
    session.refresh(decision)
    assert decision.outcome == "recognised"
    assert json.loads(decision.rule_snapshot)["rule"]["approval_ratio"] == "7/10"


def test_a_commune_council_recognises_at_unit_scope_only(session, bac_ninh):
    commune, _ = bac_ninh
    campaign = make_campaign(session, unit=commune)
    campaign.council_level = "commune"
    idea, chair = _scored(session, unit=commune, campaign=campaign)
    with pytest.raises(ValidationError) as caught:
        decisions.decide(session=session, actor=chair, idea_id=idea.id, number="4/QĐ", decided_on=DAY,
                         scope="provincial", counts={"for": 6, "present": 6})
    assert caught.value.key == "councilrules.error.scope_above_level"
    decision = decisions.decide(session=session, actor=chair, idea_id=idea.id, number="4/QĐ", decided_on=DAY,
                                counts={"for": 6, "present": 6})
    assert decision.scope == "unit"
    assert json.loads(decision.rule_snapshot)["rule"]["council"]["level"] == "commune"
