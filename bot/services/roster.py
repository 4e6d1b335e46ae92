"""Who may read: listing, deactivating and reactivating officers and Board members, listing and
revoking invites, and telling everyone else when the roster changes. No aiogram here.

Deactivating a person takes effect at once: they are no longer identified (so they cannot
unlock or act), no longer alerted or reminded (their unsent messages are dropped), never again
sealed to, and their copies of case keys are deleted. Every change is audited and announced,
content-free, to every other active officer and Board member, so that a rogue enrolment or a
quiet removal does not go unnoticed.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, outbox
from bot.services.errors import ServiceError
from bot.services.reports import ROUTES, format_local_day
from bot.services.people import KEY_HOLDING_ROLES
from storage.models import Case, CaseAccess, Invite, OutboxMessage, Person

Translate = Callable[..., str]
ROUTE_OF_ROLE = {role: route for route, role in ROUTES.items()}


class PersonNotFound(ServiceError):
    key = "people-not-found"


class NotAllowedToManage(ServiceError):
    key = "people-not-allowed"


class WouldCloseRoute(ServiceError):
    """The last reader of a route: deactivating them would close it for new reports."""

    key = "people-last-reader"


class CasesOnlyTheyRead(ServiceError):
    """Some open cases would be left with no staff reader at all."""

    key = "people-sole-reader"

    def __init__(self, public_ids: list[str]) -> None:
        super().__init__(", ".join(public_ids))
        self.public_ids = public_ids


class InviteNotFound(ServiceError):
    key = "invite-not-found"


class InviteNotOpen(ServiceError):
    """Used, expired or revoked already: nothing to revoke."""

    key = "invite-not-open"

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


@dataclass(frozen=True)
class Deactivation:
    person: Person
    removed_key_copies: int
    unreadable_cases: list[str]  # public ids no remaining staff member can read
    closed_route: str | None  # the route that now has no reader, if any


@dataclass(frozen=True)
class InviteSummary:
    id: int
    role: str
    created_at: datetime
    expires_at: datetime
    state: str  # "open" | "used" | "expired" | "revoked"


def label(person: Person) -> str:
    """How staff are named to each other: their display name and number (never a Telegram id)."""
    return f"{person.display_name or '—'} (#{person.id})"


async def list_people(session: AsyncSession, org_id: int) -> list[Person]:
    return list(await session.scalars(select(Person).where(Person.org_id == org_id).order_by(Person.id)))


async def _person(session: AsyncSession, org_id: int, person_id: int) -> Person:
    person = await session.get(Person, person_id)
    if person is None or person.org_id != org_id:
        raise PersonNotFound()
    return person


def may_manage(actor: Person, subject: Person) -> bool:
    """Officers manage officers; Board members, who oversee the compliance service, manage both.
    Nobody manages people of another organization, nor the Ministry's overseers (the operator's
    command line does: they are the Ministry's, not the organization's)."""
    if actor.org_id != subject.org_id or subject.role == "overseer":
        return False
    return actor.role == "board" or subject.role == "officer"


async def would_close_route(session: AsyncSession, person: Person) -> bool:
    """True if `person` is the last active reader of their role's route (an overseer reads none)."""
    if person.role not in KEY_HOLDING_ROLES:
        return False
    others = await session.scalar(select(func.count()).select_from(Person).where(
        Person.org_id == person.org_id, Person.role == person.role, Person.active.is_(True), Person.id != person.id))
    return person.active and others == 0


async def cases_only_they_read(session: AsyncSession, person: Person) -> list[str]:
    """Public ids of open cases that no other active staff member holds a key to."""
    held = select(CaseAccess.case_id).where(CaseAccess.person_id == person.id)
    shared = (select(CaseAccess.case_id).join(Person, Person.id == CaseAccess.person_id)
              .where(CaseAccess.person_id != person.id, Person.active.is_(True)))
    rows = await session.scalars(select(Case.public_id).where(
        Case.id.in_(held), Case.id.not_in(shared), Case.closed_at.is_(None)).order_by(Case.public_id))
    return list(rows)


