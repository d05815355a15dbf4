"""Alembic builds exactly the models: compare_metadata finds nothing, and upgrade is idempotent."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ideas.core.migrate import upgrade
from ideas.core.models import Base


def test_migrations_match_models(database):
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_twice_changes_nothing(database):
    upgrade(database)
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() is not None
        assert compare_metadata(context, Base.metadata) == []


def test_create_all_is_not_used_outside_tests():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [p for folder in ("ideas", "pages", "migrations") for p in (root / folder).rglob("*.py")
                 if "create_all(" in p.read_text(encoding="utf-8")]
    offenders += [p for p in root.glob("*.py") if "create_all(" in p.read_text(encoding="utf-8")]
    assert offenders == []
