"""Server CPU per click, one action at a time, against Streamlit's own floor.

    python -m benchmarks.cpu_per_action --database-url URL [--app-dir OLD_CHECKOUT ...] --repeat 20 --blocks 3 \
        --json cpu.json

One server per checkout (given with `--app-dir`, this one when none is given), one person per role, each
action run `repeat` times in a row with nobody else on the server; the server's CPU time (user + system,
psutil) over each block divided by the runs in it. Linux counts process CPU time in 10 ms ticks, so a block
of 20 runs measures to half a millisecond; the median of `blocks` blocks is reported. Between two runs the
tab waits `--settle` seconds so that work finished after the script (sending messages, collection) falls in
the block.

On PostgreSQL the database server's own CPU per action is given beside (its processes on this machine).

Besides the app's actions it measures two floors:
- `floor`: a page of the same app that draws nothing (signed in, the menu drawn: IDEAS_BENCH_FLOOR=1 adds it);
- `bare`: a bare Streamlit script (benchmarks/bare/bare_app.py, a title and a line), Streamlit's own cost.
Each action's CPU is then given as a multiple of the app's floor and of the bare script's.

With several `--app-dir` the checkouts run one after the other with the same people and the same ideas: a
before/after comparison, best with one `--database-url` per checkout, each a fresh copy of the same data; an
action whose CPU grew by more than `--regression` (30%) from the first checkout to the last is named under
"regressions" (docs/BENCHMARKS.md, CPU per click).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from benchmarks.load.client import Tab  # noqa: E402
from benchmarks.load.runner import SEARCH_WORDS, idea_pool, sign_in_people  # noqa: E402
from ideas.core.db import Database  # noqa: E402
from ideas.core.i18n import t  # noqa: E402
from tests.support import launch  # noqa: E402

BARE_DIR = ROOT / "benchmarks" / "bare"


class Probe:
    """One server process: runs an action `repeat` times and measures the process's CPU seconds for the block."""

    def __init__(self, pid: int, settle: float, database: str = "sqlite") -> None:
        self.process = psutil.Process(pid)
        self.settle = settle
        self.database = database
        self.db_ms: list[float] = []  # PostgreSQL's own CPU per action, block by block (its server processes)

    def db_cpu(self) -> dict[int, float]:
        """CPU seconds so far of each PostgreSQL server process on this machine (none for SQLite, which runs in
        the app's own process and is counted there)."""
        if self.database != "postgresql":
            return {}
        found = {}
        for process in psutil.process_iter(["name"]):
            if process.info["name"] in ("postgres", "postmaster"):
                try:
                    times = process.cpu_times()
                    found[process.pid] = times.user + times.system
                except psutil.Error:
                    pass
        return found

    def cpu(self) -> float:
        total = 0.0
        for process in [self.process, *self.process.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
        return total

    async def block(self, repeat: int, action: Callable[[int], Awaitable[bool]],
                    prepare: Callable[[int], Awaitable[None]] | None = None) -> float | None:
        """Mean server CPU ms of one action over `repeat` runs; `prepare(i)` runs before each and is not counted."""
        spent, counted = 0.0, 0
        db_before = self.db_cpu()
        for i in range(repeat):
            if prepare is not None:
                await prepare(i)
                await asyncio.sleep(self.settle)
            before = self.cpu()
            ok = await action(i)
            await asyncio.sleep(self.settle)
            if ok:
                spent += self.cpu() - before
                counted += 1
        if db_before and counted:  # the preparation's queries are in it too: an upper bound
            db_after = self.db_cpu()
            used = sum(value - db_before.get(pid, 0.0) for pid, value in db_after.items())
            self.db_ms.append(round(used * 1000 / counted, 1))
        return round(spent * 1000 / counted, 1) if counted else None


def _ok(result) -> bool:
    if not result.ok:
        print(f"    ! {result.problems()[:2]}", flush=True)
    return result.ok


@contextmanager
def profiled(pid: int, folder: Path | None, name: str) -> Iterator[None]:
    """py-spy samples of the server while the block runs, as collapsed stacks in `folder`/`name`.txt (no folder: no
    profile). The numbers of a profiled run are not the report's: py-spy itself takes CPU from the machine."""
    if folder is None:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    command = ["py-spy", "record", "--pid", str(pid), "--format", "raw", "--rate", "250", "--nonblocking",
               "--output", str(folder / f"{name}.txt")]
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=30)


