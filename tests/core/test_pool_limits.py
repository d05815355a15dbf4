"""The connection pool of each process is sized from the environment (docs/DEPLOY.md, Sizing)."""
from __future__ import annotations

import pytest

from ideas.core.db import make_engine, pool_limits


def test_defaults_when_unset():
    assert pool_limits({}) == (10, 20)


def test_size_and_overflow_from_the_environment():
    assert pool_limits({"IDEAS_DB_POOL_SIZE": "4", "IDEAS_DB_MAX_OVERFLOW": "0"}) == (4, 0)
    assert pool_limits({"IDEAS_DB_POOL_SIZE": " ", "IDEAS_DB_MAX_OVERFLOW": ""}) == (10, 20)


@pytest.mark.parametrize("value", ["-1", "ten", "2.5"])
def test_a_value_that_is_not_a_whole_number_is_refused_by_name(value):
    with pytest.raises(ValueError, match="IDEAS_DB_POOL_SIZE"):
        pool_limits({"IDEAS_DB_POOL_SIZE": value})


def test_the_engine_takes_the_limits(monkeypatch):
    monkeypatch.setenv("IDEAS_DB_POOL_SIZE", "3")
    monkeypatch.setenv("IDEAS_DB_MAX_OVERFLOW", "2")
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # no connection is made
    assert (engine.pool.size(), engine.pool._max_overflow) == (3, 2)
    engine.dispose()
