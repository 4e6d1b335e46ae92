"""Values a deployment makes once and keeps: today, the salt of receipt lookup tags.

The tag must be computable from the receipt alone (it is how a mailbox is found), so its salt
cannot be per mailbox; a random one per deployment means an attacker's precomputed table of
receipt tags serves one deployment at most. It is not a secret (it is in the database next to the
tags), only unique.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage import crypto
from storage.models import DeploymentSetting, Mailbox

RECEIPT_TAG_SALT = "receipt-tag-salt"
_LEGACY = "legacy"


async def receipt_tag_salt(session: AsyncSession) -> bytes:
    """This deployment's salt. Made at start-up (bot.app.build); made here on first use otherwise,
    where two first uses at once both insert and the loser keeps the winner's (ON CONFLICT DO
    NOTHING: a plain INSERT made the second of two concurrent first reports fail on PostgreSQL)."""
    value = await session.scalar(select(DeploymentSetting.value).where(DeploymentSetting.name == RECEIPT_TAG_SALT))
    if value is None:
        # Receipts handed out before salts were per deployment keep opening.
        has_mailboxes = await session.scalar(select(Mailbox.id).limit(1)) is not None
        made = _LEGACY if has_mailboxes else secrets.token_hex(16)
        dialect = postgresql if session.bind is not None and session.bind.dialect.name == "postgresql" else sqlite
        await session.execute(dialect.insert(DeploymentSetting).values(name=RECEIPT_TAG_SALT, value=made)
                              .on_conflict_do_nothing())
        value = await session.scalar(select(DeploymentSetting.value).where(DeploymentSetting.name == RECEIPT_TAG_SALT))
    return crypto.LEGACY_RECEIPT_TAG_SALT if value == _LEGACY else bytes.fromhex(value)


async def claim_once(session: AsyncSession, name: str, value: str) -> bool:
    """True for the first caller to move the setting `name` forward to `value` (ISO dates and
    weeks sort as text): a daily or weekly job runs once, whichever instance gets there first
    (a conditional update: the second gets False). Part of the caller's transaction."""
    if await session.scalar(select(DeploymentSetting.value).where(DeploymentSetting.name == name)) is None:
        session.add(DeploymentSetting(name=name, value=""))
        await session.flush()
    claimed = await session.execute(update(DeploymentSetting).where(
        DeploymentSetting.name == name, DeploymentSetting.value < value).values(value=value))
    return claimed.rowcount == 1
