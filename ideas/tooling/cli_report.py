"""Report commands: `report participation`, `report commitments` and `report annual` (the year's emulation
report as xlsx or docx), from the same read models as the dashboard; `report annual-remind` tells the reward
officers the annual report falls due (run daily with the other reminders). The operator running the CLI sees
the whole province unless --as USERNAME narrows it to that user's dashboard scope."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ideas.accounts import units, users
from ideas.core import clock
from ideas.core.db import Database
from ideas.core.errors import DomainError
from ideas.core.permissions import SYSTEM
from ideas.dashboards import commitments, reports
from ideas.rewards.exports import neutralise
from ideas.tooling.cli import print_frame

PARTICIPATION_COLUMNS = ["code", "name", "headcount", "submitters", "ideas", "recognised", "participation_pct",
                         "ideas_per_100", "supports"]
COMMITMENT_COLUMNS = ["code", "name", "min_ideas", "ideas", "ideas_status", "participation_target_pct",
                      "participation_pct", "participation_status", "reports_cut_target", "reports_cut_actual",
                      "reports_cut_evidence", "reports_status", "overall"]


def register(subparsers) -> None:
    report = subparsers.add_parser("report", help="dashboard figures as a table, CSV or JSON")
    commands = report.add_subparsers(dest="report_command", required=True)
    part = commands.add_parser("participation", help="per unit: headcount, submitters, ideas, recognised, share")
    part.add_argument("--year", type=int, help="submission year (default: every year)")
    part.add_argument("--unit", metavar="CODE", help="show this unit's sub-units (each over its subtree)")
    part.add_argument("--all", action="store_true", help="one row for every unit (each over its subtree)")
    part.add_argument("--structure", choices=("today", "as_was"), default="today",
                      help="after a reorganisation: today's units (history rolled up into successors) or as it was")
    _common(part)
    part.set_defaults(handler=_participation)
    commit = commands.add_parser("commitments", help="per committed unit: targets, progress and status")
    commit.add_argument("--year", type=int, default=clock.this_year())
    commit.add_argument("--unit", metavar="CODE", help="only this unit's subtree")
    _common(commit)
    commit.set_defaults(handler=_commitments)
    annual = commands.add_parser("annual", help="the year's initiatives and awards in form 0603.N/BNV-TĐKT "
                                                "(xlsx or docx with the papers' header)")
    annual.add_argument("--year", type=int, default=clock.this_year())
    annual.add_argument("--structure", choices=("today", "as_was"), default="today",
                        help="today's unit structure (merged units in their successors) or as it was")
    annual.add_argument("--form", dest="form_code", help="statistics form code (default 0603.N/BNV-TĐKT)")
    annual.add_argument("--format", choices=("xlsx", "docx"), default="xlsx")
    annual.add_argument("--out", metavar="FILE", help="where to write (default: the report's file name)")
    annual.add_argument("--as", dest="as_user", metavar="USERNAME", help="apply this user's scope")
    annual.add_argument("--lang", choices=("vi", "en"), default="vi")
    annual.set_defaults(handler=_annual)
    remind = commands.add_parser("annual-remind", help="tell reward officers the annual report is due (14 days "
                                                       "before and on the day; never twice a year)")
    remind.add_argument("--today", type=dt.date.fromisoformat, help="the Vietnam date to act for")
    remind.set_defaults(handler=_annual_remind)


def _common(parser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="apply this user's dashboard scope")


def _context(session, args) -> tuple[object, int | None] | None:
    """The --as user (SYSTEM without it) and the --unit id; None after telling which name matched nothing."""
    actor = users.by_username(session, args.as_user) if args.as_user else SYSTEM
    unit = units.by_code(session, args.unit) if args.unit else None
    unknown = (("user", args.as_user) if actor is None
               else ("unit code", args.unit) if args.unit and unit is None else None)
    if unknown:
        print(f"unknown {unknown[0]}: {unknown[1]}", file=sys.stderr)
        return None
    return actor, unit.id if unit else None


def _emit(frame, columns: list[str], fmt: str) -> None:
    out = frame[columns].copy()
    if fmt == "csv":
        for column in ("code", "name"):
            out[column] = out[column].map(neutralise)
    print_frame(out, fmt)


def _scoped_frame(args, database: Database, load):
    """Run `load(session, actor, unit_id)` as the --as user; (frame, None) or (None, exit code)."""
    with database.read_session() as session:
        context = _context(session, args)
        if context is None:
            return None, 2
        actor, unit_id = context
        try:
            return load(session, actor, unit_id), None
        except DomainError as error:
            print(f"refused: {error}", file=sys.stderr)
            return None, 1


def _participation(args, database: Database) -> int:
    frame, code = _scoped_frame(args, database, lambda session, actor, unit_id: reports.participation(
        session=session, actor=actor, year=args.year, unit_id=unit_id, every_unit=args.all,
        structure=args.structure))
    if frame is None:
        return code
    frame = frame.assign(name=frame.label)
    if args.all:
        frame = frame.sort_values("code", kind="stable")
    _emit(frame, PARTICIPATION_COLUMNS, args.format)
    return 0


def _commitments(args, database: Database) -> int:
    frame, code = _scoped_frame(args, database, lambda session, actor, unit_id: commitments.progress(
        session=session, actor=actor, year=args.year, unit_id=unit_id))
    if frame is None:
        return code
    _emit(frame, COMMITMENT_COLUMNS, args.format)
    return 0


def _annual(args, database: Database) -> int:
    from ideas.dashboards.reports import annual

    with database.read_session() as session:
        args.unit = None  # the annual report covers the reader's whole scope
        context = _context(session, args)
        if context is None:
            return 2
        actor, _ = context
        try:
            report = annual.annual_report(session=session, actor=actor, year=args.year, structure=args.structure,
                                          form_code=args.form_code, lang=args.lang)
            data = annual.to_xlsx(session, report) if args.format == "xlsx" else annual.to_docx(session, report)
        except DomainError as error:
            print(f"refused: {error}", file=sys.stderr)
            return 1
    path = Path(args.out or annual.file_name(report, args.format))
    path.write_bytes(data)
    print(path)
    return 0


def _annual_remind(args, database: Database) -> int:
    from ideas.rewards import annual_due

    with database.session() as session:
        sent = annual_due.remind(session=session, actor=SYSTEM, today=args.today)
    print(sent)
    return 0
