"""CPU time of the browse search (count and first page) for a few words, in one process against DATABASE_URL.

    DATABASE_URL=sqlite:///province.db python -m benchmarks.search_count

Run it from two checkouts on copies of one generated province to compare them (docs/BENCHMARKS.md, issue #26).
"""
from __future__ import annotations

import statistics
import time

from ideas.core.db import shared_database
from ideas.filing import browse

QUERIES = ("cai cach", "hanh chinh", "so hoa ho so", "mot cua", "xyzq")


def main(repeat: int = 7) -> None:
    database = shared_database()
    for query in QUERIES:
        runs = []
        with database.session() as session:
            browse.search_ideas(session, text=query)  # warm the caches once
            for _ in range(repeat):
                started = time.process_time()
                _, total = browse.search_ideas(session, text=query)
                runs.append(time.process_time() - started)
        print(f"{query!r:16} {total:>8} matches, median {statistics.median(runs) * 1000:.1f} ms CPU")


if __name__ == "__main__":
    main()
