"""Redis, for several instances, holds nothing personal: instances find each other there and pass
each person's updates to the one instance that holds that person's state in memory. These tests
play the insider who reads Redis (and every message that crosses it) and a restart."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import Update
from redis.asyncio import Redis

from bot.affinity import Affinity, NoOwner, owner_among
from bot.services.limits import AttemptLimiter
from storage.crypto import generate_keypair
from storage.redis_limits import RedisGlobalWindow
from tests.conftest import RunningBot, make_settings, redis_contents
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE, choose_english, enrol, has, step

REPORTER_ID = 912345678
DRAFT_CANARY = "CANARY-DRAFT-4e2f the bursar sells exam answers"


@pytest.fixture
async def client(redis_config: dict[str, str]) -> AsyncIterator[Redis]:
    redis = Redis.from_url(redis_config["url"])
    yield redis
    await redis.aclose()


def test_owner_is_the_same_everywhere_and_moves_only_with_its_instance() -> None:
    names = ["a:8080", "b:8080", "c:8080"]
    owners = {user: owner_among(names, user) for user in range(1, 3001)}
    assert owners == {user: owner_among(list(reversed(names)), user) for user in owners}  # order-free
    assert {owner for owner in owners.values()} == set(names)  # everyone gets people
    without_c = {user: owner_among(names[:2], user) for user in owners}
    # Only the people of the instance that left move; nobody else loses their conversation.
    assert all(without_c[user] == owner for user, owner in owners.items() if owner != "c:8080")


class RecordingDispatcher:
    """Stands in for an instance's Dispatcher: records what reaches it."""

    def __init__(self) -> None:
        self.fed: list[tuple[Update, dict[str, Any]]] = []
        self.arrived = asyncio.Event()

    async def feed_update(self, bot: Any, update: Update, **kwargs: Any) -> None:
        self.fed.append((update, kwargs))
        self.arrived.set()


def _update(user_id: int, text: str) -> Update:
    return Update.model_validate({"update_id": 77, "message": {
        "message_id": 5, "date": 1_700_000_000, "text": text,
        "chat": {"id": user_id, "type": "private"}, "from": {"id": user_id, "is_bot": False, "first_name": "R"}}})


async def _spy(client: Redis, pattern: str, seen: list[bytes], ready: asyncio.Event) -> None:
    pubsub = client.pubsub()
    await pubsub.psubscribe(pattern)
    ready.set()
    try:
        async for message in pubsub.listen():
            if message["type"] == "pmessage":
                seen.append(message["data"])
    finally:
        await pubsub.aclose()


async def test_an_update_reaches_its_owner_sealed_and_nothing_stays(redis_config: dict[str, str]) -> None:
    prefix = redis_config["prefix"]
    clients = [Redis.from_url(redis_config["url"]) for _ in range(3)]
    a, b = Affinity(clients[0], prefix=prefix, name="a"), Affinity(clients[1], prefix=prefix, name="b")
    dispatchers = [RecordingDispatcher(), RecordingDispatcher()]
    seen: list[bytes] = []
    ready = asyncio.Event()
    spy = asyncio.create_task(_spy(clients[2], f"{prefix}:*", seen, ready))
    try:
        await ready.wait()
        await a.start(None, dispatchers[0])  # type: ignore[arg-type]
        await b.start(None, dispatchers[1])  # type: ignore[arg-type]
        user = next(u for u in range(REPORTER_ID, REPORTER_ID + 1000) if owner_among(["a", "b"], u) == "b")
        update = _update(user, DRAFT_CANARY)

        assert await a.route(update, update.message.from_user) is True  # b handled it, and said so
        forwarded, data = dispatchers[1].fed[0]
        assert forwarded.message.text == DRAFT_CANARY and data == {"forwarded": True}
        assert dispatchers[0].fed == []
        # The insider watching Redis's channels (MONITOR, the slow log) sees sealed bytes only.
        assert seen and all(DRAFT_CANARY.encode() not in raw and str(user).encode() not in raw for raw in seen)
        # At rest: the two instances' names and public keys, nothing about the person.
        stored = await redis_contents(redis_config)
        assert DRAFT_CANARY.encode() not in stored and str(user).encode() not in stored
        names = sorted([n async for n in clients[2].scan_iter(f"{prefix}:*")])
        assert names == [f"{prefix}:instance:a".encode(), f"{prefix}:instance:b".encode()]

        # b stops: it leaves the live set, and its people are handled where their updates land.
        await b.stop()
        a._live_read_at = float("-inf")  # noqa: SLF001 - skip the 2 s cache instead of sleeping
        assert await a.route(update, update.message.from_user) is False
    finally:
        await a.stop()
        await b.stop()
        spy.cancel()
        await asyncio.gather(spy, return_exceptions=True)
        for c in clients:
            await c.aclose()


