"""The append-only, chained audit log: who did what to which case, never what it says.

Each entry's hash is an HMAC, under a key derived from the server secret (never stored in the
database), of its fields and the previous entry's hash. `verify` walks the chain and names the
first entry whose stored hash, or link, does not match. So someone with the database alone
cannot delete an entry and recompute the chain.

Someone who also holds the server secret can; against them the chain is anchored outside the
server: every day each Board member receives the head (entry count and hash) in Telegram, and
`verify` with a head they kept proves that the log still contains it, unchanged, up to there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage import crypto
from storage.models import AuditEntry, DeploymentSetting, PendingAuditEntry

log = logging.getLogger(__name__)
GENESIS = "0" * 64
SESSION_KEY = "audit_key"  # where a session finds the chain key (storage.db.create_session_factory)
ACTIONS = (
    "enrolled", "invite-created", "unlock-failed", "unlocked", "passphrase-reset", "case-created", "viewed",
    "acknowledged", "status-changed", "replied", "noted", "escalated", "granted", "exported",
    "reporter-checked", "reporter-message", "notifications-on", "notifications-off",
    "entries-unverified", "deactivated", "reactivated", "invite-revoked", "key-replaced", "purged", "retention-extended", "withdrawn",
    "plan-done", "plan-na", "plan-snoozed", "plan-confirmed", "plan-event", "plan-imported",
    "register-exported", "report-generated",
    "org-added", "org-renamed", "org-enabled", "org-disabled", "oversight-exported",
)


def person_actor(person_id: int) -> str:
    return f"person:{person_id}"


def chain_key(secret_key: str) -> bytes:
    """The chain's HMAC key: derived from the configured secret, so it is never in the database."""
    return crypto.subkey(secret_key, "audit-chain")


def _key(session: AsyncSession) -> bytes:
    key = session.info.get(SESSION_KEY)
    if key is None:
        raise RuntimeError("this database session has no audit chain key (create_session_factory(audit_key=...))")
    return key


def _canonical(prev_hash: str, org_id: int, at: datetime, actor: str, action: str, case_id: int | None,
               subject: str | None = None) -> bytes:
    fields = [prev_hash, org_id, at.astimezone(UTC).isoformat(timespec="microseconds"), actor, action, case_id]
    if subject is not None:  # entries from before subjects existed hash as they always did
        fields.append(subject)
    return json.dumps(fields, separators=(",", ":")).encode()


def _digest(key: bytes, prev_hash: str, org_id: int, at: datetime, actor: str, action: str, case_id: int | None,
            subject: str | None = None) -> str:
    return hmac.new(key, _canonical(prev_hash, org_id, at, actor, action, case_id, subject), hashlib.sha256).hexdigest()


def _legacy_digest(prev_hash: str, org_id: int, at: datetime, actor: str, action: str, case_id: int | None,
                   subject: str | None = None) -> str:
    """Before the chain was keyed (it could be recomputed by anyone after a deletion)."""
    return hashlib.sha256(_canonical(prev_hash, org_id, at, actor, action, case_id, subject)).hexdigest()


