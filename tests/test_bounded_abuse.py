"""Bounded abuse: filing limits (per person and for everyone per hour, file bytes per day),
counted in memory and never stored; Argon2id derivations queued by priority, so an officer
unlocking is not kept behind a burst of reports, and a full queue says "try again"."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.filing_limits import FilingLimits
from storage import crypto
from tests.fake_telegram import FakeTelegram
from tests.test_handlers import Chat, app, enrol_officer, start_draft, texts  # noqa: F401 - fixture

CHEAP = crypto.Argon2Cost(memory_kib=1024, iterations=1, lanes=1)
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def test_reports_per_person_and_per_hour() -> None:
    limits = FilingLimits(per_person_per_hour=2, per_hour=3, file_bytes_per_day=10**9)
    assert await limits.admit("a", T0, file_bytes=0) is None
    assert await limits.admit("a", T0, file_bytes=0) is None
    assert await limits.admit("a", T0, file_bytes=0) == "reports"  # a third within the hour
    assert await limits.admit("b", T0, file_bytes=0) is None
    assert await limits.admit("c", T0, file_bytes=0) == "reports"  # everyone's hour is full
    assert await limits.admit("a", T0 + timedelta(hours=1), file_bytes=0) is None


async def test_file_bytes_per_day_and_giving_back() -> None:
    limits = FilingLimits(per_person_per_hour=100, per_hour=100, file_bytes_per_day=1000)
    assert await limits.admit("a", T0, file_bytes=600) is None
    assert await limits.admit("b", T0, file_bytes=600) == "bytes"
    await limits.give_back("a", T0, file_bytes=600)  # that one failed to store: it does not count
    assert await limits.admit("b", T0, file_bytes=600) is None
    assert await limits.admit("c", T0 + timedelta(hours=23), file_bytes=600) == "bytes"
    assert await limits.admit("c", T0 + timedelta(days=1), file_bytes=600) is None
    assert await limits.admit("d", T0 + timedelta(days=1), file_bytes=0, is_report=False) is None


async def test_an_unlock_goes_before_a_burst_of_filings() -> None:
    finished: list[str] = []

    async def one(name: str, priority: crypto.Priority) -> None:
        await crypto.derive_key(name, b"s" * 16, CHEAP, priority)
        finished.append(name)

    await asyncio.gather(*(one(f"filing-{n}", crypto.Priority.FILING) for n in range(6)),
                         one("receipt", crypto.Priority.RECEIPT), one("unlock", crypto.Priority.STAFF))
    assert finished[:2] == ["unlock", "receipt"] and finished[2:] == [f"filing-{n}" for n in range(6)]


async def test_a_full_queue_refuses_instead_of_growing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(crypto.WAITING_LIMIT, crypto.Priority.FILING, 2)
    waiting = [asyncio.ensure_future(crypto.derive_key(f"f{n}", b"s" * 16, CHEAP, crypto.Priority.FILING))
               for n in range(2)]
    await asyncio.sleep(0)  # both are queued now; the worker has not taken one yet
    with pytest.raises(crypto.KdfBusy):
        await crypto.derive_key("one too many", b"s" * 16, CHEAP, crypto.Priority.FILING)
    assert await crypto.derive_key("staff", b"s" * 16, CHEAP, crypto.Priority.STAFF)  # never refused
    assert all(len(key) == 32 for key in await asyncio.gather(*waiting))


async def test_a_reporter_over_the_limit_keeps_the_draft(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    await enrol_officer(fake_tg, app)
    app.ctx.filing_limits = FilingLimits(per_person_per_hour=1, per_hour=100, file_bytes_per_day=10**9)
    reporter = Chat(fake_tg, app, fake_tg.new_user("Reporter", language_code="en"))

    async def file(text: str) -> list[dict]:
        await start_draft(reporter)
        added = await reporter.send(text)
        return await reporter.press(added[-1], "Done")

    review = await file("the first report")
    assert "has been received" in texts(await reporter.press(review[-1], "Submit"))
    review = await file("the second report")
    sent = await reporter.press(review[-1], "Submit")
    answer = fake_tg.callback_answers[-1]
    assert "Too many reports" in answer["text"] and "has been received" not in texts(sent)
    app.ctx.filing_limits = FilingLimits(per_person_per_hour=5, per_hour=100, file_bytes_per_day=10**9)
    assert "has been received" in texts(await reporter.press(review[-1], "Submit"))  # the draft was kept