async def _measure_app(url: str, pid: int, people: dict, ideas: list[int], repeat: int, blocks: int,
                       settle: float, seed: int, profile_to: Path | None = None,
                       only: frozenset[str] = frozenset(), database: str = "sqlite",
                       db_ms: dict | None = None) -> dict[str, list[float]]:
    probe = Probe(pid, settle, database)
    rng = random.Random(seed)
    tabs = {role: Tab(url, cookies={"sk_session": person.token}) for role, person in people.items()}
    for tab in tabs.values():
        await tab.connect()
        await tab.run(None, keep_page=False)
    staff, leader, reviewer = tabs["staff"], tabs["leader"], tabs.get("reviewer")
    results: dict[str, list[float]] = {}
    shown = {"query": ""}  # the idea the staff tab shows

    def on(tab: Tab, page: str, query: str = "") -> Callable[[int], Awaitable[bool]]:
        async def run(_i: int) -> bool:
            return _ok(await tab.run(page, query=query))
        return run

    async def open_some_idea(_i: int) -> None:
        shown["query"] = f"id={rng.choice(ideas)}"
        await staff.run("ideas_detail", query=shown["query"])

    async def to_browse(_i: int) -> None:
        if staff.current_page != "ideas_browse":
            await staff.run("ideas_browse")

    async def search(_i: int) -> bool:
        return _ok(await staff.run(widgets={"browse_text": rng.choice(SEARCH_WORDS)}))

    async def open_idea(_i: int) -> bool:
        return _ok(await staff.run("ideas_detail", query=f"id={rng.choice(ideas)}"))

    async def support(_i: int) -> bool:
        if not staff.has_widget("detail_support"):
            return False
        return _ok(await staff.run(query=shown["query"], widgets={"detail_support": True}))

    async def open_comments(_i: int) -> bool:
        if not staff.has_widget("detail_tab"):  # a checkout whose idea page draws every tab
            return _ok(await staff.run(query=shown["query"]))
        return _ok(await staff.run(query=shown["query"], widgets={"detail_tab": t("detail.tab.comments", "vi")}))

    async def some_idea_comments(i: int) -> None:
        await open_some_idea(i)
        await open_comments(i)

    async def comment(i: int) -> bool:
        if not staff.has_widget("comment_new"):
            return False
        body = f"Góp ý đo CPU #{i}: ý tưởng rất thiết thực."
        return _ok(await staff.run(query=shown["query"], widgets={"comment_new": body, "comment_post": True}))

    async def new_form(_i: int) -> None:
        await staff.run("ideas_submit")
        for restart in ("isf_another", "isf_new"):
            if staff.has_widget(restart):
                await staff.run(widgets={restart: True})

    async def open_form(_i: int) -> bool:
        return _ok(await staff.run("ideas_submit"))

    async def fill_form(i: int) -> bool:
        _, par = staff.widget("isf_par")
        values = {"isf_title": f"Sáng kiến đo CPU {time.time_ns()} #{i}", "isf_field_of_application": "Một cửa cấp xã",
                  "isf_problem": "Hồ sơ giấy phải nộp nhiều lần.", "isf_essence": "Nộp một lần, dùng lại dữ liệu.",
                  "isf_par": [par.multiselect.options[0]] if par.multiselect.options else []}
        return _ok(await staff.run(widgets=values))

    async def new_filled_form(i: int) -> None:
        await new_form(i)
        await fill_form(i)

    async def save_draft(_i: int) -> bool:
        return _ok(await staff.run(widgets={"isf_save_draft": True}))

    async def saved_draft(i: int) -> None:
        await new_filled_form(i)
        await save_draft(i)

    async def submit(_i: int) -> bool:
        if not staff.has_widget("isf_submit"):
            return False
        return _ok(await staff.run(widgets={"isf_submit": True}))

    plan: list[tuple[str, Callable, Callable | None]] = [
        ("floor", on(staff, "bench_floor"), None),
        ("home", on(staff, ""), None),
        ("browse", on(staff, "ideas_browse"), None),
        ("search", search, to_browse),
        ("open_idea", open_idea, None),
        ("support", support, open_some_idea),
        ("open_comments", open_comments, open_some_idea),
        ("comment", comment, some_idea_comments),
        ("open_form", open_form, None),
        ("fill_form", fill_form, new_form),
        ("save_draft", save_draft, new_filled_form),
        ("submit", submit, saved_draft),
        ("inbox", on(staff, "inbox"), None),
        ("ideas_mine", on(staff, "ideas_mine"), None),
        ("dashboard", on(leader, "dashboard"), None),
        ("leader_home", on(leader, ""), None),
    ]
    if reviewer is not None:
        plan.append(("queue", on(reviewer, "review_queue"), None))
    for name, action, prepare in plan:
        if (name == "floor" and "bench_floor" not in staff.pages) or (only and name not in only):
            continue
        if prepare is not None:
            await prepare(0)
        await action(0)  # warm: the page's first run imports its modules
        probe.db_ms = []
        with profiled(pid, profile_to, name):
            results[name] = [value for value in [await probe.block(repeat, action, prepare) for _ in range(blocks)]
                             if value is not None]
        if db_ms is not None and probe.db_ms:
            db_ms[name] = _median(probe.db_ms)
        print(f"  {name:<12} {results[name]}" + (f" (PostgreSQL {probe.db_ms})" if probe.db_ms else ""), flush=True)
    for tab in tabs.values():
        await tab.close()
    return results