async def test_an_owner_that_died_without_leaving_is_skipped(redis_config: dict[str, str]) -> None:
    """A SIGKILLed instance stays registered until its entry expires; nobody listens on its
    channel, so the update is handled by the next owner at once instead of waiting."""
    prefix = redis_config["prefix"]
    client = Redis.from_url(redis_config["url"])
    a = Affinity(client, prefix=prefix, name="a")
    try:
        await client.set(f"{prefix}:instance:ghost", generate_keypair().public.hex(), px=15_000)
        await a.start(None, RecordingDispatcher())  # type: ignore[arg-type]
        user = next(u for u in range(1, 1000) if owner_among(["a", "ghost"], u) == "ghost")
        update = _update(user, "hello")
        assert await a.route(update, update.message.from_user) is False  # a handles it itself
    finally:
        await a.stop()
        await client.aclose()


async def test_no_live_owner_at_all_makes_telegram_retry(redis_config: dict[str, str]) -> None:
    client = Redis.from_url(redis_config["url"])
    a = Affinity(client, prefix=redis_config["prefix"], name="a")
    try:
        a.name = "not-in-the-live-set"  # as if this instance's own view were broken
        a.live = _always_ghost  # type: ignore[method-assign]
        update = _update(5, "hello")
        with pytest.raises(NoOwner):
            await a.route(update, update.message.from_user)
    finally:
        await client.aclose()


async def _always_ghost() -> dict[str, bytes]:
    return {"ghost": generate_keypair().public}


async def test_receipt_attempts_per_person_in_memory_and_globally_in_redis(client: Redis, redis_config: dict[str, str],
                                                                           clock) -> None:  # type: ignore[no-untyped-def]
    windows = [RedisGlobalWindow(client, prefix=redis_config["prefix"], limit=5) for _ in range(2)]
    limiters = [AttemptLimiter(per_subject=3, global_limit=5, shared_global=w) for w in windows]
    assert [await limiters[0].allow("subject-a", clock.now()) for _ in range(4)] == [True, True, True, False]
    await limiters[0].forgive("subject-a")  # a success does not count against the person
    assert await limiters[0].allow("subject-a", clock.now()) is True
    assert await limiters[1].allow("subject-b", clock.now()) is True
    assert await limiters[1].allow("subject-c", clock.now()) is False  # 5 a minute for everyone, across instances
    clock.advance(minutes=1, seconds=1)
    assert await limiters[1].allow("subject-c", clock.now()) is True
    stored = await redis_contents(redis_config)
    assert b"subject" not in stored  # the shared window names nobody
    assert [n async for n in client.scan_iter(f"{redis_config['prefix']}:*")] == [
        f"{redis_config['prefix']}:attempts:all".encode()]


async def test_after_a_restart_the_draft_is_gone_and_redis_held_nothing(fake_tg: FakeTelegram, db_url: str,
                                                                        redis_config: dict[str, str]) -> None:
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url, redis=redis_config)
    officer = fake_tg.new_user("Officer")
    reporter = fake_tg.new_user("Reporter", user_id=REPORTER_ID)
    async with RunningBot(settings):
        await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        menu = await step(fake_tg, reporter, lambda: reporter.send("/report"), "What is the report about?")
        await step(fake_tg, reporter, lambda: reporter.press_button(menu, "Bribery"), "Describe what happened")
        added = await step(fake_tg, reporter, lambda: reporter.send(DRAFT_CANARY), "characters")
        stored = await redis_contents(redis_config)
        for needle in (DRAFT_CANARY, str(REPORTER_ID), format(REPORTER_ID, "x"), PASSPHRASE):
            assert needle.encode() not in stored, needle
        # Not even sealed: a draft or an unlocked key under a configured secret would open with it.
        assert not [n async for n in Redis.from_url(redis_config["url"]).scan_iter(f"{redis_config['prefix']}:*")]

    async with RunningBot(settings):  # the draft and the officer's session lived in the old process
        answers = len(fake_tg.callback_answers)
        reporter.press_button(added, "Done")
        await fake_tg.wait_until(lambda: len(fake_tg.callback_answers) > answers, timeout=30)
        assert "expired" in json.dumps(fake_tg.callback_answers[answers:])
        await step(fake_tg, reporter, lambda: reporter.send("/report"), "What is the report about?")
        await step(fake_tg, officer, lambda: officer.send("/cases"), "/unlock")


