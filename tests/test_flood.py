"""Flood control: the same contract in memory and in Redis (where every instance counts against
one allowance), and the middleware that applies it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import Update
from redis.asyncio import Redis

from bot.services.flood import FloodGate, Verdict
from handlers.middlewares import FloodMiddleware
from storage.redis_limits import RedisFloodGate


class Clock:
    def __init__(self) -> None:
        self.seconds = 1_000_000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
async def redis_clients(redis_config: dict[str, str]) -> AsyncIterator[list[Redis]]:
    clients = [Redis.from_url(redis_config["url"]) for _ in range(2)]
    yield clients
    for client in clients:
        await client.aclose()


def _gates(shared_state: dict[str, str] | None, clock: Clock, clients: list[Redis]) -> list[Any]:
    """In memory, one instance's gate; in Redis, two instances' gates, taking turns: they count
    against one allowance."""
    if shared_state is None:
        return [FloodGate(limit=3, window=10, now=clock)]
    return [RedisFloodGate(client, prefix=shared_state["prefix"], limit=3, window=10, now=clock) for client in clients]


async def test_over_the_limit_one_warning_then_silence_until_the_window_frees(shared_state: dict[str, str] | None) -> None:
    clock = Clock()
    clients = [Redis.from_url(shared_state["url"]) for _ in range(2)] if shared_state else []
    try:
        gates = _gates(shared_state, clock, clients)
        verdicts = [await gates[n % len(gates)].check("subject-a") for n in range(6)]
        assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
        assert await gates[0].check("subject-b") is Verdict.ALLOW  # others are not affected

        clock.seconds += 9.9
        assert await gates[-1].check("subject-a") is Verdict.DROP  # dropped updates do not count, but the window holds
        clock.seconds += 0.1
        assert await gates[-1].check("subject-a") is Verdict.ALLOW
        assert [await gates[0].check("subject-a") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    finally:
        for client in clients:
            await client.aclose()


async def test_redis_names_are_hashed_and_expire(redis_config: dict[str, str], redis_clients: list[Redis]) -> None:
    clock = Clock()
    gate = RedisFloodGate(redis_clients[0], prefix=redis_config["prefix"], limit=1, window=10, now=clock)
    assert [await gate.check("hmac-of-912345678") for _ in range(2)] == [Verdict.ALLOW, Verdict.WARN]
    names = [name async for name in redis_clients[0].scan_iter(f"{redis_config['prefix']}:*")]
    assert len(names) == 2 and not any(b"912345678" in name for name in names)
    for name in names:
        assert 0 < await redis_clients[0].pttl(name) <= 10_000


async def test_memory_gate_forgets_idle_subjects_under_a_flood_of_distinct_users() -> None:
    clock = Clock()
    gate = FloodGate(limit=3, window=10, now=clock)
    gate.MAX_SUBJECTS = 100
    for n in range(100):
        await gate.check(f"s{n}")
    clock.seconds += 11
    await gate.check("late-1")
    await gate.check("late-2")
    assert len(gate._seen) == 2


async def test_middleware_warns_once_and_never_limits_staff() -> None:
    clock = Clock()
    middleware = FloodMiddleware(FloodGate(limit=2, window=10, now=clock))
    handled: list[str] = []
    answers: list[dict[str, Any]] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        handled.append(data["subject"])

    class I18n:
        def get(self, key: str) -> str:
            return f"<{key}>"

    def text_update(n: int) -> Update:
        return Update.model_validate({"update_id": n, "message": {
            "message_id": n, "date": 0, "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "R"}, "text": "hi"}})

    async def fake_answer(self: Any, text: str, **kwargs: Any) -> None:
        answers.append({"text": text})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("aiogram.types.Message.answer", fake_answer)
        for n in range(5):
            await middleware(handler, text_update(n), {"subject": "reporter", "person": None, "i18n": I18n()})
        for n in range(5):
            await middleware(handler, text_update(10 + n), {"subject": "officer", "person": object(), "i18n": I18n()})
    assert handled == ["reporter"] * 2 + ["officer"] * 5
    assert answers == [{"text": "<flood-slow-down>"}]
