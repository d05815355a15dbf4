"""inbox links: each notification keeps the file and action it is about (its target); home's work-list indexes

Revision ID: 0011_inbox_links
Revises: 0010_issued_papers
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_inbox_links"
down_revision = "0010_issued_papers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain nullable ADD COLUMN: no table rebuild on SQLite; older messages keep no target (their idea_id
    # still opens the file).
    op.add_column("notifications", sa.Column("target", sa.String(length=200), nullable=True))
    # home's work lists, counted on indexes alone at province scale (docs/BENCHMARKS.md)
    op.create_index("ix_ideas_status_stage_due", "ideas", ["status", "review_stage", "decision_due_on", "unit_id"])
    op.create_index("ix_review_assignments_idea_status", "review_assignments", ["idea_id", "status"])
    op.create_index("ix_review_assignments_reviewer_status_due", "review_assignments",
                    ["reviewer_id", "status", "due_on", "idea_id"])


def downgrade() -> None:
    op.drop_index("ix_review_assignments_reviewer_status_due", table_name="review_assignments")
    op.drop_index("ix_review_assignments_idea_status", table_name="review_assignments")
    op.drop_index("ix_ideas_status_stage_due", table_name="ideas")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("target")
