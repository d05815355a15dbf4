"""Issued papers: the signed PDF of each certificate or award decision as issued, and its SHA-256."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ideas.core.models.base import Base, utcnow


class IssuedPaper(Base):
    """One PDF as it left the system: signed (status "issued") or, where no key is configured, an unsigned draft.

    `kind` and `ref_id` name the record (e.g. "certificate" and certificates.id); `verification_code` is that
    record's code, so a file found by its hash answers exactly what /verify/<code> shows.
    """

    __tablename__ = "issued_papers"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    ref_id: Mapped[int] = mapped_column(Integer, index=True)
    verification_code: Mapped[str | None] = mapped_column(String(12), index=True)
    status: Mapped[str] = mapped_column(String(10))  # "issued" (signed) or "draft" (unsigned, no legal value)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    signers: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [{role, name, serial, sha1}]
    timestamped: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
