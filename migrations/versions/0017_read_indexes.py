"""read_indexes: the year's recognitions counted on an index (outcome, decided_on, idea_id) for the headline
figures of a leader's home page, without reading the wide decision rows

Revision ID: 0017_read_indexes
Revises: 0016_idea_search_index
"""
from alembic import op

revision = "0017_read_indexes"
down_revision = "0016_idea_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_decisions_outcome_on_idea", "decisions", ["outcome", "decided_on", "idea_id"])


def downgrade() -> None:
    op.drop_index("ix_decisions_outcome_on_idea", table_name="decisions")
