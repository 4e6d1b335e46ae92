"""Flood control (in memory only: each person's updates reach one instance) and the middleware
that applies it."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import Update

from bot.services.flood import FloodGate, Verdict
from handlers.middlewares import FloodMiddleware


class Clock:
    def __init__(self) -> None:
        self.seconds = 1_000_000.0

    def __call__(self) -> float:
        return self.seconds


async def test_over_the_limit_one_warning_then_silence_until_the_window_frees() -> None:
    clock = Clock()
    gate = FloodGate(limit=3, window=10, now=clock)
    verdicts = [await gate.check("subject-a") for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert await gate.check("subject-b") is Verdict.ALLOW  # others are not affected

    clock.seconds += 9.9
    assert await gate.check("subject-a") is Verdict.DROP  # dropped updates do not count, but the window holds
    clock.seconds += 0.1
    assert await gate.check("subject-a") is Verdict.ALLOW
    assert [await gate.check("subject-a") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]


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
