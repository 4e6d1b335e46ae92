"""The insider against the audit log (SQLite and PostgreSQL).

With the database alone they delete an entry and recompute the chain with a plain hash; with the
server secret too they recompute it under the key, or cut the log short. The keyed chain catches
the first; the head each Board member received (anchored outside the server) catches the others.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from bot.services import anchors, audit
from storage.models import AuditEntry, DeploymentSetting, OutboxMessage
from tests.test_services import _enrol, org_id, sessions, translate  # noqa: F401 - fixtures


async def _chain(sessions, org_id: int, clock, entries: int = 8) -> None:
    async with sessions() as db:
        for n in range(entries):
            clock.advance(minutes=1)
            await audit.append(db, org_id=org_id, actor=f"person:{n % 3 + 1}", action="viewed", now=clock.now(),
                               case_id=None)
        await db.commit()


async def _relink(db, entries: list[AuditEntry], digest) -> None:  # noqa: ANN001
    """What the insider does after a deletion: recompute every link and hash from the start."""
    prev = audit.GENESIS
    for entry in entries:  # first move every hash out of the way (they are unique)
        entry.prev_hash, entry.hash = hashlib.sha256(b"p%d" % entry.id).hexdigest(), hashlib.sha256(b"h%d" % entry.id).hexdigest()
    await db.flush()
    for entry in entries:
        entry.prev_hash = prev
        entry.hash = digest(prev, entry.org_id, entry.at, entry.actor, entry.action, entry.case_id, entry.subject)
        prev = entry.hash
        await db.flush()
    await db.commit()


async def _delete_second_and_relink(db, digest) -> None:  # noqa: ANN001
    entries = list(await db.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    await db.execute(delete(AuditEntry).where(AuditEntry.id == entries[1].id))
    await _relink(db, entries[:1] + entries[2:], digest)


async def test_a_deletion_relinked_with_a_plain_hash_is_caught(sessions, org_id: int, clock) -> None:
    await _chain(sessions, org_id, clock)
    async with sessions() as db:
        await _delete_second_and_relink(db, audit._legacy_digest)
        result = await audit.verify(db)
    assert not result.ok and "recomputed without the server's key" in result.reason


async def test_a_deletion_relinked_under_the_key_is_caught_by_the_anchored_head(sessions, org_id: int, clock) -> None:
    """The insider holds the server secret: the chain verifies again, but not against the head
    a Board member kept."""
    await _chain(sessions, org_id, clock)
    async with sessions() as db:
        anchored = await audit.head(db)
        assert anchored.count == 8 and (await audit.verify(db, anchored)).ok
    await _chain(sessions, org_id, clock, entries=2)  # life goes on after the anchor
    async with sessions() as db:
        key = db.info[audit.SESSION_KEY]
        await _delete_second_and_relink(db, lambda *fields: audit._digest(key, *fields))
        assert (await audit.verify(db)).ok  # alone, the keyed chain cannot tell
        result = await audit.verify(db, anchored)
    assert not result.ok and "not the anchored one" in result.reason


async def test_a_log_cut_short_after_the_anchor_is_caught(sessions, org_id: int, clock) -> None:
    await _chain(sessions, org_id, clock)
    async with sessions() as db:
        anchored = await audit.head(db)
        last = await db.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
        await db.execute(delete(AuditEntry).where(AuditEntry.id >= last - 2))
        await db.commit()
        assert (await audit.verify(db)).ok  # a prefix of a valid chain is a valid chain
        result = await audit.verify(db, anchored)
        short = audit.Head(anchored.count, anchored.hash[:16])  # a shortened hash is accepted too
        assert not (await audit.verify(db, short)).ok
    assert not result.ok and "entries were removed from its end" in result.reason


async def test_an_anchor_from_the_past_still_verifies_as_the_log_grows(sessions, org_id: int, clock) -> None:
    await _chain(sessions, org_id, clock, entries=3)
    async with sessions() as db:
        anchored = await audit.head(db)
    await _chain(sessions, org_id, clock, entries=5)
    async with sessions() as db:
        assert (await audit.verify(db, audit.Head.parse(f" {anchored.count}:{anchored.hash[:20].upper()} "))).ok
        assert (await audit.head(db)).count == 8


@pytest.mark.parametrize("text", ["", "12", "0:" + "a" * 64, "3:xyz", "3:" + "a" * 15, "-1:" + "a" * 64])
def test_malformed_heads_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        audit.Head.parse(text)


async def test_a_chain_written_before_keying_is_checked_and_relinked_once(sessions, org_id: int, clock) -> None:
    await _chain(sessions, org_id, clock, entries=4)
    async with sessions() as db:
        await _relink(db, list(await db.scalars(select(AuditEntry).order_by(AuditEntry.id))), audit._legacy_digest)
        await db.execute(delete(DeploymentSetting).where(DeploymentSetting.name == "audit-chain"))
        await db.commit()
        assert not (await audit.verify(db)).ok
        assert await audit.key_legacy_chain(db) == 4
        assert (await audit.verify(db)).ok
        assert await audit.key_legacy_chain(db) == 0  # once


async def test_a_legacy_chain_that_was_already_broken_is_not_laundered(sessions, org_id: int, clock) -> None:
    await _chain(sessions, org_id, clock, entries=4)
    async with sessions() as db:
        entries = list(await db.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        await _relink(db, entries, audit._legacy_digest)
        await db.execute(update(AuditEntry).where(AuditEntry.id == entries[2].id).values(actor="person:99"))
        await db.execute(delete(DeploymentSetting).where(DeploymentSetting.name == "audit-chain"))
        await db.commit()
        with pytest.raises(audit.LegacyChainBroken):
            await audit.key_legacy_chain(db)
        assert not (await audit.verify(db)).ok


async def test_every_board_member_gets_the_head_once_a_day(sessions, org_id: int, clock) -> None:
    board = [await _enrol(sessions, org_id, clock, 7100 + n, role="board") for n in range(2)]
    officer = await _enrol(sessions, org_id, clock, 7200)
    today = clock.now().date()
    async with sessions() as db:
        head = await audit.head(db)
        assert await anchors.queue_daily_heads(db, day=today, now=clock.now(), translate=translate) == 2
        assert await anchors.queue_daily_heads(db, day=today, now=clock.now(), translate=translate) == 0
        rows = list(await db.scalars(select(OutboxMessage)))
        assert {r.chat_id for r in rows} == {m.person.telegram_user_id for m in board}
        assert officer.person.telegram_user_id not in {r.chat_id for r in rows}
        assert all(f"{head.count}:{head.hash}" in r.text and "audit verify --head" in r.text for r in rows)
        await db.execute(delete(OutboxMessage))  # sent rows are deleted: the day is remembered elsewhere
        await db.commit()
        assert await anchors.queue_daily_heads(db, day=today, now=clock.now(), translate=translate) == 0
        assert await anchors.queue_daily_heads(db, day=today + timedelta(days=1), now=clock.now(),
                                               translate=translate) == 2
