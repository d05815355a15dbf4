"""Regression guard against N+1 queries: no page issues more SQL statements when the data grows."""
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from benchmarks.pages import PAGES, ROOT, signed_in_page
from ideas.tooling.generate import generate
from tests.support.database import wipe

# (staff, ideas): the small set has fewer ideas than one page shows, so a per-row query shows up as growth.
SMALL, LARGE = (30, 16), (120, 300)
# A page may take a different branch on different data (e.g. a receipt for a submitted file): allow that,
# never a count that follows the number of rows.
TOLERANCE = 2


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


def _statements_per_render(db, page: str, username: str, state: dict) -> int:
    at = signed_in_page(db, page, username, state)
    at.run()  # warm caches (engine, migrations check, cached resources)
    counter = StatementCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        at.run()
    finally:
        event.remove(Engine, "before_cursor_execute", counter)
    assert not at.exception, at.exception[0].message
    return counter.count


@pytest.mark.slow
def test_no_page_issues_more_statements_with_more_data(app_env):
    pages = [p for p in PAGES if (ROOT / p[0]).exists()]
    counts = {}
    for staff, ideas in (SMALL, LARGE):
        generate(app_env, staff=staff, ideas=ideas, seed=11, supports_per_idea=3)
        counts[ideas] = {f"{page} as {user}": _statements_per_render(app_env, page, user, state)
                         for page, user, state in pages}
        wipe(app_env)
    grown = {name: (counts[SMALL[1]][name], counts[LARGE[1]][name]) for name in counts[SMALL[1]]
             if counts[LARGE[1]][name] > counts[SMALL[1]][name] + TOLERANCE}
    assert grown == {}, f"statements per render grew with the data: {grown}"
