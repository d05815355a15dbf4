"""What the reviewer's page shows: the assignments with state and dates, and one file's scoring form."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.models import User
from ideas.filing.attachments import list_attachments
from ideas.review import scoring
from ideas.review.council_view import number


def queue(*, session: Session, actor: User, lang: str, limit: int = 200) -> dict:
    """The actor's assignments, what is due first: display table, file labels and how many are due."""
    frame = scoring.reviewer_queue(session, actor=actor, limit=limit)
    hidden = t("review.queue.hidden", lang)
    shown = frame.assign(
        authors=[hidden if blind else (a or "") for a, blind in zip(frame.authors, frame.blind, strict=True)],
        unit=[hidden if blind else (u or "") for u, blind in zip(frame.unit, frame.blind, strict=True)],
        due_on=[fmt_date(d, lang) for d in frame.due_on], total=[number(v, lang) for v in frame.total],
        verdict=[t(f"review.verdict.{v}", lang) if isinstance(v, str) else "" for v in frame.verdict],
        state=[t("review.queue.state_due" if d else "review.queue.state_done", lang) for d in frame.due])
    columns = {"state": "state", "title": "title", "due_on": "due", "total": "total", "verdict": "verdict",
               "authors": "authors", "unit": "unit"}
    return {"table": shown[list(columns)].rename(columns=columns),
            "files": {int(r.idea_id): r.title for r in frame.itertuples()},
            "due": scoring.due_count(session, actor=actor)}


def form(*, session: Session, actor: User, lang: str, idea_id: int) -> dict:
    """The file to score (masked when blind), its attachments, the criteria and the reviewer's sheet."""
    view = scoring.scoring_view(session, actor=actor, idea_id=idea_id)
    files = list_attachments(session, idea_id=idea_id)
    view["attachments"] = [{"id": int(r.id), "name": r.filename, "mime": r.mime,
                            "size": t("detail.attachment.size", lang, size=fmt_number(max(1, r.size // 1024), lang))}
                           for r in files.itertuples()]
    view["saved_total"] = number(view["total"], lang) if view["total"] is not None else None
    return view
