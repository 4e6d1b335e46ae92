"""People administration as services (SQLite and PostgreSQL): deactivating takes effect at once
and never seals to nobody, every roster change is announced to the other staff and audited,
invites can be listed and revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.services import audit, people, reports, roster
from bot.services.errors import ChannelClosed, InviteInvalid, NotAllowed
from storage.models import AuditEntry, CaseAccess, OutboxMessage, Person
from tests.test_services import POLICY, ZONE, _enrol, _submit, org_id, sessions, translate  # noqa: F401 - fixtures

OPERATOR = dict(actor="operator", translate=translate, zone=ZONE)


async def _outbox_to(db, person: Person) -> list[OutboxMessage]:  # noqa: ANN001
    return list(await db.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == person.telegram_user_id)))


async def test_deactivation_takes_effect_at_once(sessions, org_id: int, clock) -> None:
    leaving = await _enrol(sessions, org_id, clock, 1001)
    staying = await _enrol(sessions, org_id, clock, 1002)
    board = await _enrol(sessions, org_id, clock, 1003, role="board")
    case = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        assert len(await _outbox_to(db, leaving.person)) == 1  # the new-case alert, not sent yet
        result = await roster.deactivate(db, org_id, leaving.person.id, now=clock.now(), **OPERATOR)
    assert result.removed_key_copies == 1 and result.unreadable_cases == [] and result.closed_route is None
    async with sessions() as db:
        assert await _outbox_to(db, leaving.person) == []  # unsent alerts are dropped
        assert await db.scalar(select(CaseAccess).where(CaseAccess.person_id == leaving.person.id)) is None
        assert await people.identify(db, leaving.person.telegram_user_id) is None
        person = await db.get(Person, leaving.person.id)
        with pytest.raises(NotAllowed):
            await people.unlock(db, person, passphrase="a long passphrase 1", policy=POLICY, now=clock.now())
        for other in (staying, board):  # the others are told, without content
            [notice] = [m for m in await _outbox_to(db, other.person) if "deactivated" in m.text]
            assert f"#{leaving.person.id}" in notice.text and str(leaving.person.telegram_user_id) not in notice.text
        entry = await db.scalar(select(AuditEntry).where(AuditEntry.action == "deactivated"))
        assert entry.actor == "operator" and entry.subject == f"person:{leaving.person.id}"
        assert (await audit.verify(db)).ok
    later = await _submit(sessions, org_id, clock)  # never sealed to them again
    async with sessions() as db:
        holders = set(await db.scalars(select(CaseAccess.person_id).where(CaseAccess.case_id == later.case_id)))
    assert holders == {staying.person.id} and case.case_id != later.case_id


async def test_the_last_reader_of_a_route_is_kept_unless_closing_it_is_chosen(sessions, org_id: int, clock) -> None:
    await _enrol(sessions, org_id, clock, 1101)
    board = await _enrol(sessions, org_id, clock, 1102, role="board")
    async with sessions() as db:
        with pytest.raises(roster.WouldCloseRoute):
            await roster.deactivate(db, org_id, board.person.id, now=clock.now(), **OPERATOR)
        assert await reports.open_routes(db, org_id) == {"officers", "board"}
        result = await roster.deactivate(db, org_id, board.person.id, now=clock.now(), allow_closing_route=True,
                                         **OPERATOR)
        assert result.closed_route == "board"
        assert await reports.open_routes(db, org_id) == {"officers"}
    with pytest.raises(ChannelClosed):  # nothing is ever sealed to nobody
        await _submit(sessions, org_id, clock, route="board")


async def test_cases_only_they_read_are_named_before_anything_is_deleted(sessions, org_id: int, clock) -> None:
    first = await _enrol(sessions, org_id, clock, 1201)
    case = await _submit(sessions, org_id, clock)  # only the first officer existed then
    await _enrol(sessions, org_id, clock, 1202)
    async with sessions() as db:
        with pytest.raises(roster.CasesOnlyTheyRead) as refused:
            await roster.deactivate(db, org_id, first.person.id, now=clock.now(), **OPERATOR)
        assert refused.value.public_ids == [case.public_id]
        assert await db.scalar(select(CaseAccess).where(CaseAccess.person_id == first.person.id)) is not None
        result = await roster.deactivate(db, org_id, first.person.id, now=clock.now(), allow_unreadable=True,
                                         **OPERATOR)
    assert result.unreadable_cases == [case.public_id]


async def test_who_may_manage_whom(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 1301)
    colleague = await _enrol(sessions, org_id, clock, 1302)
    board = [await _enrol(sessions, org_id, clock, 1303 + n, role="board") for n in range(2)]
    bot_actor = dict(translate=translate, zone=ZONE)
    async with sessions() as db:
        with pytest.raises(roster.NotAllowedToManage):  # an officer cannot remove the Board
            await roster.deactivate(db, org_id, board[0].person.id, now=clock.now(), manager=officer.person,
                                    actor=audit.person_actor(officer.person.id), **bot_actor)
        with pytest.raises(roster.PersonNotFound):
            await roster.deactivate(db, org_id, 999_999, now=clock.now(), manager=officer.person,
                                    actor=audit.person_actor(officer.person.id), **bot_actor)
        with pytest.raises(roster.PersonNotFound):  # another organization's people do not exist here
            await roster.deactivate(db, org_id + 1, colleague.person.id, now=clock.now(), **OPERATOR)
        await roster.deactivate(db, org_id, colleague.person.id, now=clock.now(), manager=board[0].person,
                                actor=audit.person_actor(board[0].person.id), **bot_actor)
        with pytest.raises(roster.WouldCloseRoute):  # nobody deactivates themselves into an empty route
            await roster.deactivate(db, org_id, officer.person.id, now=clock.now(), manager=officer.person,
                                    actor=audit.person_actor(officer.person.id), **bot_actor)


async def test_reactivation_gives_new_cases_only(sessions, org_id: int, clock) -> None:
    away = await _enrol(sessions, org_id, clock, 1401)
    await _enrol(sessions, org_id, clock, 1402)
    async with sessions() as db:
        await roster.deactivate(db, org_id, away.person.id, now=clock.now(), **OPERATOR)
    while_away = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        back = await roster.reactivate(db, org_id, away.person.id, now=clock.now(), **OPERATOR)
        assert back.active and back.deactivated_at is None
        assert await people.identify(db, away.person.telegram_user_id) is not None
    after = await _submit(sessions, org_id, clock)
    async with sessions() as db:
        held = set(await db.scalars(select(CaseAccess.case_id).where(CaseAccess.person_id == away.person.id)))
        assert held == {after.case_id} and while_away.case_id not in held
        assert [e.action for e in await db.scalars(select(AuditEntry).order_by(AuditEntry.id))][-2:] \
            == ["deactivated", "reactivated"]


async def test_an_enrolment_is_announced_to_every_other_reader(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 1501)
    board = await _enrol(sessions, org_id, clock, 1502, role="board")
    async with sessions() as db:
        token = await people.create_invite(db, org_id=org_id, role="officer", now=clock.now(), ttl=timedelta(hours=1))
    async with sessions() as db:
        newcomer = await people.enrol(
            db, token=token, telegram_user_id=1503, locale="en", passphrase="a long passphrase 1", policy=POLICY,
            now=clock.now(), display_name="Newcomer",
            announce=lambda session, person: roster.announce_enrolment(session, person, now=clock.now(),
                                                                     translate=translate, zone=ZONE))
    async with sessions() as db:
        for other in (officer, board):
            [notice] = [m for m in await _outbox_to(db, other.person) if "new reader" in m.text]
            assert "Newcomer" in notice.text and "1503" not in notice.text
        assert await _outbox_to(db, newcomer.person) == []


async def test_invites_are_listed_and_an_open_one_can_be_revoked(sessions, org_id: int, clock) -> None:
    officer = await _enrol(sessions, org_id, clock, 1601)
    async with sessions() as db:
        open_token = await people.create_invite(db, org_id=org_id, role="board", now=clock.now(), ttl=timedelta(hours=1))
        await people.create_invite(db, org_id=org_id, role="officer", now=clock.now() - timedelta(hours=2),
                                   ttl=timedelta(hours=1))
        listed = await roster.list_invites(db, org_id, clock.now())
        assert [i.state for i in listed] == ["used", "open", "expired"]
        revoked = await roster.revoke_invite(db, org_id, listed[1].id, now=clock.now(), **OPERATOR)
        assert revoked.state == "revoked"
        with pytest.raises(InviteInvalid):
            await people.find_invite(db, open_token, clock.now())
        for done in (listed[0], listed[1], listed[2]):  # used, revoked, expired: nothing to revoke
            with pytest.raises(roster.InviteNotOpen):
                await roster.revoke_invite(db, org_id, done.id, now=clock.now(), **OPERATOR)
        with pytest.raises(roster.InviteNotFound):
            await roster.revoke_invite(db, org_id, 999_999, now=clock.now(), **OPERATOR)
        [notice] = [m for m in await _outbox_to(db, officer.person) if "invite" in m.text]
        assert "Board member" in notice.text
        assert (await db.scalar(select(AuditEntry).where(AuditEntry.action == "invite-revoked"))).subject \
            == f"invite:{listed[1].id}"
