"""follow-through: implementation milestones, progress updates, 6/12-month measurements, reminders sent

Revision ID: 0003_follow
Revises: 0003_mail
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_follow'
down_revision = '0003_mail'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('follow_measurements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('checkpoint', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.Column('hours_saved', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('vnd_saved', sa.BigInteger(), nullable=True),
    sa.Column('reports_cut', sa.Integer(), nullable=True),
    sa.Column('procedures_simplified', sa.Integer(), nullable=True),
    sa.Column('services_online', sa.Integer(), nullable=True),
    sa.Column('days_cut', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_follow_measurements_idea_id_ideas'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_follow_measurements_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_measurements')),
    sa.UniqueConstraint('idea_id', 'checkpoint', name=op.f('uq_follow_measurements_idea_id_checkpoint'))
    )
    with op.batch_alter_table('follow_measurements', schema=None) as batch_op:
        batch_op.create_index('ix_follow_measurements_due_measured', ['due_on', 'measured_on'], unique=False)
        batch_op.create_index('ix_follow_measurements_idea_timing', ['idea_id', 'due_on', 'measured_on', 'on_time'],
                              unique=False)

    op.create_table('follow_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('percent >= 0 AND percent <= 100', name=op.f('ck_follow_milestones_percent_range')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_follow_milestones_created_by_users')),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_follow_milestones_idea_id_ideas'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_follow_milestones_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_milestones'))
    )
    with op.batch_alter_table('follow_milestones', schema=None) as batch_op:
        batch_op.create_index('ix_follow_milestones_due_status', ['due_on', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_milestones_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_milestones_owner_id'), ['owner_id'], unique=False)

    op.create_table('follow_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_follow_reminders_idea_id_ideas'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follow_reminders_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_reminders')),
    sa.UniqueConstraint('item', 'item_id', 'kind', name=op.f('uq_follow_reminders_item_item_id_kind'))
    )
    with op.batch_alter_table('follow_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_reminders_idea_id'), ['idea_id'], unique=False)

    op.create_table('follow_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_follow_updates_author_id_users')),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_follow_updates_idea_id_ideas'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['milestone_id'], ['follow_milestones.id'], name=op.f('fk_follow_updates_milestone_id_follow_milestones'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_updates'))
    )
    with op.batch_alter_table('follow_updates', schema=None) as batch_op:
        batch_op.create_index('ix_follow_updates_idea_on', ['idea_id', 'on_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('follow_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_updates_idea_on')

    op.drop_table('follow_updates')
    with op.batch_alter_table('follow_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_reminders_idea_id'))

    op.drop_table('follow_reminders')
    with op.batch_alter_table('follow_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_milestones_owner_id'))
        batch_op.drop_index(batch_op.f('ix_follow_milestones_idea_id'))
        batch_op.drop_index('ix_follow_milestones_due_status')

    op.drop_table('follow_milestones')
    with op.batch_alter_table('follow_measurements', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_measurements_idea_timing')
        batch_op.drop_index('ix_follow_measurements_due_measured')

    op.drop_table('follow_measurements')
