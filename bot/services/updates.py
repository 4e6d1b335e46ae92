"""Idempotent update handling: each Telegram update id is taken once, for a window.

The mark is written before the update is handled. A webhook retry, or the same update reaching
two instances, then has no second effect. The trade-off, chosen on purpose: an update whose
handling was cut short by a crash is not run again — the person simply gets no answer and tries
again — because a report is confirmed only after its commit, nothing is ever falsely confirmed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate

WINDOW = timedelta(hours=24)  # Telegram stops redelivering an update long before this


async def claim(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """True the first time an update id is seen; False for a duplicate (rolled back). The mark
    is part of the caller's transaction: it holds once the caller commits, before handling."""
    try:
        async with session.begin_nested():
            session.add(ProcessedUpdate(update_id=update_id, seen_at=now))
    except IntegrityError:
        await session.rollback()
        return False
    return True


async def forget_old(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.seen_at < now - WINDOW))
    await session.commit()
