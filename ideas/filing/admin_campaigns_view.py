"""The campaigns page's view: the campaigns as formatted rows, each one's form values and council rules, the
forms' choices."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

from ideas.accounts import units
from ideas.core.i18n import fmt_date, t
from ideas.core.models import Campaign, User
from ideas.core.permissions import require
from ideas.core.words import SCOPES
from ideas.filing import campaigns, council_rules

COLUMNS = ("name", "year", "unit_name", "opens_on", "closes_on", "council", "rubric_name", "blind_review",
           "reviewers_per_idea", "active")


@dataclass(frozen=True)
class CampaignForm:
    """What the edit form starts from for one campaign."""

    label: str  # "name (year)"
    name: str
    year: int
    unit_id: int | None
    opens_on: dt.date
    closes_on: dt.date
    rubric_id: int | None
    blind_review: bool
    reviewers_per_idea: int | None
    active: bool
    council_rule_code: str | None = None
    council_level: str | None = None


@dataclass
class CampaignAdmin:
    """The campaigns admin page: the table in `lang` and the choices of its forms."""

    shown: pd.DataFrame  # COLUMNS, translated, formatted, no missing values
    campaigns: dict[int, CampaignForm]
    units: dict[int | None, str]  # None: the whole province
    rubrics: dict[int, str]
    free_allowed: bool
    rule_sets: dict[str | None, str]  # code -> name; None: the rules in force for the campaign's unit
    levels: dict[str | None, str]  # council level -> label; None: not said
    rules: dict[int, list[str]]  # campaign id -> its council rules as lines (name, ratios, levels, rounds, basis)
    # the scope a council level recognises -> label; None: no council at that level
    scopes: dict[str | None, str] = field(default_factory=dict)


def campaign_rules(session: Session, campaign: Campaign, lang: str, on: dt.date | None = None) -> list[str]:
    """The council rules a campaign follows on `on` (default today), as lines."""
    on = on or campaigns.today()
    return council_rules.describe(council_rules.for_campaign(session, campaign, on=on), campaign.council_level,
                                  on, lang)


def _id(value: object) -> int | None:
    return None if value is None or value != value else int(value)


def admin_campaigns_view(*, session: Session, actor: User, lang: str = "vi") -> CampaignAdmin:
    """Everything the campaigns page shows, for someone who manages campaigns somewhere."""
    require(session, actor, "campaigns.manage")
    table = campaigns.campaign_table(session)
    rows = {int(r.id): session.get(Campaign, int(r.id)) for r in table.itertuples()}
    forms = {int(r.id): CampaignForm(f"{r.name} ({r.year})", r.name, int(r.year), _id(r.unit_id), r.opens_on,
                                     r.closes_on, _id(r.rubric_id), bool(r.blind_review), _id(r.reviewers_per_idea),
                                     bool(r.active), rows[int(r.id)].council_rule_code,
                                     rows[int(r.id)].council_level)
             for r in table.itertuples()}
    rules = {cid: campaign_rules(session, campaign, lang) for cid, campaign in rows.items()}
    shown = table.assign(
        unit_name=[name if isinstance(name, str) else t("ideas.campaign.whole_province", lang)
                   for name in table.unit_name],
        rubric_name=[name if isinstance(name, str) else "" for name in table.rubric_name],
        opens_on=[fmt_date(d, lang) for d in table.opens_on], closes_on=[fmt_date(d, lang) for d in table.closes_on],
        council=[" · ".join(rules[int(cid)][:2]) for cid in table.id],
        reviewers_per_idea=[_id(n) or 0 for n in table.reviewers_per_idea])[list(COLUMNS)]
    return CampaignAdmin(shown=shown, campaigns=forms,
                         units={None: t("ideas.campaign.whole_province", lang), **dict(units.unit_options(session))},
                         rubrics=dict(campaigns.rubric_options(session)),
                         free_allowed=campaigns.free_suggestions_allowed(session),
                         rule_sets={None: t("councilrules.by_unit", lang), **dict(council_rules.options(session))},
                         levels={None: t("councilrules.level.none", lang),
                                 **{lv: t(f"councilrules.level.{lv}", lang) for lv in council_rules.COUNCIL_LEVELS
                                    if lv != "district"}},
                         rules=rules,
                         scopes={None: t("councilrules.no_council", lang),
                                 **{s: t(f"review.scope.{s}", lang) for s in SCOPES}})
