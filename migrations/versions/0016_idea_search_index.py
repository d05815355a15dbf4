"""idea_search_index: an index for the browse page's text search (substrings of ideas.search_text)

SQLite: an FTS5 table with the trigram tokenizer over ideas.search_text (external content: it stores only the
index), kept by triggers on ideas, so every write (the services, bulk loads, restore) keeps it. PostgreSQL: a
pg_trgm GIN index, which `search_text LIKE '%word%'` uses as it is, and two partial indexes for the browse page's
orders (below). No model describes them
(ideas.core.migrate.modelled). A later migration that rebuilds the ideas table on SQLite (batch "move and copy")
drops the triggers with the old table: it must create them again and rebuild the index.

Revision ID: 0016_idea_search_index
Revises: 0015_webhook_optin
"""
from alembic import op

revision = "0016_idea_search_index"
down_revision = "0015_webhook_optin"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE ideas_search USING fts5(search_text, content='ideas', content_rowid='id', "
    "tokenize='trigram')",
    """CREATE TRIGGER ideas_search_insert AFTER INSERT ON ideas BEGIN
        INSERT INTO ideas_search (rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER ideas_search_delete AFTER DELETE ON ideas BEGIN
        INSERT INTO ideas_search (ideas_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER ideas_search_update AFTER UPDATE OF id, search_text ON ideas BEGIN
        INSERT INTO ideas_search (ideas_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO ideas_search (rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO ideas_search (ideas_search) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS ideas_search_update", "DROP TRIGGER IF EXISTS ideas_search_delete",
               "DROP TRIGGER IF EXISTS ideas_search_insert", "DROP TABLE IF EXISTS ideas_search"]
# PostgreSQL also gets the browse page's two orders over the listed ideas only (ideas.filing.browse: status NOT IN
# draft, withdrawn, merged). Its descending walk of ix_ideas_submitted_at otherwise starts with every draft (a NULL
# submitted_at sorts first there) and filters them out on every page: 50 ms at 100,000 ideas, 0.4 ms with these.
# SQLite sorts NULLs last in a descending order and needs neither.
POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ideas_search_trgm ON ideas USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX ideas_search_newest ON ideas (submitted_at DESC, id DESC) "
    "WHERE status NOT IN ('draft', 'withdrawn', 'merged')",
    "CREATE INDEX ideas_search_supports ON ideas (support_count DESC, submitted_at DESC, id DESC) "
    "WHERE status NOT IN ('draft', 'withdrawn', 'merged')",
]
POSTGRESQL_DOWN = ["DROP INDEX IF EXISTS ideas_search_supports", "DROP INDEX IF EXISTS ideas_search_newest",
                   "DROP INDEX IF EXISTS ideas_search_trgm"]  # pg_trgm stays: other schemas may use it


def upgrade() -> None:
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_DOWN:
        op.execute(statement)
