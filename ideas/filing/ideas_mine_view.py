"""My initiatives: the files I own or co-author, with their latest decision and return reason, ready to show."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import and_, func, select, union
from sqlalchemy.orm import Session, aliased

from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.models import Campaign, Decision, Idea, IdeaAuthor, IdeaHistory, User
from ideas.filing import coauthors, lifecycle
from ideas.filing.submissions import EDITABLE, WITHDRAWABLE

MY_COLUMNS = ["id", "receipt_no", "title", "status", "campaign", "submitted_at", "decision_due_on",
              "updated_at", "is_owner", "decision_outcome", "decision_number", "decision_date", "return_reason"]


def my_ideas(session: Session, *, user: User, limit: int = 200, offset: int = 0) -> pd.DataFrame:
    """Ideas I own or co-author, newest first, with the latest decision and the latest return reason.

    My files are found on the owner and co-author indexes (a UNION, not an OR that scans the ideas); the latest
    decision and return of each are looked up for those files only, on the decisions' and history's idea_id
    indexes, instead of grouping every decision and return of the province first."""
    mine = union(select(Idea.id).where(Idea.owner_id == user.id),
                 select(IdeaAuthor.idea_id).where(IdeaAuthor.user_id == user.id))
    latest, returned = aliased(Decision), aliased(IdeaHistory)
    last_decision = (select(func.max(latest.id)).where(latest.idea_id == Idea.id)
                     .correlate(Idea).scalar_subquery())
    last_return = (select(func.max(returned.id))
                   .where(returned.idea_id == Idea.id, returned.to_status == lifecycle.RETURNED)
                   .correlate(Idea).scalar_subquery())
    query = (
        select(Idea.id, Idea.receipt_no, Idea.title, Idea.status, Campaign.name, Idea.submitted_at,
               Idea.decision_due_on, Idea.updated_at, (Idea.owner_id == user.id).label("is_owner"),
               Decision.outcome, Decision.number, Decision.decided_on, IdeaHistory.reason)
        .outerjoin(Campaign, Campaign.id == Idea.campaign_id)
        .outerjoin(Decision, Decision.id == last_decision)
        .outerjoin(IdeaHistory, and_(Idea.status == lifecycle.RETURNED, IdeaHistory.id == last_return))
        .where(Idea.id.in_(mine))
        .order_by(Idea.updated_at.desc(), Idea.id.desc()).limit(limit).offset(offset)
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=MY_COLUMNS)
    frame["is_owner"] = frame["is_owner"].astype(bool)
    return frame


@dataclass(frozen=True)
class MyFile:
    """One of my files: what the page may offer for it."""

    status: str
    receipt_no: str | None
    return_reason: str
    editable: bool
    withdrawable: bool
    recognised: bool
    coauthors: list[Coauthor] = field(default_factory=list)
    manage_invitations: bool = False  # the owner may resend or withdraw a waiting invitation


@dataclass(frozen=True)
class Coauthor:
    """A co-author of one of my files and where their consent stands."""

    user_id: int
    text: str  # "Name — 40% — waiting for their answer": a name inside, show it as plain text
    waiting: bool


@dataclass
class MyFiles:
    """The "my initiatives" page: a translated table, pick labels and, per file, what I may do with it."""

    table: pd.DataFrame
    labels: dict[int, str]
    files: dict[int, MyFile]
    key_columns: list[str] = field(default_factory=list)  # headings a phone shows (title, status, deadline, decision)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def my_files_view(*, session: Session, actor: User, lang: str = "vi") -> MyFiles:
    """Everything the page shows about my files, in `lang`, without codes nor missing values."""
    frame = my_ideas(session, user=actor)
    people = coauthors.statuses(session, [int(i) for i in frame["id"]])
    files, rows = {}, []
    for row in frame.itertuples():
        decision = "" if not isinstance(row.decision_outcome, str) else t(
            "ideas.mine.decision", lang, outcome=t(f"ideas.submit.outcome.{row.decision_outcome}", lang),
            number=_text(row.decision_number), date=fmt_date(row.decision_date, lang))
        rows.append({"receipt_no": _text(row.receipt_no) or "—", "title": row.title,
                     "status": t(f"ideas.submit.status.{row.status}", lang), "campaign": _text(row.campaign),
                     "role": t("ideas.mine.role.owner" if row.is_owner else "ideas.mine.role.coauthor", lang),
                     "due": fmt_date(row.decision_due_on if row.decision_due_on == row.decision_due_on else None,
                                     lang),
                     "decision": decision,
                     "coauthors": "; ".join(_coauthor_text(p, lang) for p in people.get(int(row.id), []))})
        editable = row.status in EDITABLE
        files[int(row.id)] = MyFile(
            status=row.status, receipt_no=_text(row.receipt_no) or None,
            return_reason=_text(row.return_reason) if row.status == lifecycle.RETURNED else "",
            editable=row.status in EDITABLE, withdrawable=bool(row.is_owner) and row.status in WITHDRAWABLE,
            recognised=row.status == lifecycle.RECOGNISED,
            coauthors=[Coauthor(uid, _coauthor_text((uid, name, share, consent), lang), consent == coauthors.INVITED)
                       for uid, name, share, consent in people.get(int(row.id), [])],
            manage_invitations=bool(row.is_owner) and editable)
    # What a file's owner looks for first (title, status, deadline, decision) leads; the rest follows.
    columns = {"title": "ideas.mine.col.title", "status": "ideas.mine.col.status", "due": "ideas.mine.col.due",
               "decision": "ideas.mine.col.decision", "role": "ideas.mine.col.role",
               "receipt_no": "ideas.mine.col.receipt_no", "campaign": "ideas.mine.col.campaign",
               "coauthors": "coauthors.col"}
    table = pd.DataFrame(rows, columns=list(columns)).rename(columns={k: t(v, lang) for k, v in columns.items()})
    labels = {int(row.id): f"{_text(row.receipt_no) or '—'} · {row.title}" for row in frame.itertuples()}
    return MyFiles(table=table, labels=labels, files=files,
                   key_columns=[t(columns[name], lang) for name in ("title", "status", "due", "decision")])


def _coauthor_text(person: tuple, lang: str) -> str:
    _uid, name, share, consent = person
    status = t("coauthors.status.accepted" if consent == coauthors.ACCEPTED else "coauthors.status.invited", lang)
    return f"{name} ({fmt_number(float(share), lang, 2 if share % 1 else 0)}%, {status})"
