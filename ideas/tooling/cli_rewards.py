"""Award-list commands: `awards list [--format table|json|csv]` and `awards export LIST_ID --format xlsx|csv|docx|pdf
--out PATH` (the same files as the award-list page), plus `awards benchmark` to time a large export."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ideas.core.db import Database
from ideas.core.errors import DomainError
from ideas.core.i18n import error_text
from ideas.core.permissions import SYSTEM
from ideas.rewards import awards, exports
from ideas.tooling.cli import print_frame


def register(subparsers) -> None:
    parser = subparsers.add_parser("awards", help="award lists: list them, export one")
    commands = parser.add_subparsers(dest="awards_command", required=True)
    listing = commands.add_parser("list", help="award lists with item counts and totals, newest first")
    listing.add_argument("--year", type=int)
    listing.add_argument("--status", choices=awards.STATUSES)
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    listing.add_argument("--limit", type=int, default=200)
    listing.set_defaults(handler=_list)
    export = commands.add_parser("export", help="write one list as xlsx, csv, docx or pdf (the issued annex)")
    export.add_argument("list_id", type=int, metavar="LIST_ID")
    export.add_argument("--format", choices=tuple(exports.EXPORTERS), required=True)
    export.add_argument("--out", required=True, metavar="PATH")
    export.set_defaults(handler=_export)
    bench = commands.add_parser("benchmark", help="time xlsx/docx/csv export of N items in a scratch database")
    bench.add_argument("--items", type=int, default=10_000)
    bench.set_defaults(handler=_benchmark, needs_schema=False)


def _list(args, database: Database) -> int:
    with database.read_session() as session:
        frame = awards.list_table(session, actor=SYSTEM, year=args.year, status=args.status, limit=max(1, args.limit))
    frame = frame.drop(columns=["version"])
    if args.format == "csv":
        frame = frame.assign(title=frame.title.map(exports.neutralise))
    print_frame(frame, args.format)
    return 0


def _export(args, database: Database) -> int:
    try:
        with database.read_session() as session:
            data = exports.export(session, actor=SYSTEM, list_id=args.list_id, fmt=args.format)
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 2
    Path(args.out).write_bytes(data)
    print(f"wrote {len(data)} bytes to {args.out}")
    return 0


def _benchmark(args, database: Database) -> int:
    print(json.dumps(exports.benchmark(max(1, args.items))))
    return 0
