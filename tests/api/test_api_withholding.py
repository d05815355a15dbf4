"""The API withholds what the public registry withholds: essence and conditions of initiatives that declare
confidential information (issue 25, point 6), in answers and in webhook payloads alike."""
from __future__ import annotations

from sqlalchemy import select

from ideas.api import queries
from ideas.core import payloads
from ideas.core.models import Idea
from ideas.papers import verification
from tests.support.factories.api import build_province


def test_essence_and_conditions_are_withheld_exactly_where_the_registry_leaves_the_initiative_out(session):
    world = build_province(session)
    for idea in session.scalars(select(Idea)):
        idea.essence, idea.conditions = f"Bản chất {idea.id}", f"Điều kiện {idea.id}"
    session.flush()
    data, _ = queries.initiatives(session=session, unit_ids=None, paging=queries.Paging(1, 100))
    in_registry = {row.title for row in verification.registry(session, per_page=100).rows}
    for item in data:
        if item["title"] in in_registry:
            assert item["essence"] == f"Bản chất {item['id']}" and item["withheld"] == []
        else:
            assert (item["essence"], item["conditions"]) == (None, None)
            assert item["withheld"] == ["essence", "conditions"]
    secret = world["east_ideas"][0]
    one = queries.initiative(session=session, unit_ids=None, initiative_id=secret.id)
    assert one["essence"] is None and "BÍ MẬT" not in str(one) and "Bản chất" not in str(one)
    assert payloads.initiative(session, secret) == one  # the webhook's payload is the same shape
    assert sum(item["essence"] is None for item in data) == 1
