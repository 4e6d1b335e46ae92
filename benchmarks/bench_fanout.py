"""Fan-out: 3,000 messages (alerts) through the outbox, against a fake Bot API server that
enforces Telegram's limits (tests/fake_telegram.py FloodLimits: 30 messages in any second, one
per second to a private chat; 429 with retry_after otherwise).

The outbox is filled first: `--chats` officers with `--per-chat` alerts each, queued chat by chat
(the hardest order for a per-chat limit). Then `python -m bot run` starts and its sender drains
it. Reported: the achieved rate against the 30 msg/s cap, the 429s the server answered (each
must have been handled: the row postponed, then delivered), and delivery: every row exactly once.

Baseline, in the same run, against the same server: a bare aiogram bot sending the same number
of messages in a plain loop paced at 30/s, one round over all chats after another (the easy order
for the per-chat limit), retrying after each 429's retry_after.

    python benchmarks/bench_fanout.py                       # 3,000 = 500 chats x 6
    python benchmarks/bench_fanout.py --chats 10 --per-chat 4   # smoke (CI)
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path

from harness import MINIMAL_ARGON2, BotProcess, adal_config, sqlite_url  # noqa: I001
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from sqlalchemy import func, select

from bot.app import build
from bot.config import load_settings
from bot.services import outbox
from storage.models import OutboxMessage
from tests.fake_telegram import FakeTelegram, FloodLimits

CAP = 30.0
FIRST_CHAT = 810_000_001


def rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


async def fill_outbox(config: Path, chats: int, per_chat: int) -> None:
    app = await build(load_settings(config))
    try:
        async with app.ctx.sessions() as db:
            now = app.ctx.clock.now()
            for chat in range(chats):
                for n in range(per_chat):
                    outbox.enqueue(db, org_id=app.ctx.org_id, dedup_key=f"fanout:{chat}:{n}",
                                   chat_id=FIRST_CHAT + chat, text=f"Alert {n} for officer {chat}", now=now)
            await db.commit()
    finally:
        await app.bot.session.close()
        await app.ctx.engine.dispose()


async def run_adal(fake: FakeTelegram, work: Path, chats: int, per_chat: int) -> dict[str, float]:
    config = adal_config(work, fake, sqlite_url(work), argon2=MINIMAL_ARGON2)
    await fill_outbox(config, chats, per_chat)
    total = chats * per_chat
    fake.flood_limits = FloodLimits(per_second=int(CAP))
    start = len(fake.bot_sent)
    bot = BotProcess.adal(config)
    try:
        await fake.wait_until(lambda: len(fake.bot_sent) - start >= total, timeout=total / 10 + 120)
        times = fake.sent_times[start:]
        refused = fake.flood_limits.refused
    finally:
        await bot.stop()
        fake.flood_limits = None
    delivered = Counter(message["text"] for message in fake.bot_sent[start:])
    assert len(delivered) == total and set(delivered.values()) == {1}, "a message was lost or sent twice"
    app = await build(load_settings(config))
    try:
        async with app.ctx.sessions() as session:
            unsent = await session.scalar(select(func.count()).select_from(OutboxMessage)
                                          .where(OutboxMessage.sent_at.is_(None)))
    finally:
        await app.bot.session.close()
        await app.ctx.engine.dispose()
    assert unsent == 0, "rows left unsent or marked failed"
    return {"rate": rate(times), "refused": refused, "seconds": times[-1] - times[0]}


async def run_bare(fake: FakeTelegram, chats: int, per_chat: int) -> dict[str, float]:
    bot = Bot(fake.token, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    fake.flood_limits = FloodLimits(per_second=int(CAP))
    start = len(fake.bot_sent)
    try:
        for n in range(per_chat):  # wave by wave: one message to each chat, then the next round
            for chat in range(chats):
                while True:
                    try:
                        await bot.send_message(FIRST_CHAT + chat, f"Bare {n} for officer {chat}")
                        break
                    except TelegramRetryAfter as exc:
                        await asyncio.sleep(exc.retry_after)
                await asyncio.sleep(1 / CAP)
        times = fake.sent_times[start:]
        return {"rate": rate(times), "refused": fake.flood_limits.refused, "seconds": times[-1] - times[0]}
    finally:
        fake.flood_limits = None
        await bot.session.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--per-chat", type=int, default=6)
    args = parser.parse_args()
    fake = FakeTelegram()
    await fake.start()
    fake.known_chats.update(range(FIRST_CHAT, FIRST_CHAT + args.chats))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            adal = await run_adal(fake, Path(tmp), args.chats, args.per_chat)
        bare = await run_bare(fake, args.chats, args.per_chat)
    finally:
        await fake.stop()
    total = args.chats * args.per_chat
    print(f"\nFan-out of {total} messages ({args.chats} chats x {args.per_chat}), server enforcing 30/s and 1/s per chat")
    print(f"{'sender':<44} {'msg/s':>7} {'of cap':>7} {'429s':>6} {'seconds':>8}")
    for name, row in (("Adal outbox sender (python -m bot run)", adal), ("bare aiogram loop, paced 30/s", bare)):
        print(f"{name:<44} {row['rate']:>7.2f} {row['rate'] / CAP:>7.1%} {int(row['refused']):>6} {row['seconds']:>8.1f}")
    print(f"Adal / bare: {adal['rate'] / bare['rate']:.2f}; every message delivered exactly once, none left unsent")


if __name__ == "__main__":
    asyncio.run(main())
