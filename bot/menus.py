"""Command menus per language and per role, set with setMyCommands and scopes."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from sqlalchemy import select

from bot.config import LOCALES
from bot.context import AppContext
from storage.models import Person

log = logging.getLogger(__name__)

REPORTER_COMMANDS = ("start", "report", "check", "language", "privacy", "help")
STAFF_COMMANDS = ("unlock", "cases", "case", "plan", "reports", "people", "checkpoint", "org", "lock", "recover",
                  "language", "help")
OVERSEER_COMMANDS = ("oversight", "org", "language", "help")


def _commands(ctx: AppContext, locale: str, names: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(command=name, description=ctx.translate(locale, f"cmd-{name}")) for name in names]


async def set_default_commands(bot: Bot, ctx: AppContext) -> None:
    scope = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands(_commands(ctx, ctx.settings.i18n.default_locale, REPORTER_COMMANDS), scope=scope)
    for locale in LOCALES:
        await bot.set_my_commands(_commands(ctx, locale, REPORTER_COMMANDS), scope=scope, language_code=locale)


async def set_person_commands(bot: Bot, person: Person, ctx: AppContext) -> None:
    try:
        await bot.set_my_commands(
            _commands(ctx, person.locale, OVERSEER_COMMANDS if person.role == "overseer" else STAFF_COMMANDS),
            scope=BotCommandScopeChat(chat_id=person.telegram_user_id)
        )
    except TelegramAPIError as exc:  # a menu is a convenience; never fail a flow for it
        log.warning("could not set staff commands: %s", type(exc).__name__)


async def set_all_commands(bot: Bot, ctx: AppContext) -> None:
    """At start-up. Menus are a convenience: a Bot API server that refuses them must not stop the bot."""
    try:
        await set_default_commands(bot, ctx)
    except TelegramAPIError as exc:
        log.warning("could not set the command menus: %s", type(exc).__name__)
    async with ctx.sessions() as db:
        # Read first, then talk to Telegram: a transaction held across Bot API calls would hold
        # SQLite's write lock (and its one pooled connection) for every round trip.
        rows = await db.scalars(select(Person).where(Person.active.is_(True))
                                .order_by(Person.selected_at.desc().nulls_last(), Person.id.desc()))
        # One menu per chat: the row each person acts as (see people.identify).
        people = list({row.telegram_user_id: row for row in reversed(list(rows))}.values())
    for person in people:
        await set_person_commands(bot, person, ctx)
