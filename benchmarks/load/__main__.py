"""`python -m benchmarks.load`: drive simulated people against a running server over Streamlit's WebSocket protocol.

Exit 1 on any error or lost write. It lives outside `ideas/` because it speaks Streamlit's protocol (its protobufs
ship in the streamlit package), and the domain package never imports streamlit.
"""
from __future__ import annotations

import argparse
import sys

from ideas.core.db import Database


def _mix(text: str) -> dict[str, float]:
    """"staff=0.8,reviewer=0.1,leader=0.1" -> shares by role."""
    from benchmarks.load.runner import ROLES

    shares = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, _, share = part.partition("=")
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
        shares[role] = float(share)
    return shares


def build_parser() -> argparse.ArgumentParser:
    load = argparse.ArgumentParser(
        prog="python -m benchmarks.load",
        description="drive N simulated people against a running server (WebSocket protocol); exit 1 on any "
                    "error or lost write")
    load.add_argument("--database-url", help="the server's database (default: DATABASE_URL or data/ideas.db)")
    load.add_argument("--url", required=True, help="the running app, e.g. http://127.0.0.1:8501")
    load.add_argument("--users", type=int, default=20)
    load.add_argument("--duration", type=float, default=30.0, help="seconds during which actions start")
    load.add_argument("--ramp", type=float, default=5.0, help="seconds over which the people arrive")
    load.add_argument("--think", type=float, default=10.0, help="mean seconds between one person's actions")
    load.add_argument("--timeout", type=float, default=60.0, help="seconds one action may take")
    load.add_argument("--seed", type=int, default=1)
    load.add_argument("--mix", type=_mix, default=None, help="shares by role: staff=0.8,reviewer=0.1,leader=0.1")
    load.add_argument("--server-pid", type=int, action="append", default=[],
                      help="server process to sample with psutil (repeat for replicas)")
    load.add_argument("--idle-after", type=float, default=0.0,
                      help="seconds to keep sampling the server's memory after everyone left")
    load.add_argument("--json", help="also write the summary to this JSON file")
    return load


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    database = Database(args.database_url)
    try:
        return _load(args, database)
    finally:
        database.dispose()


def _load(args, database: Database) -> int:
    from benchmarks.load.runner import DEFAULT_MIX, LoadConfig, format_report, run_load
    from ideas.tooling.cli import emit_json

    config = LoadConfig(url=args.url, users=args.users, duration=args.duration, ramp=args.ramp, think=args.think,
                        seed=args.seed, mix=args.mix or dict(DEFAULT_MIX), timeout=args.timeout,
                        server_pids=tuple(args.server_pid), idle_after=args.idle_after)
    report = run_load(database, config)
    print(format_report(report))
    if args.json:
        emit_json(report.summary(), args.json)
    failed = report.errors or report.lost
    if failed:
        print(f"FAILED: {len(report.errors)} errors, {len(report.lost)} lost writes", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
