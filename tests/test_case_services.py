"""Case handling services on SQLite and PostgreSQL: actions, authorization, reporter follow-up,
notifications and the audit chain."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.services import audit, case_actions, cases, mailbox, notifications
from bot.services.case_actions import Actions
from bot.services.errors import NotAllowed
from bot.services.handover import export_case
from bot.services.reports import Attachment
from storage.models import AuditEntry, CaseAccess, Mailbox, OutboxMessage
from tests.test_services import CHEAP, ZONE, _enrol, _submit, org_id, sessions, translate  # noqa: F401 - fixtures

KEY = notifications.NotificationKey.from_secret("n" * 40)
ACTIONS = Actions(translate=translate, zone=ZONE, notification_key=KEY)


async def _reporter(db, submission, clock) -> mailbox.ReporterAccess:
    """What the reporter's conversation holds after their receipt opened the case."""
    return (await mailbox.open_by_receipt(db, submission.receipt, cost=CHEAP, now=clock.now())).access


async def _alerts(sessions, chat_id: int) -> list[OutboxMessage]:
    async with sessions() as db:
        return list(await db.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == chat_id)))


async def test_officer_workflow_and_what_the_reporter_sees(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 100)
    submission = await _submit(sessions, org_id, clock, text="original report")
    async with sessions() as db:
        await notifications.set_opt_in(db, submission.case_id, KEY, 555000111, "ru", clock.now())
    clock.advance(hours=1)
    async with sessions() as db:
        case = await case_actions.acknowledge(db, officer.person, officer.private_key, submission.public_id, now=clock.now(), actions=ACTIONS)
        assert case.status == "acknowledged" and case.acknowledged_at == clock.now()
        clock.advance(seconds=1)  # entries are ordered by their times (their ids are random)
        await case_actions.reply(db, officer.person, officer.private_key, submission.public_id, "please describe the amount", now=clock.now(),
                                 actions=ACTIONS)
        clock.advance(seconds=1)
        await case_actions.add_note(db, officer.person, officer.private_key, submission.public_id, "SECRET internal note", now=clock.now())
        clock.advance(seconds=1)
        await case_actions.change_status(db, officer.person, officer.private_key, submission.public_id, "investigation", now=clock.now(),
                                         actions=ACTIONS)
    async with sessions() as db:
        view = await mailbox.open_by_receipt(db, submission.receipt.lower(), cost=CHEAP, now=clock.now())
    assert view is not None and view.notifications_on
    kinds = [e.kind for e in view.content.timeline]
    assert kinds == ["acknowledged", "reply", "status"]
    assert view.content.timeline[1].text == "please describe the amount"
    assert "SECRET" not in repr(view.content.timeline)
    # Three reporter notices, each encrypted to the chat, none with content.
    async with sessions() as db:
        notices = list(await db.scalars(select(OutboxMessage).where(OutboxMessage.chat_id.is_(None))))
    assert len(notices) == 3
    assert all(KEY.open_chat(n.sealed_chat_id) == 555000111 for n in notices)
    assert all(submission.public_id in n.text and "amount" not in n.text for n in notices)
    assert all("По делу" in n.text for n in notices)  # in the reporter's language


async def test_closing_needs_a_comment_erases_the_notification_target_and_freezes_the_case(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 101)
    submission = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        await notifications.set_opt_in(db, submission.case_id, KEY, 42, "en", clock.now())
    async with sessions() as db:
        with pytest.raises(case_actions.CommentRequired):
            await case_actions.change_status(db, officer.person, officer.private_key, submission.public_id, "closed_unsubstantiated",
                                             now=clock.now(), actions=ACTIONS)
        await case_actions.change_status(db, officer.person, officer.private_key, submission.public_id, "closed_unsubstantiated",
                                         comment="no evidence found", now=clock.now(), actions=ACTIONS)
    async with sessions() as db:
        assert (await db.scalar(select(Mailbox.notify_sealed))) is None
        with pytest.raises(case_actions.CaseClosed):
            await case_actions.reply(db, officer.person, officer.private_key, submission.public_id, "late", now=clock.now(), actions=ACTIONS)
        with pytest.raises(case_actions.CaseClosed):
            await mailbox.add_reporter_message(db, await _reporter(db, submission, clock), text="more", attachments=[], now=clock.now(),
                                               actions=ACTIONS)
        view = await mailbox.open_by_receipt(db, submission.receipt, cost=CHEAP, now=clock.now())
    assert view.content.timeline[-1].text == "no evidence found"
    assert view.content.case.closed_at is not None


