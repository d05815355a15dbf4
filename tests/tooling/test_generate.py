"""The synthetic province generator: deterministic, internally consistent, readable through the ORM."""
from sqlalchemy import func, select

from ideas.accounts import units, users
from ideas.core.models import Idea, Support, Unit, User
from ideas.core.permissions import SYSTEM
from ideas.tooling.generate import BENCH_PASSWORD, generate


def test_generated_province_is_consistent(db):
    stats = generate(db, staff=300, ideas=600, seed=7, supports_per_idea=4)
    assert stats.rows["users"] == 300 and stats.rows["ideas"] == 600
    with db.session() as s:
        levels = set(s.scalars(select(Unit.level).distinct()))
        assert levels == {0, 1, 2}
        counted = dict(s.execute(select(Support.idea_id, func.count()).group_by(Support.idea_id)).all())
        stored = dict(s.execute(select(Idea.id, Idea.support_count)).all())
        assert all(stored[i] == counted.get(i, 0) for i in stored)
        own = s.scalar(select(func.count()).select_from(Support).join(Idea, Idea.id == Support.idea_id)
                       .where(Support.user_id == Idea.owner_id))
        assert own == 0
        statuses = set(s.scalars(select(Idea.status).distinct()))
        assert {"draft", "submitted", "under_review", "recognised", "not_recognised"} <= statuses
        assert s.scalar(select(func.count()).where(Idea.status == "draft", Idea.receipt_no.is_not(None))) == 0
        # Sequences moved past the explicit ids: the services can add rows afterwards.
        unit = units.create_unit(session=s, actor=SYSTEM, code="AFTER", name="Sau khi sinh")
        assert unit.id > max(s.scalars(select(Unit.id).where(Unit.code != "AFTER")))
        user = users.authenticate(session=s, username="u000001", password=BENCH_PASSWORD)
        assert isinstance(s.get(User, user.id).full_name, str)


def test_generation_is_deterministic(db, tmp_path):
    from ideas.core.db import Database
    from ideas.core.migrate import upgrade

    first = generate(db, staff=50, ideas=80, seed=3, supports_per_idea=2)
    other = Database(f"sqlite:///{tmp_path / 'again.db'}")
    upgrade(other)
    second = generate(other, staff=50, ideas=80, seed=3, supports_per_idea=2)
    assert first.rows == second.rows
    with db.read_session() as a, other.read_session() as b:
        titles = select(Idea.title, Idea.status).order_by(Idea.id)
        assert a.execute(titles).all() == b.execute(titles).all()
    other.dispose()
