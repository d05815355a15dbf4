"""Alembic builds exactly the models: compare_metadata finds nothing, upgrade is idempotent, files named in order."""
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from ideas.core.migrate import alembic_config, modelled, upgrade
from ideas.core.models import Base


def test_migrations_match_models(database):
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": modelled})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_twice_changes_nothing(database):
    upgrade(database)
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": modelled})
        assert context.get_current_revision() is not None
        assert compare_metadata(context, Base.metadata) == []


def test_revision_files_are_numbered_in_the_order_they_apply():
    # Revision ids stay as deployed databases stored them (e.g. "0003_merge" is the fifth step); the file names
    # carry the order: 0001_..., 0002_..., following down_revision from the base.
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1
    chain = list(reversed(list(scripts.walk_revisions())))
    numbers = [Path(script.path).name[:5] for script in chain]
    assert numbers == [f"{n:04d}_" for n in range(1, len(chain) + 1)]
    for script in chain:
        revises = next(line for line in (script.module.__doc__ or "").splitlines() if line.startswith("Revises:"))
        assert revises.removeprefix("Revises:").strip() == (script.down_revision or "")


def test_create_all_is_not_used_outside_tests():
    root = Path(__file__).resolve().parents[2]
    offenders = [p for folder in ("ideas", "pages", "migrations") for p in (root / folder).rglob("*.py")
                 if "create_all(" in p.read_text(encoding="utf-8")]
    offenders += [p for p in root.glob("*.py") if "create_all(" in p.read_text(encoding="utf-8")]
    assert offenders == []
