"""The background loops' health: recorded in memory, reported when a loop keeps failing,
written for `python -m bot status`, which reads it from another process."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from bot.supervision import REPORT_AFTER_FAILURES, LoopHealth, stored_status
from tests.conftest import write_config
from tests.test_services import sessions  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[1]
LOCKED = OperationalError("UPDATE outbox", {}, Exception("database is locked"))


def test_a_loop_that_keeps_failing_is_reported_once_and_recovers(clock, caplog: pytest.LogCaptureFixture) -> None:
    health = LoopHealth(clock)
    health.succeeded("sender")
    with caplog.at_level(logging.INFO):
        for _ in range(REPORT_AFTER_FAILURES + 2):
            health.failed("sender", LOCKED)
    critical = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert len(critical) == 1 and "the sender loop has failed 5 times in a row (last: OperationalError)" in critical[0].message
    assert health.report()["sender"]["stuck"] and not health.healthy()
    assert "database is locked" not in caplog.text  # the type only, never a message that might quote data
    health.succeeded("sender")
    assert health.healthy() and health.report()["sender"]["failures_in_row"] == 0


def test_a_loop_without_success_for_too_long_is_stuck(clock) -> None:
    health = LoopHealth(clock)
    health.succeeded("reminders")
    clock.advance(minutes=14)
    assert health.healthy()
    clock.advance(minutes=2)
    assert not health.healthy() and health.report()["reminders"]["last_success_seconds"] == 960


async def test_health_is_written_for_other_processes(sessions, clock) -> None:  # noqa: F811
    health = LoopHealth(clock)
    health.succeeded("sender")
    health.failed("reminders", LOCKED)
    await health.persist(sessions)
    async with sessions() as db:
        rows = {row.name: row for row in await stored_status(db)}
    assert rows["sender"].last_success_at == clock.now() and rows["sender"].failures_in_row == 0
    assert rows["reminders"].failures_in_row == 1 and rows["reminders"].last_error == "OperationalError"
    clock.advance(seconds=5)
    health.succeeded("sender")  # nothing changed but the time: not written again before 30 s
    await health.persist(sessions)
    async with sessions() as db:
        assert {r.name: r for r in await stored_status(db)}["sender"].last_success_at == clock.now() - timedelta(seconds=5)


def test_status_command(tmp_path: Path) -> None:
    import asyncio
    from datetime import UTC, datetime

    from bot.clock import FakeClock
    from bot.services import outbox
    from storage.db import create_engine, create_session_factory
    from storage.migrate import upgrade
    from tests.conftest import AUDIT_KEY

    url = f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}"
    config = write_config(tmp_path / "c.toml", "http://127.0.0.1:9", "1:x", url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}

    def status() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "status", "-c", str(config)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)

    async def seed(minutes_ago: float, backlog_minutes: float | None) -> None:
        await upgrade(url)
        engine = create_engine(url)
        factory = create_session_factory(engine, audit_key=AUDIT_KEY)
        clock = FakeClock(datetime.now(UTC) - timedelta(minutes=minutes_ago))
        health = LoopHealth(clock)
        for name in ("sender", "reminders", "expiry", "daily"):
            health.succeeded(name)
        await health.persist(factory)
        if backlog_minutes is not None:
            async with factory() as db:
                from bot.services.organizations import ensure_organization

                org = await ensure_organization(db, slug="default", name="x", kind="other", now=clock.now())
                outbox.enqueue(db, org_id=org.id, dedup_key="late", chat_id=1, text="x",
                               now=datetime.now(UTC) - timedelta(minutes=backlog_minutes))
                await db.commit()
        await engine.dispose()

    asyncio.run(seed(minutes_ago=0.5, backlog_minutes=None))
    fine = status()
    assert fine.returncode == 0 and fine.stdout.startswith("adal status: ok"), fine.stdout + fine.stderr
    assert "loop sender: last success" in fine.stdout and "outbox: 0 message(s) waiting" in fine.stdout
    asyncio.run(seed(minutes_ago=20, backlog_minutes=30))
    stuck = status()
    assert stuck.returncode == 1 and "PROBLEM" in stuck.stdout
    assert "loop sender: last success" in stuck.stdout and "STUCK" in stuck.stdout and "LATE" in stuck.stdout
