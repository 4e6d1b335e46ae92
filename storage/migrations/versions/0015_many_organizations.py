"""many organizations: each its own time zone, governing body and on/off switch; staff choose
which of their organizations they work in

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 05:00:00

The organization that existed before (the one the config names) keeps its id and its data: it
becomes the first of many, in the time zone it always had (Asia/Almaty unless the config says
otherwise; start-up sets the config's value on it again).
"""

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organizations") as table:
        table.add_column(sa.Column("timezone", sa.String(length=64), nullable=False, server_default="Asia/Almaty"))
        table.add_column(sa.Column("governing_body", sa.String(length=200), nullable=False, server_default=""))
        table.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("people", sa.Column("selected_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as table:
        table.drop_column("selected_at")
    with op.batch_alter_table("organizations") as table:
        table.drop_column("disabled_at")
        table.drop_column("governing_body")
        table.drop_column("timezone")
