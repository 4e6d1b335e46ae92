"""The append-only, hash-chained audit log: who did what to which case, never what it says.

Each entry's hash covers its fields and the previous entry's hash. `verify` walks the chain and
names the first entry whose stored hash, or link, does not match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import secrets
from datetime import date, time, tzinfo

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, PendingAuditEntry

GENESIS = "0" * 64
ACTIONS = (
    "enrolled", "invite-created", "unlock-failed", "unlocked", "passphrase-reset", "case-created", "viewed",
    "acknowledged", "status-changed", "replied", "noted", "escalated", "granted", "exported",
    "reporter-checked", "reporter-message", "notifications-on", "notifications-off",
    "plan-done", "plan-na", "plan-snoozed", "plan-confirmed", "plan-event", "plan-imported",
)


def person_actor(person_id: int) -> str:
    return f"person:{person_id}"


def _digest(prev_hash: str, org_id: int, at: datetime, actor: str, action: str, case_id: int | None) -> str:
    canonical = json.dumps(
        [prev_hash, org_id, at.astimezone(UTC).isoformat(timespec="microseconds"), actor, action, case_id],
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def append(
    session: AsyncSession, *, org_id: int, actor: str, action: str, now: datetime, case_id: int | None = None
) -> AuditEntry:
    """Add an entry to the caller's transaction (it commits with the change it records)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # Serialize appends across instances; SQLite already holds its write lock (BEGIN IMMEDIATE).
        await session.execute(text("SELECT pg_advisory_xact_lock(724302)"))
    previous = await session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    prev_hash = previous or GENESIS
    entry = AuditEntry(
        org_id=org_id, at=now, actor=actor, action=action, case_id=case_id, prev_hash=prev_hash,
        hash=_digest(prev_hash, org_id, now, actor, action, case_id),
    )
    session.add(entry)
    await session.flush()
    return entry


REPORTER = "reporter"


def defer_reporter_action(session: AsyncSession, *, org_id: int, action: str, day: date,
                          case_id: int | None = None) -> None:
    """Record a reporter's action for the chain, dated by its day only (models.PendingAuditEntry
    says why it waits). Part of the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(PendingAuditEntry(org_id=org_id, action=action, case_id=case_id, day=day))


async def flush_reporter_actions(session: AsyncSession, *, today: date, zone: tzinfo) -> int:
    """Move every pending entry of a finished day into the chain, shuffled, stamped with local
    midnight of its day. Commits; returns how many moved."""
    pending = list(await session.scalars(select(PendingAuditEntry).where(PendingAuditEntry.day < today)))
    if not pending:
        return 0
    secrets.SystemRandom().shuffle(pending)  # the order within a day tells nothing either
    for entry in sorted(pending, key=lambda e: e.day):  # stable: shuffled within each day
        at = datetime.combine(entry.day, time(0, 0), tzinfo=zone).astimezone(UTC)
        await append(session, org_id=entry.org_id, actor=REPORTER, action=entry.action, now=at, case_id=entry.case_id)
    await session.execute(delete(PendingAuditEntry).where(PendingAuditEntry.id.in_([e.id for e in pending])))
    await session.commit()
    return len(pending)


@dataclass(frozen=True)
class Verification:
    entries: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


async def verify(session: AsyncSession) -> Verification:
    prev_hash = GENESIS
    count = 0
    rows = await session.stream_scalars(select(AuditEntry).order_by(AuditEntry.id))
    async for entry in rows:
        count += 1
        if entry.prev_hash != prev_hash:
            return Verification(count, entry.id, "its link does not match the previous entry (an entry was removed or reordered)")
        expected = _digest(entry.prev_hash, entry.org_id, entry.at, entry.actor, entry.action, entry.case_id)
        if entry.hash != expected:
            return Verification(count, entry.id, "its contents do not match its hash (the entry was altered)")
        prev_hash = entry.hash
    return Verification(count)


@dataclass(frozen=True)
class TrailEntry:
    at: datetime
    actor: str
    action: str


async def case_trail(session: AsyncSession, case_id: int, limit: int = 50, zone: tzinfo = UTC) -> list[TrailEntry]:
    """A case's last entries, with the reporter's actions that have not joined the chain yet
    (dated by their day, like the chain will date them)."""
    rows = await session.scalars(
        select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id.desc()).limit(limit)
    )
    trail = [TrailEntry(e.at, e.actor, e.action) for e in reversed(list(rows))]
    pending = await session.scalars(
        select(PendingAuditEntry).where(PendingAuditEntry.case_id == case_id).order_by(PendingAuditEntry.day))
    trail += [TrailEntry(datetime.combine(p.day, time(0, 0), tzinfo=zone).astimezone(UTC), REPORTER, p.action)
              for p in pending]
    return sorted(trail, key=lambda entry: entry.at)[-limit:]
