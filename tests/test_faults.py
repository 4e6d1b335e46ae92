"""Faults while the bot runs its real polling loop over HTTP: the database locked past every
timeout, the disk full, PostgreSQL restarting, Redis restarting, Telegram answering 502 or not
at all. Each fault lands in the middle of a reporter's submission and then clears. Every test
ends with the report stored once and its alert sent once, and with the bot working again by
itself, without a restart. The person meeting the fault gets a clear answer in their language,
and the log holds no content.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import Pool

import storage.db
from storage.db import create_engine
from storage.models import Case
from tests.conftest import RunningBot, make_settings
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fault_proxy import FaultProxy
from tests.scenario import choose_english, enrol, has, reach_review, receipt_of, step

CANARY = "CANARY-FAULT-5e1d: the bursar takes a cut of every tender"
UNAVAILABLE = "cannot save anything right now"
QUICK_RECOVERY = {"outbox": {"poll_seconds": 0.05, "max_backoff_seconds": 1}}


class SqliteLocked:
    """Another process holds SQLite's write lock for longer than the bot's busy timeout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = None

    async def begin(self) -> None:
        def lock() -> sqlite3.Connection:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=60)
            connection.execute("BEGIN EXCLUSIVE")
            return connection

        self.connection = await asyncio.to_thread(lock)

    async def end(self) -> None:
        assert self.connection is not None
        self.connection.execute("ROLLBACK")
        self.connection.close()


