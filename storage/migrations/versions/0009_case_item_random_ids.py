"""case_items ids are random 62-bit numbers: their order must not date a reporter's entries

SQLite's INTEGER primary key is 64-bit already; PostgreSQL's column becomes BIGINT.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 21:35:00
"""

from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE case_items ALTER COLUMN id TYPE BIGINT")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE case_items ALTER COLUMN id TYPE INTEGER")