async def test_actions_on_a_case_the_person_cannot_read_fail_the_same_way(sessions, org_id: int, clock) -> None:
    holder = await _enrol(sessions, org_id, clock, 200)
    submission = await _submit(sessions, org_id, clock)
    outsider = await _enrol(sessions, org_id, clock, 201)  # enrolled after the case: no key
    async with sessions() as db:
        attempts = [
            case_actions.acknowledge(db, outsider.person, outsider.private_key, submission.public_id, now=clock.now(), actions=ACTIONS),
            case_actions.reply(db, outsider.person, outsider.private_key, submission.public_id, "x", now=clock.now(), actions=ACTIONS),
            case_actions.add_note(db, outsider.person, outsider.private_key, submission.public_id, "x", now=clock.now()),
            case_actions.change_status(db, outsider.person, outsider.private_key, submission.public_id, "investigation", now=clock.now(),
                                       actions=ACTIONS),
            case_actions.escalate(db, outsider.person, outsider.private_key, submission.public_id, now=clock.now(),
                                  actions=ACTIONS),
            case_actions.grant_candidates(db, outsider.person, submission.public_id),
            case_actions.read_case(db, outsider.person, outsider.private_key, submission.public_id, now=clock.now()),
        ]
        for attempt in attempts:
            with pytest.raises(NotAllowed):
                await attempt
    # The holder grants access; now the newcomer reads it.
    async with sessions() as db:
        candidates = await case_actions.grant_candidates(db, holder.person, submission.public_id)
        assert [p.id for p in candidates] == [outsider.person.id]
        await case_actions.grant(db, holder.person, holder.private_key, submission.public_id, outsider.person.id,
                                 now=clock.now(), actions=ACTIONS)
    async with sessions() as db:
        content = await case_actions.read_case(db, outsider.person, outsider.private_key, submission.public_id,
                                               now=clock.now())
    assert content.report["text"] == "report text"
    assert [e.kind for e in content.timeline] == ["granted"]
    assert len(await _alerts(sessions, 201)) == 1


async def test_escalation_reseals_to_every_board_member_and_cannot_be_undone(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 300)
    submission = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        with pytest.raises(case_actions.NoBoardMember):
            await case_actions.escalate(db, officer.person, officer.private_key, submission.public_id, now=clock.now(),
                                        actions=ACTIONS)
    board = [await _enrol(sessions, org_id, clock, 310 + n, role="board") for n in range(2)]
    async with sessions() as db:
        assert await case_actions.escalate(db, officer.person, officer.private_key, submission.public_id,
                                           now=clock.now(), actions=ACTIONS) == 2
    async with sessions() as db:
        with pytest.raises(case_actions.AlreadyEscalated):
            await case_actions.escalate(db, officer.person, officer.private_key, submission.public_id, now=clock.now(),
                                        actions=ACTIONS)
        for member in board:
            content = await case_actions.read_case(db, member.person, member.private_key, submission.public_id,
                                                   now=clock.now())
            assert content.report["text"] == "report text"
            assert len(await _alerts(sessions, member.person.telegram_user_id)) == 1
            rows, total = await cases.list_cases(db, member.person)
            assert total == 1


async def test_board_only_case_is_never_offered_to_officers(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 400)
    board = await _enrol(sessions, org_id, clock, 401, role="board")
    submission = await _submit(sessions, org_id, clock, route="board")
    late_board = await _enrol(sessions, org_id, clock, 402, role="board")
    async with sessions() as db:
        assert await cases.list_cases(db, officer.person, status_filter="open") == ([], 0)
        candidates = await case_actions.grant_candidates(db, board.person, submission.public_id)
        assert [p.id for p in candidates] == [late_board.person.id]
        with pytest.raises(case_actions.GrantNotAllowed):
            await case_actions.grant(db, board.person, board.private_key, submission.public_id, officer.person.id,
                                     now=clock.now(), actions=ACTIONS)
        with pytest.raises(case_actions.AlreadyEscalated):
            await case_actions.escalate(db, board.person, board.private_key, submission.public_id, now=clock.now(),
                                        actions=ACTIONS)
        holders = set((await db.scalars(select(CaseAccess.person_id))).all())
    assert officer.person.id not in holders