async def deactivate(session: AsyncSession, org_id: int, person_id: int, *, actor: str, now: datetime,
                     translate: Translate, zone: tzinfo, manager: Person | None = None,
                     allow_closing_route: bool = False, allow_unreadable: bool = False) -> Deactivation:
    """`actor`: "operator" (CLI) or a person; `manager`: the person doing it in the bot, whose
    rights are checked. Refuses to leave a route without readers, or open cases without any
    staff reader, unless explicitly allowed (the CLI's --force)."""
    person = await _person(session, org_id, person_id)
    if manager is not None and not may_manage(manager, person):
        raise NotAllowedToManage()
    if not person.active:
        return Deactivation(person, 0, [], None)
    last_of_role = await would_close_route(session, person)
    if last_of_role and not allow_closing_route:
        raise WouldCloseRoute()
    unreadable = await cases_only_they_read(session, person)
    if unreadable and not allow_unreadable:
        raise CasesOnlyTheyRead(unreadable)
    person.active = False
    person.deactivated_at = now
    removed = (await session.execute(delete(CaseAccess).where(CaseAccess.person_id == person.id))).rowcount
    # Alerts and reminders not yet sent to them are dropped: they stop at once (this organization's:
    # someone who serves another one keeps getting its).
    await session.execute(delete(OutboxMessage).where(
        OutboxMessage.chat_id == person.telegram_user_id, OutboxMessage.org_id == person.org_id,
        OutboxMessage.sent_at.is_(None)))
    await audit.append(session, org_id=org_id, actor=actor, action="deactivated", now=now,
                       subject=audit.person_actor(person.id))
    await _announce(session, person, "people-notice-deactivated", now=now, translate=translate, zone=zone)
    await session.commit()
    return Deactivation(person, removed, unreadable, ROUTE_OF_ROLE[person.role] if last_of_role else None)


async def reactivate(session: AsyncSession, org_id: int, person_id: int, *, actor: str, now: datetime,
                     translate: Translate, zone: tzinfo, manager: Person | None = None) -> Person:
    """They read new cases again, with the key pair they already have; the cases of the time
    they were away are not given back (another reader can grant them)."""
    person = await _person(session, org_id, person_id)
    if manager is not None and not may_manage(manager, person):
        raise NotAllowedToManage()
    if person.active:
        return person
    person.active = True
    person.deactivated_at = None
    await audit.append(session, org_id=org_id, actor=actor, action="reactivated", now=now,
                       subject=audit.person_actor(person.id))
    await _announce(session, person, "people-notice-reactivated", now=now, translate=translate, zone=zone)
    await session.commit()
    return person


async def announce_enrolment(session: AsyncSession, person: Person, *, now: datetime, translate: Translate,
                             zone: tzinfo) -> None:
    """Part of the enrolment's transaction (bot.services.people.enrol)."""
    await _announce(session, person, "people-notice-enrolled", now=now, translate=translate, zone=zone)


async def _announce(session: AsyncSession, subject: Person, key: str, *, now: datetime, translate: Translate,
                    zone: tzinfo) -> None:
    """A content-free notice about `subject` to every other active officer and Board member."""
    others = await session.scalars(select(Person).where(
        Person.org_id == subject.org_id, Person.active.is_(True), Person.id != subject.id,
        Person.role.in_(KEY_HOLDING_ROLES)))
    for other in others:
        outbox.enqueue(
            session, org_id=subject.org_id, chat_id=other.telegram_user_id, now=now,
            dedup_key=f"roster:{key}:{subject.id}:{other.id}:{now.isoformat()}",
            text=translate(other.locale, key, name=html.escape(label(subject)),
                           role=translate(other.locale, f"role-{subject.role}"), date=format_local_day(now, zone)),
        )


# --- invites -------------------------------------------------------------------------------------


def _invite_state(invite: Invite, now: datetime) -> str:
    if invite.revoked_at is not None:
        return "revoked"
    if invite.used_at is not None:
        return "used"
    return "expired" if invite.expires_at <= now else "open"


async def list_invites(session: AsyncSession, org_id: int, now: datetime) -> list[InviteSummary]:
    rows = await session.scalars(select(Invite).where(Invite.org_id == org_id).order_by(Invite.id))
    return [InviteSummary(i.id, i.role, i.created_at, i.expires_at, _invite_state(i, now)) for i in rows]


async def revoke_invite(session: AsyncSession, org_id: int, invite_id: int, *, actor: str, now: datetime,
                        translate: Translate, zone: tzinfo) -> InviteSummary:
    """An open invite stops working at once; a used, expired or revoked one is refused."""
    invite = await session.get(Invite, invite_id)
    if invite is None or invite.org_id != org_id:
        raise InviteNotFound()
    state = _invite_state(invite, now)
    if state != "open":
        raise InviteNotOpen(state)
    invite.revoked_at = now
    await audit.append(session, org_id=org_id, actor=actor, action="invite-revoked", now=now,
                       subject=f"invite:{invite.id}")
    staff = await session.scalars(select(Person).where(Person.org_id == org_id, Person.active.is_(True)))
    for person in staff:
        outbox.enqueue(session, org_id=org_id, chat_id=person.telegram_user_id, now=now,
                       dedup_key=f"roster:invite-revoked:{invite.id}:{person.id}",
                       text=translate(person.locale, "people-notice-invite-revoked",
                                      role=translate(person.locale, f"role-{invite.role}"),
                                      date=format_local_day(now, zone)))
    await session.commit()
    return InviteSummary(invite.id, invite.role, invite.created_at, invite.expires_at, _invite_state(invite, now))
