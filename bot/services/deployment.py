"""Values a deployment makes once and keeps: today, the salt of receipt lookup tags.

The tag must be computable from the receipt alone (it is how a mailbox is found), so its salt
cannot be per mailbox; a random one per deployment means an attacker's precomputed table of
receipt tags serves one deployment at most. It is not a secret (it is in the database next to the
tags), only unique.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import crypto
from storage.models import DeploymentSetting, Mailbox

RECEIPT_TAG_SALT = "receipt-tag-salt"
_LEGACY = "legacy"


async def receipt_tag_salt(session: AsyncSession) -> bytes:
    """This deployment's salt, made on first use (part of the caller's transaction)."""
    setting = await session.get(DeploymentSetting, RECEIPT_TAG_SALT)
    if setting is None:
        # Receipts handed out before salts were per deployment keep opening.
        has_mailboxes = await session.scalar(select(Mailbox.id).limit(1)) is not None
        setting = DeploymentSetting(name=RECEIPT_TAG_SALT, value=_LEGACY if has_mailboxes else secrets.token_hex(16))
        session.add(setting)
        await session.flush()
    return crypto.LEGACY_RECEIPT_TAG_SALT if setting.value == _LEGACY else bytes.fromhex(setting.value)
