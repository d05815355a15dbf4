"""Capacity curve: load runs of growing size against one process or two replicas behind nginx.

    python -m benchmarks.capacity --database-url URL --users 10,25,50,100,200 --duration 60 --replicas 1 2 \
        --json capacity.json [--option runner.postScriptGC=false]

For each topology the servers are started once on the given (province) database; first the memory check on
the fresh servers (`memory_check`), then every user count runs against them in turn (warm caches, as in
production).
nginx spreads the WebSocket connections by the session cookie (`hash $cookie_sk_session consistent`):
`ip_hash` would send every simulated user (all on 127.0.0.1) to one replica.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from benchmarks.load.client import Tab  # noqa: E402
from benchmarks.load.monitor import MB, ServerMonitor  # noqa: E402
from benchmarks.load.runner import LoadConfig, format_report, run_load, sign_in_people  # noqa: E402
from ideas.core.db import Database  # noqa: E402
from tests.support import launch  # noqa: E402


def ensure_open_campaign(database: Database) -> None:
    """The load's staff submit: open a province-wide campaign for a month from today if none is open."""
    from sqlalchemy import select

    from ideas.core import clock
    from ideas.core.models import Campaign, RoleAssignment, User
    from ideas.filing import campaigns

    today = clock.today()
    with database.session() as session:
        for campaign in session.scalars(select(Campaign).where(Campaign.unit_id.is_(None))):
            if campaigns.is_open(campaign, today):
                return
        admin = session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                               .where(RoleAssignment.role == "admin", RoleAssignment.unit_id.is_(None)).limit(1))
        campaigns.create_campaign(session=session, actor=admin, name=f"Đợt thử tải {today.year}", year=today.year,
                                  opens_on=today - dt.timedelta(days=30), closes_on=today + dt.timedelta(days=30))


@dataclass(frozen=True)
class Topology:
    """One process, or N replicas behind nginx; all on this machine."""

    url: str
    pids: tuple[int, ...]


@contextmanager
def started(database_url: str, replicas: int, options: dict[str, str], tmp: Path,
            app_dir: Path = ROOT) -> Iterator[Topology]:
    """The servers (and nginx in front of two or more), stopped when the block exits however it exits."""
    with ExitStack() as stack:
        servers = [stack.enter_context(launch.streamlit(database_url, tmp / f"replica-{i}.log", options=options,
                                                        app_dir=app_dir))
                   for i in range(replicas)]
        url = servers[0].url
        if replicas > 1:
            proxy = launch.nginx([s.address for s in servers], tmp, balance=launch.BY_SESSION_COOKIE)
            url = stack.enter_context(proxy).url
        yield Topology(url, tuple(s.pid for s in servers))


async def _open_tabs(url: str, tokens: list[str], hold: float, monitor: ServerMonitor) -> float:
    """Open a tab per token on the browse page, hold them, close them; the servers' RSS while they were open."""
    tabs = [Tab(url, cookies={"sk_session": token}) for token in tokens]
    for chunk in range(0, len(tabs), 20):  # twenty at a time, as a morning's arrivals
        batch = tabs[chunk:chunk + 20]
        await asyncio.gather(*(tab.connect() for tab in batch))
        await asyncio.gather(*(tab.run(None, keep_page=False) for tab in batch))
        await asyncio.gather(*(tab.run("ideas_browse") for tab in batch))
    await asyncio.sleep(hold)
    rss = monitor.rss()
    await asyncio.gather(*(tab.close() for tab in tabs))
    return rss


