"""Idempotent update handling: each Telegram update id is taken once, for a window.

The mark is written before the update is handled. A webhook retry, or the same update reaching
two instances, then has no second effect. The trade-off, chosen on purpose: an update whose
handling was cut short by a crash is not run again — the person simply gets no answer and tries
again — because a report is confirmed only after its commit, nothing is ever falsely confirmed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.calendar import day_start
from storage.models import ProcessedUpdate

WINDOW = timedelta(hours=24)  # Telegram stops redelivering an update long before this


def _day(moment: datetime) -> datetime:
    """Marks carry the UTC day only: see models.ProcessedUpdate."""
    return day_start(moment, UTC)


# Built once per dialect: this runs for every update, and a reused statement keeps its cache key.
_CLAIM = {
    name: dialect.insert(ProcessedUpdate.__table__).values(update_id=bindparam("update_id"), seen_at=bindparam("seen_at"))
    .on_conflict_do_nothing().returning(ProcessedUpdate.__table__.c.update_id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


async def claim(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """True the first time an update id is seen; False for a duplicate. The mark is part of the
    caller's transaction: it holds once the caller commits, before handling.

    One INSERT … ON CONFLICT DO NOTHING (a savepoint around a plain INSERT cost three
    statements). On PostgreSQL a second instance inserting the same id at the same moment waits
    for the first transaction and then inserts nothing."""
    connection = await session.connection()
    statement = _CLAIM["postgresql" if connection.dialect.name == "postgresql" else "sqlite"]
    return (await connection.execute(statement, {"update_id": update_id, "seen_at": _day(now)})).first() is not None


async def forget_old(session: AsyncSession, now: datetime) -> None:
    """Marks whose day ended more than WINDOW ago: every mark lives at least WINDOW."""
    await session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.seen_at < _day(now) - WINDOW))
    await session.commit()
