"""Follow-through after recognition: implementation milestones, progress updates, 6/12-month measurements,
and the reminders already sent (so that none is sent twice)."""

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
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ideas.core.models.base import Base, created_at_column, utcnow


class FollowMilestone(Base):
    """One step of a recognised initiative's implementation plan, with its owner and due date."""

    __tablename__ = "follow_milestones"
    __table_args__ = (
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent_range"),
        # reminders: open milestones falling due in a date window
        Index("ix_follow_milestones_due_status", "due_on", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned|in_progress|done|dropped
    percent: Mapped[int] = mapped_column(Integer, default=0)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class FollowUpdate(Base):
    """A progress note on the plan (optionally on one milestone, with its new percent or status)."""

    __tablename__ = "follow_updates"
    __table_args__ = (Index("ix_follow_updates_idea_on", "idea_id", "on_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("follow_milestones.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    on_date: Mapped[dt.date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = created_at_column()


class FollowMeasurement(Base):
    """The results measured 6 or 12 months after the recognition decision, in the measures the form claims.

    The row exists from the decision on (scheduled, measured_on NULL) so that dashboards can count what is due.
    """

    __tablename__ = "follow_measurements"
    __table_args__ = (
        UniqueConstraint("idea_id", "checkpoint"),
        # reminders and "measured on time": open checkpoints by due date
        Index("ix_follow_measurements_due_measured", "due_on", "measured_on"),
        # dashboards: "due" and "on time" per idea read from the index alone
        Index("ix_follow_measurements_idea_timing", "idea_id", "due_on", "measured_on", "on_time"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    checkpoint: Mapped[int] = mapped_column(Integer)  # months after the decision: 6 or 12
    decided_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    measured_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    on_time: Mapped[bool | None] = mapped_column(Boolean)  # fixed when first recorded
    hours_saved: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    vnd_saved: Mapped[int | None] = mapped_column(BigInteger)
    reports_cut: Mapped[int | None] = mapped_column(Integer)
    procedures_simplified: Mapped[int | None] = mapped_column(Integer)
    services_online: Mapped[int | None] = mapped_column(Integer)
    days_cut: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at_column()


class FollowReminder(Base):
    """A reminder already sent: one per item (milestone or measurement) and kind (before, due)."""

    __tablename__ = "follow_reminders"
    __table_args__ = (UniqueConstraint("item", "item_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(20))  # milestone | measurement
    item_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # before | due
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due_on: Mapped[dt.date] = mapped_column(Date)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = created_at_column()
