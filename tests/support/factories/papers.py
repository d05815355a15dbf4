"""Factories for the papers tests: a complete organisation identity (the demo province's, by default)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ideas.core.permissions import SYSTEM
from ideas.papers.identity import KINDS, Identity, save_identity

SIGNERS = {"receipt": {"authority": "", "title": "Thư ký Hội đồng sáng kiến", "name": "Lê Thị Thư"},
           "certificate": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Văn Chủ"},
           "recognition": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Văn Chủ"},
           "award": {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Phạm Minh Đức"}}


def identity_values(**over: object) -> dict:
    values = {"parent_body": "Ủy ban nhân dân tỉnh An Hòa", "issuing_body": "Hội đồng sáng kiến tỉnh",
              "place": "An Hòa", "public_url": "https://sangkien.anhoa.gov.vn",
              "symbols": {kind: symbol for kind, symbol in
                          zip(KINDS, ("PTN-HĐSK", "BB-HĐSK", "GCN-HĐSK", "QĐ-HĐSK", "QĐ-UBND"), strict=True)},
              "signers": SIGNERS}
    values.update(over)
    return values


def complete_identity(session: Session, *, unit_id: int | None = None, **over: object) -> Identity:
    """Save an identity with every field filled (the province's, or `unit_id`'s own)."""
    return save_identity(session=session, actor=SYSTEM, values=identity_values(**over), unit_id=unit_id)
