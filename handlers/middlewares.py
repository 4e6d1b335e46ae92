"""Outer middlewares: a database session per update (duplicates dropped, the caller's role and
language found), and flood control."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from contextvars import ContextVar

from aiogram import BaseMiddleware
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import ClientDecodeError, TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from sqlalchemy.ext.asyncio import AsyncSession
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User

from bot.context import AppContext, current_zone
from bot.services import updates
from bot.services.flood import Gate, Verdict
from bot.services.organizations import zone_of
from bot.services.people import identify
from storage.models import Organization


log = logging.getLogger(__name__)

# The database session of the update being handled, for the Bot API request middleware below.
current_db: ContextVar[AsyncSession | None] = ContextVar("current_db", default=None)


class EndTransactionBeforeTelegram(BaseRequestMiddleware):
    """Never hold a database transaction across a Bot API round trip.

    SQLite transactions start with BEGIN IMMEDIATE (they hold the write lock), so a handler that
    read something and then talked to Telegram would block every other writer for the length of
    an HTTP call. Services commit their own writes; what is open here is at most a read.
    """

    async def __call__(self, make_request, bot, method):  # type: ignore[no-untyped-def]
        db = current_db.get()
        if db is not None and db.in_transaction():
            transaction = db.get_transaction()
            if transaction is not None and not transaction.is_active:
                await db.rollback()  # a statement failed (disk full, lock timeout): nothing of it stays
            else:
                await db.commit()
        return await make_request(bot, method)


class GatewayPagesAreServerErrors(BaseRequestMiddleware):
    """The Bot API always answers in JSON; an HTML page instead ("502 Bad Gateway" from the proxy
    in front of it, during Telegram's outages) is a transient server error, to be retried like a
    5xx. aiogram reports it as a decoding error, which nothing here would retry."""

    async def __call__(self, make_request, bot, method):  # type: ignore[no-untyped-def]
        try:
            return await make_request(bot, method)
        except ClientDecodeError:
            raise TelegramServerError(method=method, message="the Bot API answered with a page, not JSON") from None


class RetryDirectAnswers(BaseRequestMiddleware):
    """A direct answer to a person (the next question of a draft, a confirmation) that meets a
    429 is sent again after `retry_after`; one that meets a 5xx or a network error, after 1, 2,
    4... s. Dropped, it would leave a reporter facing silence mid-report. Only calls made while
    an update is handled are retried: the outbox sender paces and retries its own, from the
    database. A wait longer than `longest_wait` is not worth holding the update for: it fails
    as before (and is logged by type)."""

    def __init__(self, *, attempts: int = 5, longest_wait: float = 30.0,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.attempts, self.longest_wait, self.sleep = attempts, longest_wait, sleep

    async def __call__(self, make_request, bot, method):  # type: ignore[no-untyped-def]
        if current_db.get() is None:
            return await make_request(bot, method)
        server_errors = 0
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                wait = float(error.retry_after)
                if attempt == self.attempts or wait > self.longest_wait:
                    raise
            except (TelegramServerError, TelegramNetworkError):
                wait = min(2.0 ** server_errors, self.longest_wait)
                server_errors += 1
                if attempt == self.attempts:
                    raise
            log.warning("a direct answer (%s) failed; attempt %d of %d in %.0f s", type(method).__name__,
                        attempt + 1, self.attempts, wait)
            await self.sleep(wait)
        raise AssertionError("unreachable")


class DatabaseMiddleware(BaseMiddleware):
    """Begins every update: one AsyncSession, and one short transaction that
    - takes the update id, so a duplicate (a webhook retry, the same update at a second instance)
      is dropped here with no effect;
    - finds the enrolled person, if the sender is one, and the organization they act for (whose
      time zone then dates what this update shows: bot.context.current_zone).
    Its commit ends the transaction before the handler runs (services open their own).

    `subject` is an HMAC of the sender's id under a key that exists only in this process's
    memory: the form in which a non-staff user's id keys the in-memory rate limits. Nothing
    keyed by it is ever written anywhere that outlives the process.
    """

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        async with self.ctx.sessions() as db:
            if isinstance(event, Update) and not await updates.claim(db, event.update_id, self.ctx.clock.now()):
                return None
            subject = self.ctx.pseudonym("user", user.id) if user else None
            person = await identify(db, user.id) if user else None
            org = await db.get(Organization, person.org_id) if person is not None else None
            data.update(db=db, subject=subject, person=person, org=org)
            await db.commit()
            token = current_db.set(db)
            zone_token = current_zone.set(zone_of(org) if org is not None else None)
            try:
                return await handler(event, data)
            finally:
                current_zone.reset(zone_token)
                current_db.reset(token)


class FloodMiddleware(BaseMiddleware):
    """Drops a user's updates over the flood limit (staff are never limited); the first excess
    gets one warning. The counting is the gate's: in memory, or in Redis across instances."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        subject = data.get("subject")
        if subject is None or data.get("person") is not None:
            return await handler(event, data)
        verdict = await self.gate.check(subject)
        if verdict is Verdict.ALLOW:
            return await handler(event, data)
        if verdict is Verdict.WARN:
            await _warn_flood(event, data)
        return None


async def _warn_flood(event: TelegramObject, data: dict[str, Any]) -> None:
    i18n = data.get("i18n")
    if not isinstance(event, Update) or i18n is None:
        return
    text = i18n.get("flood-slow-down")
    if isinstance(event.message, Message):
        await event.message.answer(text)
    elif isinstance(event.callback_query, CallbackQuery):
        await event.callback_query.answer(text, show_alert=True)


class EndWritingOnCommand(BaseMiddleware):
    """A command ends a staff writing mode (a reply, a note, a closing comment, a preview) before
    it runs, and says so: the next message must never go to the reporter by a mode the person
    forgot they were in. The command itself then runs as usual."""

    async def __call__(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                       event: TelegramObject, data: dict[str, Any]) -> Any:
        state = data.get("state")
        if isinstance(event, Message) and (event.text or "").startswith("/") and state is not None:
            current = await state.get_state()
            if current is not None and current.startswith("CaseForm:"):
                await state.clear()
                i18n = data.get("i18n")
                if i18n is not None:
                    await event.answer(i18n.get("case-writing-ended"))
        return await handler(event, data)
