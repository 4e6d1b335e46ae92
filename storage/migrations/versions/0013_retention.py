"""Retention: when a closed case's content is deleted, which warning its readers last had, and
when it was deleted

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 00:40:00
"""

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("purge_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("purge_warned", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("purged_on", sa.Date(), nullable=True))
        batch.create_index("ix_cases_purge_on", ["purge_on"])


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_purge_on")
        batch.drop_column("purged_on")
        batch.drop_column("purge_warned")
        batch.drop_column("purge_on")
