"""Rubrics, campaigns, ideas with authors, fields, attachments, history, supports, comments, search terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ideas.core.models.base import Base, created_at_column, utcnow

if TYPE_CHECKING:
    from ideas.core.models.organisation import Unit, User


class Rubric(Base):
    __tablename__ = "rubrics"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = created_at_column()
    criteria: Mapped[list[RubricCriterion]] = relationship(
        back_populates="rubric", order_by="RubricCriterion.position", cascade="all, delete-orphan"
    )


class RubricCriterion(Base):
    __tablename__ = "rubric_criteria"
    __table_args__ = (UniqueConstraint("rubric_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(30))
    name_vi: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    max_points: Mapped[int] = mapped_column(Integer)
    bands: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {min, max, label_vi, label_en}
    is_novelty: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    rubric: Mapped[Rubric] = relationship(back_populates="criteria")


class Campaign(Base):
    """A submission campaign (đợt) for a unit subtree, or a higher-scope re-evaluation."""

    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    year: Mapped[int] = mapped_column(Integer, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="submission")  # submission | higher_scope
    target_scope: Mapped[str] = mapped_column(String(20), default="unit")  # unit|provincial|national
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    blind_review: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewers_per_idea: Mapped[int | None] = mapped_column(Integer)
    rubric_id: Mapped[int | None] = mapped_column(ForeignKey("rubrics.id"))
    pass_rule: Mapped[str] = mapped_column(Text, default="{}")  # JSON; empty = current defaults
    # The council rules it follows (a CouncilRule code; None = the rules in force for its unit) and the level
    # of its council (commune | department | province; district only for campaigns before two-tier government).
    council_rule_code: Mapped[str | None] = mapped_column(String(50))
    council_level: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()

    unit: Mapped[Unit | None] = relationship()
    rubric: Mapped[Rubric | None] = relationship()


class CouncilRule(Base):
    """Council rules of a province (unit subtree) or the national default (unit_id NULL), as dated data.

    approval_ratio and quorum_ratio are fractions ("2/3", "7/10"); levels maps a council level to the scope it
    recognises ({"commune": "unit", "province": "provincial"}); rounds lists the year's rounds with their
    deadlines ([{"deadline": "06-30"}, ...]).
    """

    __tablename__ = "council_rules"
    __table_args__ = (UniqueConstraint("code", "effective_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    approval_ratio: Mapped[str] = mapped_column(String(10), default="2/3")
    quorum_ratio: Mapped[str] = mapped_column(String(10), default="2/3")
    levels: Mapped[str] = mapped_column(Text, default="{}")
    rounds: Mapped[str] = mapped_column(Text, default="[]")
    legal_basis: Mapped[str | None] = mapped_column(Text)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()


class ReceiptCounter(Base):
    """Per-year receipt sequence; incremented under a row lock so numbers never repeat."""

    __tablename__ = "receipt_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Idea(Base):
    """An initiative (sáng kiến) with the fields of the application form (Circular 18, Phụ lục I)."""

    __tablename__ = "ideas"
    __table_args__ = (
        UniqueConstraint("receipt_year", "receipt_seq"),
        Index("ix_ideas_status_unit", "status", "unit_id"),
        Index("ix_ideas_unit_created", "unit_id", "created_at"),
        Index("ix_ideas_campaign_status", "campaign_id", "status"),
        Index("ix_ideas_submitted_at", "submitted_at"),
        Index("ix_ideas_support_count", "support_count"),
        # browse: one status, newest first / most supported first, without sorting the whole status
        Index("ix_ideas_status_submitted", "status", "submitted_at"),
        Index("ix_ideas_status_support", "status", "support_count"),
        # dashboards: a year's counted ideas with every column their per-unit counts read (index-only scans)
        Index("ix_ideas_cohort", "submitted_at", "status", "unit_id", "owner_id", "support_count", "accepted_at",
              "decision_due_on", "id"),
        # home's work lists: one status (and review stage) by due date, counted and overdue on the index alone
        Index("ix_ideas_status_stage_due", "status", "review_stage", "decision_due_on", "unit_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    addressee: Mapped[str | None] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(500))
    solution_type: Mapped[str] = mapped_column(String(30), default="operational")
    investor: Mapped[str | None] = mapped_column(String(500))
    field_of_application: Mapped[str | None] = mapped_column(Text)
    problem: Mapped[str | None] = mapped_column(Text)
    current_situation: Mapped[str | None] = mapped_column(Text)
    essence: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    first_applied_on: Mapped[dt.date | None] = mapped_column(Date)
    application_status: Mapped[str] = mapped_column(String(20), default="not_applied")
    confidential_info: Mapped[str | None] = mapped_column(Text)
    trial_participants: Mapped[str | None] = mapped_column(Text)
    benefits_text: Mapped[str | None] = mapped_column(Text)
    trial_assessment: Mapped[str | None] = mapped_column(Text)
    hours_saved: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    vnd_saved: Mapped[int | None] = mapped_column(BigInteger)
    reports_cut: Mapped[int | None] = mapped_column(Integer)
    procedures_simplified: Mapped[int | None] = mapped_column(Integer)
    services_online: Mapped[int | None] = mapped_column(Integer)
    days_cut: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    review_stage: Mapped[str | None] = mapped_column(String(20))
    scope: Mapped[str | None] = mapped_column(String(20))  # unit | provincial | national, once recognised
    receipt_year: Mapped[int | None] = mapped_column(Integer)
    receipt_seq: Mapped[int | None] = mapped_column(Integer)
    receipt_no: Mapped[str | None] = mapped_column(String(30), unique=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision_due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # A duplicate merged into another file (status "merged"): the file that absorbed it, and when.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"), index=True)
    merged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __mapper_args__ = {"version_id_col": version}

    unit: Mapped[Unit] = relationship()
    owner: Mapped[User] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    authors: Mapped[list[IdeaAuthor]] = relationship(
        back_populates="idea", order_by="IdeaAuthor.position", cascade="all, delete-orphan"
    )


class IdeaAuthor(Base):
    __tablename__ = "idea_authors"
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id"),
        CheckConstraint("share > 0 AND share <= 100", name="share_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    share: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # "invited" until the named person accepts; rows from before consent existed count as accepted
    consent: Mapped[str] = mapped_column(String(16), default="accepted", server_default="accepted")
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    idea: Mapped[Idea] = relationship(back_populates="authors")
    user: Mapped[User] = relationship()


class IdeaParField(Base):
    __tablename__ = "idea_par_fields"
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    par_code: Mapped[str] = mapped_column(ForeignKey("par_fields.code"), primary_key=True, index=True)


class Attachment(Base):
    """An uploaded file, stored in the database so that every replica serves it."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()


