"""filing: co-author consent (status and time) and the declines an owner may not override

Revision ID: 0002_filing
Revises: 0002_rewards
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_filing"
down_revision = "0002_rewards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idea_authors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent", sa.String(length=16), server_default="accepted", nullable=False))
        batch_op.add_column(sa.Column("consent_at", sa.DateTime(), nullable=True))
    op.create_table(
        "idea_author_declines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("declined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["ideas.id"], name=op.f("fk_idea_author_declines_idea_id_ideas"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_idea_author_declines_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_author_declines")),
        sa.UniqueConstraint("idea_id", "user_id", name=op.f("uq_idea_author_declines_idea_id_user_id")),
    )


def downgrade() -> None:
    op.drop_table("idea_author_declines")
    with op.batch_alter_table("idea_authors", schema=None) as batch_op:
        batch_op.drop_column("consent_at")
        batch_op.drop_column("consent")