async def append(
    session: AsyncSession, *, org_id: int, actor: str, action: str, now: datetime, case_id: int | None = None,
    subject: str | None = None,
) -> AuditEntry:
    """Add an entry to the caller's transaction (it commits with the change it records).
    `subject`: whom a people-administration action was done to ("person:<id>", "invite:<id>")."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # Serialize appends across instances; SQLite already holds its write lock (BEGIN IMMEDIATE).
        await session.execute(text("SELECT pg_advisory_xact_lock(724302)"))
    previous = await session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    prev_hash = previous or GENESIS
    entry = AuditEntry(
        org_id=org_id, at=now, actor=actor, action=action, case_id=case_id, subject=subject, prev_hash=prev_hash,
        hash=_digest(_key(session), prev_hash, org_id, now, actor, action, case_id, subject),
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


async def flush_reporter_actions(session: AsyncSession, *, today: date, zone: tzinfo,
                                 zones: dict[int, tzinfo] | None = None) -> int:
    """Move every pending entry of a finished day into the chain, shuffled, stamped with local
    midnight of its day (in its organization's zone, from `zones`, else `zone`). Commits;
    returns how many moved."""
    pending = list(await session.scalars(select(PendingAuditEntry).where(PendingAuditEntry.day < today)))
    if not pending:
        return 0
    secrets.SystemRandom().shuffle(pending)  # the order within a day tells nothing either
    for entry in sorted(pending, key=lambda e: e.day):  # stable: shuffled within each day
        at = datetime.combine(entry.day, time(0, 0), tzinfo=(zones or {}).get(entry.org_id, zone)).astimezone(UTC)
        await append(session, org_id=entry.org_id, actor=REPORTER, action=entry.action, now=at, case_id=entry.case_id)
    await session.execute(delete(PendingAuditEntry).where(PendingAuditEntry.id.in_([e.id for e in pending])))
    await session.commit()
    return len(pending)


@dataclass(frozen=True)
class Head:
    """A point of the chain: how many entries it had, and the last one's hash."""

    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    @classmethod
    def parse(cls, text_: str) -> Head:
        """COUNT:HASH; the hash may be shortened to its first 16 hex digits or more."""
        match = re.fullmatch(r"\s*(\d+)\s*:\s*([0-9a-fA-F]{16,64})\s*", text_)
        if match is None or int(match.group(1)) < 1:
            raise ValueError("a head is COUNT:HASH, for example 1234:9f86d081884c7d65...")
        return cls(int(match.group(1)), match.group(2).lower())


async def head(session: AsyncSession) -> Head | None:
    """The chain's current head, or None while it is empty."""
    last = (await session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))).first()
    if last is None:
        return None
    count = await session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= last.id))
    return Head(count, last.hash)


@dataclass(frozen=True)
class Verification:
    entries: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.reason


async def verify(session: AsyncSession, anchor: Head | None = None) -> Verification:
    """Walk the chain. With `anchor` (a head a Board member kept), also prove that its entry is
    still there, at the same place, with the same hash."""
    key = _key(session)
    prev_hash = GENESIS
    count = 0
    rows = await session.stream_scalars(select(AuditEntry).order_by(AuditEntry.id))
    async for entry in rows:
        count += 1
        if entry.prev_hash != prev_hash:
            return Verification(count, entry.id, "its link does not match the previous entry (an entry was removed or reordered)")
        expected = _digest(key, entry.prev_hash, entry.org_id, entry.at, entry.actor, entry.action, entry.case_id,
                           entry.subject)
        if entry.hash != expected:
            return Verification(count, entry.id, "its contents do not match its hash (the entry was altered, or the "
                                                 "chain was recomputed without the server's key)")
        if anchor is not None and count == anchor.count and not entry.hash.startswith(anchor.hash):
            return Verification(count, entry.id, f"entry number {anchor.count} is not the anchored one (the log was "
                                                 "rewritten before the anchor)")
        prev_hash = entry.hash
    if anchor is not None and count < anchor.count:
        return Verification(count, None, f"the log has {count} entries but the anchored head had {anchor.count} "
                                         "(entries were removed from its end)")
    return Verification(count)


_CHAIN_SETTING = "audit-chain"
_KEYED = "hmac-sha256"


class LegacyChainBroken(RuntimeError):
    pass


async def key_legacy_chain(session: AsyncSession) -> int:
    """Once per deployment: a chain written before it was keyed is checked with the old plain
    hash and re-linked under the key. Returns how many entries were re-linked. Commits. Refuses
    (raises) if the old chain was already broken, so a break is never laundered into a valid chain."""
    marker = await session.scalar(select(DeploymentSetting.value).where(DeploymentSetting.name == _CHAIN_SETTING))
    if marker is not None:
        return 0
    key = _key(session)
    entries = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    prev_hash, new_prev = GENESIS, GENESIS
    for entry in entries:
        fields = (entry.org_id, entry.at, entry.actor, entry.action, entry.case_id, entry.subject)
        if entry.prev_hash != prev_hash or entry.hash != _legacy_digest(entry.prev_hash, *fields):
            broken_at = entry.id
            await session.rollback()
            raise LegacyChainBroken(f"the audit log was already broken at entry id {broken_at} before it was keyed; "
                                    "keep a copy of the database for investigation")
        prev_hash = entry.hash
        entry.prev_hash, entry.hash = new_prev, _digest(key, new_prev, *fields)
        new_prev = entry.hash
        await session.flush()  # one row at a time: prev_hash and hash are unique
    session.add(DeploymentSetting(name=_CHAIN_SETTING, value=_KEYED))
    await session.commit()
    if entries:
        log.info("the audit log (%d entries) was checked and is now keyed", len(entries))
    return len(entries)


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
