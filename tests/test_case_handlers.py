"""Case handling through the real Dispatcher: forged callbacks, Board-only invisibility,
receipt rate limits, deletion of decrypted views, and `audit verify`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select, update

from bot.sender import OutboxSender
from bot.services import reports
from storage.models import AuditEntry, Case, CaseItem, Organization
from tests.conftest import AUDIT_KEY, TEST_SECRET
from tests.fake_telegram import FakeTelegram
from tests.scenario import PASSPHRASE
from tests.test_handlers import Chat, app, enrol_officer, texts  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[1]


async def _file(app, route: str = "officers", text: str = "report text") -> reports.Submission:  # type: ignore[no-untyped-def]
    async with app.ctx.sessions() as db:
        org = await db.get(Organization, app.ctx.org_id)
        return await reports.submit_report(
            db, org=org, content=reports.ReportContent("extortion", route, text), now=app.ctx.clock.now(),
            cost=app.ctx.argon2_cost, acknowledge_days=7, feedback_days=90, translate=app.ctx.translate,
            zone=app.ctx.zone,
        )


async def test_forged_callbacks_carrying_another_cases_id_fail(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    first = await enrol_officer(fake_tg, app)
    theirs = await _file(app)  # sealed to the first officer only
    second = await enrol_officer(fake_tg, app)  # enrolled later: holds no key to that case
    await second.send(f"/unlock {PASSPHRASE}")
    forged = [f"case:{action}:{theirs.public_id}" for action in
              ("open", "ack", "reply", "note", "status", "escalate", "grant", "export", "audit")]
    forged += [f"cs:investigation:{theirs.public_id}", f"cs:closed_no_grounds:{theirs.public_id}",
               f"cg:{second.user.id}:{theirs.public_id}", "cg:1:" + theirs.public_id]
    for data in forged:
        sent, answer = await second.press_data(data)
        assert "Case not found, or you have no access" in answer["text"], data
        assert sent == [], data
    async with app.ctx.sessions() as db:
        case = await db.scalar(select(Case).where(Case.public_id == theirs.public_id))
        items = (await db.scalars(select(CaseItem.kind).where(CaseItem.case_id == case.id))).all()
    assert case.status == "new" and case.acknowledged_at is None and case.escalated_at is None
    assert list(items) == ["report"]
    # The holder can do the same things.
    await first.send(f"/unlock {PASSPHRASE}")
    sent, _ = await first.press_data(f"case:ack:{theirs.public_id}")
    assert "receipt acknowledged" in texts(sent)


async def test_case_buttons_from_someone_not_enrolled_look_stale(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    await enrol_officer(fake_tg, app)
    case = await _file(app)
    stranger = Chat(fake_tg, app, fake_tg.new_user("Stranger"))
    for data in (f"case:open:{case.public_id}", f"cs:referred:{case.public_id}", "cl:all:0"):
        sent, answer = await stranger.press_data(data)
        assert "no longer valid" in answer["text"] and sent == []


async def test_board_only_reports_are_invisible_to_officers(fake_tg: FakeTelegram, app) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    board = await enrol_officer(fake_tg, app, role="board")
    hidden = await _file(app, route="board")
    visible = await _file(app)
    for query in ("/cases", "/cases open", "/cases new", "/cases all"):
        listing = texts(await officer.send(query))
        assert hidden.public_id not in listing and ": 1 (page" in listing
    board_listing = texts(await board.send("/cases"))
    assert hidden.public_id in board_listing and visible.public_id not in board_listing
    await officer.send(f"/unlock {PASSPHRASE}")
    _, answer = await officer.press_data(f"case:open:{hidden.public_id}")
    assert "Case not found" in answer["text"]
    async with app.ctx.sessions() as db:
        from storage.models import OutboxMessage

        alerted = set((await db.scalars(select(OutboxMessage.chat_id).where(OutboxMessage.text.contains(hidden.public_id)))).all())
    assert alerted == {board.user.id}


async def test_case_list_shows_deadline_flags_and_filters(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    case = await _file(app)
    listing = texts(await officer.send("/cases"))
    assert "acknowledge by 03.12.2026" in listing and "feedback by 24.02.2027" in listing and "0 d" in listing
    clock.advance(days=8)
    listing = texts(await officer.send("/cases open"))
    assert "acknowledgement overdue since 03.12.2026" in listing and "8 d" in listing
    assert case.public_id in listing
    assert "There are no cases here." in texts(await officer.send("/cases closed"))


async def test_receipt_attempts_are_rate_limited(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    await enrol_officer(fake_tg, app)
    submission = await _file(app)
    guesser = Chat(fake_tg, app, fake_tg.new_user("Guesser"))
    for attempt in range(app.ctx.settings.security.receipt_attempts_per_hour):
        await guesser.send("/check")
        assert "Nothing was found" in texts(await guesser.send(f"AAAA-BBBB-CCCC-{attempt:04d}"))
    await guesser.send("/check")
    refused = texts(await guesser.send(submission.receipt))
    assert "Too many attempts" in refused  # even the right one, for now
    assert "try again in 60 min" in refused  # and when they can
    clock.advance(minutes=45)
    await guesser.send("/check")
    assert "try again in 15 min" in texts(await guesser.send(submission.receipt))
    clock.advance(minutes=15, seconds=1)
    await guesser.send("/check")
    view = await guesser.send(submission.receipt)
    assert f"Case {submission.public_id}" in texts(view)

    # "Done" takes the case's screen out of the chat before saying that nothing is left in it.
    finished = await guesser.press(view[-1], "Done")
    assert "Nothing about this case is kept" in texts(finished)
    assert all((guesser.user.id, m["message_id"]) in fake_tg.deleted for m in view)


async def test_decrypted_views_are_deleted_after_the_configured_time(fake_tg: FakeTelegram, app, clock) -> None:  # type: ignore[no-untyped-def]
    officer = await enrol_officer(fake_tg, app)
    case = await _file(app, text="to be deleted from the chat")
    await officer.send(f"/unlock {PASSPHRASE}")
    shown, _ = await officer.press_data(f"case:open:{case.public_id}")
    assert len(shown) >= 2 and "to be deleted from the chat" in texts(shown)
    sender = OutboxSender(app.ctx, app.bot)
    assert await sender.purge_once() == 0
    clock.advance(minutes=app.ctx.settings.cases.view_ttl_minutes, seconds=1)
    assert await sender.purge_once() == len(shown) + 1  # and the recovery key shown at enrolment
    assert {(officer.user.id, m["message_id"]) for m in shown} <= set(fake_tg.deleted)
    assert await sender.purge_once() == 0


def test_audit_verify_command_detects_a_tampered_row(tmp_path: Path) -> None:
    import asyncio
    from datetime import timedelta

    from bot.config import load_settings
    from bot.services import people
    from storage.db import create_engine, create_session_factory
    from storage.migrate import upgrade_sync

    db_path = tmp_path / "a.db"
    url = f"sqlite+aiosqlite:///{db_path}"
    config = tmp_path / "config.toml"
    config.write_text(f'[telegram]\ntoken = "1:x"\n[storage]\nurl = "{url}"\n[security]\nsecret_key = "{TEST_SECRET}"\n',
                      encoding="utf-8")
    upgrade_sync(url)
    settings = load_settings(config)

    async def seed() -> None:
        from datetime import UTC, datetime

        from bot.services.organizations import ensure_organization

        engine = create_engine(url)
        async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
            org = await ensure_organization(db, slug="default", name="x", kind="other", now=datetime.now(UTC))
            for _ in range(3):
                await people.create_invite(db, org_id=org.id, role="officer", now=datetime.now(UTC), ttl=timedelta(hours=1))
        await engine.dispose()

    asyncio.run(seed())
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADAL__")}
    command = [sys.executable, "-m", "bot", "audit", "verify", "-c", str(config)]
    good = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert good.returncode == 0 and "3 entries" in good.stdout

    async def tamper() -> int:
        engine = create_engine(settings.storage.url)
        async with create_session_factory(engine, audit_key=AUDIT_KEY)() as db:
            second = (await db.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()[1]
            await db.execute(update(AuditEntry).where(AuditEntry.id == second.id).values(actor="person:99"))
            await db.commit()
        await engine.dispose()
        return second.id

    tampered = asyncio.run(tamper())
    bad = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and f"BROKEN at entry id {tampered}" in bad.stdout
