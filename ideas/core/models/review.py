"""Councils, members, conflicts, assignments, score sheets, votes, decisions, certificates, counters, notifications."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideas.core.models.base import Base, created_at_column, utcnow
from ideas.core.models.filing import Idea

# Verification codes: no 0/O, 1/I/L, so a code read aloud or typed from paper is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10 ~ 8e14 codes: unguessable behind the per-client lookup limit


def new_verification_code() -> str:
    """A fresh random code grouped for reading, e.g. "K7QF-9XPM-2D" (secrets, not random)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"

if TYPE_CHECKING:
    from ideas.core.models.organisation import User


class Council(Base):
    __tablename__ = "councils"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    decision_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = created_at_column()
    members: Mapped[list[CouncilMember]] = relationship(
        back_populates="council", cascade="all, delete-orphan"
    )


class CouncilMember(Base):
    __tablename__ = "council_members"
    __table_args__ = (UniqueConstraint("council_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")  # chair|vice_chair|secretary|member
    council: Mapped[Council] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class Conflict(Base):
    """A member recused from an idea: automatically as an author, or declared with a reason."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at_column()


class ReviewAssignment(Base):
    __tablename__ = "review_assignments"
    __table_args__ = (UniqueConstraint("idea_id", "reviewer_id"),
                      # home: "has the file an active reviewer?" and "what waits for me?" read on the index alone
                      Index("ix_review_assignments_idea_status", "idea_id", "status"),
                      Index("ix_review_assignments_reviewer_status_due", "reviewer_id", "status", "due_on", "idea_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")  # active | recused


class ScoreSheet(Base):
    """One reviewer's scores for one idea."""

    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("idea_id", "reviewer_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    total: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=0)
    verdict: Mapped[str | None] = mapped_column(String(20))  # meets | does_not_meet
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    items: Mapped[list[ScoreItem]] = relationship(back_populates="sheet", cascade="all, delete-orphan")


class ScoreItem(Base):
    __tablename__ = "score_items"
    __table_args__ = (UniqueConstraint("sheet_id", "criterion_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("rubric_criteria.id"))
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    sheet: Mapped[ScoreSheet] = relationship(back_populates="items")


class CouncilVote(Base):
    __tablename__ = "council_votes"
    __table_args__ = (UniqueConstraint("idea_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("council_members.id", ondelete="CASCADE"))
    vote: Mapped[str] = mapped_column(String(10))  # for | against | abstain
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()


class Decision(Base):
    """A council's decision on an idea within a campaign, with the rule values it used."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("idea_id", "campaign_id"),
        # dashboards: first/last decision per idea without reading decision rows
        Index("ix_decisions_idea_outcome_on", "idea_id", "outcome", "decided_on"),
        # home's headline figures: the year's recognitions counted on the index alone
        Index("ix_decisions_outcome_on_idea", "outcome", "decided_on", "idea_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    number: Mapped[str] = mapped_column(String(60))
    decided_on: Mapped[dt.date] = mapped_column(Date, index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # recognised | not_recognised
    # the idea's unit when the council decided (kept when the unit is later merged or renamed; issue 24)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    scope: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    members_total: Mapped[int] = mapped_column(Integer, default=0)
    members_present: Mapped[int] = mapped_column(Integer, default=0)
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    mean_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    rule_snapshot: Mapped[str] = mapped_column(Text, default="{}")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()


class Certificate(Base):
    """Giấy chứng nhận sáng kiến, numbered."""

    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), unique=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = created_at_column()
    # printed with a QR code on the certificate; GET /verify/<code> answers without sign-in
    verification_code: Mapped[str | None] = mapped_column(String(12), default=new_verification_code, index=True,
                                                          unique=True)


# The public registry: recognised ideas without confidential information, newest decision first. The
# expression (0 when nothing is declared confidential: the form stores blank text as NULL) lets the count
# read this index alone (with a unit filter too).
CONFIDENTIAL_LENGTH = func.coalesce(func.length(Idea.confidential_info), literal_column("0"))
Index("ix_ideas_registry", Idea.status, CONFIDENTIAL_LENGTH, Idea.decided_at, Idea.unit_id)


class Counter(Base):
    """A named per-year sequence (certificate numbers, ...); bumped with one UPDATE so numbers never repeat."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Notification(Base):
    """In-app inbox; the message is a locale key with parameters, so it shows in the reader's language."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    message_key: Mapped[str] = mapped_column(String(100))
    params: Mapped[str] = mapped_column(Text, default="{}")
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    # the file and action the message is about, as JSON (ideas.core.targets): {"step": "score", "idea": 12}
    target: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = created_at_column()
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
