"""drop user_preferences: no row is ever keyed by a reporter, not even by an HMAC of their id

Whoever holds the server secret could recompute HMAC(secret, telegram id) for every employee
and find who chose a language a second before a case was created. A non-staff person's
language now lives only in their conversation state, in process memory.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 20:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('user_preferences')


def downgrade() -> None:
    op.create_table('user_preferences',
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('subject')
    )
