"""The transactional outbox: messages to send later are rows written with their cause."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.calendar import day_start
from storage.models import OutboxMessage


def enqueue(
    session: AsyncSession,
    *,
    org_id: int,
    dedup_key: str,
    chat_id: int | None,
    text: str,
    now: datetime,
    reply_markup: dict[str, Any] | None = None,
    sealed_chat_id: bytes | None = None,
) -> None:
    """Add a row to the caller's transaction; it becomes visible to the sender on commit."""
    session.add(
        OutboxMessage(
            org_id=org_id,
            dedup_key=dedup_key,
            chat_id=chat_id,
            sealed_chat_id=sealed_chat_id,
            text=text,
            reply_markup=json.dumps(reply_markup) if reply_markup else None,
            created_at=now,
            next_attempt_at=now,
            attempts=0,
        )
    )


async def due_messages(session: AsyncSession, now: datetime, limit: int) -> list[OutboxMessage]:
    """The next message due for each chat (oldest first), and every due reporter notice (their
    chat ids are sealed, each is a chat of its own). One per chat because a chat takes only one
    message a second: six alerts queued for one officer must not fill a batch that other chats are
    waiting behind (benchmarks/bench_fanout.py, 100 chats x 6: 22.5 msg/s that way, 29.2 now)."""
    due = (OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None), OutboxMessage.next_attempt_at <= now)
    heads = select(func.min(OutboxMessage.id)).where(*due, OutboxMessage.chat_id.is_not(None)).group_by(
        OutboxMessage.chat_id)
    rows = await session.scalars(
        select(OutboxMessage)
        .where(*due, or_(OutboxMessage.id.in_(heads), OutboxMessage.chat_id.is_(None)))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(rows)


async def claim(session: AsyncSession, message_id: int, now: datetime, lease: timedelta) -> bool:
    """Take a due row for sending: it is not due again until `lease` has passed, so no other
    sender sends it meanwhile. True if this caller got it. The outcome (sent, postponed, failed)
    replaces the claim; a crash leaves it to lapse, and the row is sent again (at least once)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
               OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=now + lease)
    )
    await session.commit()
    return result.rowcount == 1


async def mark_sent(session: AsyncSession, message_id: int, now: datetime) -> None:
    """A message Telegram has is deleted: kept, its row would say when an alert about a new
    report or a reporter's follow-up went out (to the second), and to which reporter's sealed
    chat a notice went. Idempotency does not need it: reminders are unique by their marks, and
    every other row is written once, with the change that caused it."""
    await session.execute(delete(OutboxMessage).where(OutboxMessage.id == message_id))
    await session.commit()


async def postpone(session: AsyncSession, message_id: int, until: datetime, error: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(next_attempt_at=until, attempts=OutboxMessage.attempts + 1, last_error=error[:200])
    )
    await session.commit()


async def mark_failed(session: AsyncSession, message_id: int, now: datetime, error: str) -> None:
    """A permanent refusal (the person blocked the bot, the chat is gone). A staff row is kept
    for the operator to see; a reporter's notice keeps nothing: no sealed chat, no text."""
    # Kept for the operator, dated by the day: an alert's times would date the report it announces.
    day = day_start(now, UTC)
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(failed_at=day, created_at=day, next_attempt_at=day, attempts=OutboxMessage.attempts + 1,
                last_error=error[:200])
    )
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.chat_id.is_(None))
        .values(sealed_chat_id=None, text="")
    )
    await session.commit()


async def backlog(session: AsyncSession, now: datetime) -> tuple[int, timedelta | None]:
    """How many rows wait to be sent and how old the oldest is."""
    count, oldest = (
        await session.execute(
            select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
            )
        )
    ).one()
    if oldest is not None and oldest.tzinfo is None:  # aggregates bypass the column type on SQLite
        oldest = oldest.replace(tzinfo=UTC)
    return count, (now - oldest) if oldest else None
