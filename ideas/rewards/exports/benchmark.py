"""Export timing on a scratch database (the `awards benchmark` command)."""
from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select

from ideas.core.models import AwardForm, AwardItem, AwardList, Unit
from ideas.core.permissions import SYSTEM
from ideas.rewards.exports.annex import to_docx
from ideas.rewards.exports.document import load_document
from ideas.rewards.exports.spreadsheets import to_csv, to_xlsx


def benchmark(items: int = 10_000) -> dict[str, float]:
    """Time the xlsx and docx exports of a list of `items` rows in a scratch SQLite database (seconds)."""
    import tempfile
    from decimal import Decimal
    from pathlib import Path

    from ideas.core.db import Database
    from ideas.core.migrate import upgrade

    scratch = tempfile.TemporaryDirectory()
    database = Database(f"sqlite:///{Path(scratch.name) / 'export-benchmark.db'}")
    upgrade(database)
    with database.session() as session:
        unit = Unit(code="BENCH", name="Ủy ban nhân dân huyện Thử Nghiệm", path="/")
        session.add(unit)
        session.flush()
        form = session.scalar(select(AwardForm).where(AwardForm.code == "GIAY_KHEN"))
        award_list = AwardList(title="cá nhân được tặng Giấy khen năm 2025", year=2025, unit_id=unit.id,
                               agency_name=unit.name, decision_no="123/QĐ-UBND",
                               decision_date=dt.date(2025, 8, 5), signer="Nguyễn Văn A",
                               signer_title="Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm")
        session.add(award_list)
        session.flush()
        session.execute(AwardItem.__table__.insert(), [
            {"list_id": award_list.id, "recipient_kind": "individual", "unit_id": unit.id,
             "display_name": f"Nguyễn Thị Bình {n}", "position_unit": "Chuyên viên, Phòng Nội vụ",
             "achievement": f"Tác giả sáng kiến «Rút ngắn thời gian giải quyết hồ sơ số {n}» được công nhận",
             "award_form_id": form.id, "coefficient": Decimal("0.3"), "base_salary": 2_340_000,
             "multiplier": Decimal(1), "amount": 710_000, "position": n} for n in range(1, items + 1)])
        list_id = award_list.id
    result: dict[str, float] = {"items": items}
    with database.read_session() as session:
        started = time.perf_counter()
        doc = load_document(session, actor=SYSTEM, list_id=list_id)
        result["load_s"] = round(time.perf_counter() - started, 3)
    for fmt, export in (("xlsx", to_xlsx), ("docx", to_docx), ("csv", to_csv)):
        started = time.perf_counter()
        data = export(doc)
        result[f"{fmt}_s"] = round(time.perf_counter() - started, 3)
        result[f"{fmt}_bytes"] = len(data)
    database.dispose()
    scratch.cleanup()
    return result
