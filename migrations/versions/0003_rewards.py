"""award list history

Revision ID: 0002_rewards
Revises: 0002_security
"""
import sqlalchemy as sa
from alembic import op

revision = '0002_rewards'
down_revision = "0002_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('award_list_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_award_list_history_actor_id_users')),
    sa.ForeignKeyConstraint(['list_id'], ['award_lists.id'], name=op.f('fk_award_list_history_list_id_award_lists'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_list_history'))
    )
    with op.batch_alter_table('award_list_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_list_history_list_id'), ['list_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('award_list_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_list_history_list_id'))
    op.drop_table('award_list_history')
