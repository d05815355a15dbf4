"""Time each main page through AppTest as its usual user: `python -m benchmarks.pages --json OUT`.

Server time = the wall time of one AppTest run (the script, its queries, element serialisation);
the browser's rendering is not included. The first run of each page warms caches and is not counted.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (page, username of its usual user in the generated province, extra session state)
PAGES = [
    ("pages/home.py", "u000020", {}),
    ("pages/home.py", "u000004", {}),  # the work list of a secretary, a reward officer, a leader
    ("pages/home.py", "u000015", {}),
    ("pages/home.py", "u000002", {}),
    ("pages/ideas_browse.py", "u000020", {}),
    ("pages/ideas_detail.py", "u000020", {"view_idea_id": 5}),
    ("pages/ideas_mine.py", "u000020", {}),
    ("pages/ideas_submit.py", "u000020", {}),
    ("pages/inbox.py", "u000020", {}),
    ("pages/review_screening.py", "u000004", {}),
    ("pages/review_queue.py", "u000007", {}),
    ("pages/review_council.py", "u000006", {}),
    ("pages/review_deadlines.py", "u000004", {}),
    ("pages/rewards_lists.py", "u000015", {}),
    ("pages/rewards_ledger.py", "u000015", {}),
    ("pages/dashboard.py", "u000002", {}),
    ("pages/admin_units.py", "u000001", {}),
    ("pages/admin_accounts.py", "u000001", {}),
    ("pages/admin_audit.py", "u000001", {}),
]
EMPTY_PAGE = 'import streamlit as st\nst.title("Trống")\n'


def _app_test(script: str):
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest import force_navigation_v2

    force_navigation_v2()
    return AppTest.from_file(script, default_timeout=120)


def _median_run(at, repeat: int) -> float:
    at.run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def empty_page_ms(repeat: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "empty.py"
        script.write_text(EMPTY_PAGE, encoding="utf-8")
        return _median_run(_app_test(str(script)), repeat)


def signed_in_page(database, page: str, username: str, state: dict):
    """An AppTest of the router, signed in as a generated account, switched to `page` with `state`."""
    from ideas.accounts import users
    from ideas.tooling.generate import BENCH_PASSWORD

    at = _app_test(str(ROOT / "app.py"))
    with database.session() as session:
        at.session_state["auth_token"] = users.login(session=session, username=username,
                                                        password=BENCH_PASSWORD).session_token
    at.run()
    at.switch_page(page)
    for key, value in state.items():
        at.session_state[key] = value
    return at


def page_ms(database_url: str, page: str, username: str, state: dict, repeat: int) -> tuple[float, str]:
    from ideas.core.db import Database

    database = Database(database_url)
    at = signed_in_page(database, page, username, state)
    median = _median_run(at, repeat)
    note = "exception: " + at.exception[0].message[:80] if at.exception else ""
    database.dispose()
    return median, note


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    rows = [{"case": "empty Streamlit page (baseline)", "kind": "page",
             "median_ms": round(empty_page_ms(args.repeat), 1), "runs": args.repeat, "note": ""}]
    for page, username, state in PAGES:
        if not (ROOT / page).exists():
            continue
        try:
            median, note = page_ms(args.database_url, page, username, state, args.repeat)
        except Exception as error:  # noqa: BLE001 - reported in the table
            median, note = float("nan"), f"failed: {type(error).__name__}: {str(error)[:80]}"
        rows.append({"case": f"page {page} as {username}", "kind": "page", "median_ms": round(median, 1),
                     "runs": args.repeat, "note": note})
    from ideas.tooling.cli import emit_json

    emit_json(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
