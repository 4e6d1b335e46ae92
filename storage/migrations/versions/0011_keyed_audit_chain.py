"""The audit chain is keyed (HMAC under a key derived from the server secret)

A new database starts keyed. One whose log already has entries is re-linked under the key at
the next start-up, after its old plain-hash chain is checked (bot.services.audit.key_legacy_chain):
a migration does not have the key.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 23:40:00
"""

from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT INTO deployment_settings (name, value) SELECT 'audit-chain', 'hmac-sha256' "
               "WHERE NOT EXISTS (SELECT 1 FROM audit_log)")


def downgrade() -> None:
    op.execute("DELETE FROM deployment_settings WHERE name = 'audit-chain'")
