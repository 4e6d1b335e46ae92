"""Messages in reporters' chats that delete themselves: the receipt, the report as typed, /check
views and follow-ups. Someone may pick up the reporter's phone later.

The schedule is kept in this process's memory only. Staff chats have theirs in the database
(bot/services/deletions.py), but a reporter's chat id may not be stored anywhere that outlives
the process, not even sealed. The price: a restart before the time forgets the pending
deletions (the messages stay until the reporter deletes them; the receipt offers a button).
"""

from __future__ import annotations

import asyncio
import heapq
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from aiogram import Bot

from bot.supervision import LoopHealth
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter

log = logging.getLogger(__name__)
_IDLE_CHECK_SECONDS = 5.0


class MessageExpiry:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self._due: list[tuple[datetime, int, int]] = []  # (when, chat id, message id), a heap

    def __len__(self) -> int:
        return len(self._due)

    def schedule(self, chat_id: int, message_ids: list[int], after: timedelta) -> None:
        at = self._now() + after
        for message_id in message_ids:
            heapq.heappush(self._due, (at, chat_id, message_id))

    def take_due(self) -> list[tuple[int, int]]:
        now, due = self._now(), []
        while self._due and self._due[0][0] <= now:
            _, chat_id, message_id = heapq.heappop(self._due)
            due.append((chat_id, message_id))
        return due

    async def delete_due(self, bot: Bot) -> int:
        """Delete what is due. Telegram's refusals (already deleted, too old) are final; a
        network failure or a 429 puts the message back for the next round."""
        deleted = 0
        for chat_id, message_id in self.take_due():
            try:
                deleted += bool(await bot.delete_message(chat_id, message_id))
            except (TelegramNetworkError, TelegramRetryAfter, TimeoutError, OSError):
                self.schedule(chat_id, [message_id], timedelta(seconds=30))
            except TelegramAPIError:
                pass
        return deleted

    async def run(self, bot: Bot, health: LoopHealth | None = None) -> None:
        while True:
            try:
                await self.delete_due(bot)
                if health is not None:
                    health.succeeded("expiry")
            except Exception as exc:  # noqa: BLE001 - never let one failure end the deletions
                log.error("deleting expired reporter messages failed: %s", type(exc).__name__)
                if health is not None:
                    health.failed("expiry", exc)
            await asyncio.sleep(_IDLE_CHECK_SECONDS)
