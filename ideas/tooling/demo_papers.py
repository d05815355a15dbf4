"""Demo: the organisation's identity on papers for Tỉnh An Hòa, every field filled, and Thị xã Bình Sơn's own
(a unit that issues its own papers), so that no demo paper carries a placeholder."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ideas.core import settings
from ideas.core.permissions import SYSTEM
from ideas.papers.identity import save_identity

PUBLIC_URL = "https://sangkien.anhoa.gov.vn"
SYMBOLS = {"receipt": "PTN-HĐSK", "minutes": "BB-HĐSK", "certificate": "GCN-HĐSK", "recognition": "QĐ-HĐSK",
           "award": "QĐ-UBND"}
PROVINCE = {
    "parent_body": "Ủy ban nhân dân tỉnh An Hòa", "issuing_body": "Hội đồng sáng kiến tỉnh", "place": "An Hòa",
    "public_url": PUBLIC_URL, "symbols": SYMBOLS,
    "signers": {
        "receipt": {"authority": "TM. THƯỜNG TRỰC HỘI ĐỒNG", "title": "Thư ký", "name": "Phạm Thị Ngọc Ánh"},
        "certificate": {"authority": "TM. HỘI ĐỒNG", "title": "Chủ tịch", "name": "Lê Văn Thành"},
        "recognition": {"authority": "TM. HỘI ĐỒNG", "title": "Chủ tịch", "name": "Lê Văn Thành"},
        "award": {"authority": "KT. CHỦ TỊCH", "title": "Phó Chủ tịch", "name": "Đặng Quốc Hưng"},
    },
}
BINH_SON = {
    "parent_body": "Ủy ban nhân dân tỉnh An Hòa", "issuing_body": "Ủy ban nhân dân thị xã Bình Sơn",
    "place": "Bình Sơn", "symbols": {**SYMBOLS, "receipt": "PTN-UBND", "certificate": "GCN-UBND",
                                     "recognition": "QĐ-UBND"},
    "signers": {
        "receipt": {"authority": "", "title": "Chuyên viên Phòng Nội vụ", "name": "Trương Thị Lan"},
        "certificate": {"authority": "KT. CHỦ TỊCH", "title": "Phó Chủ tịch", "name": "Võ Thị Mai"},
        "recognition": {"authority": "KT. CHỦ TỊCH", "title": "Phó Chủ tịch", "name": "Võ Thị Mai"},
        "award": {"authority": "CHỦ TỊCH", "title": "Chủ tịch", "name": "Ngô Văn Bảy"},
    },
}


def seed(*, session: Session, context: dict) -> None:
    """Fill the identity before anything is issued; the old heading settings name the province too."""
    save_identity(session=session, actor=SYSTEM, values=PROVINCE)
    units = context.get("units_by_code", {})
    if "TXBS" in units:
        save_identity(session=session, actor=SYSTEM, values=BINH_SON, unit_id=units["TXBS"].id)
    settings.set_value(session=session, actor=SYSTEM, key="org.agency_name", value="Ủy ban nhân dân tỉnh An Hòa")
    settings.set_value(session=session, actor=SYSTEM, key="org.province_name", value="An Hòa")
