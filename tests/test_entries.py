"""The insider as a database writer, against case entries (SQLite and PostgreSQL).

They hold the database and every server secret, but no case's private key. They try, for every
kind of entry, to relabel it (a note becomes a reply the reporter reads), to re-attribute or
re-date it, to move it to another case, and to write a new one with the case's public key
alone (a fake "staff reply" asking the reporter for their name). Each attempt must be caught by
the officers' reader and by the reporter's /check: the entry is flagged, its content is not
shown, the status shown is the genuine one, and the audit log records the failure.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.services import audit, case_actions, entries, mailbox
from bot.services.reports import Attachment
from storage import crypto
from storage.models import AuditEntry, Case, CaseItem, PendingAuditEntry, random_row_id
from tests.test_case_services import ACTIONS, _reporter
from tests.test_services import CHEAP, _enrol, _submit, org_id, sessions  # noqa: F401 - fixtures

RELABEL = {
    "report": "message", "attachment": "report", "message": "reply", "reply": "note", "note": "reply",
    "status": "acknowledged", "acknowledged": "status", "escalated": "acknowledged", "granted": "escalated",
}
FORGED = "Please reply with your full name and department so we can help you"


@pytest.fixture
async def journey(sessions, org_id: int, clock):  # noqa: ANN201
    """Two cases; the first has an entry of every kind, written by the people who may write it."""
    officer = await _enrol(sessions, org_id, clock, 9001)
    board = await _enrol(sessions, org_id, clock, 9003, role="board")
    first = await _submit(sessions, org_id, clock, text="the original report",
                          attachments=[Attachment("document", "scan.pdf", "application/pdf", b"%PDF-1.4 scan")])
    second = await _submit(sessions, org_id, clock, text="another report")
    colleague = await _enrol(sessions, org_id, clock, 9002)  # joins later: the first case is granted to them
    async with sessions() as db:
        await mailbox.add_reporter_message(db, await _reporter(db, first, clock), text="a follow-up",
                                           attachments=[Attachment("photo", "p.jpg", "image/jpeg", b"jpeg")],
                                           now=clock.now(), actions=ACTIONS)
    clock.advance(minutes=5)
    key, public_id = officer.private_key, first.public_id
    async with sessions() as db:
        await case_actions.acknowledge(db, officer.person, key, public_id, now=clock.now(), actions=ACTIONS)
        clock.advance(minutes=1)
        await case_actions.reply(db, officer.person, key, public_id, "thank you, we are on it", now=clock.now(),
                                 actions=ACTIONS)
        clock.advance(minutes=1)
        await case_actions.add_note(db, officer.person, key, public_id, "internal: check the contract", now=clock.now())
        clock.advance(minutes=1)
        await case_actions.change_status(db, officer.person, key, public_id, "investigation", now=clock.now(),
                                         actions=ACTIONS)
        clock.advance(minutes=1)
        await case_actions.escalate(db, officer.person, key, public_id, now=clock.now(), actions=ACTIONS)
        clock.advance(minutes=1)
        await case_actions.grant(db, officer.person, key, public_id, colleague.person.id, now=clock.now(),
                                 actions=ACTIONS)
    return officer, board, first, second


async def _officer_view(sessions, officer, public_id, clock) -> case_actions.CaseContent:
    async with sessions() as db:
        return await case_actions.read_case(db, officer.person, officer.private_key, public_id, now=clock.now())


async def _reporter_view(sessions, submission, clock) -> mailbox.ReporterView:
    async with sessions() as db:
        return await mailbox.open_by_receipt(db, submission.receipt, cost=CHEAP, now=clock.now())


def _texts(content: case_actions.CaseContent) -> list[str]:
    return [content.report.get("text", "")] + [e.text for e in content.timeline]


async def test_genuine_entries_of_every_kind_verify(sessions, journey, clock) -> None:
    officer, _, first, _ = journey
    content = await _officer_view(sessions, officer, first.public_id, clock)
    assert not content.tampered and content.status == "investigation"
    kinds = {e.kind for e in content.timeline} | {"report"} | ({"attachment"} if content.attachments else set())
    assert kinds == set(RELABEL)
    async with sessions() as db:
        assert {item.kind for item in await db.scalars(select(CaseItem))} == set(RELABEL)
        assert all(item.tag is not None for item in await db.scalars(select(CaseItem)))
    assert not (await _reporter_view(sessions, first, clock)).content.tampered


@pytest.mark.parametrize("kind", sorted(RELABEL))
async def test_a_relabelled_entry_is_caught(sessions, journey, clock, kind: str) -> None:
    officer, _, first, _ = journey
    async with sessions() as db:
        item_id = await db.scalar(select(CaseItem.id).where(CaseItem.case_id == first.case_id, CaseItem.kind == kind)
                                  .limit(1))
        await db.execute(update(CaseItem).where(CaseItem.id == item_id).values(kind=RELABEL[kind]))
        await db.commit()
    content = await _officer_view(sessions, officer, first.public_id, clock)
    assert content.unverified == 1 and content.tampered
    assert [e.genuine for e in content.timeline].count(False) == (0 if RELABEL[kind] == "report" else 1)
    if kind == "note":  # the note relabelled as a reply never reaches the reporter as one
        view = (await _reporter_view(sessions, first, clock)).content
        assert "internal: check the contract" not in _texts(view) and view.unverified == 1
    async with sessions() as db:
        assert (await db.scalars(select(AuditEntry.action).where(AuditEntry.case_id == first.case_id)))\
            .all()[-1] == "entries-unverified"


@pytest.mark.parametrize("field, value", [("author", "person:1"), ("author", "reporter"), ("detail", "closed_substantiated"),
                                          ("created_at", "shift")])
async def test_a_reattributed_or_redated_entry_is_caught(sessions, journey, clock, field: str, value: str) -> None:
    officer, _, first, _ = journey
    async with sessions() as db:
        target = "message" if value == "person:1" else "status"
        item = await db.scalar(select(CaseItem).where(CaseItem.case_id == first.case_id, CaseItem.kind == target))
        new = item.created_at - timedelta(days=3) if value == "shift" else value
        await db.execute(update(CaseItem).where(CaseItem.id == item.id).values({field: new}))
        await db.commit()
    content = await _officer_view(sessions, officer, first.public_id, clock)
    assert content.unverified == 1


@pytest.mark.parametrize("field, value", [("category", "other"), ("route", "board"),
                                          ("acknowledge_due_at", timedelta(days=60)), ("feedback_due_at", timedelta(days=365))])
async def test_a_changed_registration_is_caught_and_the_sealed_one_shown(sessions, journey, clock, field: str,
                                                                         value: object) -> None:
    """The insider makes a bribery report look like "other", or gives the service a year to
    answer: the readers see the category, recipients and dates the report was filed with."""
    officer, _, first, _ = journey
    async with sessions() as db:
        case = await db.get(Case, first.case_id)
        filed = {"category": case.category, "route": case.route,
                 "acknowledge_due_at": case.acknowledge_due_at.isoformat(), "feedback_due_at": case.feedback_due_at.isoformat()}
        new = getattr(case, field) + value if isinstance(value, timedelta) else value
        await db.execute(update(Case).where(Case.id == case.id).values({field: new}))
        await db.commit()
    content = await _officer_view(sessions, officer, first.public_id, clock)
    assert content.tampered and not content.registration_genuine and content.unverified == 0
    assert content.registration == filed


async def test_an_entry_moved_to_another_case_is_caught(sessions, journey, clock) -> None:
    officer, _, first, second = journey
    async with sessions() as db:
        for kind in RELABEL:
            item_id = await db.scalar(select(CaseItem.id).where(CaseItem.case_id == first.case_id,
                                                                CaseItem.kind == kind).limit(1))
            await db.execute(update(CaseItem).where(CaseItem.id == item_id).values(case_id=second.case_id))
        await db.commit()
    content = await _officer_view(sessions, officer, second.public_id, clock)
    assert content.unverified == len(RELABEL) and content.report.get("text") == "another report"
    assert "thank you, we are on it" not in _texts(content) and content.status == "new"


@pytest.mark.parametrize("kind", sorted(RELABEL))
async def test_an_entry_written_with_the_public_key_alone_is_caught(sessions, journey, clock, kind: str) -> None:
    """The insider writes what the code would write, with every secret but the case key: the
    public key seals it, and the only tag they can make is under a key of their own."""
    officer, _, first, _ = journey
    async with sessions() as db:
        case = await db.get(Case, first.case_id)
        body = json.dumps({"text": FORGED}).encode()
        if kind == "report":
            body = json.dumps({"text": FORGED, "when": "", "where": "", "who": ""}).encode()
        forged = entries.new_entry(case, crypto.new_salt() * 2, kind=kind, author=f"person:{officer.person.id}",
                                   at=clock.now(), body=body, detail="closed_substantiated" if kind == "status" else None)
        db.add(forged)
        untagged = CaseItem(id=random_row_id(), org_id=case.org_id, case_id=case.id, kind=kind, author="reporter",
                            created_at=clock.now(), sealed=forged.sealed, detail=forged.detail)
        db.add(untagged)
        await db.execute(update(Case).where(Case.id == case.id).values(status="closed_substantiated"))
        await db.commit()
    for content in (await _officer_view(sessions, officer, first.public_id, clock),
                    (await _reporter_view(sessions, first, clock)).content):
        assert FORGED not in _texts(content)
        assert content.unverified == 2 and content.tampered
        assert content.status == "investigation" and not content.status_genuine
    assert content.report.get("text") == "the original report"
    async with sessions() as db:  # the reporter's /check is recorded too, by its day only
        assert "entries-unverified" in (await db.scalars(select(PendingAuditEntry.action))).all()


async def test_flagged_entries_render_as_a_warning_without_content(sessions, journey, clock) -> None:
    from bot.services.timeline import timeline_lines
    from tests.test_services import translate

    officer, _, first, _ = journey
    async with sessions() as db:
        await db.execute(update(CaseItem).where(CaseItem.case_id == first.case_id, CaseItem.kind == "note")
                         .values(kind="reply"))
        await db.commit()
    view = (await _reporter_view(sessions, first, clock)).content
    lines = timeline_lines(view, names={}, actions=ACTIONS, locale="ru", for_reporter=True)
    warning = translate("ru", "timeline-unverified")
    assert sum(warning in line for line in lines) == 1
    assert not any("check the contract" in line for line in lines)
    assert audit.ACTIONS.count("entries-unverified") == 1


async def test_a_replaced_public_key_is_caught_at_the_next_unlock(sessions, org_id: int, clock) -> None:
    """The insider swaps an officer's public key for their own, so that new reports are sealed
    to them. Only the passphrase opens the private key: the next unlock puts the key back."""
    from bot.services import people
    from storage.models import Person
    from tests.test_services import POLICY

    officer = await _enrol(sessions, org_id, clock, 9101)
    theirs = crypto.generate_keypair()
    async with sessions() as db:
        await db.execute(update(Person).where(Person.id == officer.person.id).values(public_key=theirs.public))
        await db.commit()
        person = await db.get(Person, officer.person.id)
        unlocked = await people.unlock(db, person, passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
        assert unlocked.public_key_was_replaced
        assert (await db.get(Person, officer.person.id)).public_key == officer.person.public_key
        entry = await db.scalar(select(AuditEntry).where(AuditEntry.action == "key-replaced"))
        assert entry.subject == f"person:{officer.person.id}"
        again = await people.unlock(db, person, passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
        assert not again.public_key_was_replaced
