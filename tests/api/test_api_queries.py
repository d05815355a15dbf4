"""The API's read models: a page of initiatives or award lists costs the same statements whatever its size."""
from __future__ import annotations

from sqlalchemy import event

from ideas.api import queries
from tests.support.factories.api import build_province


def _statements(database, call) -> int:
    seen = []

    def count(*_args) -> None:
        seen.append(1)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        with database.read_session() as session:
            call(session)
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    return len(seen)


def test_pages_cost_a_fixed_number_of_statements(db):
    with db.session() as s:
        build_province(s)
    for query in (queries.initiatives, queries.award_lists):
        small = _statements(db, lambda s, q=query: q(session=s, unit_ids=None, paging=queries.Paging(1, 1)))
        large = _statements(db, lambda s, q=query: q(session=s, unit_ids=None, paging=queries.Paging(1, 100)))
        assert small == large, query.__name__
