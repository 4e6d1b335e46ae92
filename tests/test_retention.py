"""Retention and withdrawal as services (SQLite and PostgreSQL): a closed case's content goes
when its time is up, after two warnings, unless kept longer for a recorded reason; a report
nobody opened can be withdrawn. After deletion no key to the case exists anywhere, and on
SQLite not even the deleted bytes are left in the database file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.services import audit, case_actions, mailbox, retention
from bot.services.case_actions import Actions
from bot.services.errors import NotAllowed
from storage.models import AuditEntry, Case, CaseAccess, CaseItem, Mailbox, OutboxMessage
from tests.test_case_services import KEY, _reporter
from tests.test_services import CHEAP, ZONE, _enrol, _submit, org_id, sessions, translate  # noqa: F401 - fixtures

RETENTION = Actions(translate=translate, zone=ZONE, notification_key=KEY, retention_days=30)


async def _closed_case(sessions, org_id: int, clock):  # noqa: ANN202
    officer = await _enrol(sessions, org_id, clock, 2001)
    submission = await _submit(sessions, org_id, clock, text="retention canary text")
    async with sessions() as db:
        await case_actions.change_status(db, officer.person, officer.private_key, submission.public_id,
                                         "closed_substantiated", comment="done", now=clock.now(), actions=RETENTION)
    return officer, submission


async def _run(sessions, clock, day_offset: int = 0) -> retention.RetentionRun:  # noqa: ANN001
    async with sessions() as db:
        return await retention.run_daily(db, today=clock.now().astimezone(ZONE).date() + timedelta(days=day_offset),
                                         now=clock.now(), translate=translate, zone=ZONE, extension_days=90)


async def _warnings(sessions, officer) -> list[OutboxMessage]:  # noqa: ANN001
    async with sessions() as db:
        return list(await db.scalars(select(OutboxMessage).where(
            OutboxMessage.chat_id == officer.person.telegram_user_id, OutboxMessage.text.contains("will be deleted"))))


async def test_warned_twice_then_deleted_for_good(sessions, org_id: int, clock) -> None:
    officer, submission = await _closed_case(sessions, org_id, clock)
    async with sessions() as db:
        case = await db.get(Case, submission.case_id)
        assert case.purge_on == clock.now().astimezone(ZONE).date() + timedelta(days=30)
    assert await _run(sessions, clock, 10) == retention.RetentionRun(0, 0)  # 20 days left
    assert (await _run(sessions, clock, 16)).warned == 1  # 14 days left
    assert (await _run(sessions, clock, 17)).warned == 0  # once
    [first] = await _warnings(sessions, officer)
    assert submission.public_id in first.text and "canary" not in first.text
    assert f"case:export:{submission.public_id}" in first.reply_markup and "ret:ask:" in first.reply_markup
    assert (await _run(sessions, clock, 27)).warned == 1  # 3 days left
    assert (await _run(sessions, clock, 30)).purged == 1
    assert (await _run(sessions, clock, 31)).purged == 0
    async with sessions() as db:
        for model in (CaseItem, CaseAccess, Mailbox):
            assert await db.scalar(select(func.count()).select_from(model).where(model.case_id == submission.case_id)) == 0
        case = await db.get(Case, submission.case_id)
        assert case.purged_on is not None and case.status == "closed_substantiated"  # the statistics stay
        assert "purged" in (await db.scalars(select(AuditEntry.action).where(AuditEntry.case_id == case.id))).all()
        assert (await audit.verify(db)).ok
        assert await mailbox.open_by_receipt(db, submission.receipt, cost=CHEAP, now=clock.now()) is None
        with pytest.raises(NotAllowed):
            await case_actions.read_case(db, officer.person, officer.private_key, submission.public_id, now=clock.now())


async def test_keeping_a_case_longer_needs_a_warning_and_a_reason(sessions, org_id: int, clock) -> None:
    officer, submission = await _closed_case(sessions, org_id, clock)
    extend = lambda db, reason="authorities": retention.extend(  # noqa: E731
        db, officer.person, submission.public_id, reason, now=clock.now(), extension_days=90)
    async with sessions() as db:
        with pytest.raises(retention.AlreadyExtended):  # no warning yet
            await extend(db)
    await _run(sessions, clock, 16)
    async with sessions() as db:
        with pytest.raises(ValueError):
            await extend(db, reason="because I say so")
        before = (await db.get(Case, submission.case_id)).purge_on
        case = await extend(db)
        assert case.purge_on == before + timedelta(days=90)
        with pytest.raises(retention.AlreadyExtended):  # once per warning
            await extend(db)
        entry = await db.scalar(select(AuditEntry).where(AuditEntry.action == "retention-extended"))
        assert entry.subject == "reason:authorities" and entry.actor == f"person:{officer.person.id}"
    assert (await _run(sessions, clock, 30)).purged == 0
    assert (await _run(sessions, clock, 120 - 14)).warned == 1  # warned again before the new date


async def test_zero_keeps_everything(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 2101)
    submission = await _submit(sessions, org_id, clock)
    keep = Actions(translate=translate, zone=ZONE, retention_days=0)
    async with sessions() as db:
        await case_actions.change_status(db, officer.person, officer.private_key, submission.public_id,
                                         "closed_no_grounds", comment="no", now=clock.now(), actions=keep)
        assert (await db.get(Case, submission.case_id)).purge_on is None
        with pytest.raises(retention.NothingToExtend):
            await retention.extend(db, officer.person, submission.public_id, "court", now=clock.now(), extension_days=9)
    assert await _run(sessions, clock, 4000) == retention.RetentionRun(0, 0)


async def test_nothing_of_a_deleted_case_is_left_in_the_sqlite_file(tmp_path: Path, clock) -> None:
    """SQLite only (PostgreSQL's files are not ours to scan; its space is reclaimed by VACUUM)."""
    from bot.services.organizations import ensure_organization
    from storage.db import create_engine, create_session_factory
    from storage.migrate import upgrade
    from tests.conftest import AUDIT_KEY

    path = tmp_path / "adal.db"
    url = f"sqlite+aiosqlite:///{path}"
    await upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine, audit_key=AUDIT_KEY)
    try:
        async with sessions() as db:
            org_id = (await ensure_organization(db, slug="uni", name="University", kind="hei", now=clock.now())).id
        await _closed_case(sessions, org_id, clock)
        async with sessions() as db:
            blobs = [row for row in await db.scalars(select(CaseItem.sealed).where(CaseItem.sealed.is_not(None)))]
            blobs += list(await db.scalars(select(CaseAccess.sealed_case_key)))
            blobs += list(await db.scalars(select(Mailbox.sealed_case_key)))
        await _run(sessions, clock, 30)
        await retention.reclaim_space(engine)
    finally:
        await engine.dispose()
    files = [p for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
    data = b"".join(p.read_bytes() for p in files)
    assert len(blobs) >= 4 and not [b for b in blobs if b[:24] in data]


async def test_a_report_nobody_opened_can_be_withdrawn(sessions, org_id: int, clock) -> None:
    officers = [await _enrol(sessions, org_id, clock, 2200 + n) for n in range(2)]
    submission = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        view = await mailbox.open_by_receipt(db, submission.receipt, cost=CHEAP, now=clock.now())
        assert view.can_withdraw
        with pytest.raises(case_actions.CaseClosed):  # only the receipt's holder has the entry key
            await mailbox.withdraw(db, mailbox.ReporterAccess(submission.case_id, b"\0" * 32), now=clock.now(),
                                   actions=RETENTION)
        case = await mailbox.withdraw(db, view.access, now=clock.now(), actions=RETENTION)
        assert case.status == "withdrawn" and case.closed_at is not None
        assert await db.scalar(select(func.count()).select_from(CaseItem).where(CaseItem.case_id == case.id)) == 0
        assert await mailbox.open_by_receipt(db, submission.receipt, cost=CHEAP, now=clock.now()) is None
        for officer in officers:
            [told] = list(await db.scalars(select(OutboxMessage.text).where(
                OutboxMessage.chat_id == officer.person.telegram_user_id, OutboxMessage.text.contains("withdrawn"))))
            assert submission.public_id in told


async def test_a_report_already_opened_cannot_be_withdrawn(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 2301)
    submission = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        access = await _reporter(db, submission, clock)
        await case_actions.read_case(db, officer.person, officer.private_key, submission.public_id, now=clock.now())
        view = await mailbox.open_by_receipt(db, submission.receipt, cost=CHEAP, now=clock.now())
        assert not view.can_withdraw
        with pytest.raises(mailbox.AlreadyOpened):
            await mailbox.withdraw(db, access, now=clock.now(), actions=RETENTION)
        assert (await db.get(Case, submission.case_id)).status == "new"
