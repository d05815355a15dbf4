"""Schema upgrades through Alembic (the only owner of the schema), then reference data."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from ideas.core.db import PROJECT_ROOT, Database


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def modelled(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's `include_name`: whether the models describe this schema object. Migration 0016's text search index
    (an FTS5 table and its shadow tables on SQLite, a trigram GIN index and the browse page's partial indexes on
    PostgreSQL) is named ideas_search*."""
    return not (type_ in ("table", "index") and (name or "").startswith("ideas_search"))


def upgrade(database: Database) -> None:
    """Bring the schema to the newest revision and make sure the reference data exists."""
    from ideas.core.reference import ensure_reference_data

    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together must not run the same migration twice.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7431001)")
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with database.session() as session:
        ensure_reference_data(session=session)
