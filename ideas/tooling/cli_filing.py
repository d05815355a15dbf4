"""Ideas commands: `ideas list` (public ideas only: drafts and withdrawn files are never listed) and
`ideas reindex-similar` (rebuild the similar-ideas index, e.g. after a bulk import or the demo)."""
from __future__ import annotations

import sys

from ideas.accounts import units
from ideas.core.db import Database
from ideas.filing import browse, similar
from ideas.filing.visibility import PUBLIC_STATUSES
from ideas.rewards.exports import neutralise
from ideas.tooling.cli import print_frame

LIST_COLUMNS = ["receipt_no", "title", "unit_code", "status", "support_count", "comment_count", "submitted_at"]


def register(subparsers) -> None:
    ideas_parser = subparsers.add_parser("ideas", help="browse ideas and maintain their indexes")
    commands = ideas_parser.add_subparsers(dest="ideas_command", required=True)
    listing = commands.add_parser("list", help="list submitted ideas (never drafts), newest first")
    listing.add_argument("--status", choices=PUBLIC_STATUSES)
    listing.add_argument("--unit", metavar="CODE", help="unit code; its whole subtree is included")
    listing.add_argument("--search", metavar="TEXT", help="words to find, accents and case ignored")
    listing.add_argument("--sort", choices=browse.SORTS, default="newest")
    listing.add_argument("--format", choices=("table", "csv", "json"), default="table")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--offset", type=int, default=0)
    listing.set_defaults(handler=_list)
    reindex = commands.add_parser("reindex-similar", help="rebuild the similar-ideas index from all public ideas")
    reindex.set_defaults(handler=_reindex)


def _list(args, database: Database) -> int:
    with database.read_session() as session:
        unit_id = None
        if args.unit:
            unit = units.by_code(session, args.unit)
            if unit is None:
                print(f"unknown unit code: {args.unit}", file=sys.stderr)
                return 2
            unit_id = unit.id
        frame, total = browse.search_ideas(session, unit_id=unit_id, status=args.status, text=args.search,
                                           sort=args.sort, limit=max(1, args.limit), offset=max(0, args.offset))
    frame = frame[LIST_COLUMNS]
    if args.format == "csv":  # the file may be opened in a spreadsheet: user text must not run as a formula
        frame = frame.assign(title=frame.title.map(neutralise))
    print_frame(frame, args.format)
    if args.format == "table":
        print(f"({len(frame)} / {total})", file=sys.stderr)
    return 0


def _reindex(args, database: Database) -> int:
    with database.session() as session:
        count = similar.reindex_all(session)
    print(f"indexed {count} ideas")
    return 0
