"""Time the home page's work list for each kind of user: `python -m benchmarks.home --database-url URL`.

For each generated account (staff, secretary, reviewer, chair, reward officer, leader, admin) it reports the
median wall time of `home_view` (all its queries and the translation of every item) over `--repeat` runs after a
warm-up run, the number of SQL statements one render issues and how many work items it lists. The page budget is
the one of docs/BENCHMARKS.md: a page's server time under 1 s at province scale.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USERS = [("u000020", "staff"), ("u000004", "secretary"), ("u000007", "reviewer"), ("u000006", "chair"),
         ("u000015", "reward officer"), ("u000002", "leader"), ("u000001", "admin")]


def measure(database, username: str, repeat: int) -> dict:
    from sqlalchemy import select

    from ideas.core.models import User
    from ideas.dashboards import home_view

    def render() -> tuple[int, object]:
        statements = []
        with database.read_session() as session:
            listener = lambda *args, **kwargs: statements.append(1)  # noqa: E731
            event.listen(session.get_bind(), "before_cursor_execute", listener)
            try:
                user = session.scalar(select(User).where(User.username == username))
                home = home_view.home_view(session=session, actor=user, lang="vi")
            finally:
                event.remove(session.get_bind(), "before_cursor_execute", listener)
        return len(statements), home

    render()
    samples, statements, home = [], 0, None
    for _ in range(repeat):
        started = time.perf_counter()
        statements, home = render()
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 1), "statements": statements,
            "items": len(home.work), "more": len(home.more)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    from ideas.core.db import Database

    database = Database(args.database_url)
    rows = []
    for username, role in USERS:
        found = measure(database, username, args.repeat)
        rows.append({"case": f"home work list as {username} ({role})", "kind": "service",
                     "median_ms": found["median_ms"], "runs": args.repeat,
                     "note": f"{found['statements']} statements, {found['items']} items, "
                             f"{found['more']} 'more' links"})
        print(rows[-1], flush=True)
    database.dispose()
    from ideas.tooling.cli import emit_json

    emit_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
