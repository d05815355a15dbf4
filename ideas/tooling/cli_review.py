"""Review commands: `python -m ideas review summary [CAMPAIGN_ID] [--format table|csv|json]`."""
from __future__ import annotations

from ideas.core.db import Database


def register(subparsers) -> None:
    review = subparsers.add_parser("review", help="review councils: summaries of scores, votes and decisions")
    commands = review.add_subparsers(dest="review_command", required=True)
    summary = commands.add_parser("summary", help="per idea: raw and calibrated mean, spread, votes, decision")
    summary.add_argument("campaign_id", nargs="?", type=int, help="one campaign (default: all campaigns)")
    summary.add_argument("--format", choices=("table", "csv", "json"), default="table")
    summary.set_defaults(handler=_summary)


def _summary(args, database: Database) -> int:
    from ideas.core.models import Campaign
    from ideas.review import board
    from ideas.tooling.cli import print_frame

    with database.read_session() as session:
        if args.campaign_id is not None and session.get(Campaign, args.campaign_id) is None:
            raise SystemExit(f"campaign {args.campaign_id} not found")
        frame = board.summary(session, args.campaign_id)
    frame = frame.astype(object).where(frame.notna(), None)
    print_frame(frame, args.format)
    return 0
