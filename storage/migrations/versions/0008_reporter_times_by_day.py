"""reporter actions are dated by the day: pending audit entries, and existing times coarsened

Times of what reporters do (filing, following up, checking, opting in) are kept no more
precisely than the deadlines need: the organization's local day. Existing rows are coarsened
to midnight UTC of their day (the organization's zone is in the config, not the database; a
day boundary off by the zone's offset does not matter for deadlines counted in days).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 21:15:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _day(column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"date_trunc('day', {column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
    return f"datetime(date({column}))"


def upgrade() -> None:
    op.create_table('audit_pending',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_pending', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_pending_day'), ['day'], unique=False)
    for table, columns in {
        "cases": ("created_at", "updated_at"),
        "processed_updates": ("seen_at",),
    }.items():
        for column in columns:
            op.execute(f"UPDATE {table} SET {column} = {_day(column)}")
    op.execute(f"UPDATE case_items SET created_at = {_day('created_at')} WHERE author = 'reporter'")
    op.execute("DELETE FROM outbox WHERE sent_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('audit_pending', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_pending_day'))
    op.drop_table('audit_pending')
