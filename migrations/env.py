"""Alembic environment: the URL comes from the config (set by ideas.migrate) or DATABASE_URL."""
from alembic import context

from ideas.core.db import database_url, make_engine
from ideas.core.migrate import modelled
from ideas.core.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=database_url(config.get_main_option("sqlalchemy.url")),
                      target_metadata=target_metadata, literal_binds=True, render_as_batch=True,
                      include_name=modelled)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True, include_name=modelled)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
