"""CLI: `generate` a synthetic province and `bench` the pages and queries at that scale."""
from __future__ import annotations

import sys

from ideas.core.db import Database


def register(subparsers) -> None:
    gen = subparsers.add_parser("generate", help="fill an empty database with a deterministic synthetic province")
    gen.add_argument("--staff", type=int, default=50_000)
    gen.add_argument("--ideas", type=int, default=100_000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--supports-per-idea", type=int, default=10)
    gen.set_defaults(handler=_generate)
    bench = subparsers.add_parser("bench", help="server-side medians of pages, queries and services")
    bench.add_argument("--scale", choices=("small", "province"), default="small",
                       help="data generated first when the database is empty (default: small)")
    bench.add_argument("--repeat", type=int, default=5)
    bench.add_argument("--json", help="also write the results to this JSON file")
    bench.add_argument("--no-pages", action="store_true", help="skip the AppTest page renders")
    bench.set_defaults(handler=_bench)


def _progress_bar(table: str, done: int, expected: int) -> None:
    width = 30
    filled = int(width * done / expected) if expected else width
    sys.stderr.write(f"\r{table:<20} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}")
    if expected and done >= expected:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _generate(args, database: Database) -> int:
    from ideas.core.errors import DomainError
    from ideas.core.i18n import error_text
    from ideas.tooling.generate import BENCH_PASSWORD, generate

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


def _bench(args, database: Database) -> int:
    import json
    import os
    import platform
    import subprocess
    import tempfile

    import pandas as pd

    from ideas.core.db import PROJECT_ROOT
    from ideas.tooling import bench
    from ideas.tooling.cli import print_frame

    data = bench.ensure_data(database, args.scale, progress=_progress_bar)
    print(f"data: {data}")
    rows = [r.row() for r in bench.run(database, repeat=args.repeat)]
    if not args.no_pages:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            # Pages run in a child process: Streamlit stays out of the domain package.
            subprocess.run([sys.executable, "-m", "benchmarks.pages", "--database-url", database.url,
                            "--repeat", str(args.repeat), "--json", out.name],
                           cwd=PROJECT_ROOT, check=True, env={**os.environ, "DATABASE_URL": database.url})
            rows += json.loads(open(out.name, encoding="utf-8").read())
    frame = pd.DataFrame(rows)
    print_frame(frame)
    if args.json:
        meta = {"scale": args.scale, "database": database.engine.dialect.name, "data": data,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"meta": meta, "results": rows}, handle, ensure_ascii=False, indent=1)
    return 0
