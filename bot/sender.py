"""Drains the outbox within Telegram's limits. Never drops a row.

- about 30 messages/s overall, 1/s per chat and 20/min per group (configurable);
- 429: waits `retry_after`; 5xx and network errors: exponential backoff;
- a permanent refusal (blocked, chat not found) marks the row failed but keeps it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError, TelegramAPIError
from aiogram.types import InlineKeyboardMarkup

from bot.context import AppContext
from bot.pacing import Pacer
from bot.services import deletions, notifications, outbox
from storage.crypto import CryptoError
from storage.models import OutboxMessage

log = logging.getLogger(__name__)
T = TypeVar("T")
BATCH = 100


class OutboxSender:
    def __init__(self, ctx: AppContext, bot: Bot) -> None:
        self.ctx, self.bot = ctx, bot
        settings = ctx.settings.outbox
        self._pacer = Pacer(settings.global_per_second)
        self._chat_gap = 1.0 / settings.per_chat_per_second
        self._group_gap = 60.0 / settings.per_group_per_minute
        self._poll = settings.poll_seconds
        self._max_backoff = settings.max_backoff_seconds
        self._claim = timedelta(seconds=settings.claim_seconds)
        self._last_by_chat: dict[int, float] = {}
        self._stopping = False

    async def stop(self, task: asyncio.Task[None], timeout: float = 10.0) -> None:
        """Finish the delivery in flight (so a sent message is also marked sent), then stop."""
        self._stopping = True
        self.ctx.outbox_wakeup.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def run(self) -> None:
        failures = 0
        while not self._stopping:
            sent_any = False
            pause = self._poll
            try:
                if await self.ctx.leadership.held():  # one sender across instances keeps the global limit
                    await self.purge_once()
                    sent_any = await self.drain_once()
                    self.ctx.health.succeeded("sender")
                failures = 0
            except Exception as exc:  # noqa: BLE001 - a locked or restarting database must not end the sender
                failures += 1
                self.ctx.health.failed("sender", exc)
                pause = min(self._max_backoff, self._poll * 2 ** min(failures, 12))
                log.error("outbox round failed (%s, %d in a row); next try in %.1f s",
                          type(exc).__name__, failures, pause)
            await self.ctx.health.persist(self.ctx.sessions)
            if not sent_any:
                try:
                    await asyncio.wait_for(self.ctx.outbox_wakeup.wait(), timeout=pause)
                except TimeoutError:
                    pass
                self.ctx.outbox_wakeup.clear()

    async def drain_once(self) -> bool:
        """Send what is due now. True if anything was attempted."""
        async with self.ctx.sessions() as db:
            rows = await outbox.due_messages(db, self.ctx.clock.now(), BATCH)
        attempted = False
        for row in rows:
            if self._stopping:
                break
            chat_id = self._target(row)
            if chat_id is None:
                await self._fail(row, "no notification key opens the chat id")
                continue
            if not self._chat_ready(chat_id):
                continue  # this chat had a message within the last second; next round
            await self._pace()
            async with self.ctx.sessions() as db:
                if not await outbox.claim(db, row.id, self.ctx.clock.now(), self._claim):
                    continue  # another sender took it (only possible while leadership changes hands)
            await self._deliver(row, chat_id)
            attempted = True
        if rows and not attempted:
            await asyncio.sleep(self._chat_gap / 4)
        return attempted

    async def purge_once(self) -> int:
        """Delete the staff-chat messages whose time has come. Telegram refusals (already
        deleted by the person, or older than 48 h) are final: the row is dropped either way."""
        async with self.ctx.sessions() as db:
            rows = await deletions.due(db, self.ctx.clock.now())
        for row in rows:
            await self._pace()
            try:
                await self._paced_request(self.bot.delete_message(row.chat_id, row.message_id))
            except TelegramRetryAfter as exc:
                log.info("deletions paused %ss: 429", exc.retry_after)
                return 0
            except (TelegramServerError, TelegramNetworkError, TimeoutError, OSError):
                return 0  # try again next round
            except TelegramAPIError:
                pass
            async with self.ctx.sessions() as db:
                await deletions.forget(db, row.id)
        return len(rows)

    def _target(self, row: OutboxMessage) -> int | None:
        if row.chat_id is not None:
            return row.chat_id
        key = self.ctx.notification_key
        if key is None or row.sealed_chat_id is None:
            return None
        try:
            return key.open_chat(row.sealed_chat_id)
        except CryptoError:  # sealed under a notification key that has changed since
            return None

    async def _fail(self, row: OutboxMessage, error: str) -> None:
        """A permanent failure. For a reporter's notice, the case's opted-in chat goes as well."""
        async with self.ctx.sessions() as db:
            await outbox.mark_failed(db, row.id, self.ctx.clock.now(), error)
            if row.chat_id is None:
                await notifications.forget_target(db, row.dedup_key)

    def _gap_for(self, chat_id: int) -> float:
        # Group and channel ids are negative; Telegram allows them about 20 messages a minute.
        return max(self._chat_gap, self._group_gap) if chat_id < 0 else self._chat_gap

    def _chat_ready(self, chat_id: int) -> bool:
        last = self._last_by_chat.get(chat_id)
        return last is None or asyncio.get_running_loop().time() - last >= self._gap_for(chat_id)

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        wait = self._pacer.delay(loop.time())
        if wait > 0:
            await asyncio.sleep(wait)
        self._pacer.started(loop.time())

    async def _paced_request(self, request: Awaitable[T]) -> T:
        """A Bot API request after _pace(): the pacer learns when Telegram answered (or failed to)."""
        try:
            return await request
        finally:
            self._pacer.answered(asyncio.get_running_loop().time())

    async def _deliver(self, row: OutboxMessage, chat_id: int) -> None:
        self._last_by_chat[chat_id] = asyncio.get_running_loop().time()
        markup = InlineKeyboardMarkup.model_validate(json.loads(row.reply_markup)) if row.reply_markup else None
        try:
            await self._paced_request(self.bot.send_message(chat_id, row.text, reply_markup=markup))
        except TelegramRetryAfter as exc:
            await self._postpone(row, timedelta(seconds=exc.retry_after), "429 retry_after")
            return
        except (TelegramServerError, TelegramNetworkError, TimeoutError, OSError) as exc:
            backoff = min(self._max_backoff, 2.0 ** min(row.attempts, 16))
            await self._postpone(row, timedelta(seconds=backoff), type(exc).__name__)
            return
        except TelegramAPIError as exc:
            log.warning("outbox row %s refused permanently: %s", row.id, type(exc).__name__)
            await self._fail(row, f"{type(exc).__name__}: {exc.message}")
            return
        # Stamped again once Telegram has the message: the per-chat gap then runs from the
        # latest moment it can have arrived, so a request slowed in flight cannot land within a
        # second of the next one to the same chat.
        self._last_by_chat[chat_id] = asyncio.get_running_loop().time()
        async with self.ctx.sessions() as db:
            await outbox.mark_sent(db, row.id, self.ctx.clock.now())

    async def _postpone(self, row: OutboxMessage, delay: timedelta, reason: str) -> None:
        log.info("outbox row %s postponed by %.0fs: %s", row.id, delay.total_seconds(), reason)
        async with self.ctx.sessions() as db:
            await outbox.postpone(db, row.id, self.ctx.clock.now() + delay, reason)
