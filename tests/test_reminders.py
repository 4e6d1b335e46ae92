"""The reminder engine against a real database (SQLite, and PostgreSQL when configured):
exactly once across restarts, catch-up digests, escalation, completion, and two schedulers."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time

from sqlalchemy import func, select

from bot.services import case_actions, reminders
from bot.services.calendar import WorkCalendar
from bot.services.case_actions import Actions
from storage.db import create_engine, create_session_factory
from storage.models import Deadline, OutboxMessage, ReminderMark
from tests.conftest import AUDIT_KEY
from tests.test_services import ZONE, _enrol, _submit, org_id, sessions, translate  # noqa: F401 - fixtures

POLICY = reminders.ReminderPolicy(calendar=WorkCalendar(ZONE, time(9, 0)), escalate_after_days=3)
ACTIONS = Actions(translate=translate, zone=ZONE)


async def _tick(sessions, clock) -> int:  # type: ignore[no-untyped-def]
    return await reminders.tick(sessions, now=clock.now(), policy=POLICY, translate=translate)


async def _messages(sessions, chat_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    async with sessions() as db:
        rows = await db.scalars(select(OutboxMessage.text).where(OutboxMessage.chat_id == chat_id,
                                                                 OutboxMessage.text.contains("/unlock to open one")).order_by(OutboxMessage.id))
        return list(rows)


async def test_case_deadlines_are_created_with_the_case(sessions, org_id: int, clock) -> None:
    await _enrol(sessions, org_id, clock, 1)
    submission = await _submit(sessions, org_id, clock)  # 26 Nov 2026, 09:00 Almaty
    async with sessions() as db:
        rows = {d.kind: d for d in await db.scalars(select(Deadline))}
    assert rows["case-ack"].due_date.isoformat() == "2026-12-03"
    assert rows["case-feedback"].due_date.isoformat() == "2027-02-24"
    assert all(d.case_id == submission.case_id and d.status == "open" for d in rows.values())


async def test_each_reminder_goes_out_once_across_restarts(sessions, org_id: int, clock, db_url: str) -> None:
    officer = await _enrol(sessions, org_id, clock, 11)
    submission = await _submit(sessions, org_id, clock)
    assert await _tick(sessions, clock) == 0  # created after the 14- and 7-day slots: nothing yet
    clock.set_to(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))  # Mon 30 Nov 09:00 Almaty: 3 days before the 3rd
    assert await _tick(sessions, clock) == 1
    assert await _tick(sessions, clock) == 0
    # A restart: a new engine and session factory over the same database.
    engine = create_engine(db_url)
    restarted = create_session_factory(engine, audit_key=AUDIT_KEY)
    assert await reminders.tick(restarted, now=clock.now(), policy=POLICY, translate=translate) == 0
    clock.advance(days=2)  # Wed 2 Dec: 1 day before
    assert await reminders.tick(restarted, now=clock.now(), policy=POLICY, translate=translate) == 1
    await engine.dispose()
    texts = await _messages(sessions, officer.person.telegram_user_id)
    assert len(texts) == 2
    assert submission.public_id in texts[0] and "3 days left" in texts[0] and "acknowledge receipt by 03.12.2026" in texts[0]
    assert "1 day left" in texts[1]
    async with sessions() as db:
        marks = [(m.slot, m.recipient_id) for m in await db.scalars(select(ReminderMark))]
    assert marks == [("lead:3", officer.person.id), ("lead:1", officer.person.id)]


async def test_catch_up_after_downtime_is_one_digest_per_person(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 21)
    board = await _enrol(sessions, org_id, clock, 22, role="board")
    first = await _submit(sessions, org_id, clock)
    second = await _submit(sessions, org_id, clock)
    clock.set_to(datetime(2026, 12, 9, 5, 0, tzinfo=UTC))  # down for two weeks; acks are 4 working days overdue
    queued = await _tick(sessions, clock)
    assert queued == 2  # one digest for the officer, one escalation for the Board
    [digest] = await _messages(sessions, officer.person.telegram_user_id)
    assert "2 reminders" in digest and first.public_id in digest and second.public_id in digest
    assert "overdue by 6 days" in digest
    [escalation] = [t for t in await _messages(sessions, board.person.telegram_user_id)]
    assert "for the Board's attention" in escalation and first.public_id in escalation
    assert await _tick(sessions, clock) == 0
    clock.advance(days=1)  # Thursday: the daily overdue reminder, but no second escalation
    assert await _tick(sessions, clock) == 1
    assert len(await _messages(sessions, board.person.telegram_user_id)) == 1


async def test_acknowledging_and_closing_stop_the_reminders(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 31)
    submission = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        await case_actions.acknowledge(db, officer.person, officer.private_key, submission.public_id, now=clock.now(), actions=ACTIONS)
    clock.set_to(datetime(2026, 12, 2, 4, 0, tzinfo=UTC))
    assert await _tick(sessions, clock) == 0  # the acknowledgement deadline is done
    clock.set_to(datetime(2027, 2, 23, 4, 0, tzinfo=UTC))
    assert await _tick(sessions, clock) == 1  # feedback still open: 1 day left
    async with sessions() as db:
        await case_actions.change_status(db, officer.person, officer.private_key, submission.public_id, "closed_no_grounds",
                                         comment="no grounds", now=clock.now(), actions=ACTIONS)
        assert await db.scalar(select(func.count()).select_from(Deadline).where(Deadline.status == "open")) == 0
    clock.advance(days=10)
    assert await _tick(sessions, clock) == 0


async def test_reminders_carry_no_content(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 41)
    await _submit(sessions, org_id, clock, text="CONTENT-CANARY do not leak")
    clock.set_to(datetime(2026, 12, 3, 4, 0, tzinfo=UTC))
    await _tick(sessions, clock)
    [text] = await _messages(sessions, officer.person.telegram_user_id)
    assert "CANARY" not in text and "the dean" not in text and "due today" in text


async def test_two_schedulers_at_once_send_each_reminder_once(sessions, org_id: int, clock, db_url: str) -> None:
    officers = [await _enrol(sessions, org_id, clock, 50 + n) for n in range(3)]
    for _ in range(20):
        await _submit(sessions, org_id, clock)
    clock.set_to(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))
    engines = [create_engine(db_url) for _ in range(2)]
    factories = [create_session_factory(engine, audit_key=AUDIT_KEY) for engine in engines]
    results = await asyncio.gather(*(
        reminders.tick(factory, now=clock.now(), policy=POLICY, translate=translate, batch=7) for factory in factories
    ))
    for engine in engines:
        await engine.dispose()
    assert sum(results) >= len(officers)
    async with sessions() as db:
        marks = [(m.deadline_id, m.slot, m.recipient_id) for m in await db.scalars(select(ReminderMark))]
        messages = list(await db.scalars(select(OutboxMessage.text).where(OutboxMessage.text.contains("/unlock to open one"))))
    assert len(marks) == len(set(marks)) == 20 * len(officers)  # every ack reminder, once per officer
    mentions = Counter()
    for text in messages:
        for line in text.splitlines():
            if line.startswith("• "):
                mentions[line] += 1
    assert sum(mentions.values()) == 20 * len(officers)
