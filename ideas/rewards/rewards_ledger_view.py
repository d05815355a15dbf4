"""What the reward ledger page shows: the reader's own awards, and approved awards summed by year, unit and
form, money and dates in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_number
from ideas.core.permissions import Actor
from ideas.rewards.awards.queries import ledger_totals, my_awards


@dataclass(frozen=True)
class Totals:
    table: pd.DataFrame  # year, unit, form, recipients, total (display)
    total: str  # the sum of the table, formatted


def mine(*, session: Session, actor: Actor, lang: str) -> pd.DataFrame:
    """The reader's awards on approved or locked lists: year, form, achievement, decision_no, decision_date,
    amount."""
    frame = my_awards(session, actor=actor)
    return frame.fillna({"achievement": "", "decision_no": ""}).assign(
        decision_date=[fmt_date(d, lang) for d in frame.decision_date],
        amount=[fmt_number(v, lang) for v in frame.amount])


def totals(*, session: Session, actor: Actor, lang: str, year: int | None = None) -> Totals:
    """Approved awards summed by year, unit and form within the reader's scope (every year for None)."""
    frame = ledger_totals(session, actor=actor, year=year)
    shown = frame.fillna({"unit": ""}).assign(total=[fmt_number(v, lang) for v in frame.total])
    return Totals(shown[["year", "unit", "form", "recipients", "total"]],
                  fmt_number(int(frame.total.sum()), lang) if not frame.empty else fmt_number(0, lang))
