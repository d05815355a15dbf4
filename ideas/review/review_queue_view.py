"""What the reviewer's page shows: the assignments with state and dates, and one file's scoring form."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.links import Linked, linked_id
from ideas.core.models import User
from ideas.filing import lifecycle
from ideas.filing.attachments import attachment_content, list_attachments
from ideas.review import scoring
from ideas.review.display import number


@dataclass(frozen=True)
class Queue:
    table: pd.DataFrame  # state, title, due, total, verdict, authors, unit (display text)
    files: dict[int, str]  # idea id -> title
    due: int  # how many are still to score


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str  # in the reader's language (admin data: show it as plain text)
    max_points: int
    points: float | None  # the reviewer's points so far
    help: str | None  # the bands, one a line


@dataclass(frozen=True)
class Attachment:
    id: int
    name: str  # user text
    mime: str
    size: str


@dataclass(frozen=True)
class ScoringForm:
    idea_id: int
    title: str
    blind: bool  # authors and unit hidden
    decided: bool  # the sheet can no longer change
    authors: str | None
    unit: str | None
    problem: str | None
    essence: str | None
    benefits: str | None
    criteria: list[Criterion]
    verdict: str | None
    comment: str | None
    version: int | None  # the sheet's version, refused if someone else saved since
    saved_total: str | None
    attachments: list[Attachment]


def queue(*, session: Session, actor: User, lang: str, limit: int = 200) -> Queue:
    """The actor's assignments, what is due first: display table, file labels and how many are due."""
    frame = scoring.reviewer_queue(session, actor=actor, limit=limit)
    hidden = t("review.queue.hidden", lang)
    shown = frame.assign(
        authors=[hidden if blind else (a or "") for a, blind in zip(frame.authors, frame.blind, strict=True)],
        unit=[hidden if blind else (u or "") for u, blind in zip(frame.unit, frame.blind, strict=True)],
        due_on=_each_once(frame.due_on, lambda d: fmt_date(d, lang)),
        total=_each_once(frame.total, lambda v: number(v, lang)),
        verdict=_each_once(frame.verdict, lambda v: t(f"review.verdict.{v}", lang) if isinstance(v, str) else ""),
        state=_each_once(frame.due, lambda d: t("review.queue.state_due" if d else "review.queue.state_done", lang)))
    columns = {"state": "state", "title": "title", "due_on": "due", "total": "total", "verdict": "verdict",
               "authors": "authors", "unit": "unit"}
    return Queue(shown[list(columns)].rename(columns=columns), {int(r.idea_id): r.title for r in frame.itertuples()},
                 _due(session, actor, frame, limit))


def _each_once(values, render) -> list[str]:
    """render(value) for each value, computed once per distinct value (many files share a total or a due date)."""
    done: dict = {}
    return [done[v] if v in done else done.setdefault(v, render(v)) for v in values]


def _due(session: Session, actor: User, frame: pd.DataFrame, limit: int) -> int:
    """scoring.due_count, read off the queue when it holds every file not scored yet (fewer rows than the limit,
    or a scored one among them, as those come after all the others): no second pass over the assignments."""
    scored = frame.total.notna()
    if len(frame) < limit or scored.any():
        return int((~scored & (frame.status == lifecycle.UNDER_REVIEW)).sum())
    return scoring.due_count(session, actor=actor)


def _criterion(row: dict, lang: str) -> Criterion:
    label = "label_vi" if lang == "vi" else "label_en"
    bands = json.loads(row["bands"] or "[]")
    return Criterion(row["code"], row["name_vi"] if lang == "vi" else row["name_en"], row["max_points"],
                     row["points"], "\n".join(f"{b['min']}–{b['max']}: {b.get(label, '')}" for b in bands) or None)


def form(*, session: Session, actor: User, lang: str, idea_id: int) -> ScoringForm:
    """The file to score (masked when blind), its attachments, the criteria and the reviewer's sheet."""
    view = scoring.scoring_view(session, actor=actor, idea_id=idea_id)
    files = list_attachments(session, idea_id=idea_id)
    return ScoringForm(
        idea_id=view["idea_id"], title=view["title"], blind=view["blind"], decided=view["decided"],
        authors=view["authors"], unit=view["unit"], problem=view["problem"], essence=view["essence"],
        benefits=view["benefits"], criteria=[_criterion(c, lang) for c in view["criteria"]],
        verdict=view["verdict"], comment=view["comment"], version=view["version"],
        saved_total=number(view["total"], lang) if view["total"] is not None else None,
        attachments=[Attachment(int(r.id), r.filename, r.mime,
                                t("detail.attachment.size", lang, size=fmt_number(max(1, r.size // 1024), lang)))
                     for r in files.itertuples()])


def attachment(*, session: Session, actor: User, attachment_id: int) -> bytes:
    """One attachment's bytes, with the same permission check as any download of the file."""
    return attachment_content(session, actor=actor, attachment_id=attachment_id)[2]


def linked_idea(*, options: dict[int, str], raw: str | None, lang: str = "vi") -> Linked:
    """The file an address names (`idea=`, `step=score`), if it is in the reviewer's queue."""
    return linked_id(raw, options, lang)
