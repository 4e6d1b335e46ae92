"""Decrypted case views in a staff chat are deleted after a configurable time. The schedule is
in the database, so a restart does not forget a pending deletion."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ScheduledDeletion


def schedule(session: AsyncSession, *, org_id: int, chat_id: int, message_ids: list[int], now: datetime,
             after: timedelta) -> None:
    for message_id in message_ids:
        session.add(ScheduledDeletion(org_id=org_id, chat_id=chat_id, message_id=message_id, delete_at=now + after))


async def due(session: AsyncSession, now: datetime, limit: int = 100) -> list[ScheduledDeletion]:
    rows = await session.scalars(
        select(ScheduledDeletion).where(ScheduledDeletion.delete_at <= now)
        .order_by(ScheduledDeletion.delete_at, ScheduledDeletion.id).limit(limit)
    )
    return list(rows)


async def forget(session: AsyncSession, deletion_id: int) -> None:
    await session.execute(delete(ScheduledDeletion).where(ScheduledDeletion.id == deletion_id))
    await session.commit()
