"""SQLAlchemy 2 typed models: the whole schema. Alembic (migrations/) is the only owner of the tables."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from ideas.core import clock

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC timestamp (both databases store it the same way), from the one clock."""
    return clock.utcnow()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def created_at_column() -> Mapped[dt.datetime]:
    return mapped_column(DateTime, default=utcnow, server_default=func.current_timestamp())


# ---------------------------------------------------------------- organisation and accounts


class Unit(Base):
    """An agency or administrative unit; `path` is the materialised ancestry '/1/5/23/'."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(30), default="department")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    path: Mapped[str] = mapped_column(String(500), default="/", index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    headcount: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = created_at_column()

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    search_name: Mapped[str] = mapped_column(String(255), default="", index=True)
    email: Mapped[str | None] = mapped_column(String(255), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    position: Mapped[str | None] = mapped_column(String(255))
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    qualification: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = created_at_column()

    unit: Mapped[Unit | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )


class RoleAssignment(Base):
    """A role held over a unit subtree (unit_id NULL = the whole province)."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[dt.datetime] = created_at_column()

    user: Mapped[User] = relationship(back_populates="roles")


class AuthSession(Base):
    """A server-side login session, referenced by an HttpOnly cookie; shared by all replicas."""

    __tablename__ = "auth_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    claim_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    claim_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AuditHead(Base):
    """One row holding the chain's tip; updating it serialises appends across replicas."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


class AuditLog(Base):
    """Append-only log; each row carries the hash of the previous one."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ParField(Base):
    """Provincial PAR index fields (QĐ 876/QĐ-BNV), reference data."""

    __tablename__ = "par_fields"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(Integer, default=0)


# ---------------------------------------------------------------- campaigns and ideas


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
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()

    unit: Mapped[Unit | None] = relationship()
    rubric: Mapped[Rubric | None] = relationship()


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


# ---------------------------------------------------------------- review councils


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
    __table_args__ = (UniqueConstraint("idea_id", "reviewer_id"),)
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
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    number: Mapped[str] = mapped_column(String(60))
    decided_on: Mapped[dt.date] = mapped_column(Date, index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # recognised | not_recognised
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
    created_at: Mapped[dt.datetime] = created_at_column()
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# ---------------------------------------------------------------- rewards


class RuleValue(Base):
    """A numeric rule with an effective date and legal basis: base_salary, rounding_step, ..."""

    __tablename__ = "rule_values"
    __table_args__ = (UniqueConstraint("key", "effective_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at_column()


class AwardForm(Base):
    """An entry in the award catalogue: a title or form of reward with its coefficient."""

    __tablename__ = "award_forms"
    __table_args__ = (UniqueConstraint("code", "effective_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50))
    name_vi: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20), default="form")  # title | form
    level: Mapped[str] = mapped_column(String(20), default="unit")  # unit|provincial|national
    allows_individual: Mapped[bool] = mapped_column(Boolean, default=True)
    allows_collective: Mapped[bool] = mapped_column(Boolean, default=False)
    coefficient: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    legal_basis: Mapped[str | None] = mapped_column(Text)


class StaffYearRating(Base):
    """What the data cannot know: the yearly rating, entered or imported by the reward officer."""

    __tablename__ = "staff_year_ratings"
    __table_args__ = (UniqueConstraint("user_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    year: Mapped[int] = mapped_column(Integer)
    task_rating: Mapped[str | None] = mapped_column(String(30))  # excellent | good | completed | not
    advanced_worker: Mapped[bool] = mapped_column(Boolean, default=False)  # Lao động tiên tiến
    research_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()


class AwardList(Base):
    __tablename__ = "award_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    agency_name: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft|submitted|approved|locked
    decision_no: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    signer: Mapped[str | None] = mapped_column(String(255))
    signer_title: Mapped[str | None] = mapped_column(String(255))
    rule_snapshot: Mapped[str] = mapped_column(Text, default="{}")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}
    items: Mapped[list[AwardItem]] = relationship(
        back_populates="award_list", order_by="AwardItem.position", cascade="all, delete-orphan"
    )


class AwardItem(Base):
    __tablename__ = "award_items"
    __table_args__ = (Index("ix_award_items_user", "user_id"), Index("ix_award_items_idea_list", "idea_id", "list_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("award_lists.id", ondelete="CASCADE"), index=True)
    recipient_kind: Mapped[str] = mapped_column(String(20), default="individual")  # individual|collective
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(255))
    position_unit: Mapped[str | None] = mapped_column(String(500))
    achievement: Mapped[str | None] = mapped_column(Text)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id"))
    award_form_id: Mapped[int] = mapped_column(ForeignKey("award_forms.id"))
    coefficient: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    base_salary: Mapped[int | None] = mapped_column(BigInteger)
    multiplier: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = created_at_column()
    award_list: Mapped[AwardList] = relationship(back_populates="items")


# ---------------------------------------------------------------- commitments


class UnitCommitment(Base):
    """A unit's yearly targets under the reform directive, entered by admins."""

    __tablename__ = "unit_commitments"
    __table_args__ = (UniqueConstraint("unit_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer)
    min_ideas: Mapped[int] = mapped_column(Integer, default=0)
    participation_target_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=0)
    reports_baseline: Mapped[int] = mapped_column(Integer, default=0)
    reports_cut_target_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=20)
    reports_cut_actual: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


# ---- security ----


class RateCounter(Base):
    """Hits per key in a sliding window (failed sign-ins per account, per client, per pair; uploads per user).

    Keys are typed names and client addresses, not user ids, so unknown names are throttled like real ones.
    """

    __tablename__ = "rate_counters"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    last_hit_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


# ---- rewards ----


class AwardListHistory(Base):
    """One row per award list transition: who, when, from, to, why (and the decision data as JSON)."""

    __tablename__ = "award_list_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("award_lists.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text, default="{}")


# ---- filing ----


class IdeaAuthorDecline(Base):
    """Someone declined to co-author an idea: the owner may not list them on it again."""

    __tablename__ = "idea_author_declines"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    declined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
