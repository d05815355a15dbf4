"""verify: verification codes on certificates and award lists (backfilled), the registry's index on ideas

Revision ID: 0003_verify
Revises: 0003_follow
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003_verify"
down_revision = "0003_follow"
branch_labels = None
depends_on = None

# The same alphabet and shape as ideas.core.models.review.new_verification_code (kept here: a
# migration must not change when the application code does).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TABLES = ("certificates", "award_lists")


def _code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def upgrade() -> None:
    # A plain ADD COLUMN and a unique index: no table rebuild on SQLite (rebuilding award_lists with
    # foreign keys on would cascade-delete its items).
    connection = op.get_bind()
    for table in TABLES:
        op.add_column(table, sa.Column("verification_code", sa.String(length=12), nullable=True))
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column("verification_code", sa.String))
        ids = list(connection.execute(sa.select(rows.c.id)).scalars())
        used: set[str] = set()
        for row_id in ids:
            code = _code()
            while code in used:
                code = _code()
            used.add(code)
            connection.execute(sa.update(rows).where(rows.c.id == row_id).values(verification_code=code))
        op.create_index(op.f(f"ix_{table}_verification_code"), table, ["verification_code"], unique=True)
    # the registry's index; the middle expression must read exactly as in the query (see the model)
    confidential_length = sa.text("coalesce(length(confidential_info), 0)")
    op.create_index("ix_ideas_registry", "ideas", ["status", confidential_length, "decided_at", "unit_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_ideas_registry", table_name="ideas")
    for table in reversed(TABLES):
        op.drop_index(op.f(f"ix_{table}_verification_code"), table_name=table)
        op.drop_column(table, "verification_code")  # SQLite 3.35+ drops it in place: no rebuild, no cascade
