"""Reorganisation at province scale (issue 24): record 500 communes merging into 100, then read participation under
today's structure and as it was.

    python -m benchmarks.reorganisation --scale province --repeat 5 --json OUT.json
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python -m benchmarks.reorganisation ...

A fresh database (SQLite file, or a new PostgreSQL database on TEST_DATABASE_URL's server) gets the synthetic
province of `ideas.tooling.generate`; 500 communes are added under its districts, one staff member in five moves
into them with the ideas they own. The mapping (500 rows: five communes into each of 100 new communes, effective
1 July 2025) is then previewed and applied through the reorganisation service, each timed run rolled back; one
last run is committed and the participation dashboard is timed for 2025 and for all years under both structures.
Every number is a median over --repeat runs after one warm-up run, in milliseconds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, update  # noqa: E402

from ideas.core.bulk import analyze  # noqa: E402
from ideas.core.db import Database  # noqa: E402
from ideas.core.migrate import upgrade  # noqa: E402
from ideas.core.models import Idea, Unit, User  # noqa: E402
from ideas.core.permissions import SYSTEM  # noqa: E402
from tests.support.database import create_database  # noqa: E402

COMMUNES, MERGED_INTO = 500, 100
EFFECTIVE = dt.date(2025, 7, 1)
SCALES = {"small": {"staff": 2_000, "ideas": 4_000}, "province": {"staff": 50_000, "ideas": 100_000}}


def median_ms(fn, repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def add_communes(database: Database) -> dict:
    """500 communes under the districts; every fifth person (and the ideas they own) moves into one."""
    from ideas.accounts import units

    with database.session() as session:
        districts = list(session.scalars(select(Unit.id).where(Unit.kind == "district", Unit.level == 0)))
        ids = []
        for n in range(COMMUNES):
            unit = units.create_unit(session=session, actor=SYSTEM, code=f"XA{n + 1:04d}", name=f"Xã Cũ {n + 1}",
                                     kind="commune", parent_id=districts[n % len(districts)], headcount=0)
            ids.append(unit.id)
        people = list(session.scalars(select(User.id).where(User.id % 5 == 0).order_by(User.id)))
        for index, user_id in enumerate(people):
            session.execute(update(User).where(User.id == user_id).values(unit_id=ids[index % COMMUNES]))
        session.execute(update(Idea).where(Idea.owner_id.in_(people)).values(
            unit_id=select(User.unit_id).where(User.id == Idea.owner_id).scalar_subquery()))
        counts = dict(session.execute(select(User.unit_id, func.count()).where(User.unit_id.in_(ids))
                                      .group_by(User.unit_id)).all())
        for unit_id in ids:
            session.execute(update(Unit).where(Unit.id == unit_id).values(headcount=int(counts.get(unit_id, 0))))
        moved_ideas = session.scalar(select(func.count()).select_from(Idea).where(Idea.unit_id.in_(ids)))
    analyze(database)
    return {"communes": COMMUNES, "staff_in_communes": len(people), "ideas_in_communes": int(moved_ideas or 0)}


def mapping() -> bytes:
    lines = ["Mã đơn vị cũ,Mã đơn vị mới,Hình thức,Ngày hiệu lực,Căn cứ,Tên đơn vị mới"]
    per = COMMUNES // MERGED_INTO
    for n in range(COMMUNES):
        group = n // per + 1
        lines.append(f"XA{n + 1:04d},XM{group:04d},hợp nhất,01/07/2025,Nghị quyết 1680/NQ-UBTVQH15,Xã Mới {group}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(database: Database, *, scale: str, repeat: int) -> dict:
    from ideas.accounts import reorganisation
    from ideas.dashboards import reports
    from ideas.tooling.generate import generate

    started = time.perf_counter()
    stats = generate(database, seed=1, **SCALES[scale])
    data = {"generated_rows": stats.total, "generate_s": round(time.perf_counter() - started, 1)}
    data.update(add_communes(database))
    data["mapping_rows"] = COMMUNES
    payload = mapping()
    results = []

    def preview() -> None:
        with database.read_session() as session:
            plan = reorganisation.preview_mapping(session=session, actor=SYSTEM, data=payload, filename="map.csv")
            assert plan.ok, plan.errors[:3]

    def apply_rolled_back() -> None:
        with database.engine.connect() as connection:
            transaction = connection.begin()
            from sqlalchemy.orm import Session

            with Session(bind=connection) as session:
                applied = reorganisation.apply_mapping(session=session, actor=SYSTEM, data=payload,
                                                       filename="map.csv")
                assert applied.ended == COMMUNES and applied.created == MERGED_INTO
            transaction.rollback()

    results.append(("reorganisation: preview 500 -> 100 communes", median_ms(preview, repeat)))
    results.append(("reorganisation: apply 500 -> 100 communes (one transaction)", median_ms(apply_rolled_back,
                                                                                             repeat)))
    with database.session() as session:
        applied = reorganisation.apply_mapping(session=session, actor=SYSTEM, data=payload, filename="map.csv")
    data["staff_moved"] = applied.staff_moved
    data["open_files_moved"] = applied.files_moved
    analyze(database)

    def participation(year, structure):
        def call() -> None:
            with database.read_session() as session:
                reports.participation(session=session, actor=SYSTEM, year=year, structure=structure)
        return call

    for year in (2025, None):
        for structure in ("today", "as_was"):
            label = f"participation {year or 'all years'}, {'today' if structure == 'today' else 'as it was'}"
            results.append((label, median_ms(participation(year, structure), repeat)))
    return {"meta": {"database": database.engine.dialect.name, "scale": scale, "repeat": repeat,
                     "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                                f"SQLite {sqlite3.sqlite_version}",
                     "load_average": os.getloadavg(), "date": dt.date.today().isoformat(), "data": data},
            "results": [{"case": name, "median_ms": round(ms, 1)} for name, ms in results]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="province")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    base = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    with tempfile.TemporaryDirectory() as folder:
        url, drop = create_database(base, Path(folder))
        database = Database(url)
        try:
            upgrade(database)
            report = run(database, scale=args.scale, repeat=args.repeat)
        finally:
            database.dispose()
            drop()
    text_out = json.dumps(report, ensure_ascii=False, indent=1, default=str)
    if args.json:
        Path(args.json).write_text(text_out, encoding="utf-8")
    print(text_out)


if __name__ == "__main__":
    main()
