"""A direct answer that meets a 429 or a 5xx is sent again, not dropped (through the real
Dispatcher; the waits are recorded, never slept)."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramRetryAfter

from handlers.middlewares import RetryDirectAnswers
from tests.fake_telegram import Fault, FakeTelegram
from tests.test_handlers import Chat, app, enrol_officer, start_draft  # noqa: F401 - fixture


def _recorded_waits(app) -> list[float]:  # type: ignore[no-untyped-def]
    [retry] = [m for m in app.bot.session.middleware if isinstance(m, RetryDirectAnswers)]
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    retry.sleep = record
    return waits


async def test_a_rate_limited_or_failed_answer_is_sent_again(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    await enrol_officer(fake_tg, app)  # the channel is open
    waits = _recorded_waits(app)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    fake_tg.faults = [Fault("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3, chat_id=reporter.user.id),
                      Fault("sendMessage", 502, "Bad Gateway", chat_id=reporter.user.id, times=2)]
    sent = await start_draft(reporter)  # /report, a category, a route: each answer reaches the reporter
    assert sent and sent[-1]["chat"]["id"] == reporter.user.id
    assert waits == [3.0, 1.0, 2.0] and all(fault.times == 0 for fault in fake_tg.faults)


async def test_a_wait_too_long_to_hold_the_update_is_not_waited_for(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    waits = _recorded_waits(app)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))
    fake_tg.faults = [Fault("sendMessage", 429, "Too Many Requests: retry after 120", retry_after=120,
                            chat_id=reporter.user.id)]
    await reporter.send("/start")
    assert waits == []


async def test_the_outbox_sender_is_left_to_its_own_retries() -> None:
    calls = 0

    async def refuse(bot, method):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        raise TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=1)

    with pytest.raises(TelegramRetryAfter):  # outside an update: no retry here
        await RetryDirectAnswers(sleep=lambda s: None)(refuse, None, object())  # type: ignore[arg-type]
    assert calls == 1
