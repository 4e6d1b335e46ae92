"""Redis, for several instances: conversation state with hashed names and sealed values,
per-person event isolation, shared unlocked sessions and shared receipt limits. Then the bot
itself on Redis: a draft and an unlocked session survive a restart, and Redis holds nothing a
byte search can recognise."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis

from storage.redis_fsm import SealedRedisStorage
from storage.redis_limits import RedisAttemptLimiter
from storage.redis_sessions import RedisKeyring
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


def _storage(client: Redis, config: dict[str, str], session_key: str | None = None) -> SealedRedisStorage:
    return SealedRedisStorage(client, session_key=session_key or config["session_key"], prefix=config["prefix"],
                              ttl=timedelta(hours=2))


def _key(user_id: int) -> StorageKey:
    return StorageKey(bot_id=123456789, chat_id=user_id, user_id=user_id)


async def test_fsm_names_are_hashed_and_values_sealed(client: Redis, redis_config: dict[str, str]) -> None:
    storage = _storage(client, redis_config)
    await storage.set_state(_key(REPORTER_ID), "ReportForm:text")
    await storage.set_data(_key(REPORTER_ID), {"parts": [DRAFT_CANARY], "route": "officers"})

    assert await storage.get_state(_key(REPORTER_ID)) == "ReportForm:text"
    assert await storage.get_data(_key(REPORTER_ID)) == {"parts": [DRAFT_CANARY], "route": "officers"}
    stored = await redis_contents(redis_config)
    for needle in (str(REPORTER_ID), format(REPORTER_ID, "x"), "CANARY-DRAFT", "ReportForm", "officers"):
        assert needle.encode() not in stored, needle
    names = [name async for name in client.scan_iter(f"{redis_config['prefix']}:*")]
    assert len(names) == 2
    for name in names:  # an abandoned draft does not linger
        assert 0 < await client.pttl(name) <= timedelta(hours=2).total_seconds() * 1000

    await storage.set_state(_key(REPORTER_ID), None)
    await storage.set_data(_key(REPORTER_ID), {})
    assert [name async for name in client.scan_iter(f"{redis_config['prefix']}:*")] == []


async def test_a_value_opens_only_under_its_own_name_and_key(client: Redis, redis_config: dict[str, str]) -> None:
    storage = _storage(client, redis_config)
    await storage.set_data(_key(1001), {"case_id": 42})
    await storage.set_state(_key(1001), "CheckForm:viewing")
    # Someone with access to Redis copies one person's values under another person's names.
    for part in ("data", "state"):
        value = await client.get(storage.key_builder.build(_key(1001), part))
        await client.set(storage.key_builder.build(_key(1002), part), value)
    assert await storage.get_data(_key(1002)) == {}
    assert await storage.get_state(_key(1002)) is None
    # Another deployment's session key neither finds nor opens them.
    other = _storage(client, redis_config, session_key="another-deployment-session-key-abcdefghij")
    assert await other.get_data(_key(1001)) == {}
    assert await storage.get_data(_key(1001)) == {"case_id": 42}


async def test_event_isolation_serializes_one_person_across_clients(redis_config: dict[str, str]) -> None:
    first, second = Redis.from_url(redis_config["url"]), Redis.from_url(redis_config["url"])
    try:
        isolations = [_storage(c, redis_config).create_isolation() for c in (first, second)]
        order: list[str] = []

        async def handle(isolation, name: str, key: StorageKey) -> None:  # type: ignore[no-untyped-def]
            async with isolation.lock(key):
                order.append(f"{name} in")
                await asyncio.sleep(0.05)  # the handler's own work; overlap would interleave the log
                order.append(f"{name} out")

        await asyncio.gather(handle(isolations[0], "a", _key(7)), handle(isolations[1], "b", _key(7)))
        assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
        order.clear()
        await asyncio.gather(handle(isolations[0], "a", _key(7)), handle(isolations[1], "b", _key(8)))
        assert order[:2] == ["a in", "b in"]  # two people never wait for each other
    finally:
        await first.aclose()
        await second.aclose()


async def test_unlocked_sessions_are_shared_sealed_and_expire(redis_config: dict[str, str], clock) -> None:  # type: ignore[no-untyped-def]
    first, second = Redis.from_url(redis_config["url"]), Redis.from_url(redis_config["url"])
    private_key = bytes(range(32))
    try:
        rings = [RedisKeyring(c, session_key=redis_config["session_key"], prefix=redis_config["prefix"],
                              idle=timedelta(minutes=30)) for c in (first, second)]
        await rings[0].put(5, private_key, clock.now())
        assert await rings[1].get(5, clock.now()) == private_key  # the other instance sees the session
        stored = await redis_contents(redis_config)
        assert private_key not in stored and private_key.hex().encode() not in stored

        clock.advance(minutes=20)
        assert await rings[0].get(5, clock.now()) == private_key  # a use restarts the idle timer
        clock.advance(minutes=20)
        assert await rings[1].get(5, clock.now()) == private_key
        clock.advance(minutes=31)
        assert await rings[0].get(5, clock.now()) is None  # idle too long
        assert await rings[1].get(5, clock.now()) is None

        await rings[0].put(5, private_key, clock.now())
        assert await rings[1].drop(5) is True  # /lock on one instance locks everywhere
        assert await rings[0].get(5, clock.now()) is None
        assert await rings[0].drop(5) is False

        await rings[0].put(6, private_key, clock.now())
        rotated = RedisKeyring(first, session_key="a-rotated-deployment-session-key-0000000",
                               prefix=redis_config["prefix"], idle=timedelta(minutes=30))
        assert await rotated.get(6, clock.now()) is None  # a new session key ends the old sessions
    finally:
        await first.aclose()
        await second.aclose()


async def test_receipt_attempts_are_counted_across_instances(redis_config: dict[str, str], clock) -> None:  # type: ignore[no-untyped-def]
    first, second = Redis.from_url(redis_config["url"]), Redis.from_url(redis_config["url"])
    try:
        limiters = [RedisAttemptLimiter(c, prefix=redis_config["prefix"], per_subject=3, global_limit=5)
                    for c in (first, second)]
        allowed = [await limiters[n % 2].allow("subject-a", clock.now()) for n in range(4)]
        assert allowed == [True, True, True, False]  # three in all, not three per instance
        await limiters[1].forgive("subject-a")  # a success does not count against the person
        assert await limiters[0].allow("subject-a", clock.now()) is True
        assert await limiters[0].allow("subject-b", clock.now()) is True
        assert await limiters[1].allow("subject-c", clock.now()) is False  # the global limit (5/min) is reached
        clock.advance(minutes=1, seconds=1)
        assert await limiters[1].allow("subject-c", clock.now()) is True
        assert await limiters[0].allow("subject-a", clock.now()) is False  # the hour has not passed
        clock.advance(hours=1)
        assert await limiters[0].allow("subject-a", clock.now()) is True
        assert b"subject-a" not in await redis_contents(redis_config)
    finally:
        await first.aclose()
        await second.aclose()


async def test_draft_and_unlocked_session_survive_a_restart(fake_tg: FakeTelegram, db_url: str,
                                                            redis_config: dict[str, str]) -> None:
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url, redis=redis_config)
    officer = fake_tg.new_user("Officer")
    reporter = fake_tg.new_user("Reporter", user_id=REPORTER_ID)
    async with RunningBot(settings):
        await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        menu = await step(fake_tg, reporter, lambda: reporter.send("/report"), "What is the report about?")
        routes = await step(fake_tg, reporter, lambda: reporter.press_button(menu, "Bribery"), "Who should receive")
        await step(fake_tg, reporter, lambda: reporter.press_button(routes, "Compliance"), "Describe what happened")
        added = await step(fake_tg, reporter, lambda: reporter.send(DRAFT_CANARY), "characters")
        stored = await redis_contents(redis_config)
        assert stored  # the draft is in Redis...
        for needle in (DRAFT_CANARY, "CANARY-DRAFT", str(REPORTER_ID), format(REPORTER_ID, "x"), PASSPHRASE):
            assert needle.encode() not in stored, needle  # ...but nothing in it is readable

    async with RunningBot(settings):  # a restart (or the next update reaching another instance)
        when = await step(fake_tg, reporter, lambda: reporter.press_button(added, "Done"), "When did it happen?")
        where = await step(fake_tg, reporter, lambda: reporter.press_button(when, "Skip"), "Where did it happen?")
        who = await step(fake_tg, reporter, lambda: reporter.press_button(where, "Skip"), "Who was involved?")
        files = await step(fake_tg, reporter, lambda: reporter.press_button(who, "Skip"), "Attach photos")
        review = await step(fake_tg, reporter, lambda: reporter.press_button(files, "Done"), "Please check")
        assert DRAFT_CANARY in review["text"]
        await step(fake_tg, reporter, lambda: reporter.press_button(review, "Submit"), "has been received")

        alert = await fake_tg.wait_for_message(officer.id, has("New report"))
        mark = len(fake_tg.bot_sent)
        officer.press_button(alert, "Open case")  # unlocked at enrolment, before the restart
        await fake_tg.wait_for_message(officer.id, has(DRAFT_CANARY), after=mark)
