"""Enrolment of officers and Board members, unlocking, recovery. No aiogram here."""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, passphrases
from bot.services.errors import (
    AlreadyEnrolled,
    InviteExpired,
    InviteInvalid,
    InviteUsed,
    LockedOut,
    NotAllowed,
    WeakPassphrase,
    WrongSecret,
)
from storage import crypto
from storage.models import Invite, Person

log = logging.getLogger(__name__)
ROLES = ("officer", "board", "overseer")
# Roles that hold a key pair and may be sealed to. The overseer (the Ministry's compliance unit)
# sees statistics only: its row has no key material, so no case key can ever be sealed to it.
KEY_HOLDING_ROLES = ("officer", "board")
Announce = Callable[[AsyncSession, Person], Awaitable[None]]
INVITE_PREFIX = "inv_"
_PERSON_KEY_PURPOSE = "person-private-key"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_invite(session: AsyncSession, *, org_id: int, role: str, now: datetime, ttl: timedelta) -> str:
    """Store a single-use invite and return its token (the deep-link payload). An overseer is
    invited at the home organization: the role sees every organization's statistics."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    # 24 random bytes in URL-safe base64 = 32 characters; deep-link payloads allow 64.
    token = INVITE_PREFIX + secrets.token_urlsafe(24)
    session.add(
        Invite(org_id=org_id, role=role, token_hash=_token_hash(token), created_at=now, expires_at=now + ttl)
    )
    await audit.append(session, org_id=org_id, actor="operator", action="invite-created", now=now)
    await session.commit()
    return token


async def find_invite(session: AsyncSession, token: str, now: datetime) -> Invite:
    invite = await session.scalar(select(Invite).where(Invite.token_hash == _token_hash(token)))
    if invite is None:
        raise InviteInvalid()
    if invite.revoked_at is not None:
        raise InviteInvalid()
    if invite.used_at is not None:
        raise InviteUsed()
    if invite.expires_at <= now:
        raise InviteExpired()
    return invite


# Built once: it runs for every update, and a statement object that is reused keeps its
# SQLAlchemy cache key instead of building and hashing a new one each time. Someone who serves
# several organizations acts as the row they chose last (`select`), else their first.
_IDENTIFY = (
    select(Person).where(Person.telegram_user_id == bindparam("user_id"), Person.active.is_(True))
    .order_by(Person.selected_at.desc().nulls_last(), Person.id.desc()).limit(1)
)


async def identify(session: AsyncSession, telegram_user_id: int) -> Person | None:
    """The enrolled person behind a Telegram user, if any. Only staff rows are keyed by a
    Telegram id; for anyone else this finds nothing and stores nothing."""
    return await session.scalar(_IDENTIFY, {"user_id": telegram_user_id})


async def memberships(session: AsyncSession, telegram_user_id: int) -> list[Person]:
    """Every active row of a staff member: one per organization they serve."""
    return list(await session.scalars(
        select(Person).where(Person.telegram_user_id == telegram_user_id, Person.active.is_(True)).order_by(Person.id)))


async def select_membership(session: AsyncSession, telegram_user_id: int, person_id: int, now: datetime) -> Person:
    """Act as one's row in another organization from now on. Only one's own rows can be chosen."""
    person = await session.get(Person, person_id)
    if person is None or person.telegram_user_id != telegram_user_id or not person.active:
        raise NotAllowed()
    # The chosen row alone carries a time: no tie with another row chosen in the same instant.
    await session.execute(update(Person).where(Person.telegram_user_id == telegram_user_id, Person.id != person.id)
                          .values(selected_at=None))
    person.selected_at = now
    await session.commit()
    return person


async def person_for_user(session: AsyncSession, org_id: int, telegram_user_id: int) -> Person | None:
    return await session.scalar(
        select(Person).where(
            Person.org_id == org_id, Person.telegram_user_id == telegram_user_id, Person.active.is_(True)
        )
    )


async def active_people(session: AsyncSession, org_id: int | None, role: str) -> list[Person]:
    """Enrolled, active officers or Board members of an organization, in enrolment order."""
    query = select(Person).where(Person.role == role, Person.active.is_(True)).order_by(Person.id)
    if org_id is not None:  # None: the deployment-wide role (overseers)
        query = query.where(Person.org_id == org_id)
    return list(await session.scalars(query))


def check_passphrase(passphrase: str, min_length: int, context: tuple[str, ...] = ()) -> None:
    if not passphrases.is_strong(passphrase, min_length=min_length, context=context):
        raise WeakPassphrase()


@dataclass(frozen=True)
class SecretPolicy:
    """How secrets are derived and how hard guessing them is made."""

    cost: crypto.Argon2Cost
    passphrase_min_length: int = 12
    free_attempts: int = 5
    lockout_base_seconds: int = 60


@dataclass(frozen=True)
class Enrolment:
    person: Person
    recovery_key: str
    private_key: bytes


async def enrol(
    session: AsyncSession,
    *,
    token: str,
    telegram_user_id: int,
    locale: str,
    passphrase: str,
    policy: SecretPolicy,
    now: datetime,
    display_name: str = "",
    announce: Announce | None = None,
) -> Enrolment:
    """Redeem an invite: make a key pair, wrap the private key twice, mark the invite used.
    `announce(session, person)` tells the other staff, in the same transaction (the bot always
    passes it: bot.services.roster.announce_enrolment)."""
    invite = await find_invite(session, token, now)
    if await person_for_user(session, invite.org_id, telegram_user_id) is not None:
        raise AlreadyEnrolled()
    if invite.role not in KEY_HOLDING_ROLES:
        raise ValueError("an overseer is enrolled with enrol_overseer: no passphrase, no keys")
    check_passphrase(passphrase, policy.passphrase_min_length, context=(display_name,))
    passphrase = passphrases.normalize(passphrase)
    await session.commit()  # end the read before the slow derivations (SQLite: it holds the write lock)
    cost = policy.cost
    keys = crypto.generate_keypair()
    recovery_key = crypto.new_recovery_key()
    passphrase_salt, recovery_salt = crypto.new_salt(), crypto.new_salt()
    passphrase_key = await crypto.derive_key(passphrase, passphrase_salt, cost)
    recovery_wrap_key = await crypto.derive_key(recovery_key, recovery_salt, cost)
    person = Person(
        org_id=invite.org_id,
        role=invite.role,
        telegram_user_id=telegram_user_id,
        display_name=display_name[:64],
        locale=locale,
        selected_at=now,  # the organization they just joined is the one they act in (see identify)
        public_key=keys.public,
        passphrase_salt=passphrase_salt,
        private_key_by_passphrase=crypto.wrap(passphrase_key, keys.private, purpose=_PERSON_KEY_PURPOSE),
        recovery_salt=recovery_salt,
        private_key_by_recovery=crypto.wrap(recovery_wrap_key, keys.private, purpose=_PERSON_KEY_PURPOSE),
        failed_unlocks=0,
        failed_unlocks_unreported=0,
        enrolled_at=now,
        active=True,
    )
    session.add(person)
    await _redeem(session, invite, person, now, announce)
    return Enrolment(person=person, recovery_key=recovery_key, private_key=keys.private)


async def enrol_overseer(session: AsyncSession, *, token: str, telegram_user_id: int, locale: str, now: datetime,
                         display_name: str = "", announce: Announce | None = None) -> Person:
    """Redeem an overseer's invite. No passphrase and no key pair: the role reads statistics,
    which are plain already, and must never be able to open anything."""
    invite = await find_invite(session, token, now)
    if invite.role != "overseer":
        raise InviteInvalid()
    if await person_for_user(session, invite.org_id, telegram_user_id) is not None:
        raise AlreadyEnrolled()
    person = Person(
        org_id=invite.org_id, role="overseer", telegram_user_id=telegram_user_id, display_name=display_name[:64],
        locale=locale, selected_at=now, public_key=b"", passphrase_salt=b"", private_key_by_passphrase=b"",
        recovery_salt=b"", private_key_by_recovery=b"", failed_unlocks=0, failed_unlocks_unreported=0,
        enrolled_at=now, active=True,
    )
    session.add(person)
    await _redeem(session, invite, person, now, announce)
    return person


async def _redeem(session: AsyncSession, invite: Invite, person: Person, now: datetime,
                  announce: Announce | None) -> None:
    """Store the new person and use up the invite, in one transaction."""
    try:
        await session.flush()
        # Conditional update: of two concurrent redemptions exactly one wins.
        claimed = await session.execute(
            update(Invite)
            .where(Invite.id == invite.id, Invite.used_at.is_(None))
            .values(used_at=now, used_by_person_id=person.id)
        )
        if claimed.rowcount != 1:
            raise InviteUsed()
        await audit.append(session, org_id=invite.org_id, actor=audit.person_actor(person.id), action="enrolled", now=now)
        if announce is not None:
            await announce(session, person)
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise AlreadyEnrolled() from None
    except InviteUsed:
        await session.rollback()
        raise


async def _open_with_passphrase(person: Person, passphrase: str, cost: crypto.Argon2Cost) -> bytes | None:
    """The private key, or None. Passphrases are derived in NFC; one set before that rule and
    typed in another form is tried as typed too (one more derivation, only on failure)."""
    for form in dict.fromkeys((passphrases.normalize(passphrase), passphrase)):
        key = await crypto.derive_key(form, person.passphrase_salt, cost)
        try:
            return crypto.unwrap(key, person.private_key_by_passphrase, purpose=_PERSON_KEY_PURPOSE)
        except crypto.CryptoError:
            continue
    return None


@dataclass(frozen=True)
class Unlocked:
    private_key: bytes
    failures_since_last_unlock: int
    # The public key stored for them was not theirs (someone wrote the database, so that new
    # reports would be sealed to another key); it has been put back.
    public_key_was_replaced: bool = False


async def _check_public_key(session: AsyncSession, person: Person, private_key: bytes, now: datetime) -> bool:
    """Only the passphrase opens the private key, so it is the truth: a stored public key that
    does not match it was replaced behind the person's back. Put it back and audit it."""
    genuine = crypto.public_key_of(private_key)
    if genuine == person.public_key:
        return False
    person.public_key = genuine
    await audit.append(session, org_id=person.org_id, actor="system", action="key-replaced", now=now,
                       subject=audit.person_actor(person.id))
    log.error("a person's stored public key did not match their private key; restored and audited")
    return True