async def _measure_bare(url: str, pid: int, repeat: int, blocks: int, settle: float) -> list[float]:
    probe = Probe(pid, settle)
    tab = Tab(url)
    await tab.connect()
    await tab.run(None, keep_page=False)

    async def rerun(_i: int) -> bool:
        return _ok(await tab.run(None))

    values = [await probe.block(repeat, rerun) for _ in range(blocks)]
    await tab.close()
    return [v for v in values if v is not None]


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def machine() -> dict:
    return {"cpu": platform.processor() or platform.machine(), "cores": psutil.cpu_count(),
            "python": platform.python_version(), "load_before": [round(x, 2) for x in os.getloadavg()]}


def _cast(url: str) -> tuple[dict, list[int], str]:
    """One person per role signed in, the ideas to open, and the database's kind."""
    from benchmarks.capacity import ensure_open_campaign

    database = Database(url)
    try:
        ensure_open_campaign(database)
        signed = sign_in_people(database, users=3, mix={"staff": 0.34, "reviewer": 0.33, "leader": 0.33}, seed=7)
        return {p.role: p for p in signed}, idea_pool(database, seed=7), database.engine.dialect.name
    finally:
        database.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", action="append", required=True,
                        help="the database; once per --app-dir to give each checkout its own copy of the same data "
                             "(what one checkout writes, e.g. the drafts of the staff member, then does not weigh on "
                             "the next one's pages)")
    parser.add_argument("--app-dir", type=Path, action="append", default=[],
                        help="a checkout to serve; give several for before/after (first = before)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--settle", type=float, default=0.05)
    parser.add_argument("--regression", type=float, default=0.30)
    parser.add_argument("--option", action="append", default=[], help="Streamlit option NAME=VALUE")
    parser.add_argument("--profile", type=Path, help="a folder: py-spy profiles per checkout and action (pip install "
                        "py-spy); the CPU figures of such a run are not comparable")
    parser.add_argument("--only", default="", help="comma-separated actions to measure (default: all)")
    parser.add_argument("--json", required=True)
    args = parser.parse_args(argv)
    options = dict(item.split("=", 1) for item in args.option)
    app_dirs = args.app_dir or [ROOT]
    urls = args.database_url if len(args.database_url) == len(app_dirs) else args.database_url[:1] * len(app_dirs)
    out = {"repeat": args.repeat, "blocks": args.blocks, "started": dt.datetime.now(dt.UTC).isoformat(),
           "machine": machine(), "checkouts": []}
    only = frozenset(filter(None, args.only.split(",")))
    with tempfile.TemporaryDirectory(prefix="cpu-per-action-") as tmp:
        # The bare script gets the app's own settings (.streamlit/config.toml: no full collection after each run).
        bare_options = {"runner.postScriptGC": "false", **options}
        with launch.streamlit(urls[0], Path(tmp) / "bare.log", options=bare_options, app_dir=BARE_DIR,
                              script="bare_app.py") as server:
            out["bare_ms"] = _median(asyncio.run(_measure_bare(server.url, server.pid, args.repeat, args.blocks,
                                                               args.settle)))
            print(f"bare Streamlit script: {out['bare_ms']} ms", flush=True)
        for index, (app_dir, url) in enumerate(zip(app_dirs, urls, strict=True)):
            print(f"--- {app_dir} on {url}", flush=True)
            people, ideas, out["database"] = _cast(url)  # the same seed: the same people and ideas in every copy
            with launch.streamlit(url, Path(tmp) / f"app-{index}.log", options=options,
                                  app_dir=app_dir, env={"IDEAS_BENCH_FLOOR": "1"}) as server:
                folder = args.profile / f"{index}-{app_dir.name}" if args.profile else None
                db_ms: dict[str, float] = {}
                blocks = asyncio.run(_measure_app(server.url, server.pid, people, ideas, args.repeat, args.blocks,
                                                  args.settle, seed=7, profile_to=folder, only=only,
                                                  database=out["database"], db_ms=db_ms))
            medians = {name: _median(values) for name, values in blocks.items()}
            out["checkouts"].append({"app_dir": str(app_dir), "database_url": url, "blocks_ms": blocks,
                                     "median_ms": medians, "postgresql_ms": db_ms})
    out["report"] = report(out, args.regression)
    Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(out["report"])
    return 0


