"""An officer gets a deadline reminder through the fake Bot API: the bot is down over the
reminder's moment, and the catch-up at start sends it — once, however often it restarts — and
the officer marks a plan item done with an evidence file."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from tests.conftest import AUDIT_KEY, RunningBot
from tests.fake_telegram import FakeTelegram
from sqlalchemy import select

from storage.db import create_engine, create_session_factory
from storage.models import Deadline
from tests.scenario import choose_english, enrol, file_report, has, step


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
    assert "Annual report" in reminder["text"] and "05.12.2026, legally 07.12.2026" in reminder["text"]

    # The officer marks the annual report done with an evidence file, through the bot.
    evidence = b"%PDF-1.7 annual report as sent to the Ministry"
    async with RunningBot(settings, clock):
        listing = await step(fake_tg, officer, lambda: officer.send("/plan"), "Action plan")
        annual = next(b["callback_data"] for row in listing["reply_markup"]["inline_keyboard"] for b in row
                      if "05.12" in b["text"] and "№" not in b["text"])
        card = await step(fake_tg, officer, lambda: officer.press(listing, annual), "Evidence required")
        assert "Annual report" in card["text"]
        prompt = await step(fake_tg, officer, lambda: officer.press_button(card, "Mark done"), "Send the evidence file")
        assert prompt
        added = await step(fake_tg, officer, lambda: officer.send_document(evidence, "annual-2026.pdf"), "Added")
        await step(fake_tg, officer, lambda: officer.send("Sent on 3 December"), "Added")
        await step(fake_tg, officer, lambda: officer.press_button(added, "Save"), "Marked done")
    engine = create_engine(settings.storage.url)
    async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
        stored = await db.scalar(select(Deadline).where(Deadline.status == "done", Deadline.kind == "plan"))
    await engine.dispose()
    assert stored.evidence == evidence and stored.evidence_name == "annual-2026.pdf"
    assert stored.comment == "Sent on 3 December" and stored.due_date.isoformat() == "2026-12-05"

    polls = len(fake_tg.calls)
    async with RunningBot(settings, clock):
        await fake_tg.wait_until(lambda: len([c for c in fake_tg.calls[polls:] if c[0] == "getUpdates"]) >= 2)
    assert len([m for m in fake_tg.sent_to(officer.id) if "⏰" in m["text"]]) == 1
