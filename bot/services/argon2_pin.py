"""The Argon2id cost is pinned to the data derived with it.

Every officer's wrapped private key, every recovery key and every receipt tag was derived with
the configured cost. Changed afterwards, no passphrase, recovery key or receipt would open again:
every case would be lost to its readers. So the cost in use is recorded with the first person or
report, and a start with another cost is refused with one line saying what to set back. Before
anything depends on it, the cost may change freely.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import crypto
from storage.models import DeploymentSetting, Mailbox, Person

NAME = "argon2id"


def describe(cost: crypto.Argon2Cost) -> str:
    return f"argon2_memory_kib={cost.memory_kib}, argon2_iterations={cost.iterations}, argon2_lanes={cost.lanes}"


class CostChanged(Exception):
    """The configured cost differs from the one existing secrets were derived with."""


async def check(session: AsyncSession, cost: crypto.Argon2Cost) -> None:
    """Record the cost, or refuse a different one once data depends on it. Commits."""
    wanted = describe(cost)
    pinned = await session.get(DeploymentSetting, NAME, populate_existing=True)
    if pinned is None:
        session.add(DeploymentSetting(name=NAME, value=wanted))
    elif pinned.value != wanted:
        in_use = (await session.scalar(select(Person.id).limit(1)) is not None
                  or await session.scalar(select(Mailbox.id).limit(1)) is not None)
        if in_use:
            recorded = pinned.value
            await session.rollback()
            raise CostChanged(
                "config error: security.argon2_* differ from the cost this database's passphrases, recovery keys "
                f"and receipts were derived with ({recorded}); set them back, or nothing can be opened")
        pinned.value = wanted
    await session.commit()
