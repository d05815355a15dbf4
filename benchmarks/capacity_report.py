"""Markdown tables from capacity JSON files: `python -m benchmarks.capacity_report A.json B.json`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:,.0f}"


def curve(results: dict) -> list[str]:
    lines = ["| database | replicas | users | actions/s | p50 ms | p95 ms | p99 ms | errors | lost writes | "
             "server CPU % (mean) | CPU ms per action | RSS peak MB | load before | beside |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for run in results["runs"]:
        total, server = run["latency_s"]["ALL"], run["server"]
        lines.append(f"| {NAMES.get(results['database'], results['database'])} | {run['replicas']} | {run['users']} | "
                     f"{run['actions_per_s']} | {ms(total['p50'])} | {ms(total['p95'])} | {ms(total['p99'])} | "
                     f"{run['errors']} | {run['lost_writes']} | {server.get('cpu_mean', 0):.0f} | "
                     f"{server.get('cpu_ms_per_action', '-')} | {server.get('rss_peak_mb', 0):,.0f} | "
                     f"{_load(run)} | {run.get('hog') or '-'} |")
    return lines


def _load(run: dict) -> str:
    """The machine's 1-minute load average before the run (a busy host shows here)."""
    load = run.get("load_before")
    return "-" if not load else f"{load[0]:.2f}"


def held(results: dict) -> dict[int, int]:
    """Per replica count: the most users tried with p95 under 1 s and no error."""
    best: dict[int, int] = {}
    for run in results["runs"]:
        total = run["latency_s"]["ALL"]
        if total["p95"] is not None and total["p95"] < 1.0 and not run["errors"]:
            best[run["replicas"]] = max(best.get(run["replicas"], 0), run["users"])
    return best


def memory(results: dict) -> list[str]:
    lines = []
    for item in results["memory"]:
        cycles = ", ".join(f"{c['rss_open_mb']:.0f} → {c['rss_after_mb']:.0f}" for c in item["cycles"])
        lines.append(f"| {NAMES.get(results['database'])} | {item['replicas']} | {item['sessions']} | "
                     f"{item['rss_start_mb']:.0f} | {cycles} | {item['per_session_mb']} | "
                     f"{item['growth_per_cycle_mb']} |")
    return lines


def main(paths: list[str]) -> int:
    files = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    for results in files:
        print("\n".join(curve(results)) + "\n")
        print(f"held at p95 < 1 s ({results['database']}): {held(results)}\n")
    print("| database | replicas | idle tabs | RSS start MB | RSS open → after TTL, per cycle (MB) | MB per session | "
          "growth MB |\n|---|---:|---:|---:|---|---:|---:|")
    for results in files:
        print("\n".join(memory(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
