"""Reward rules, award forms, staff ratings, award lists and items, unit commitments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideas.core.models.base import Base, created_at_column, utcnow
from ideas.core.models.review import new_verification_code


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
    # printed with a QR code on the decision annex; /verify/<code> shows it once the list is approved
    verification_code: Mapped[str | None] = mapped_column(String(12), default=new_verification_code, index=True,
                                                          unique=True)
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