async def test_reporter_follow_up_reaches_every_reader(sessions, org_id: int, clock) -> None:
    officers = [await _enrol(sessions, org_id, clock, 500 + n) for n in range(2)]
    submission = await _submit(sessions, org_id, clock)
    clip = Attachment("voice", "voice.ogg", "audio/ogg", b"OggS-voice-bytes")
    async with sessions() as db:
        reporter = await _reporter(db, submission, clock)
        await mailbox.add_reporter_message(db, reporter, text="the amount was 300000", attachments=[clip],
                                           now=clock.now(), actions=ACTIONS)
        clock.advance(minutes=1)  # entries are ordered by their times (their ids are random)
        await mailbox.add_reporter_message(db, reporter, text="and again", attachments=[], now=clock.now(),
                                           actions=ACTIONS)
    for officer in officers:
        assert len([a for a in await _alerts(sessions, officer.person.telegram_user_id) if "added a message" in a.text]) == 2
        async with sessions() as db:
            content = await case_actions.read_case(db, officer.person, officer.private_key, submission.public_id,
                                                   now=clock.now())
        assert [(e.kind, e.text) for e in content.timeline] == [("message", "the amount was 300000"),
                                                                ("attachment", ""), ("message", "and again")]
        assert content.timeline[1].attachment == clip and content.attachments == []


async def test_wrong_or_malformed_receipts_open_nothing(sessions, org_id: int, clock) -> None:
    from storage import crypto

    await _enrol(sessions, org_id, clock, 600)
    await _submit(sessions, org_id, clock)
    async with sessions() as db:
        for receipt in (crypto.new_receipt(), "not a receipt", ""):
            assert await mailbox.open_by_receipt(db, receipt, cost=CHEAP, now=clock.now()) is None


async def test_hand_over_package_holds_summary_and_files(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 700)
    scan = Attachment("document", "../../etc/passwd scan.pdf", "application/pdf", b"%PDF scan")
    submission = await _submit(sessions, org_id, clock, text="bribe <b>500</b>", attachments=[scan])
    async with sessions() as db:
        name, data = await export_case(db, officer.person, officer.private_key, submission.public_id, now=clock.now(),
                                       actions=ACTIONS, locale="en", organization="University")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert name == f"case-{submission.public_id}.zip"
    assert "summary.html" in names and any(n.startswith("attachments/01-") and n.endswith("scan.pdf") for n in names)
    assert not any(".." in n for n in names)
    summary = archive.read("summary.html").decode()
    assert "bribe &lt;b&gt;500&lt;/b&gt;" in summary and submission.public_id in summary and "the dean" in summary
    async with sessions() as db:
        trail = [e.action for e in await audit.case_trail(db, submission.case_id)]
    assert trail[-1] == "exported"


async def test_audit_chain_verifies_and_names_the_first_broken_link(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 800)
    submission = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        await case_actions.acknowledge(db, officer.person, officer.private_key, submission.public_id, now=clock.now(), actions=ACTIONS)
        await case_actions.read_case(db, officer.person, officer.private_key, submission.public_id, now=clock.now())
        # The reporter's filing waits for the day to end, then joins the chain dated by the day.
        assert "case-created" not in [e.action for e in await db.scalars(select(AuditEntry))]
        clock.advance(days=1)
        assert await audit.flush_reporter_actions(db, today=clock.now().astimezone(ZONE).date(), zone=ZONE) == 1
        result = await audit.verify(db)
        assert result.ok and result.entries >= 5
        entries = list(await db.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        actions = [e.action for e in entries]
        assert actions[:2] == ["invite-created", "enrolled"] and actions[-1] == "case-created" and "viewed" in actions
        local = entries[-1].at.astimezone(ZONE)
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
        assert all("reporter" == e.actor or e.actor.startswith("person:") or e.actor == "operator" for e in entries)
        victim = entries[-1]  # the reporter's filing rewritten as something else
        await db.execute(update(AuditEntry).where(AuditEntry.id == victim.id).values(action="viewed"))
        await db.commit()
        broken = await audit.verify(db)
    assert not broken.ok and broken.broken_at == victim.id and "altered" in broken.reason


async def test_audit_chain_detects_a_removed_entry(sessions, org_id: int, clock) -> None:
    from sqlalchemy import delete

    await _enrol(sessions, org_id, clock, 900)
    await _submit(sessions, org_id, clock)
    async with sessions() as db:
        await audit.flush_reporter_actions(db, today=(clock.now() + timedelta(days=1)).astimezone(ZONE).date(), zone=ZONE)
        entries = list(await db.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        await db.execute(delete(AuditEntry).where(AuditEntry.id == entries[1].id))
        await db.commit()
        broken = await audit.verify(db)
    assert broken.broken_at == entries[2].id and "removed" in broken.reason


async def test_concurrent_audit_appends_never_fork_the_chain(sessions, org_id: int, clock) -> None:
    import asyncio

    async def one(n: int) -> None:
        async with sessions() as db:
            await audit.append(db, org_id=org_id, actor=f"person:{n}", action="viewed", now=clock.now())
            await db.commit()

    await asyncio.gather(*(one(n) for n in range(12)))
    async with sessions() as db:
        result = await audit.verify(db)
    assert result.ok and result.entries == 12
