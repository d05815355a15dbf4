"""Reference data and default rules (DOMAIN.md), inserted once; administrators change them in the app."""
from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.db import DATA_DIR
from ideas.core.models import AuditHead, AwardForm, CouncilRule, ParField, Rubric, RubricCriterion, RuleValue

DECREE_73_2024 = "Nghị định 73/2024/NĐ-CP (lương cơ sở 2.340.000 đồng từ 01/7/2024)"
DECREE_24_2023 = "Nghị định 24/2023/NĐ-CP (lương cơ sở 1.800.000 đồng từ 01/7/2023)"
DECREE_98_2023 = "Nghị định 98/2023/NĐ-CP hướng dẫn Luật Thi đua, khen thưởng"
DECREE_152_2025 = "Nghị định 152/2025/NĐ-CP (hiệu lực từ 01/7/2025)"
LAW_06_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"

DEFAULT_RULE_VALUES = [
    ("base_salary", Decimal(1_800_000), dt.date(2023, 7, 1), DECREE_24_2023),
    ("base_salary", Decimal(2_340_000), dt.date(2024, 7, 1), DECREE_73_2024),
    ("rounding_step", Decimal(10_000), dt.date(2024, 1, 1), DECREE_98_2023),
    ("collective_multiplier", Decimal(2), dt.date(2024, 1, 1), DECREE_98_2023),
]

# code, name_vi, name_en, kind, level, individual, collective, coefficient, from, to, basis
DEFAULT_AWARD_FORMS = [
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "National emulation fighter", "title", "national",
     True, False, "4.5", dt.date(2024, 1, 1), None, LAW_06_2022 + ", Điều 21"),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "Provincial emulation fighter", "title", "provincial",
     True, False, "3.0", dt.date(2024, 1, 1), None, LAW_06_2022 + ", Điều 22"),
    ("CSTD_CS", "Chiến sĩ thi đua cơ sở", "Grassroots emulation fighter", "title", "unit",
     True, False, "1.0", dt.date(2024, 1, 1), None, LAW_06_2022 + ", Điều 23"),
    ("LDTT", "Lao động tiên tiến", "Advanced worker", "title", "unit",
     True, False, "0.3", dt.date(2024, 1, 1), None, LAW_06_2022 + ", Điều 24"),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "Prime Minister's certificate of merit", "form",
     "national", True, True, "3.5", dt.date(2024, 1, 1), None, DECREE_98_2023),
    ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "Provincial certificate of merit", "form",
     "provincial", True, True, "1.0", dt.date(2024, 1, 1), dt.date(2025, 6, 30), DECREE_98_2023),
    ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "Provincial certificate of merit", "form",
     "provincial", True, True, "1.5", dt.date(2025, 7, 1), None, DECREE_152_2025),
    ("GIAY_KHEN", "Giấy khen", "Certificate of commendation", "form", "unit",
     True, True, "0.3", dt.date(2024, 1, 1), None, DECREE_98_2023),
]


def _bands(max_points: int) -> list[dict]:
    """Generic bands proportional to the maximum (excellent / good / fair / weak / none)."""
    cuts = [(0.9, 1.0, "Xuất sắc", "Excellent"), (0.7, 0.9, "Tốt", "Good"),
            (0.5, 0.7, "Trung bình", "Fair"), (0.01, 0.5, "Yếu", "Weak"), (0, 0, "Không đạt", "None")]
    bands = []
    for low, high, vi, en in cuts:
        lo = round(max_points * low) if low else 0
        hi = round(max_points * high) - (0 if high == 1.0 or high == 0 else 1)
        bands.append({"min": max(lo, 1) if low else 0, "max": hi, "label_vi": vi, "label_en": en})
    return bands


NOVELTY_BANDS = [
    {"min": 27, "max": 30, "label_vi": "Hoàn toàn mới", "label_en": "Entirely new"},
    {"min": 21, "max": 26, "label_vi": "Cải tiến tốt", "label_en": "Good improvement"},
    {"min": 16, "max": 20, "label_vi": "Cải tiến trung bình", "label_en": "Medium improvement"},
    {"min": 1, "max": 15, "label_vi": "Cải tiến ít", "label_en": "Slight improvement"},
    {"min": 0, "max": 0, "label_vi": "Không mới / sao chép", "label_en": "Not new / copied"},
]

