"""The conversation store: process memory only, each conversation forgotten after its idle time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram.fsm.storage.base import StorageKey

from bot.clock import FakeClock
from storage.memory_fsm import ExpiringMemoryStorage


def _key(user: int, destiny: str = "default") -> StorageKey:
    return StorageKey(bot_id=1, chat_id=user, user_id=user, destiny=destiny)


async def test_a_conversation_lives_while_used_and_goes_when_idle() -> None:
    clock = FakeClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    store = ExpiringMemoryStorage(idle=timedelta(hours=1), now=clock.now)
    await store.set_state(_key(1), "ReportForm:text")
    await store.set_data(_key(1), {"parts": ["draft text"], "case_id": 7})
    await store.set_data(_key(1, "locale"), {"locale": "kk"})
    clock.advance(minutes=50)
    await store.set_data(_key(1), {"parts": ["draft text", "more"], "case_id": 7})  # used: the clock restarts
    clock.advance(minutes=50)
    assert await store.get_state(_key(1)) == "ReportForm:text"
    assert (await store.get_data(_key(1)))["parts"] == ["draft text", "more"]
    assert await store.get_data(_key(1, "locale")) == {}  # idle for 100 minutes: gone
    clock.advance(minutes=61)
    assert await store.get_state(_key(1)) is None and await store.get_data(_key(1)) == {}
    assert store.conversations == 0


async def test_copies_in_and_out_and_empty_conversations_are_not_kept() -> None:
    clock = FakeClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    store = ExpiringMemoryStorage(idle=timedelta(hours=1), now=clock.now)
    data = {"files": [{"kind": "photo"}]}
    await store.set_data(_key(2), data)
    data["files"].append({"kind": "forged"})  # the caller's later changes do not leak in
    assert await store.get_data(_key(2)) == {"files": [{"kind": "photo"}]}
    await store.set_data(_key(2), {})
    await store.set_state(_key(2), None)
    assert store.conversations == 0
    for user in range(100):  # idle ones are swept on access, without anyone asking for them
        await store.set_state(_key(1000 + user), "x")
    clock.advance(hours=2)
    await store.get_state(_key(5))
    assert store.conversations == 0
