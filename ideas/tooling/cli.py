"""Command line: `python -m ideas <command>`; it calls the same services as the pages.

Each capability adds its commands in its own module `ideas/tooling/cli_<area>.py` with a
`register(subparsers)` function; the module's handlers take (args, database) and return an exit code.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import signal
import sys
from collections.abc import Sequence

from ideas import tooling
from ideas.core.db import Database


def area_modules() -> list[str]:
    return sorted(f"ideas.tooling.{m.name}" for m in pkgutil.iter_modules(tooling.__path__)
                  if m.name.startswith("cli_"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ideas", description="Sáng kiến CCHC: command line")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: DATABASE_URL or data/ideas.db)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in area_modules():
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    database = Database(args.database_url)
    try:
        if getattr(args, "needs_schema", True):
            from ideas.core.migrate import upgrade

            upgrade(database)
        return int(args.handler(args, database) or 0)
    except BrokenPipeError:
        return 0
    finally:
        database.dispose()


def stop_on_signals() -> None:
    """SIGINT and SIGTERM end a worker loop as Ctrl-C does (KeyboardInterrupt), also in a process started with
    SIGINT ignored, as a background job of a non-interactive shell is: Python then installs no handler itself."""
    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def emit_json(data: object, path: str | None) -> None:
    """Indented UTF-8 JSON to `path`, or to standard output when no path is given."""
    import json
    from pathlib import Path

    payload = json.dumps(data, ensure_ascii=False, indent=1)
    if path:
        Path(path).write_text(payload, encoding="utf-8")
    else:
        print(payload)


def print_frame(frame, fmt: str = "table", stream=None) -> None:
    """Print a DataFrame as an aligned table, CSV or JSON (records)."""
    stream = stream or sys.stdout
    if fmt == "csv":
        frame.to_csv(stream, index=False)
    elif fmt == "json":
        stream.write(frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n")
    else:
        stream.write((frame.to_string(index=False) if not frame.empty else "(0 rows)") + "\n")
