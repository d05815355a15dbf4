"""What the rubric administration page shows: every rubric, the campaigns to attach one to, one rubric's
criteria with their bands."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_number
from ideas.core.models import User
from ideas.core.permissions import require
from ideas.review.councils import campaigns_frame
from ideas.review.rubrics import criteria_frame, rubrics_frame


@dataclass(frozen=True)
class Rubrics:
    table: pd.DataFrame  # name, effective_from, criteria, total_points, legal_basis (display)
    names: dict[int, str]  # rubric id -> name
    campaigns: dict[int, str]  # campaign id -> "name (year)"


@dataclass(frozen=True)
class Criterion:
    title: str  # "name — max points", ★ for the novelty criterion (admin data: show it as plain text)
    bands: pd.DataFrame  # min, max, label


def rubrics(*, session: Session, actor: User, lang: str) -> Rubrics:
    """Every rubric (dates the reader's way) and the campaigns to attach one to."""
    require(session, actor, "rubrics.manage")
    table = rubrics_frame(session)
    campaigns = campaigns_frame(session)
    shown = table.assign(effective_from=[fmt_date(d, lang) for d in table.effective_from],
                         legal_basis=[b or "" for b in table.legal_basis])
    return Rubrics(shown[["name", "effective_from", "criteria", "total_points", "legal_basis"]],
                   {int(r.id): r.name for r in table.itertuples()},
                   {int(r.id): f"{r.name} ({r.year})" for r in campaigns.itertuples()})


def criteria(*, session: Session, actor: User, lang: str, rubric_id: int) -> list[Criterion]:
    """The criteria of one rubric with their bands, in the reader's language."""
    require(session, actor, "rubrics.manage")
    label = "label_vi" if lang == "vi" else "label_en"
    return [Criterion(f"{row.name_vi if lang == 'vi' else row.name_en} — {fmt_number(row.max_points, lang)}"
                      + (" ★" if row.is_novelty else ""),
                      pd.DataFrame([{"min": b["min"], "max": b["max"], "label": b.get(label, "")} for b in row.bands]))
            for row in criteria_frame(session, rubric_id).itertuples()]


def starter_criteria() -> pd.DataFrame:
    """What the new-rubric editor starts from: two criteria as examples, bands typed as text."""
    return pd.DataFrame([
        {"code": "novelty", "name_vi": "Tính mới, sáng tạo", "name_en": "Novelty", "max_points": 30,
         "is_novelty": True,
         "bands": "27-30 Hoàn toàn mới; 21-26 Cải tiến tốt; 16-20 Trung bình; 1-15 Ít; 0-0 Không mới"},
        {"code": "soundness", "name_vi": "Tính khoa học, khả thi", "name_en": "Soundness", "max_points": 20,
         "is_novelty": False, "bands": ""},
    ])
