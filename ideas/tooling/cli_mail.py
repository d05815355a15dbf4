"""CLI: `mail run` is the e-mail worker (a loop, or one pass with --once for cron and tests)."""
from __future__ import annotations

import logging
import sys

from ideas.core.db import Database
from ideas.tooling.cli import stop_on_signals


def register(subparsers) -> None:
    mail = subparsers.add_parser("mail", help="e-mail: the outbox worker")
    commands = mail.add_subparsers(dest="mail_command", required=True)
    run = commands.add_parser("run", help="send queued e-mail (and daily digests) over SMTP")
    run.add_argument("--once", action="store_true", help="one pass, then exit (cron, tests)")
    run.add_argument("--interval", type=float, default=30, help="seconds between passes (default 30)")
    run.add_argument("--digest-hour", type=int, default=7,
                     help="Vietnam hour from which yesterday's digest is sent (default 7)")
    run.set_defaults(handler=_run)


def _run(args, database: Database) -> int:
    from ideas.accounts import mail_worker
    from ideas.core.settings import mail_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = mail_settings()
    if not settings.enabled:
        print("IDEAS_SMTP_HOST is not set (environment or .streamlit/secrets.toml): nothing to send to.",
              file=sys.stderr)
        return 2
    if not args.once:
        stop_on_signals()
        try:
            mail_worker.run(database, settings, interval=args.interval, digest_hour=args.digest_hour)
        except KeyboardInterrupt:
            return 0
    report = mail_worker.run_once(database, settings, digest_hour=args.digest_hour)
    print(f"sent {len(report.sent)}, retry later {len(report.retried)}, failed {len(report.failed)}, "
          f"reclaimed {report.reclaimed}, digests queued {report.digests}")
    return 1 if report.failed else 0
