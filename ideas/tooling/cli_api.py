"""API commands: create, list and revoke tokens; run the webhook sender (`python -m ideas webhooks run`)."""
from __future__ import annotations

import argparse
import os
import sys

from ideas.core.db import Database
from ideas.core.errors import DomainError
from ideas.core.i18n import error_text, t
from ideas.core.permissions import SYSTEM
from ideas.tooling.cli import emit_json, stop_on_signals


def _lang() -> str:
    return os.environ.get("IDEAS_LANG", "vi")


def create_token(args: argparse.Namespace, database: Database) -> int:
    from ideas.api import tokens

    try:
        with database.session() as session:
            token, secret = tokens.create_token(session=session, actor=SYSTEM, name=args.name,
                                                unit_ids=args.unit or None, rate_per_minute=args.rate)
    except DomainError as error:
        print(error_text(error, _lang()), file=sys.stderr)
        return 2
    print(t("api.cli.token_created", _lang(), id=token.id, secret=secret))
    return 0


def list_tokens(args: argparse.Namespace, database: Database) -> int:
    from ideas.api import tokens

    with database.read_session() as session:
        rows = tokens.list_tokens(session=session, actor=SYSTEM)
    emit_json([{**row, **{k: str(v) for k, v in row.items() if k.endswith("_at") and v}} for row in rows], None)
    return 0


def revoke_token(args: argparse.Namespace, database: Database) -> int:
    from ideas.api import tokens

    try:
        with database.session() as session:
            tokens.revoke_token(session=session, actor=SYSTEM, token_id=args.id)
    except DomainError as error:
        print(error_text(error, _lang()), file=sys.stderr)
        return 2
    print(t("api.cli.token_revoked", _lang(), id=args.id))
    return 0


def run_webhooks(args: argparse.Namespace, database: Database) -> int:
    from ideas.api import webhooks

    if not args.once:
        stop_on_signals()
    try:
        counts = webhooks.run(database, once=args.once, interval=args.interval, timeout=args.timeout)
    except KeyboardInterrupt:  # the loop was asked to stop between passes (SIGINT or SIGTERM)
        return 0
    print(t("api.cli.webhooks_done", _lang(), **counts))
    return 0


def register(subparsers) -> None:
    api = subparsers.add_parser("api", help="read-only API tokens")
    api_sub = api.add_subparsers(dest="api_command", required=True)
    create = api_sub.add_parser("create-token", help="create a token; prints its secret once")
    create.add_argument("--name", required=True)
    create.add_argument("--unit", type=int, action="append", help="unit id (its subtree); repeat; none = province")
    create.add_argument("--rate", type=int, default=60, help="calls per minute (default 60)")
    create.set_defaults(handler=create_token)
    listing = api_sub.add_parser("tokens", help="list tokens (JSON)")
    listing.set_defaults(handler=list_tokens)
    revoke = api_sub.add_parser("revoke-token", help="revoke a token at once")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(handler=revoke_token)

    hooks = subparsers.add_parser("webhooks", help="signed webhook deliveries")
    hooks_sub = hooks.add_subparsers(dest="webhooks_command", required=True)
    run = hooks_sub.add_parser("run", help="send due deliveries, retrying with backoff (runs until stopped)")
    run.add_argument("--once", action="store_true", help="one pass, then exit (cron, tests)")
    run.add_argument("--interval", type=float, default=5.0, help="seconds between passes (default 5)")
    run.add_argument("--timeout", type=float, default=10.0,
                     help="seconds one receiver gets for one delivery, connecting included (default 10)")
    run.set_defaults(handler=run_webhooks)
