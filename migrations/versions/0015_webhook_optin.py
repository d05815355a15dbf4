"""webhook_optin: an administrator's per-subscription opt-in to receivers on loopback, link-local or private
addresses (refused by default)

Revision ID: 0015_webhook_optin
Revises: 0014_device_cookies
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_webhook_optin"
down_revision = "0014_device_cookies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("webhook_subscriptions",
                  sa.Column("allow_private", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("webhook_subscriptions") as batch:
        batch.drop_column("allow_private")