def _lockout_seconds(failures: int, free_attempts: int, base_seconds: int) -> int:
    """Zero while within the free attempts, then doubling: base, 2*base, 4*base, ... capped at a day."""
    if failures < free_attempts:
        return 0
    return min(base_seconds * 2 ** (failures - free_attempts), 24 * 3600)


def _refuse_while_locked_out(person: Person, now: datetime) -> None:
    if person.locked_until is not None and person.locked_until > now:
        raise LockedOut(math.ceil((person.locked_until - now).total_seconds()))


async def _record_failure(session: AsyncSession, person: Person, policy: SecretPolicy, now: datetime) -> None:
    person.failed_unlocks += 1
    person.failed_unlocks_unreported += 1
    seconds = _lockout_seconds(person.failed_unlocks, policy.free_attempts, policy.lockout_base_seconds)
    person.locked_until = now + timedelta(seconds=seconds) if seconds else None
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id), action="unlock-failed", now=now)
    await session.commit()


async def unlock(
    session: AsyncSession,
    person: Person,
    *,
    passphrase: str,
    policy: SecretPolicy,
    now: datetime,
) -> Unlocked:
    if not person.active or person.role not in KEY_HOLDING_ROLES:
        raise NotAllowed()  # deactivated (their key opens nothing here any more), or an overseer: no key
    _refuse_while_locked_out(person, now)
    if session.in_transaction():
        await session.commit()  # never hold a transaction across Argon2id
    private_key = await _open_with_passphrase(person, passphrase, policy.cost)
    if private_key is None:
        await _record_failure(session, person, policy, now)
        raise WrongSecret()
    unreported = person.failed_unlocks_unreported
    person.failed_unlocks = 0
    person.failed_unlocks_unreported = 0
    person.locked_until = None
    person.last_unlock_at = now
    replaced = await _check_public_key(session, person, private_key, now)
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id), action="unlocked", now=now)
    await session.commit()
    return Unlocked(private_key=private_key, failures_since_last_unlock=unreported, public_key_was_replaced=replaced)


