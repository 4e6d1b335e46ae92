"""The floor: the least any bot built on Adal's stack must do for Adal's update mix.

It is the echo bot (benchmarks/echo_bot.py) plus exactly two things the design requires of every
update, and nothing else (no roles, no language, no drafts, no encryption):
- the idempotency mark: Adal's own `updates.claim` in one SQLAlchemy transaction on Adal's own
  engine (storage.db.create_engine), committed before the update is handled;
- Adal's Bot API calls: a text gets one answer with an inline button; a button press gets
  answerCallbackQuery (Telegram clients spin until it comes) and the next question.

bench_throughput.py runs it on the same update mix as Adal's report flow (3 texts, 9 presses)
so the reports show how much of the distance to the echo bot is the stack itself.

    python benchmarks/floor_bot.py API_BASE TOKEN DATABASE_URL
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import BaseMiddleware, Bot, Dispatcher, Router  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.services import updates  # noqa: E402
from storage.db import create_engine, create_session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

router = Router()
NEXT = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Next", callback_data="next")]])


class ClaimMiddleware(BaseMiddleware):
    def __init__(self, sessions: Any) -> None:
        self.sessions, self.clock = sessions, SystemClock()

    async def __call__(self, handler, event, data):  # type: ignore[no-untyped-def]
        async with self.sessions() as db:
            if isinstance(event, Update) and not await updates.claim(db, event.update_id, self.clock.now()):
                return None
            await db.commit()
        return await handler(event, data)


@router.message()
async def asked(message: Message) -> None:
    await message.answer(f"got: {message.text or '…'}", reply_markup=NEXT)


@router.callback_query()
async def pressed(query: CallbackQuery) -> None:
    await query.answer()
    await query.message.answer("next question", reply_markup=NEXT)


async def main(api_base: str, token: str, db_url: str) -> None:
    await upgrade(db_url)
    engine = create_engine(db_url)
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)))
    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(ClaimMiddleware(create_session_factory(engine)))
    dispatcher.include_router(router)
    try:
        await dispatcher.start_polling(bot, polling_timeout=1, handle_signals=True)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
