"""action plan

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 08:21:37.451810
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('responsible', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'code')
    )
    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_items_org_id'), ['org_id'], unique=False)

    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_item_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('snoozed_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('done_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('done_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('comment', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('evidence_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('evidence', sa.LargeBinary(), nullable=True))
        batch_op.create_index(batch_op.f('ix_deadlines_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_foreign_key('fk_deadlines_done_by_people', 'people', ['done_by'], ['id'])
        batch_op.create_foreign_key('fk_deadlines_plan_item_id_plan_items', 'plan_items', ['plan_item_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_constraint('fk_deadlines_plan_item_id_plan_items', type_='foreignkey')
        batch_op.drop_constraint('fk_deadlines_done_by_people', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_deadlines_plan_item_id'))
        batch_op.drop_column('evidence')
        batch_op.drop_column('evidence_name')
        batch_op.drop_column('comment')
        batch_op.drop_column('done_by')
        batch_op.drop_column('done_at')
        batch_op.drop_column('snoozed_until')
        batch_op.drop_column('plan_item_id')

    with op.batch_alter_table('plan_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_items_org_id'))

    op.drop_table('plan_items')
