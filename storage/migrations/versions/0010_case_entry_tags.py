"""case_items.tag: each entry is authenticated under a key only the case's holders have

Entries written before this revision have no tag and cannot be authenticated after the fact
(the server never holds the key): readers see them flagged as unverified.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 23:20:00
"""

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_items") as batch:
        batch.add_column(sa.Column("tag", sa.LargeBinary(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_items") as batch:
        batch.drop_column("tag")
