"""inbox links: each notification keeps the file and action it is about (its target)

Revision ID: 0012_inbox_links
Revises: 0003_verify
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_inbox_links"
down_revision = "0003_verify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain nullable ADD COLUMN: no table rebuild on SQLite; older messages keep no target (their idea_id
    # still opens the file).
    op.add_column("notifications", sa.Column("target", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("target")
