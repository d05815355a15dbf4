"""The campaigns page's view: the campaigns as formatted rows, each one's form values, the forms' choices."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.accounts import units
from ideas.core.i18n import fmt_date, t
from ideas.core.models import User
from ideas.core.permissions import require
from ideas.filing import campaigns

COLUMNS = ("name", "year", "unit_name", "opens_on", "closes_on", "rubric_name", "blind_review",
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


@dataclass
class CampaignAdmin:
    """The campaigns admin page: the table in `lang` and the choices of its forms."""

    shown: pd.DataFrame  # COLUMNS, translated, formatted, no missing values
    campaigns: dict[int, CampaignForm]
    units: dict[int | None, str]  # None: the whole province
    rubrics: dict[int, str]
    free_allowed: bool


def _id(value: object) -> int | None:
    return None if value is None or value != value else int(value)


def admin_campaigns_view(*, session: Session, actor: User, lang: str = "vi") -> CampaignAdmin:
    """Everything the campaigns page shows, for someone who manages campaigns somewhere."""
    require(session, actor, "campaigns.manage")
    table = campaigns.campaign_table(session)
    forms = {int(r.id): CampaignForm(f"{r.name} ({r.year})", r.name, int(r.year), _id(r.unit_id), r.opens_on,
                                     r.closes_on, _id(r.rubric_id), bool(r.blind_review), _id(r.reviewers_per_idea),
                                     bool(r.active))
             for r in table.itertuples()}
    shown = table.assign(
        unit_name=[name if isinstance(name, str) else t("ideas.campaign.whole_province", lang)
                   for name in table.unit_name],
        rubric_name=[name if isinstance(name, str) else "" for name in table.rubric_name],
        opens_on=[fmt_date(d, lang) for d in table.opens_on], closes_on=[fmt_date(d, lang) for d in table.closes_on],
        reviewers_per_idea=[_id(n) or 0 for n in table.reviewers_per_idea])[list(COLUMNS)]
    return CampaignAdmin(shown=shown, campaigns=forms,
                         units={None: t("ideas.campaign.whole_province", lang), **dict(units.unit_options(session))},
                         rubrics=dict(campaigns.rubric_options(session)),
                         free_allowed=campaigns.free_suggestions_allowed(session))