DEFAULT_CRITERIA = [
    ("novelty", "Tính mới, sáng tạo", "Novelty and creativity", 30, True),
    ("soundness", "Tính khoa học, khả thi", "Soundness and feasibility", 20, False),
    ("effectiveness", "Hiệu quả", "Effectiveness (time, cost, quality of service)", 30, False),
    ("replicability", "Khả năng áp dụng, nhân rộng", "Applicability and replicability", 20, False),
]


def load_par_fields() -> list[dict]:
    with open(DATA_DIR / "par_fields.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def ensure_reference_data(*, session: Session) -> None:
    """Insert PAR fields, the default rubric, rule values and the award catalogue where missing."""
    _ensure_par_fields(session)
    _ensure_default_rubric(session)
    _ensure_rule_values(session)
    _ensure_award_forms(session)
    _ensure_council_rules(session)
    if session.get(AuditHead, 1) is None:
        session.add(AuditHead(id=1, seq=0, last_hash=""))
    session.flush()


def _ensure_par_fields(session: Session) -> None:
    existing = set(session.scalars(select(ParField.code)))
    for position, row in enumerate(load_par_fields()):
        if row["code"] not in existing:
            session.add(ParField(code=row["code"], name_vi=row["name_vi"], name_en=row["name_en"],
                                 position=position))


def _ensure_default_rubric(session: Session) -> None:
    if session.scalar(select(Rubric.id).limit(1)) is not None:
        return
    rubric = Rubric(name="Thang điểm mặc định (100 điểm)", effective_from=dt.date(2024, 1, 1),
                    legal_basis="Nghị định 13/2012/NĐ-CP; Thông tư 18/2013/TT-BKHCN")
    for position, (code, vi, en, max_points, novelty) in enumerate(DEFAULT_CRITERIA):
        bands = NOVELTY_BANDS if novelty else _bands(max_points)
        rubric.criteria.append(RubricCriterion(code=code, name_vi=vi, name_en=en, max_points=max_points,
                                               bands=json.dumps(bands, ensure_ascii=False),
                                               is_novelty=novelty, position=position))
    session.add(rubric)


def _ensure_rule_values(session: Session) -> None:
    # Defaults go only into a key that has no rows yet, so an administrator's edits stay as made.
    keys_present = set(session.scalars(select(RuleValue.key).distinct()))
    for key, value, since, basis in DEFAULT_RULE_VALUES:
        if key not in keys_present:
            session.add(RuleValue(key=key, value=value, effective_from=since, legal_basis=basis))


# The national council rules: what the pass rule has always applied (filing.council_rules reads them).
NATIONAL_COUNCIL_RULES = {
    "code": "national", "name": "Quy định chung về Hội đồng sáng kiến", "approval_ratio": "2/3",
    "quorum_ratio": "2/3", "levels": '{"commune": "unit", "department": "unit", "province": "provincial"}',
    "rounds": '[{"deadline": "12-15"}]', "legal_basis": "Nghị định 13/2012/NĐ-CP; Thông tư 18/2013/TT-BKHCN, Điều 8",
    "effective_from": dt.date(2013, 9, 16),
}


def _ensure_council_rules(session: Session) -> None:
    if session.scalar(select(CouncilRule.id).where(CouncilRule.code == "national").limit(1)) is None:
        session.add(CouncilRule(**NATIONAL_COUNCIL_RULES))


def _ensure_award_forms(session: Session) -> None:
    if session.scalar(select(AwardForm.id).limit(1)) is not None:
        return
    for (code, vi, en, kind, level, indiv, coll, coef, since, until, basis) in DEFAULT_AWARD_FORMS:
        session.add(AwardForm(code=code, name_vi=vi, name_en=en, kind=kind, level=level,
                              allows_individual=indiv, allows_collective=coll,
                              coefficient=Decimal(coef), effective_from=since, effective_to=until,
                              legal_basis=basis))
