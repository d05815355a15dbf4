"""merge: a duplicate file merged into another (status "merged") keeps a link to the file that absorbed it

Revision ID: 0003_merge
Revises: 0002_filing
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_merge"
down_revision = "0002_filing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("merged_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_ideas_merged_into_id_ideas"), "ideas", ["merged_into_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_ideas_merged_into_id"), ["merged_into_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ideas_merged_into_id"))
        batch_op.drop_constraint(batch_op.f("fk_ideas_merged_into_id_ideas"), type_="foreignkey")
        batch_op.drop_column("merged_at")
        batch_op.drop_column("merged_into_id")
