"""The baseline: a bare aiogram 3 bot that echoes every text message, nothing else (no database,
no middlewares). The benchmarks run it in its own process against the same fake Bot API server
as Adal, in the same run, and report Adal's figures as ratios of its figures.

    python benchmarks/echo_bot.py API_BASE TOKEN
"""

from __future__ import annotations

import asyncio
import sys

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message

router = Router()


@router.message()
async def echo(message: Message) -> None:
    await message.answer(message.text or "…")


@router.callback_query()
async def pressed(query: CallbackQuery) -> None:
    await query.answer()


async def main(api_base: str, token: str) -> None:
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)))
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    await dispatcher.start_polling(bot, polling_timeout=1, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
