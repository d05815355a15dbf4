"""device cookies: browsers that signed in to an account before, exempt from its lockout (OWASP device cookies)

Revision ID: 0014_device_cookies
Revises: 0013_council_rules
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_device_cookies"
down_revision = "0013_council_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_cookies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_device_cookies_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_cookies")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_device_cookies_token_hash")),
    )
    op.create_index(op.f("ix_device_cookies_user_id"), "device_cookies", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_device_cookies_user_id"), table_name="device_cookies")
    op.drop_table("device_cookies")
