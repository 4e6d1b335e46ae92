"""An officer gets a deadline reminder through the fake Bot API: the bot is down over the
reminder's moment, and the catch-up at start sends it — once, however often it restarts."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from tests.conftest import RunningBot
from tests.fake_telegram import FakeTelegram
from tests.scenario import choose_english, enrol, file_report, has


async def test_reminder_after_downtime_arrives_once(fake_tg: FakeTelegram, settings) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 11, 26, 4, 0, tzinfo=UTC))
    officer = fake_tg.new_user("Officer")
    reporter = fake_tg.new_user("Reporter")
    async with RunningBot(settings, clock):
        await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        public_id, _ = await file_report(fake_tg, reporter, "a report whose acknowledgement is due")
        await fake_tg.wait_for_message(officer.id, has("New report"))

    clock.set_to(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))  # Monday 09:00 Almaty, 3 days before the 3rd
    async with RunningBot(settings, clock):
        reminder = await fake_tg.wait_for_message(officer.id, has("⏰"))
    # One digest: the case's acknowledgement, and the built-in plan's items due around now.
    assert f"Case {public_id}: acknowledge receipt by 03.12.2026 — 3 days left" in reminder["text"]
    assert "Annual report" in reminder["text"] and "05.12.2026 (a non-working day)" in reminder["text"]

    polls = len(fake_tg.calls)
    async with RunningBot(settings, clock):
        await fake_tg.wait_until(lambda: len([c for c in fake_tg.calls[polls:] if c[0] == "getUpdates"]) >= 2)
    assert len([m for m in fake_tg.sent_to(officer.id) if "⏰" in m["text"]]) == 1
