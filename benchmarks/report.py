"""Merge `python -m ideas bench --json` files into the markdown table of docs/BENCHMARKS.md.

    python -m benchmarks.report sqlite-small.json sqlite-province.json pg-small.json pg-province.json
"""
from __future__ import annotations

import json
import sys


def label(meta: dict) -> str:
    database = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(meta["database"], meta["database"])
    return f"{database} {meta['scale']}"


def table(paths: list[str]) -> str:
    runs = [json.load(open(path, encoding="utf-8")) for path in paths]
    cases: list[str] = []
    for run in runs:
        cases += [r["case"] for r in run["results"] if r["case"] not in cases]
    lines = ["| case | " + " | ".join(label(run["meta"]) for run in runs) + " |",
             "|---|" + "---:|" * len(runs)]
    for case in cases:
        cells = []
        for run in runs:
            row = next((r for r in run["results"] if r["case"] == case), None)
            if row is None or row["median_ms"] != row["median_ms"]:  # missing or NaN
                cells.append("—")
            else:
                note = f" ({row['note']})" if row.get("note") and row["kind"] == "throughput" else ""
                cells.append(f"{row['median_ms']:,.1f}{note}")
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    data = [f"- {label(run['meta'])}: {run['meta']['data']}" for run in runs]
    return "\n".join(lines) + "\n\nData per run:\n\n" + "\n".join(data) + "\n"


if __name__ == "__main__":
    sys.stdout.write(table(sys.argv[1:]))
