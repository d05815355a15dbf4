"""CLI: `generate` a synthetic province and `bench` the pages and queries at that scale."""
from __future__ import annotations

import sys

from ideas.db import Database


def register(subparsers) -> None:  # noqa: ANN001
    gen = subparsers.add_parser("generate", help="fill an empty database with a deterministic synthetic province")
    gen.add_argument("--staff", type=int, default=50_000)
    gen.add_argument("--ideas", type=int, default=100_000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--supports-per-idea", type=int, default=10)
    gen.set_defaults(handler=_generate)


def _progress_bar(table: str, done: int, expected: int) -> None:
    width = 30
    filled = int(width * done / expected) if expected else width
    sys.stderr.write(f"\r{table:<20} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}")
    if expected and done >= expected:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _generate(args, database: Database) -> int:  # noqa: ANN001
    from ideas.errors import DomainError
    from ideas.generate import BENCH_PASSWORD, generate
    from ideas.i18n import error_text

    try:
        stats = generate(database, staff=args.staff, ideas=args.ideas, seed=args.seed,
                         supports_per_idea=args.supports_per_idea, progress=_progress_bar)
    except DomainError as error:
        print(error_text(error), file=sys.stderr)
        return 1
    print(f"{stats.total:,} rows in {stats.seconds:.1f} s: {stats.rows_per_second:,.0f} rows/s overall, "
          f"{stats.insert_rows_per_second:,.0f} rows/s of insert")
    print(f"every generated account (u000001 ...) signs in with the password {BENCH_PASSWORD!r}")
    return 0
