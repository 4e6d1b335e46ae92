"""The outbox survives a crash, and the sender retries without dropping or duplicating."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build
from bot.sender import OutboxSender
from bot.services import outbox
from storage.models import OutboxMessage
from tests.conftest import TEST_SECRET, make_settings, write_config
from tests.fake_telegram import Fault, FakeTelegram
from tests.scenario import choose_english, enrol, file_report, has

ROOT = Path(__file__).resolve().parents[1]


def _write_config(path: Path, fake: FakeTelegram, db_url: str) -> Path:
    # A short claim: after a crash mid-send the row is due again a second later.
    return write_config(path, fake.base_url, fake.token, db_url, outbox={"claim_seconds": 1})


def _start_bot(config: Path) -> subprocess.Popen[bytes]:
    # The same entry point an operator uses: python -m bot run -c config.toml
    return subprocess.Popen([sys.executable, "-m", "bot", "run", "-c", str(config)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


async def _wait_exit(process: subprocess.Popen[bytes]) -> int:
    return await asyncio.to_thread(process.wait, 30)


async def test_alert_is_delivered_exactly_once_after_a_crash_between_commit_and_send(
    fake_tg: FakeTelegram, tmp_path: Path, db_url: str
) -> None:
    config = _write_config(tmp_path / "config.toml", fake_tg, db_url)
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url)
    officer = fake_tg.new_user("Officer")
    reporter = fake_tg.new_user("Reporter")
    process = _start_bot(config)
    try:
        await enrol(fake_tg, settings, officer)
        await choose_english(fake_tg, reporter)
        # The alert's sendMessage never completes: the process dies while it is in flight.
        fake_tg.hold = lambda method, params: method == "sendMessage" and "New report" in str(params.get("text"))
        public_id, _ = await file_report(fake_tg, reporter, "crash test report")
        await fake_tg.wait_until(lambda: fake_tg.held)
        process.send_signal(signal.SIGKILL)
        assert await _wait_exit(process) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    assert not [m for m in fake_tg.sent_to(officer.id) if "New report" in m["text"]]

    fake_tg.release_held()
    process = _start_bot(config)
    try:
        alert = await fake_tg.wait_for_message(officer.id, has("New report"), timeout=30)
        assert public_id in alert["text"]
        # Let the restarted sender run a few more rounds: nothing is sent twice.
        polls = len(fake_tg.calls)
        await fake_tg.wait_until(lambda: len([c for c in fake_tg.calls[polls:] if c[0] == "getUpdates"]) >= 3)
        assert len([m for m in fake_tg.sent_to(officer.id) if "New report" in m["text"]]) == 1
    finally:
        process.send_signal(signal.SIGTERM)
        assert await _wait_exit(process) == 0


async def test_sender_honours_429_and_retries_5xx_without_loss(fake_tg: FakeTelegram, db_url: str, clock) -> None:
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url,
                             outbox={"global_per_second": 1000, "per_chat_per_second": 1000})
    app = await build(settings, clock=clock)
    users = [fake_tg.new_user(f"U{n}") for n in range(5)]
    for user in users:
        fake_tg.known_chats.add(user.id)
    async with app.ctx.sessions() as db:
        for n, user in enumerate(users):
            outbox.enqueue(db, org_id=app.ctx.org_id, dedup_key=f"m{n}", chat_id=user.id, text=f"message {n}",
                           now=clock.now())
        await db.commit()
    fake_tg.faults = [
        Fault("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7, chat_id=users[0].id),
        Fault("sendMessage", 502, "Bad Gateway", chat_id=users[1].id, times=2),
    ]
    sender = OutboxSender(app.ctx, app.bot)
    try:
        await sender.drain_once()
        assert {m["chat"]["id"] for m in fake_tg.bot_sent} == {u.id for u in users[2:]}
        async with app.ctx.sessions() as db:
            first = await db.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == users[0].id))
            assert (first.next_attempt_at - clock.now()).total_seconds() == 7
        clock.advance(seconds=3)  # the 5xx backoff (2 s after one attempt) has passed; the 429 has not
        await sender.drain_once()
        assert not [m for m in fake_tg.bot_sent if m["chat"]["id"] == users[0].id]
        clock.advance(seconds=10)
        for _ in range(3):
            await sender.drain_once()
            clock.advance(seconds=10)
        delivered = [m["chat"]["id"] for m in fake_tg.bot_sent]
        assert sorted(delivered) == sorted(u.id for u in users)  # each exactly once
        async with app.ctx.sessions() as db:
            assert await outbox.backlog(db, clock.now()) == (0, None)
    finally:
        await app.bot.session.close()
        await app.ctx.engine.dispose()


async def test_permanent_refusal_is_kept_not_dropped(fake_tg: FakeTelegram, db_url: str, clock) -> None:
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url)
    app = await build(settings, clock=clock)
    async with app.ctx.sessions() as db:
        outbox.enqueue(db, org_id=app.ctx.org_id, dedup_key="gone", chat_id=424242, text="hello", now=clock.now())
        await db.commit()
    try:
        await OutboxSender(app.ctx, app.bot).drain_once()  # chat not found: the fake never saw this chat
        async with app.ctx.sessions() as db:
            row = await db.scalar(select(OutboxMessage))
        assert row.failed_at is not None and "chat not found" in row.last_error
    finally:
        await app.bot.session.close()
        await app.ctx.engine.dispose()


def test_bad_config_stops_with_one_line_naming_the_key(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[telegram]\ntoken = "123:abc"\n[security]\nsecret_key = "short"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    result = subprocess.run([sys.executable, "-m", "bot", "run", "-c", str(config)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "security.secret_key" in lines[0], result.stderr


async def test_changing_the_argon2_cost_after_enrolment_is_refused(tmp_path: Path) -> None:
    from datetime import timedelta

    from bot.services import people

    url = f"sqlite+aiosqlite:///{tmp_path / 'adal.db'}"
    app = await build(make_settings("http://127.0.0.1:9", "1:x", url))  # the cheapest cost, pinned
    async with app.ctx.sessions() as db:
        token = await people.create_invite(db, org_id=app.ctx.org_id, role="officer", now=app.ctx.clock.now(),
                                           ttl=timedelta(hours=1))
        await people.enrol(db, token=token, telegram_user_id=5, locale="en", passphrase="a long passphrase 1",
                           policy=app.ctx.secret_policy, now=app.ctx.clock.now())
    await app.bot.session.close()
    await app.ctx.engine.dispose()
    config = write_config(tmp_path / "config.toml", "http://127.0.0.1:9", "1:x", url, security={"argon2_memory_kib": 16})
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    result = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "bot", "run", "-c", str(config)], cwd=ROOT,
                                     env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "argon2_memory_kib=8" in lines[0] and "set them back" in lines[0], result.stderr


def test_missing_token_names_the_key_and_the_environment_variable(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[security]\nsecret_key = "{TEST_SECRET}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    result = subprocess.run([sys.executable, "-m", "bot", "migrate", "-c", str(config)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "config error: telegram is required (set it in the config file or ADAL__TELEGRAM)"


def test_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.config import load_settings

    config = tmp_path / "config.toml"
    config.write_text(f'[telegram]\ntoken = "1:file"\n[security]\nsecret_key = "{TEST_SECRET}"\n', encoding="utf-8")
    monkeypatch.setenv("ADAL__TELEGRAM__TOKEN", "2:env")
    monkeypatch.setenv("ADAL__CASES__ACKNOWLEDGE_DAYS", "15")
    settings = load_settings(config)
    assert settings.telegram.token == "2:env" and settings.cases.acknowledge_days == 15
    assert settings.security.secret_key == TEST_SECRET


def test_invite_command_prints_a_single_use_link(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telegram]\ntoken = "1:x"\napi_base = "http://127.0.0.1:9"\n[storage]\nurl = "sqlite+aiosqlite:///{tmp_path}/a.db"\n'
        f'[security]\nsecret_key = "{TEST_SECRET}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    result = subprocess.run([sys.executable, "-m", "bot", "invite", "board", "-c", str(config)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "/start inv_" in result.stdout and "board" in result.stdout


def test_sender_spaces_groups_more_than_private_chats(settings) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    sender = OutboxSender(SimpleNamespace(settings=settings, outbox_wakeup=None), bot=None)  # type: ignore[arg-type]
    assert sender._gap_for(700000001) == 1.0  # noqa: SLF001 - the limits themselves are the unit here
    assert sender._gap_for(-1001234567890) == 3.0  # noqa: SLF001 - 20 a minute


async def test_a_reporter_notice_leaves_nothing_behind(fake_tg: FakeTelegram, db_url: str, clock) -> None:
    """Sent: the row is gone (its time would date the reporter's case). Refused for good (the
    reporter blocked the bot): the row keeps no sealed chat and no text, and the case's mailbox
    forgets the opted-in chat. After the notification key changes, an old sealed chat is absent."""
    from bot.services import notifications
    from storage.models import Case, Mailbox
    from tests.test_services import _enrol, _submit  # noqa: PLC0415 - shared service helpers

    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url,
                             security={"notification_key": "k3y-For-Notific4tions-0123456789abcdef"})
    app = await build(settings, clock=clock)
    key = app.ctx.notification_key
    reporter = fake_tg.new_user("Reporter")
    reporter.send("/start")  # Telegram delivers to a chat that has talked to the bot
    try:
        await _enrol(app.ctx.sessions, app.ctx.org_id, clock, 3001)
        delivered = await _submit(app.ctx.sessions, app.ctx.org_id, clock)
        refused = await _submit(app.ctx.sessions, app.ctx.org_id, clock)
        async with app.ctx.sessions() as db:
            await notifications.set_opt_in(db, delivered.case_id, key, reporter.id, "en", clock.now())
            await notifications.set_opt_in(db, refused.case_id, key, 777000999, "en", clock.now())  # no such chat
            for submission in (delivered, refused):
                case = await db.get(Case, submission.case_id)
                assert await notifications.queue_reporter_notice(db, case, key=key, event_key="reply-1", now=clock.now(),
                                                                 translate=app.ctx.translate)
            await db.commit()
        sender = OutboxSender(app.ctx, app.bot)
        await sender.drain_once()
        async with app.ctx.sessions() as db:
            rows = list(await db.scalars(select(OutboxMessage).where(OutboxMessage.chat_id.is_(None))))
            mailboxes = {m.case_id: m.notify_sealed for m in await db.scalars(select(Mailbox))}
        assert fake_tg.sent_to(reporter.id)  # the notice reached the reporter...
        assert len(rows) == 1 and rows[0].dedup_key.startswith(f"notify:{refused.case_id}:")  # ...and its row is gone
        assert rows[0].failed_at is not None and rows[0].sealed_chat_id is None and rows[0].text == ""
        assert mailboxes[refused.case_id] is None and mailboxes[delivered.case_id] is not None

        # The notification key changes: the old opt-in cannot be opened and counts as absent.
        other = notifications.NotificationKey.from_secret("z" * 40)
        async with app.ctx.sessions() as db:
            case = await db.get(Case, delivered.case_id)
            assert not await notifications.queue_reporter_notice(db, case, key=other, event_key="reply-2",
                                                                 now=clock.now(), translate=app.ctx.translate)
            await db.commit()
            assert await db.scalar(select(Mailbox.notify_sealed).where(Mailbox.case_id == delivered.case_id)) is None
    finally:
        await app.bot.session.close()
        await app.ctx.engine.dispose()


async def test_a_failing_round_does_not_stop_the_sender(fake_tg: FakeTelegram, db_url: str, clock,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """A database error in one round (a long SQLite lock, PostgreSQL restarting) is logged by type
    and retried with backoff; the alerts queued meanwhile still go out."""
    from sqlalchemy.exc import OperationalError

    caplog.set_level(logging.INFO, logger="bot.supervision")
    settings = make_settings(fake_tg.base_url, fake_tg.token, db_url)
    app = await build(settings, clock=clock)
    user = fake_tg.new_user("Officer")
    user.send("/start")
    sender = OutboxSender(app.ctx, app.bot)
    real_drain, failures = sender.drain_once, []

    async def flaky_drain() -> bool:
        if len(failures) < 3:
            failures.append(1)
            raise OperationalError("UPDATE outbox", {}, Exception("database is locked"))
        return await real_drain()

    sender.drain_once = flaky_drain  # type: ignore[method-assign]
    task = asyncio.create_task(sender.run())
    try:
        async with app.ctx.sessions() as db:
            outbox.enqueue(db, org_id=app.ctx.org_id, dedup_key="after-the-lock", chat_id=user.id, text="still sent",
                           now=clock.now())
            await db.commit()
        app.ctx.outbox_wakeup.set()
        await fake_tg.wait_for_message(user.id, lambda m: m.get("text") == "still sent", timeout=60)
        assert len(failures) == 3
        assert "outbox round failed (OperationalError, 3 in a row)" in caplog.text
        await sender.stop(task)  # the round that delivered it has ended, and recorded its success
        assert "the sender loop works again after 3 failure(s)" in caplog.text
        assert app.ctx.health.report()["sender"]["failures_in_row"] == 0
    finally:
        await sender.stop(task)
        await app.bot.session.close()
        await app.ctx.engine.dispose()