def memory_check(database: Database, topology: Topology, *, sessions: int, ttl: float, cycles: int = 2) -> dict:
    """Memory per session and whether sessions leak, on freshly started servers.

    Each cycle opens `sessions` tabs (home, then the browse page), holds them, closes them, waits for
    `server.disconnectedSessionTTL` and opens one more tab: Streamlit keeps a disconnected session in a TTL
    cache that drops expired entries only when it is next written to. Python seldom gives freed memory back
    to the system, so a leak shows as RSS that grows from one cycle to the next, not as RSS above the start.
    """
    monitor = ServerMonitor(topology.pids)
    people = sign_in_people(database, users=sessions, mix={"staff": 1.0}, seed=99)
    tokens = [p.token for p in people]
    asyncio.run(_open_tabs(topology.url, tokens[:1], 0, monitor))  # warm: the first run imports the pages
    time.sleep(2)
    result = {"sessions": sessions, "ttl_s": ttl, "rss_start_mb": round(monitor.rss() / MB, 1), "cycles": []}
    for _ in range(cycles):
        opened = asyncio.run(_open_tabs(topology.url, tokens, 5, monitor))
        time.sleep(ttl + 5)
        asyncio.run(_open_tabs(topology.url, tokens[:1], 0, monitor))  # a write to the TTL cache: expiry runs
        time.sleep(3)
        result["cycles"].append({"rss_open_mb": round(opened / MB, 1), "rss_after_mb": round(monitor.rss() / MB, 1)})
    first = result["cycles"][0]
    result["per_session_mb"] = round((first["rss_open_mb"] - result["rss_start_mb"]) / sessions, 2)
    result["growth_per_cycle_mb"] = round(result["cycles"][-1]["rss_after_mb"] - first["rss_after_mb"], 1)
    return result


@contextmanager
def beside(command: str) -> Iterator[dict]:
    """Run a CPU-bound command beside the servers for the block (nothing when empty); its CPU seconds after."""
    found: dict = {}
    if not command:
        yield found
        return
    hog = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield found
    finally:
        try:
            times = psutil.Process(hog.pid).cpu_times()
            found["cpu_s"] = round(times.user + times.system, 1)
        except psutil.Error:
            pass
        hog.terminate()
        hog.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", default="10,25,50,100,200")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--ramp", type=float, default=10.0)
    parser.add_argument("--think", type=float, default=10.0)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--option", action="append", default=[], help="Streamlit option NAME=VALUE for the servers")
    parser.add_argument("--memory-sessions", type=int, default=100, help="idle tabs for the memory check (0: none)")
    parser.add_argument("--memory-cycles", type=int, default=2)
    parser.add_argument("--ttl", type=float, default=10.0, help="server.disconnectedSessionTTL during the runs")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--hog", default="", help="a CPU-bound command to run beside the servers during the runs "
                        "(e.g. 'sha256sum /dev/zero': one core busy, as a backup's compression would be)")
    parser.add_argument("--json", required=True)
    args = parser.parse_args(argv)
    options = dict(item.split("=", 1) for item in args.option)
    options.setdefault("server.disconnectedSessionTTL", str(int(args.ttl)))
    database = Database(args.database_url)
    ensure_open_campaign(database)
    results = {"database": database.engine.dialect.name, "options": options, "app_dir": str(args.app_dir),
               "think_s": args.think, "duration_s": args.duration, "ramp_s": args.ramp,
               "started": dt.datetime.now(dt.UTC).isoformat(),
               "runs": [], "memory": []}
    out = Path(args.json)
    for replicas in args.replicas:
        with tempfile.TemporaryDirectory(prefix=f"capacity-{replicas}-") as tmp:
            with started(args.database_url, replicas, options, Path(tmp), app_dir=args.app_dir) as topology:
                if args.memory_sessions:
                    memory = memory_check(database, topology, sessions=args.memory_sessions, ttl=args.ttl,
                                          cycles=args.memory_cycles)
                    print(f"--- memory ({replicas} replica(s)): {memory}", flush=True)
                    results["memory"].append({"replicas": replicas, **memory})
                    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
                for users in (int(u) for u in args.users.split(",") if u):
                    load_before = [round(x, 2) for x in os.getloadavg()]
                    config = LoadConfig(url=topology.url, users=users, duration=args.duration, ramp=args.ramp,
                                        think=args.think, server_pids=topology.pids, timeout=60, seed=users)
                    with beside(args.hog) as hog:
                        report = run_load(database, config)
                    print(f"--- {replicas} replica(s), {users} users (load before {load_before}"
                          f"{', beside: ' + args.hog if args.hog else ''})\n{format_report(report)}", flush=True)
                    summary = report.summary()
                    summary["server"].pop("rss_series_mb", None)
                    results["runs"].append({"replicas": replicas, "load_before": load_before,
                                            "hog": args.hog or None, "hog_cpu_s": hog.get("cpu_s"), **summary})
                    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
                    time.sleep(5)
    database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