async def unlock_other_memberships(session: AsyncSession, person: Person, *, passphrase: str, policy: SecretPolicy,
                                   now: datetime) -> list[tuple[Person, bytes]]:
    """Someone who serves several organizations unlocked one of their rows: their other rows that
    the same passphrase opens are unlocked too (and audited), so switching with /org needs no
    second unlock. A passphrase that does not open another row is no failed attempt there: it
    was typed for this one. Rows locked out stay locked."""
    opened: list[tuple[Person, bytes]] = []
    others = [row for row in await memberships(session, person.telegram_user_id)
              if row.id != person.id and row.role in KEY_HOLDING_ROLES
              and (row.locked_until is None or row.locked_until <= now)]
    await session.commit()  # never hold a transaction across Argon2id
    for row in others:
        private_key = await _open_with_passphrase(row, passphrase, policy.cost)
        if private_key is None:
            continue
        row.last_unlock_at = now
        await _check_public_key(session, row, private_key, now)
        await audit.append(session, org_id=row.org_id, actor=audit.person_actor(row.id), action="unlocked", now=now)
        opened.append((row, private_key))
    await session.commit()
    return opened


async def reset_passphrase(
    session: AsyncSession,
    person: Person,
    *,
    recovery_key: str,
    new_passphrase: str,
    policy: SecretPolicy,
    now: datetime,
) -> bytes:
    """Open the private key with the recovery key and wrap it under a new passphrase."""
    _refuse_while_locked_out(person, now)
    check_passphrase(new_passphrase, policy.passphrase_min_length, context=(person.display_name,))
    new_passphrase = passphrases.normalize(new_passphrase)
    cost = policy.cost
    normalized = crypto.normalize_recovery_key(recovery_key)
    if session.in_transaction():
        await session.commit()  # never hold a transaction across Argon2id
    try:
        if normalized is None:
            raise crypto.CryptoError("malformed recovery key")
        recovery_wrap_key = await crypto.derive_key(normalized, person.recovery_salt, cost)
        private_key = crypto.unwrap(recovery_wrap_key, person.private_key_by_recovery, purpose=_PERSON_KEY_PURPOSE)
    except crypto.CryptoError:
        await _record_failure(session, person, policy, now)
        raise WrongSecret() from None
    salt = crypto.new_salt()
    person.passphrase_salt = salt
    person.private_key_by_passphrase = crypto.wrap(
        await crypto.derive_key(new_passphrase, salt, cost), private_key, purpose=_PERSON_KEY_PURPOSE
    )
    person.failed_unlocks = 0
    person.locked_until = None
    await _check_public_key(session, person, private_key, now)
    await audit.append(session, org_id=person.org_id, actor=audit.person_actor(person.id), action="passphrase-reset", now=now)
    await session.commit()
    return private_key