class SqliteDiskFull:
    """Every write that needs a page fails with SQLITE_FULL ("database or disk is full"), as on a
    full disk: the free pages inside the file are taken by a filler table, and the database may
    not grow (PRAGMA max_page_count, applied to each connection as the bot's pool hands it out)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.full = False
        event.listen(Pool, "checkout", self._limit)

    def _limit(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count={1 if self.full else 4294967294}")  # 1: no growth at all
        cursor.close()

    def _run(self, *statements: str) -> None:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        try:
            for statement in statements:
                connection.execute(statement)
        finally:
            connection.close()

    async def begin(self) -> None:
        await asyncio.to_thread(self._run, "CREATE TABLE fault_filler (x BLOB)",
                                "INSERT INTO fault_filler SELECT zeroblob((SELECT freelist_count FROM pragma_freelist_count)"
                                " * (SELECT page_size FROM pragma_page_size))")
        self.full = True

    async def end(self) -> None:
        self.full = False
        await asyncio.to_thread(self._run, "DROP TABLE fault_filler")

    def remove(self) -> None:
        event.remove(Pool, "checkout", self._limit)


class ServerRestart:
    """PostgreSQL restarting, as the bot sees it: connections cut, the port closed, then open."""

    def __init__(self, proxy: FaultProxy) -> None:
        self.proxy = proxy

    async def begin(self) -> None:
        await self.proxy.restart_begins()

    async def end(self) -> None:
        await self.proxy.restart_ends()


async def _told_unavailable(fake: FakeTelegram, user: FakeUser, mark: int, answers: int) -> None:
    """The person reads the localized "cannot save" answer, as a message or as a button alert."""
    def told() -> bool:
        messages = [m for m in fake.bot_sent[mark:] if m["chat"]["id"] == user.id]
        alerts = fake.callback_answers[answers:]
        return any(UNAVAILABLE in item.get("text", "") for item in [*messages, *alerts])

    await fake.wait_until(told, timeout=120)


def _last_with_button(fake: FakeTelegram, user: FakeUser, label: str) -> dict[str, Any]:
    for message in reversed(fake.sent_to(user.id)):
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        if any(label in button["text"] for row in rows for button in row):
            return message
    raise AssertionError(f"no message with a {label!r} button")


async def _stored_cases(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(Case)))
    finally:
        await engine.dispose()


async def _alerts_stay_single(fake: FakeTelegram, officer: FakeUser, public_id: str) -> None:
    await fake.wait_for_message(officer.id, has(public_id), timeout=60)
    polls = len(fake.calls)  # a few more rounds of everything: nothing comes twice
    await fake.wait_until(lambda: len([c for c in fake.calls[polls:] if c[0] == "getUpdates"]) >= 3, timeout=60)
    assert len([m for m in fake.sent_to(officer.id) if "New report" in m.get("text", "")]) == 1


async def _fault_mid_submission(fake: FakeTelegram, url: str, fault: Any, clock: Any, log_stream: Any) -> None:  # noqa: ANN401
    """A reporter presses Submit while the fault lasts, is told to repeat the step, and does so
    once it has cleared: one report stored, one alert sent, the bot serving as usual."""
    settings = make_settings(fake.base_url, fake.token, url, **QUICK_RECOVERY)
    officer, reporter = fake.new_user("Officer"), fake.new_user("Reporter")
    async with RunningBot(settings, clock):
        await enrol(fake, settings, officer)
        await choose_english(fake, reporter)
        # With a file that does not compress: the report needs new pages (where a full disk bites).
        review = await reach_review(fake, reporter, CANARY, files=[(os.urandom(64 * 1024), "ledger.bin")])

        await fault.begin()
        mark, answers = len(fake.bot_sent), len(fake.callback_answers)
        reporter.press_button(review, "Submit")
        await _told_unavailable(fake, reporter, mark, answers)
        await fault.end()

        # The draft is whole: Submit again, on the screen the reporter now has.
        retry = _last_with_button(fake, reporter, "Submit")
        public_id, _ = receipt_of(await step(fake, reporter, lambda: reporter.press_button(retry, "Submit"),
                                             "has been received"))
        await _alerts_stay_single(fake, officer, public_id)
        await step(fake, officer, lambda: officer.send("/cases"), public_id)  # served as usual
    logged = log_stream.getvalue()
    assert CANARY not in logged and "bursar" not in logged


@pytest.mark.parametrize("fault_name", ["locked", "disk-full"])
async def test_a_sqlite_fault_mid_submission_loses_nothing(
    fault_name: str, fake_tg: FakeTelegram, tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    log_stream,
) -> None:
    path = tmp_path / "adal.db"
    url = f"sqlite+aiosqlite:///{path}"
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_SECONDS", 0.5)  # "longer than any timeout", quickly
    fault = SqliteLocked(path) if fault_name == "locked" else SqliteDiskFull(path)
    try:
        await _fault_mid_submission(fake_tg, url, fault, clock, log_stream)
    finally:
        if isinstance(fault, SqliteDiskFull):
            fault.remove()
    assert await _stored_cases(url) == 1


async def test_postgresql_restarting_mid_submission_loses_nothing(
    fake_tg: FakeTelegram, postgres_url: str, clock, log_stream,  # type: ignore[no-untyped-def]
) -> None:
    real = make_url(postgres_url)
    proxy = FaultProxy(real.host or "127.0.0.1", real.port or 5432)
    try:
        url = real.set(port=await proxy.start()).render_as_string(hide_password=False)
        await _fault_mid_submission(fake_tg, url, ServerRestart(proxy), clock, log_stream)
    finally:
        await proxy.stop()
    assert await _stored_cases(postgres_url) == 1


async def test_telegram_down_for_a_minute_loses_nothing(fake_tg: FakeTelegram, tmp_path: Path, clock,  # type: ignore[no-untyped-def]
                                                        log_stream) -> None:
    """The alert's request hangs and times out, then every request meets the 502 page of
    Telegram's front proxy for a minute; an employee writes meanwhile. Afterwards: the alert
    arrives once, the employee is answered, and the polling loop goes on by itself."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}"
    settings = make_settings(fake_tg.base_url, fake_tg.token, url, **QUICK_RECOVERY)
    officer, reporter, colleague = fake_tg.new_user("Officer"), fake_tg.new_user("Reporter"), fake_tg.new_user("Colleague")
    async with RunningBot(settings, clock):
        await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        review = await reach_review(fake_tg, reporter, CANARY)
        fake_tg.hold = lambda method, params: method == "sendMessage" and "New report" in str(params.get("text"))
        public_id, _ = receipt_of(await step(fake_tg, reporter, lambda: reporter.press_button(review, "Submit"),
                                             "has been received"))
        await fake_tg.wait_until(lambda: fake_tg.held)

        fake_tg.outage = True
        fake_tg.release_held()  # the hanging request ends in failure: nothing was delivered
        colleague.send("/start")  # waits at Telegram while getUpdates fails
        outage_calls = len(fake_tg.calls)

        def failed(method: str, at_least: int) -> bool:
            return len([c for c in fake_tg.calls[outage_calls:] if c[0] == method]) >= at_least

        await fake_tg.wait_until(lambda: failed("getUpdates", 2), timeout=60)
        clock.advance(seconds=60)  # a minute of the bot's time: the postponed alert is due, and fails again
        await fake_tg.wait_until(lambda: failed("sendMessage", 1), timeout=60)
        assert not [m for m in fake_tg.sent_to(officer.id) if "New report" in m.get("text", "")]

        fake_tg.outage = False
        clock.advance(minutes=5)
        await fake_tg.wait_for_message(colleague.id, lambda m: "reply_markup" in m, timeout=60)
        await _alerts_stay_single(fake_tg, officer, public_id)
    logged = log_stream.getvalue()
    assert CANARY not in logged and "bursar" not in logged
    assert "ClientDecodeError" not in logged  # the 502 page counted as a server error, retried
