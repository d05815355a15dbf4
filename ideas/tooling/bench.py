"""Benchmark harness: server-side medians for the essential queries and services at a given scale.

Pages are timed through Streamlit's AppTest in `benchmarks/pages.py` (this package never imports
Streamlit); `python -m ideas bench` runs both and prints one table.
"""
from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ideas.core import clock
from ideas.core.bulk import analyze
from ideas.core.db import Database
from ideas.core.permissions import SYSTEM

SCALES = {
    "small": {"staff": 2_000, "ideas": 4_000},
    "province": {"staff": 50_000, "ideas": 100_000},
}


@dataclass
class Result:
    name: str
    kind: str  # sql | service | page | throughput
    median_ms: float
    runs: int
    note: str = ""

    def row(self) -> dict:
        return {"case": self.name, "kind": self.kind, "median_ms": round(self.median_ms, 1), "runs": self.runs,
                "note": self.note}


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time in milliseconds over `repeat` runs after one warm-up run."""
    result = fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def ensure_data(database: Database, scale: str, *, progress=None) -> dict:
    """Generate the synthetic province for `scale` when the database is empty; returns its row counts."""
    from ideas.core.models import Idea, Support, User
    from ideas.tooling.generate import generate

    with database.read_session() as session:
        ideas = session.scalar(select(func.count()).select_from(Idea)) or 0
    if ideas == 0:
        stats = generate(database, seed=1, progress=progress, **SCALES[scale])
        from ideas.filing import similar

        with database.session() as session:
            similar.reindex_all(session)
        analyze(database)
        generated = {"generated_rows": stats.total, "generate_s": round(stats.seconds, 1),
                     "rows_per_s": round(stats.rows_per_second),
                     "insert_rows_per_s": round(stats.insert_rows_per_second)}
    else:
        generated = {}
    with database.read_session() as session:
        counts = {
            "staff": session.scalar(select(func.count()).select_from(User)),
            "ideas": session.scalar(select(func.count()).select_from(Idea)),
            "supports": session.scalar(select(func.count()).select_from(Support)),
        }
    return {**counts, **generated}


def _user(session: Session, username: str):
    from ideas.accounts.users import by_username

    return by_username(session, username)


def service_cases(database: Database) -> list[tuple[str, str, Callable[[], object]]]:
    """(name, kind, fn) for every query and service that has a target."""
    from ideas.accounts import users as accounts
    from ideas.dashboards import reports
    from ideas.filing import browse, similar
    from ideas.tooling.generate import BENCH_PASSWORD

    def in_read(fn: Callable[[Session], object]) -> Callable[[], object]:
        def run() -> object:
            with database.read_session() as session:
                return fn(session)
        return run

    def in_write(fn: Callable[[Session], object]) -> Callable[[], object]:
        def run() -> object:
            with database.session() as session:
                return fn(session)
        return run

    year = clock.this_year()
    cases: list[tuple[str, str, Callable[[], object]]] = [
        ("login (argon2 verify)", "service", in_write(
            lambda s: accounts.authenticate(session=s, username="u000020", password=BENCH_PASSWORD))),
        ("browse: newest page (SQL floor)", "sql", in_read(
            lambda s: browse.search_ideas(s, limit=20))),
        ("browse: most supported page", "sql", in_read(
            lambda s: browse.search_ideas(s, sort="supports", limit=20))),
        ("search: 'so hoa ho so mot cua'", "service", in_read(
            lambda s: browse.search_ideas(s, text="so hoa ho so mot cua", limit=20))),
        ("search: one unit subtree", "service", in_read(
            lambda s: browse.search_ideas(s, unit_id=1, limit=20))),
        ("similar ideas to a text", "service", in_read(
            lambda s: similar.similar_to_text(s, actor=_user(s, "u000020"),
                                              text="Số hoá hồ sơ một cửa cấp xã, rút ngắn thời gian"))),
        ("dashboard: participation by unit", "sql", in_read(
            lambda s: reports.participation(session=s, actor=_user(s, "u000002"), year=year))),
        ("dashboard: all data functions", "service", in_read(lambda s: _dashboard(s, year))),
        ("my inbox count (SQL floor)", "sql", in_read(
            lambda s: s.execute(text("SELECT COUNT(*) FROM notifications WHERE user_id = 20 AND read_at IS NULL"))
            .scalar())),
    ]
    return cases


def _dashboard(session: Session, year: int) -> int:
    from ideas.dashboards import reports

    leader = _user(session, "u000002")
    calls = [reports.participation, reports.monthly_by_status, reports.funnel, reports.par_fields,
             reports.unit_field_heatmap, reports.impact_by_unit, reports.review_health,
             reports.rewards_by_unit_form]
    for call in calls:
        call(session=session, actor=leader, year=year)
    return len(calls)


def export_case(database: Database) -> list[Result]:
    """The largest approved award list exported as xlsx and docx (capped by the generator at 10,000 items)."""
    from ideas.core.models import AwardItem
    from ideas.rewards import exports

    with database.read_session() as session:
        row = session.execute(select(AwardItem.list_id, func.count()).group_by(AwardItem.list_id)
                              .order_by(func.count().desc()).limit(1)).first()
    if row is None:
        return []
    list_id, items = row
    results = []
    for fmt in ("xlsx", "docx"):
        def run(fmt: str = fmt) -> bytes:
            with database.read_session() as session:
                return exports.export(session, actor=SYSTEM, list_id=list_id, fmt=fmt)
        median, _ = timed(run, 2)
        results.append(Result(f"award list export {fmt} ({items:,} items)", "service", median, 2))
    return results


def concurrency_case(database: Database, threads: int = 20, per_thread: int = 10) -> Result:
    """20 threads supporting ideas at once: throughput, and no support lost or counted twice."""
    from ideas.accounts.users import by_username
    from ideas.core.models import Idea, Support
    from ideas.filing import social

    with database.read_session() as session:
        idea_ids = list(session.scalars(select(Idea.id).where(Idea.status == "submitted").order_by(Idea.id)
                                        .limit(per_thread)))
        before = {i: session.get(Idea, i).support_count for i in idea_ids}
    errors: list[Exception] = []
    toggled: dict[tuple[int, int], bool] = {}
    lock = threading.Lock()

    def worker(n: int) -> None:
        username = f"u{40_000 + n if _has_user(database, 40_000 + n) else 1_000 + n:06d}"
        for idea_id in idea_ids:
            try:
                with database.session() as session:
                    actor = by_username(session, username)
                    on = social.toggle_support(session=session, actor=actor, idea_id=idea_id)
                with lock:
                    toggled[(n, idea_id)] = on
            except Exception as error:  # noqa: BLE001 - counted and reported
                errors.append(error)

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    with database.read_session() as session:
        consistent = all(
            session.get(Idea, i).support_count
            == session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == i))
            for i in idea_ids)
        delta = sum(session.get(Idea, i).support_count - before[i] for i in idea_ids)
    expected = sum(1 if on else -1 for on in toggled.values())
    ok = consistent and delta == expected
    operations = threads * len(idea_ids)
    return Result(f"{threads} threads toggling supports", "throughput", elapsed * 1000 / max(operations, 1), 1,
                  f"{operations / elapsed:,.0f} ops/s; errors {len(errors)}; "
                  f"counts {'consistent' if ok else 'INCONSISTENT'}")


def _has_user(database: Database, number: int) -> bool:
    from ideas.core.models import User

    with database.read_session() as session:
        return session.scalar(select(User.id).where(User.id == number)) is not None


def run(database: Database, *, repeat: int = 5) -> list[Result]:
    """Every service/SQL case, the exports and the concurrency check."""
    results = []
    for name, kind, fn in service_cases(database):
        try:
            median, _ = timed(fn, repeat)
            results.append(Result(name, kind, median, repeat))
        except Exception as error:  # noqa: BLE001 - a missing capability is reported, not fatal
            results.append(Result(name, kind, float("nan"), 0, f"failed: {type(error).__name__}: {error}"))
    results += export_case(database)
    results.append(concurrency_case(database))
    return results
