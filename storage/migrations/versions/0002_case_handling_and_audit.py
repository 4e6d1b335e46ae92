"""case handling and audit

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:55:18.429237
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scheduled_deletions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('message_id', sa.BigInteger(), nullable=False),
    sa.Column('delete_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('chat_id', 'message_id')
    )
    with op.batch_alter_table('scheduled_deletions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_deletions_delete_at'), ['delete_at'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash'),
    sa.UniqueConstraint('prev_hash')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('case_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.String(length=64), nullable=True))
        batch_op.alter_column('sealed',
               existing_type=sa.LargeBinary(),
               nullable=True)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('mailboxes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_sealed', sa.LargeBinary(), nullable=True))

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sealed_chat_id', sa.LargeBinary(), nullable=True))
        batch_op.alter_column('chat_id',
               existing_type=sa.BigInteger(),
               nullable=True)

    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name', sa.String(length=64), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('display_name')

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('chat_id',
               existing_type=sa.BigInteger(),
               nullable=False)
        batch_op.drop_column('sealed_chat_id')

    with op.batch_alter_table('mailboxes', schema=None) as batch_op:
        batch_op.drop_column('notify_sealed')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('acknowledged_at')

    with op.batch_alter_table('case_items', schema=None) as batch_op:
        batch_op.alter_column('sealed',
               existing_type=sa.LargeBinary(),
               nullable=False)
        batch_op.drop_column('detail')

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_case_id'))

    op.drop_table('audit_log')
    with op.batch_alter_table('scheduled_deletions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_deletions_delete_at'))

    op.drop_table('scheduled_deletions')
