"""Demo council rules: the province follows rules modelled on Bắc Ninh's 2025 council regulation.

Seeded after the review seeder, so the demo's past decisions keep the national rules they were taken under
(their snapshots say so) and what is decided from now on follows the province's: at least 70% of the members
agree, two rounds a year, commune and department councils recognising at unit scope and the provincial council
at provincial scope.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ideas.core.permissions import SYSTEM
from ideas.filing import council_rules

BAC_NINH_2025 = {
    "code": "bac_ninh_2025",
    "name": "Quy chế Hội đồng sáng kiến cấp tỉnh (theo mẫu Bắc Ninh 2025)",
    "approval_ratio": "70%",
    "quorum_ratio": "2/3",
    "levels": {"commune": "unit", "department": "unit", "province": "provincial"},
    "rounds": ["06-30", "11-30"],
    "legal_basis": "Quy chế tổ chức và hoạt động của Hội đồng sáng kiến tỉnh Bắc Ninh năm 2025 (ví dụ minh hoạ: "
                   "đồng ý từ 70%, hai đợt xét mỗi năm, Hội đồng cấp xã xét trước khi trình cấp tỉnh)",
    "effective_from": dt.date(2025, 7, 1),
}


def seed(*, session: Session, context: dict) -> None:
    province = context["units_by_code"]["AH"]
    council_rules.add_rule_set(session=session, actor=SYSTEM, unit_id=province.id, **BAC_NINH_2025)
