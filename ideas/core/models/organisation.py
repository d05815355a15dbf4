"""Units, accounts, roles, sign-in sessions, settings, the audit log and reference PAR fields."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ideas.core.models.base import Base, created_at_column, utcnow


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
    # Reorganisation (issue 24): the unit exists from valid_from (NULL = before records began) until the day
    # before valid_to (NULL = still exists); successor_id is where its history rolls up under today's
    # structure (the receiving unit of a merge, the first new unit of a split). The event that ended it is its
    # unit_event_links row.
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", foreign_keys=[parent_id])


class UnitEvent(Base):
    """A dated reorganisation: units merged, split, renamed or dissolved, with its legal basis (issue 24)."""

    __tablename__ = "unit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # merge | split | rename | dissolve
    effective_on: Mapped[dt.date] = mapped_column(Date, index=True)
    legal_basis: Mapped[str] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(String(255))  # the imported mapping file's name, if any
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = created_at_column()


class UnitEventLink(Base):
    """One old unit -> one successor of an event (successor NULL: dissolved without a receiving unit)."""

    __tablename__ = "unit_event_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("unit_events.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)


class UnitMembership(Base):
    """A closed period of a person's membership of a unit (the current one is users.unit_id).

    Written when a reorganisation moves staff: [valid_from, valid_to) in the old unit, valid_from NULL when the
    person's start is unknown. A person's unit on day d is the row with valid_from <= d < valid_to, else
    users.unit_id.
    """

    __tablename__ = "unit_memberships"
    __table_args__ = (Index("ix_unit_memberships_user_to", "user_id", "valid_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("unit_events.id"))


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
    # The personal identification number (số định danh cá nhân / CCCD, 12 digits); never shown to others.
    personal_id: Mapped[str | None] = mapped_column(String(12), unique=True, index=True)
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


class DeviceCookie(Base):
    """A browser that signed in to this account before (OWASP device cookie): exempt from the account's lockout.

    The browser keeps a random 256-bit token in an HttpOnly cookie; only its sha256 is stored here.
    """

    __tablename__ = "device_cookies"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = created_at_column()
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)


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




class RateCounter(Base):
    """Hits per key in a sliding window (failed sign-ins per account, per client, per pair; uploads per user).

    Keys are typed names and client addresses, not user ids, so unknown names are throttled like real ones.
    """

    __tablename__ = "rate_counters"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    last_hit_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
