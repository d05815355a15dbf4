"""Follow-through commands: `python -m ideas followup remind [--today YYYY-MM-DD]` (run daily by a timer)."""
from __future__ import annotations

import datetime as dt
import json

from ideas.core.db import Database


def register(subparsers) -> None:
    follow = subparsers.add_parser("followup", help="follow-through of recognised initiatives")
    commands = follow.add_subparsers(dest="followup_command", required=True)
    remind = commands.add_parser("remind", help="notify owners of milestones and 6/12-month measurements falling "
                                                "due (N days before and on the day; never twice)")
    remind.add_argument("--today", type=dt.date.fromisoformat,
                        help="the Vietnam date to act for (default: today in Vietnam)")
    remind.set_defaults(handler=_remind)


def _remind(args, database: Database) -> int:
    from ideas.core.permissions import SYSTEM
    from ideas.filing import followthrough

    with database.session() as session:
        sent = followthrough.remind(session=session, actor=SYSTEM, today=args.today)
    print(json.dumps(sent, sort_keys=True))
    return 0
