"""unit history: validity periods, successors, reorganisation events, membership history, decisions' unit

Revision ID: 0012_unit_history
Revises: 0011_inbox_links
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0012_unit_history"
down_revision = "0011_inbox_links"
branch_labels = None
depends_on = None


REFERENCES = (("units", "successor_id", "units"), ("decisions", "unit_id", "units"))


def _add_reference(table: str, column: str, target: str) -> None:
    name = f"fk_{table}_{column}_{target}"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES {target} (id)")
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"])


def upgrade() -> None:
    op.create_table(
        "unit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("legal_basis", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_unit_events_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_events")),
    )
    op.create_index(op.f("ix_unit_events_effective_on"), "unit_events", ["effective_on"], unique=False)
    op.create_table(
        "unit_event_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["unit_events.id"], name=op.f("fk_unit_event_links_event_id_unit_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["successor_id"], ["units.id"], name=op.f("fk_unit_event_links_successor_id_units")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_event_links_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_event_links")),
    )
    for column in ("event_id", "unit_id", "successor_id"):
        op.create_index(op.f(f"ix_unit_event_links_{column}"), "unit_event_links", [column], unique=False)
    op.create_table(
        "unit_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["unit_events.id"], name=op.f("fk_unit_memberships_event_id_unit_events")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_memberships_unit_id_units")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_unit_memberships_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_memberships")),
    )
    op.create_index("ix_unit_memberships_user_to", "unit_memberships", ["user_id", "valid_to"], unique=False)
    op.create_index(op.f("ix_unit_memberships_unit_id"), "unit_memberships", ["unit_id"], unique=False)

    # Plain ADD COLUMNs (no table rebuild on SQLite, where rebuilding a referenced table with foreign keys on
    # would cascade); SQLite takes the reference inline in ADD COLUMN, PostgreSQL as a named constraint.
    op.add_column("units", sa.Column("valid_from", sa.Date(), nullable=True))
    op.add_column("units", sa.Column("valid_to", sa.Date(), nullable=True))
    for table, column, target in REFERENCES:
        _add_reference(table, column, target)
    op.create_index(op.f("ix_units_successor_id"), "units", ["successor_id"], unique=False)
    # The rule of issue 24 point 3 as data: no collective award to a unit that ended in a reorganisation
    # (value 1 = refuse), in force from the two-tier reorganisation; ideas/rewards/ended_units.py reads it.
    rule_values = sa.table("rule_values", sa.column("key", sa.String), sa.column("value", sa.Numeric),
                           sa.column("effective_from", sa.Date), sa.column("legal_basis", sa.Text))
    exists = op.get_bind().execute(sa.select(rule_values.c.key).where(rule_values.c.key == "ended_unit_awards")).first()
    if exists is None:
        op.bulk_insert(rule_values, [{"key": "ended_unit_awards", "value": 1, "effective_from": dt.date(2025, 7, 1),
                                      "legal_basis": "Thông tư 15/2025/TT-BNV (không khen thưởng tập thể đã giải "
                                                     "thể, hợp nhất, sáp nhập khi sắp xếp tổ chức bộ máy)"}])
    # Backfill: a decision's unit is its idea's unit (no unit had changed before this revision).
    op.execute("UPDATE decisions SET unit_id = (SELECT ideas.unit_id FROM ideas WHERE ideas.id = decisions.idea_id)")


def downgrade() -> None:
    op.execute("DELETE FROM rule_values WHERE key = 'ended_unit_awards'")
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index(op.f("ix_units_successor_id"), table_name="units")
    for table, column, target in reversed(REFERENCES):
        if not sqlite:
            op.drop_constraint(f"fk_{table}_{column}_{target}", table, type_="foreignkey")
        op.drop_column(table, column)  # SQLite 3.35+ drops it in place
    for column in ("valid_to", "valid_from"):
        op.drop_column("units", column)
    op.drop_index(op.f("ix_unit_memberships_unit_id"), table_name="unit_memberships")
    op.drop_index("ix_unit_memberships_user_to", table_name="unit_memberships")
    op.drop_table("unit_memberships")
    for column in ("successor_id", "unit_id", "event_id"):
        op.drop_index(op.f(f"ix_unit_event_links_{column}"), table_name="unit_event_links")
    op.drop_table("unit_event_links")
    op.drop_index(op.f("ix_unit_events_effective_on"), table_name="unit_events")
    op.drop_table("unit_events")