async def test_with_redis_unreachable_updates_are_handled_where_they_land() -> None:
    """Redis down: an instance cannot see the others, so it serves the update itself (the person
    may find a draft expired) instead of making Telegram retry for as long as Redis is away."""
    from redis.asyncio import Redis as Client

    unreachable = Client.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    a = Affinity(unreachable, prefix="adaltest-down", name="a")
    try:
        update = _update(REPORTER_ID, "hello")
        assert await a.route(update, update.message.from_user) is False
    finally:
        await unreachable.aclose()


async def _until(condition: Any, timeout: float = 60.0) -> None:
    """Poll a coroutine condition until it holds (the heartbeat and resubscription are timed by
    the code under test, not by this test)."""
    async def wait() -> None:
        while not await condition():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(wait(), timeout)


async def test_redis_restarting_mid_run_is_survived(redis_config: dict[str, str], monkeypatch: pytest.MonkeyPatch,
                                                    clock, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    """Redis goes down and comes back empty (no persistence): meanwhile each instance handles the
    updates that reach it and counts receipt attempts itself; afterwards they find each other
    again and pass updates on, with no restart of their own."""
    from redis.asyncio import Redis as Client
    from sqlalchemy.engine import make_url

    import bot.affinity
    from bot.app import redis_client
    from tests.fault_proxy import FaultProxy

    monkeypatch.setattr(bot.affinity, "HEARTBEAT_SECONDS", 0.2)  # re-registration comes sooner, not differently
    prefix, real = redis_config["prefix"], make_url(redis_config["url"])
    proxy = FaultProxy(real.host or "127.0.0.1", real.port or 6379)
    through = f"redis://127.0.0.1:{await proxy.start()}/{real.database or 0}"
    direct = Client.from_url(redis_config["url"])
    clients = [redis_client(through) for _ in range(3)]
    a, b = Affinity(clients[0], prefix=prefix, name="a"), Affinity(clients[1], prefix=prefix, name="b")
    dispatchers = [RecordingDispatcher(), RecordingDispatcher()]
    limiter = AttemptLimiter(per_subject=10, global_limit=3,
                             shared_global=RedisGlobalWindow(clients[2], prefix=prefix, limit=3))
    try:
        await a.start(None, dispatchers[0])  # type: ignore[arg-type]
        await b.start(None, dispatchers[1])  # type: ignore[arg-type]
        user = next(u for u in range(REPORTER_ID, REPORTER_ID + 1000) if owner_among(["a", "b"], u) == "b")
        update = _update(user, "hello")
        assert await a.route(update, update.message.from_user) is True

        await proxy.restart_begins()
        await direct.delete(*[n async for n in direct.scan_iter(f"{prefix}:*")])  # it comes back empty
        a._live_read_at = float("-inf")  # noqa: SLF001 - skip the 2 s cache instead of sleeping
        assert await a.route(update, update.message.from_user) is False  # handled where it landed
        # Receipt attempts are still limited, in this instance's memory.
        assert [await limiter.allow(f"s{n}", clock.now()) for n in range(4)] == [True, True, True, False]
        assert "counting in this instance" in caplog.text

        await proxy.restart_ends()

        async def passed_on_again() -> bool:
            a._live_read_at = float("-inf")  # noqa: SLF001
            return await a.route(update, update.message.from_user)

        fed = len(dispatchers[1].fed)
        await _until(passed_on_again)  # b registered and subscribed again by itself
        assert len(dispatchers[1].fed) == fed + 1
        clock.advance(minutes=2)
        assert await limiter.allow("s-after", clock.now()) is True
        assert await direct.exists(f"{prefix}:attempts:all")  # counted in Redis again
    finally:
        await a.stop()
        await b.stop()
        await proxy.stop()
        for c in [*clients, direct]:
            await c.aclose()
