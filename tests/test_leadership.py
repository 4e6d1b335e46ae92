"""Background work in one instance at a time, and outbox rows claimed one by one, so that even
two senders at once never send a row twice."""

from __future__ import annotations

import asyncio

from bot.app import build
from bot.leadership import leadership_for
from bot.sender import OutboxSender
from bot.services import outbox
from storage.db import create_engine
from tests.conftest import make_settings
from tests.fake_telegram import FakeTelegram


async def test_one_instance_leads_at_a_time(db_url: str) -> None:
    await (await build(make_settings("http://127.0.0.1:9", "1:x", db_url))).ctx.engine.dispose()  # migrate
    engines = [create_engine(db_url), create_engine(db_url)]
    first, second = (leadership_for(db_url, engine) for engine in engines)
    try:
        assert await first.held() is True
        assert await second.held() is False
        assert await first.held() is True  # asking again keeps it
        await first.release()  # a graceful stop hands over at once
        assert await second.held() is True
        assert await first.held() is False
    finally:
        await first.release()
        await second.release()
        for engine in engines:
            await engine.dispose()


async def test_two_senders_at_once_send_each_row_once(fake_tg: FakeTelegram, db_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url,
                             outbox={"global_per_second": 1000, "per_chat_per_second": 1000})
    apps = [await build(settings, clock=clock), await build(settings, clock=clock)]
    users = [fake_tg.new_user(f"U{n}") for n in range(30)]
    fake_tg.known_chats.update(user.id for user in users)
    async with apps[0].ctx.sessions() as db:
        for n, user in enumerate(users):
            outbox.enqueue(db, org_id=apps[0].ctx.org_id, dedup_key=f"m{n}", chat_id=user.id, text=f"message {n}",
                           now=clock.now())
        await db.commit()
    try:
        # Both read the same due rows; only the claim keeps them from both sending every one.
        senders = [OutboxSender(app.ctx, app.bot) for app in apps]
        await asyncio.gather(*(sender.drain_once() for sender in senders))
        delivered = sorted(m["chat"]["id"] for m in fake_tg.bot_sent)
        assert delivered == sorted(user.id for user in users)
        async with apps[0].ctx.sessions() as db:
            assert await outbox.backlog(db, clock.now()) == (0, None)
    finally:
        for app in apps:
            await app.bot.session.close()
            await app.ctx.engine.dispose()
