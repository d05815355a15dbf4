"""council rules: dated council rules per province and campaign, the campaign's council level, personal id

Revision ID: 0013_council_rules
Revises: 0012_unit_history
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_council_rules"
down_revision = "0012_unit_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("approval_ratio", sa.String(length=10), nullable=False),
        sa.Column("quorum_ratio", sa.String(length=10), nullable=False),
        sa.Column("levels", sa.Text(), nullable=False),
        sa.Column("rounds", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.current_timestamp(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_council_rules_unit_id_units"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name="fk_council_rules_created_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_council_rules"),
        sa.UniqueConstraint("code", "effective_from", name="uq_council_rules_code_effective_from"),
    )
    op.create_index("ix_council_rules_unit_id", "council_rules", ["unit_id"])
    # Plain ADD COLUMNs and a unique index: no table rebuild on SQLite.
    op.add_column("campaigns", sa.Column("council_rule_code", sa.String(length=50), nullable=True))
    op.add_column("campaigns", sa.Column("council_level", sa.String(length=20), nullable=True))
    op.add_column("users", sa.Column("personal_id", sa.String(length=12), nullable=True))
    op.create_index("ix_users_personal_id", "users", ["personal_id"], unique=True)
    # the national default rules are reference data (ideas.core.reference), inserted after migrating


def downgrade() -> None:
    op.drop_index("ix_users_personal_id", table_name="users")
    op.drop_column("users", "personal_id")  # SQLite 3.35+ drops in place: no rebuild, no cascade
    op.drop_column("campaigns", "council_level")
    op.drop_column("campaigns", "council_rule_code")
    op.drop_index("ix_council_rules_unit_id", table_name="council_rules")
    op.drop_table("council_rules")
