"""Foundation commands: migrate, create-admin, import-units, import-staff, demo."""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import pandas as pd

from ideas.accounts import import_files, imports, users
from ideas.core.db import Database
from ideas.core.errors import DomainError, ImportFailed
from ideas.core.i18n import LANGUAGES, error_text, t
from ideas.core.permissions import SYSTEM
from ideas.tooling import demo


def register(subparsers) -> None:
    migrate = subparsers.add_parser("migrate", help="upgrade the database schema to the newest revision")
    migrate.set_defaults(handler=_migrate)

    admin = subparsers.add_parser("create-admin", help="create an administrator account (also when one exists)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--full-name", required=True)
    admin.add_argument("--email")
    admin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    admin.add_argument("--lang", choices=LANGUAGES, default="vi")
    admin.set_defaults(handler=_create_admin)

    for kind in imports.KINDS:
        types = ", ".join(import_files.FILE_TYPES)  # the web page's uploader takes the same list
        sub = subparsers.add_parser(f"import-{kind}", help=f"import {kind} from a file ({types}), all or nothing")
        sub.add_argument("file", type=Path)
        sub.add_argument("--dry-run", action="store_true", help="check and show the preview; write nothing")
        sub.add_argument("--lang", choices=LANGUAGES, default="vi")
        if kind == "staff":
            sub.add_argument("--passwords-out", type=Path,
                             help="write the temporary passwords of new accounts to this CSV file")
        sub.set_defaults(handler=_import, kind=kind)

    demo_parser = subparsers.add_parser("demo", help="load the demo province into an empty database")
    demo_parser.add_argument("--lang", choices=LANGUAGES, default="vi")
    demo_parser.set_defaults(handler=_demo)


def _migrate(args, database: Database) -> int:
    # ideas.cli.main has already upgraded the schema before calling any handler.
    print("ok")
    return 0


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("cli.password", args.lang))
    second = getpass.getpass(t("cli.password_again", args.lang))
    if first != second:
        raise DomainError("auth.error.password_mismatch")
    return first


def _create_admin(args, database: Database) -> int:
    """The server operator may add an administrator at any time (not only on first run)."""
    try:
        password = _read_password(args)
        with database.session() as session:
            user = users.create_user(session=session, actor=SYSTEM, username=args.username,
                                     full_name=args.full_name, email=args.email, password=password,
                                     roles=[("admin", None)])
            username = user.username
    except DomainError as error:
        print(error_text(error, args.lang), file=sys.stderr)
        return 1
    print(t("cli.admin_created", args.lang, username=username))
    return 0


def _print_errors(errors: list[import_files.RowError], kind: str, lang: str) -> None:
    for row in imports.error_rows(errors, kind, lang):
        print(t("cli.row_error", lang, **row), file=sys.stderr)


def _import(args, database: Database) -> int:
    lang, kind = args.lang, args.kind
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(t("cli.cannot_read", lang, path=str(args.file), reason=error.strerror or str(error)), file=sys.stderr)
        return 2
    try:
        if args.dry_run:
            with database.read_session() as session:
                preview = imports.preview_import(session=session, actor=SYSTEM, kind=kind, data=data,
                                                 filename=args.file.name)
            if preview.errors:
                _print_errors(preview.errors, kind, lang)
                print(t("import.error.bad_rows", lang, count=preview.bad_rows, errors=len(preview.errors)),
                      file=sys.stderr)
                return 1
            print(t("cli.preview", lang, new=preview.new, updated=preview.updated, unchanged=preview.unchanged))
            print(t("cli.dry_run", lang))
            return 0
        with database.session() as session:
            result = imports.commit_import(session=session, actor=SYSTEM, kind=kind, data=data,
                                           filename=args.file.name)
    except ImportFailed as failed:
        _print_errors(failed.rows, kind, lang)
        print(error_text(failed, lang), file=sys.stderr)
        return 1
    except DomainError as error:
        print(error_text(error, lang), file=sys.stderr)
        return 1
    print(t("cli.imported", lang, new=result.created, updated=result.updated, unchanged=result.unchanged))
    if result.passwords:
        out = getattr(args, "passwords_out", None)
        if out:
            _write_private(out, imports.passwords_csv(result.passwords))
            print(t("cli.passwords_written", lang, path=str(out), count=len(result.passwords)))
        else:
            print(t("cli.passwords_once", lang))
            pd.set_option("display.width", 200)
            print(pd.DataFrame(result.passwords).to_string(index=False))
    return 0


def _write_private(path: Path, data: bytes) -> None:
    """Write a secrets file readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _demo(args, database: Database) -> int:
    try:
        with database.session() as session:
            logins = demo.load_demo(session=session)
    except DomainError as error:
        print(error_text(error, args.lang), file=sys.stderr)
        return 1
    print(t("cli.demo_loaded", args.lang))
    print(t("cli.passwords_once", args.lang))
    pd.set_option("display.width", 200)
    print(pd.DataFrame(logins).to_string(index=False))
    return 0
