"""The pass rule of a campaign: its values over the defaults, and each check applied to one idea's figures.

Default (DOMAIN.md, Circular 18/2013 Art. 8): mean >= 50, novelty mean > 0, votes for >= 2/3 of the council
members who sit for the idea, and a quorum of 2/3 of them present (quorum is our default). The council rule
set the campaign follows (filing.council_rules: a province's 70%, its quorum) replaces the approval and quorum
ratios and is carried under "council" so that a decision freezes it; a campaign's pass_rule JSON overrides any
value.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.orm import Session

from ideas.core.models import Campaign
from ideas.filing import council_rules

DEFAULT_PASS_RULE = {
    "min_mean": 50,
    "novelty_min_exclusive": 0,
    "approval_ratio": "2/3",
    "quorum_ratio": "2/3",
    "disagreement_range": 20,
    "disagreement_std": 10,
}


def pass_rule(campaign: Campaign | None, session: Session | None = None, *, on: dt.date | None = None) -> dict:
    """The campaign's pass rule: defaults, then its council rule set in force on `on` (given a session), then
    the campaign's own overrides."""
    rule = dict(DEFAULT_PASS_RULE)
    found = council_rules.for_campaign(session, campaign, on=on) if session is not None else None
    if found is not None:
        rule.update(approval_ratio=found.approval_ratio, quorum_ratio=found.quorum_ratio,
                    council=found.snapshot(campaign.council_level))
    if campaign is not None and campaign.pass_rule:
        try:
            rule.update(json.loads(campaign.pass_rule) or {})
        except ValueError:
            pass
    return rule


@dataclass
class Evaluation:
    passed: bool
    checks: dict[str, bool]
    required_for: int
    required_present: int
    values: dict = field(default_factory=dict)


def evaluate(rule: dict, *, mean: float | None, novelty_mean: float | None, votes_for: int,
             members_total: int, members_present: int) -> Evaluation:
    """Apply a pass rule to the figures of one idea; each check is reported separately."""
    approval = Fraction(str(rule["approval_ratio"]))
    quorum = Fraction(str(rule["quorum_ratio"]))
    required_for = math.ceil(approval * members_total)
    required_present = math.ceil(quorum * members_total)
    checks = {
        "mean": mean is not None and Decimal(str(mean)) >= Decimal(str(rule["min_mean"])),
        "novelty": novelty_mean is not None
        and Decimal(str(novelty_mean)) > Decimal(str(rule["novelty_min_exclusive"])),
        "quorum": members_total > 0 and members_present >= required_present,
        "approval": members_total > 0 and votes_for >= required_for,
    }
    values = {"mean": mean, "novelty_mean": novelty_mean, "votes_for": votes_for, "members_total": members_total,
              "members_present": members_present, "required_for": required_for,
              "required_present": required_present}
    return Evaluation(all(checks.values()), checks, required_for, required_present, values)
