"""Real-browser timing of each role's main page, beside the server-side figure for the same page.

    python -m benchmarks.browser_timing --database-url URL --url http://127.0.0.1:8501 --repeat 7 --json OUT

Browser: Debian's Chromium through Playwright (never `playwright install`), a fresh tab per repetition
signed in with the `sk_session` cookie; the time runs from `page.goto` to settled: connected, the script
state back to `notRunning`, no status widget ("Running...") and the page's title drawn.
Server: the same page through the WebSocket protocol (`benchmarks.load.client.Tab`), from sending the
rerun to the final `script_finished`: the script, its queries and the messages, without any rendering.
Both are medians of `--repeat` runs after one warm-up run. The server must be running on `--database-url`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load.client import Tab  # noqa: E402
from ideas.core.db import Database  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
APP = '[data-testid="stApp"]'
# (role, username in the generated province, url path name of the page; "" is the home page)
PAGES = [("staff", "u000020", ""), ("staff", "u000020", "ideas_browse"), ("reviewer", "u000007", "review_queue"),
         ("leader", "u000002", "dashboard")]


def session_token(database: Database, username: str) -> str:
    """A server-side session for `username`, opened as a login does (the cookie value)."""
    from ideas.accounts import sessions, users

    with database.session() as session:
        user = users.by_username(session, username)
        return sessions.open_session(session=session, user=user, nonce=None).session_token


def browser_times(url: str, pages: list[tuple[str, str, str]], tokens: dict[str, str], repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _role, username, path in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
            context.add_cookies([{"name": "sk_session", "value": tokens[username], "url": url}])
            times = []
            for _ in range(repeat + 1):  # the first one warms the caches
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"{url}/{path}")
                page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=60_000)
                page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=60_000)
                page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
                page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
                times.append(time.perf_counter() - started)
                page.close()
            found[f"{username}/{path}"] = times[1:]
            context.close()
        browser.close()
    return found


async def _server_times(url: str, pages: list[tuple[str, str, str]], tokens: dict[str, str], repeat: int) -> dict:
    found: dict[str, list[float]] = {}
    for _role, username, path in pages:
        tab = Tab(url, cookies={"sk_session": tokens[username]})
        await tab.connect()
        await tab.run(None, keep_page=False)
        times = []
        for _ in range(repeat + 1):
            result = await tab.run(path)
            if not result.ok:
                raise RuntimeError(f"{path} as {username}: {result.problems()}")
            times.append(result.seconds)
        await tab.close()
        found[f"{username}/{path}"] = times[1:]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    database = Database(args.database_url)
    tokens = {username: session_token(database, username) for _, username, _ in PAGES}
    server = asyncio.run(_server_times(args.url, PAGES, tokens, args.repeat))
    browser = browser_times(args.url, PAGES, tokens, args.repeat)
    rows = []
    print(f"{'role':<9}{'page':<16}{'server ms':>11}{'browser ms':>12}")
    for role, username, path in PAGES:
        key = f"{username}/{path}"
        row = {"role": role, "user": username, "page": path or "home",
               "server_ms": round(statistics.median(server[key]) * 1000),
               "browser_ms": round(statistics.median(browser[key]) * 1000)}
        rows.append(row)
        print(f"{role:<9}{row['page']:<16}{row['server_ms']:>11,}{row['browser_ms']:>12,}")
    if args.json:
        Path(args.json).write_text(json.dumps({"database": database.engine.dialect.name, "repeat": args.repeat,
                                               "rows": rows}, indent=1), encoding="utf-8")
    database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
