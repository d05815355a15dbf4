"""What the eligibility page shows, ready to render: candidates with their verdict first, counts per form,
and the ratings to edit. Labels in the page's language; no codes, no empty markers."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.errors import ImportFailed
from ideas.core.i18n import fmt_number, t
from ideas.core.links import Linked
from ideas.core.models import Decision
from ideas.core.permissions import Actor, can
from ideas.core.text import parse_id
from ideas.rewards import eligibility
from ideas.rewards.awards.queries import form_options, unit_choices

# display column -> (heading locale key, pinned): the name and the verdict stay in view on a 1440 px screen
CANDIDATE_COLUMNS = {"name": ("rewards.col.name", True), "qualifies": ("rewards.elig.col.qualifies", True),
                     "missing": ("rewards.elig.col.missing", False), "unit": ("rewards.lists.col.unit", False),
                     "recognised": ("rewards.elig.col.recognised", False), "scope": ("rewards.elig.col.scope", False),
                     "rating": ("rewards.elig.col.rating", False), "advanced": ("rewards.elig.col.advanced", False),
                     "streak": ("rewards.elig.col.streak", False)}


@dataclass(frozen=True)
class EligibilityView:
    candidates: pd.DataFrame  # display columns of CANDIDATE_COLUMNS
    counts: list[tuple[str, str]]  # (form name, how many qualify), in catalogue order
    ratings: pd.DataFrame  # user_id, username, full_name, unit, task_rating, advanced_worker, research_accepted
    may_rate: bool


def overview(*, session: Session, actor: Actor, year: int, unit_id: int | None = None,
             lang: str = "vi") -> EligibilityView:
    """Candidates of `year` in the actor's (sub)tree and, for a reward officer, the ratings to enter."""
    frame = eligibility.candidates(session, actor=actor, year=year, unit_id=unit_id)
    names = dict(form_options(session, dt.date(year, 12, 31)))
    yes, no = t("rewards.elig.yes", lang), t("rewards.elig.no", lang)
    table = pd.DataFrame({
        "name": frame.full_name,
        "qualifies": ["; ".join(names.get(c, c) for c in codes) for codes in frame.qualifies],
        "missing": ["; ".join(t(key, lang, **params) for key, params in items) for items in frame.missing],
        "unit": [u if isinstance(u, str) else "" for u in frame.unit],
        "recognised": [fmt_number(int(n), lang) for n in frame.recognised],
        "scope": [t(f"rewards.scope.{s}", lang) if isinstance(s, str) else "" for s in frame.best_scope],
        "rating": [t(f"rewards.rating.{r}", lang) if isinstance(r, str) else t("rewards.elig.not_entered", lang)
                   for r in frame.task_rating],
        "advanced": [yes if a else no for a in frame.advanced_worker],
        "streak": [fmt_number(int(n), lang) for n in frame.cs_streak]})
    counted = pd.Series([c for codes in frame.qualifies for c in codes], dtype=object).value_counts()
    counts = [(name, fmt_number(int(counted[code]), lang)) for code, name in names.items() if code in counted]
    may_rate = can(session, actor, "rewards.ratings")
    ratings = (eligibility.ratings_frame(session, actor=actor, year=year, unit_id=unit_id) if may_rate
               else pd.DataFrame(columns=["user_id", "username", "full_name", "unit", "task_rating",
                                          "advanced_worker", "research_accepted"]))
    return EligibilityView(table, counts, ratings.fillna({"unit": ""}), may_rate)


def subtrees(*, session: Session, actor: Actor, lang: str = "vi") -> dict[int | None, str]:
    """The units whose subtree the actor may look at, after "all units" (None)."""
    return {None: t("rewards.elig.all_units", lang),
            **{uid: label for uid, label in unit_choices(session, actor=actor, action="rewards.view")
               if uid is not None}}


def import_errors(error: ImportFailed, lang: str) -> pd.DataFrame:
    """The rows a ratings file was refused for, with their message, headings in the reader's language."""
    return pd.DataFrame([{t("rewards.import.col.row", lang): r.row,
                          t("rewards.import.col.error", lang): t(r.key, lang, value=r.value)} for r in error.rows])


def changed_ratings(before: pd.DataFrame, after: pd.DataFrame) -> list[dict]:
    """The rows of an edited ratings table that differ from what was read, as set_ratings rows."""
    cols = ["task_rating", "advanced_worker", "research_accepted"]
    changed = after[(after[cols].fillna("").astype(str) != before[cols].fillna("").astype(str)).any(axis=1)]
    return [{"user_id": int(r.user_id), "task_rating": r.task_rating if isinstance(r.task_rating, str) else None,
             "advanced_worker": bool(r.advanced_worker), "research_accepted": bool(r.research_accepted)}
            for r in changed.itertuples()]


def linked_year(*, session: Session, actor: Actor, raw: str | None, lang: str = "vi") -> Linked:
    """The year an address's `idea=` points at: the year the initiative was recognised, whose candidates the
    officer is sent to see; an unknown or unrecognised id gives a message instead."""
    idea_id = parse_id(raw)
    if raw is None or not str(raw).strip():
        return Linked()
    decided = session.scalar(select(Decision.decided_on).where(Decision.idea_id == idea_id,
                                                               Decision.outcome == "recognised")
                             .order_by(Decision.decided_on.desc()).limit(1)) if idea_id else None
    if decided is None:
        return Linked(None, t("place.link.unavailable.idea", lang, value=str(raw)[:20]))
    return Linked(decided.year)