def report(out: dict, regression: float) -> str:
    """A Markdown table: per action, CPU ms per checkout, as multiples of the floors, and the regressions."""
    checkouts = out["checkouts"]
    bare = out.get("bare_ms") or 0
    names = list(checkouts[-1]["median_ms"]) if checkouts else []
    header = "| action | " + " | ".join(f"CPU ms ({Path(c['app_dir']).name})" for c in checkouts)
    with_db = any(c.get("postgresql_ms") for c in checkouts)
    if with_db:
        header += " | " + " | ".join(f"PostgreSQL ms ({Path(c['app_dir']).name})" for c in checkouts)
    header += " | x app floor | x bare Streamlit |"
    lines = [header, "|---" + "|---:" * (len(checkouts) * (2 if with_db else 1) + 2) + "|"]
    last = checkouts[-1]["median_ms"] if checkouts else {}
    floor = last.get("floor") or 0
    regressions = []
    for name in names:
        values = [c["median_ms"].get(name) for c in checkouts]
        cells = ["-" if v is None else f"{v:,.1f}" for v in values]
        if with_db:
            cells += ["-" if c.get("postgresql_ms", {}).get(name) is None else f"{c['postgresql_ms'][name]:,.1f}"
                      for c in checkouts]
        now = values[-1]
        times_floor = f"{now / floor:.1f}" if now and floor else "-"
        times_bare = f"{now / bare:.1f}" if now and bare else "-"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {times_floor} | {times_bare} |")
        if len(values) > 1 and values[0] and now and now > values[0] * (1 + regression):
            regressions.append(f"{name}: {values[0]:,.1f} -> {now:,.1f} ms")
    core = [n for n in names if n not in ("floor",)]
    for c in checkouts:
        c["median_of_actions_ms"] = _median([c["median_ms"][n] for n in core if c["median_ms"].get(n)])
    lines.append("")
    lines.append("median over the actions: " + ", ".join(
        f"{Path(c['app_dir']).name} {c['median_of_actions_ms']} ms" for c in checkouts) + f"; bare Streamlit {bare} ms")
    if with_db:
        for c in checkouts:
            both = [c["median_ms"][n] + c["postgresql_ms"].get(n, 0) for n in core if c["median_ms"].get(n)]
            c["median_of_actions_with_db_ms"] = _median(both)
        lines.append("median over the actions, app and PostgreSQL together: " + ", ".join(
            f"{Path(c['app_dir']).name} {c['median_of_actions_with_db_ms']} ms" for c in checkouts))
    lines.append("regressions over {:.0%}: {}".format(regression, "; ".join(regressions) or "none"))
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
