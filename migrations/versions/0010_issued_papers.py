"""issued papers: the signed PDF of each issued certificate or award decision and its SHA-256

Revision ID: 0010_issued_papers
Revises: 0003_verify
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_issued_papers"
down_revision = "0003_verify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("verification_code", sa.String(length=12), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("signers", sa.Text(), nullable=False),
        sa.Column("timestamped", sa.Boolean(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["issued_by"], ["users.id"], name=op.f("fk_issued_papers_issued_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_papers")),
        sa.UniqueConstraint("sha256", name=op.f("uq_issued_papers_sha256")),
    )
    op.create_index(op.f("ix_issued_papers_ref_id"), "issued_papers", ["ref_id"], unique=False)
    op.create_index(op.f("ix_issued_papers_verification_code"), "issued_papers", ["verification_code"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_issued_papers_verification_code"), table_name="issued_papers")
    op.drop_index(op.f("ix_issued_papers_ref_id"), table_name="issued_papers")
    op.drop_table("issued_papers")
