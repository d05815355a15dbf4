"""Ideas and their quantified benefits by PAR field and by unit."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ideas.core.models import Idea, IdeaParField, ParField
from ideas.core.permissions import Actor
from ideas.core.words import BENEFITS
from ideas.dashboards.reports.scope import (
    TODAY,
    UNIT_KEY,
    frame_of,
    idea_conditions,
    labelled,
    resolve_scope,
    rollup,
)
from ideas.filing.lifecycle import RECOGNISED


def _field_names(session: Session, lang: str) -> pd.DataFrame:
    name = ParField.name_vi if lang == "vi" else ParField.name_en
    return frame_of(session, select(ParField.code, name, ParField.position).order_by(ParField.position),
                  ["field", "field_name", "position"])


def par_fields(*, session: Session, actor: Actor, year: int | None = None, campaign_id: int | None = None,
               unit_id: int | None = None, lang: str = "vi", structure: str = TODAY) -> pd.DataFrame:
    """Ideas and recognised ideas per PAR field (an idea tagged with two fields counts in both)."""
    scope = resolve_scope(session, actor, unit_id, structure=structure)
    counts = frame_of(session, select(
        IdeaParField.par_code, func.count(), func.sum(case((Idea.status == RECOGNISED, 1), else_=0)))
        .join(Idea, Idea.id == IdeaParField.idea_id).where(*idea_conditions(scope, year, campaign_id))
        .group_by(IdeaParField.par_code), ["field", "ideas", "recognised"])
    out = _field_names(session, lang).merge(counts, on="field", how="left").fillna({"ideas": 0, "recognised": 0})
    return out.astype({"ideas": int, "recognised": int}).drop(columns="position")


def unit_field_heatmap(*, session: Session, actor: Actor, year: int | None = None,
                       campaign_id: int | None = None, unit_id: int | None = None,
                       lang: str = "vi", structure: str = TODAY) -> pd.DataFrame:
    """Ideas per (unit row, PAR field): long format (label, field, field_name, ideas), zeros included."""
    scope = resolve_scope(session, actor, unit_id, lang=lang, structure=structure)
    per_unit = frame_of(session, select(UNIT_KEY, IdeaParField.par_code, func.count())
                      .join(Idea, Idea.id == IdeaParField.idea_id)
                      .where(*idea_conditions(scope, year, campaign_id))
                      .group_by(UNIT_KEY, IdeaParField.par_code), ["unit_id", "field", "ideas"])
    rolled = rollup(scope, per_unit, ["ideas"], keys=["field"])
    fields = _field_names(session, lang)
    grid = scope.rows[["id"]].rename(columns={"id": "unit_id"}).merge(fields, how="cross")
    out = grid.merge(rolled, on=["unit_id", "field"], how="left").fillna({"ideas": 0}).astype({"ideas": int})
    return labelled(scope, out.drop(columns="position"))


# ---------------------------------------------------------------- 5. impact


def _benefit_sums() -> list:
    return [func.coalesce(func.sum(getattr(Idea, b)), 0) for b in BENEFITS]


def _benefit_types(frame: pd.DataFrame) -> pd.DataFrame:
    for b in BENEFITS:
        frame[b] = pd.to_numeric(frame[b]).astype(float if b in ("hours_saved", "days_cut") else "int64")
    return frame


def impact_by_unit(*, session: Session, actor: Actor, year: int | None = None,
                   campaign_id: int | None = None, unit_id: int | None = None, recognised_only: bool = True,
                   lang: str = "vi", structure: str = TODAY) -> pd.DataFrame:
    """Quantified benefits summed per unit row (recognised ideas by default, else every counted idea)."""
    scope = resolve_scope(session, actor, unit_id, lang=lang, structure=structure)
    conds = idea_conditions(scope, year, campaign_id) + ([Idea.status == RECOGNISED] if recognised_only else [])
    per_unit = _benefit_types(frame_of(session, select(UNIT_KEY, *_benefit_sums()).where(*conds)
                                     .group_by(UNIT_KEY), ["unit_id", *BENEFITS]))
    return labelled(scope, _benefit_types(rollup(scope, per_unit, list(BENEFITS))))


def impact_by_field(*, session: Session, actor: Actor, year: int | None = None,
                    campaign_id: int | None = None, unit_id: int | None = None, recognised_only: bool = True,
                    lang: str = "vi", structure: str = TODAY) -> pd.DataFrame:
    """Quantified benefits summed per PAR field (an idea with two fields counts in both)."""
    scope = resolve_scope(session, actor, unit_id, structure=structure)
    conds = idea_conditions(scope, year, campaign_id) + ([Idea.status == RECOGNISED] if recognised_only else [])
    sums = frame_of(session, select(IdeaParField.par_code, *_benefit_sums())
                  .join(Idea, Idea.id == IdeaParField.idea_id).where(*conds).group_by(IdeaParField.par_code),
                  ["field", *BENEFITS])
    out = _field_names(session, lang).merge(sums, on="field", how="left").fillna(dict.fromkeys(BENEFITS, 0))
    return _benefit_types(out.drop(columns="position"))