class IdeaHistory(Base):
    """One row per lifecycle transition: who, when, from, to, why."""

    __tablename__ = "idea_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)


class Support(Base):
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = created_at_column()


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at_column()
    edited_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    hidden_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    hidden_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)


class Replication(Base):
    """Another unit applied the idea (nhân rộng): evidence for a higher scope."""

    __tablename__ = "replications"
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    applied_on: Mapped[dt.date] = mapped_column(Date)
    benefit: Mapped[str | None] = mapped_column(Text)
    hours_saved: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    vnd_saved: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()


class IdeaTerm(Base):
    """Inverted index for similar ideas: a folded word or word pair of a visible idea, with its count."""

    __tablename__ = "idea_terms"
    # (idea, term, tf) covers re-ranking an idea's whole vector without touching the table rows
    __table_args__ = (Index("ix_idea_terms_idea_term_tf", "idea_id", "term", "tf"),)
    term: Mapped[str] = mapped_column(String(80), primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    tf: Mapped[int] = mapped_column(Integer, default=1)


class IdeaTermStat(Base):
    """Document frequency per term (term '#docs' counts the indexed ideas): the IDF of TF-IDF."""

    __tablename__ = "idea_term_stats"
    term: Mapped[str] = mapped_column(String(80), primary_key=True)
    df: Mapped[int] = mapped_column(Integer, default=0)




class IdeaAuthorDecline(Base):
    """Someone declined to co-author an idea: the owner may not list them on it again."""

    __tablename__ = "idea_author_declines"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    declined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
