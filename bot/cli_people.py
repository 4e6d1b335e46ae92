"""Operator commands for people and invites: `people list|deactivate|reactivate`, `invite list|revoke`.

Each returns (ok, text) for bot.cli to print. Nothing printed here holds a Telegram id.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.services.errors import ServiceError
from bot.services.organizations import zone_of
from storage.models import Organization

OPERATOR = "operator"


@asynccontextmanager
async def operator_database(settings: Settings, org_slug: str | None = None) -> AsyncIterator[tuple[AsyncSession, Organization]]:
    """For an operator command: the migrated database, a session that can append to the audit
    chain, and the organization `--org` names (default: the home organization, made if it does
    not exist yet, as a running bot would). An unknown slug raises OrganizationError."""
    from bot.app import sessions_for
    from bot.clock import SystemClock
    from bot.services import audit
    from bot.services import organizations
    from bot.services.organizations import ensure_organization
    from storage.db import create_engine, startup_lock
    from storage.migrate import upgrade

    await upgrade(settings.storage.url)
    engine = create_engine(settings.storage.url)
    try:
        async with sessions_for(settings, engine)() as db:
            async with startup_lock(engine):
                org = await ensure_organization(db, slug=settings.organization.slug, name=settings.organization.name,
                                                kind=settings.organization.kind, now=SystemClock().now(),
                                                timezone=settings.organization.timezone)
                await audit.key_legacy_chain(db)
            if org_slug is not None and org_slug != org.slug:
                org = await organizations.require(db, org_slug)
            yield db, org
    finally:
        await engine.dispose()


def translator(settings: Settings):  # type: ignore[no-untyped-def]
    from bot.i18n import create_core, load_core_sync

    core = load_core_sync(create_core(settings.i18n.default_locale))
    return lambda locale, key, **kwargs: core.get(key, locale, **kwargs)


def _local(moment, zone: ZoneInfo) -> str:  # type: ignore[no-untyped-def]
    return "—" if moment is None else f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


async def people_list(settings: Settings, org_slug: str | None = None) -> tuple[bool, str]:
    from bot.services import roster

    async with operator_database(settings, org_slug) as (db, org):
        zone = zone_of(org)
        people = await roster.list_people(db, org.id)
    if not people:
        return True, "nobody is enrolled yet: `python -m bot invite officer` prints an enrolment link"
    lines = [f"{'ID':>4}  {'ROLE':<8} {'ACTIVE':<7} {'ENROLLED':<11} {'LAST UNLOCK':<17} NAME"]
    for p in people:
        lines.append(f"{p.id:>4}  {p.role:<8} {'yes' if p.active else 'no':<7} {p.enrolled_at.astimezone(zone):%Y-%m-%d}  "
                     f"{_local(p.last_unlock_at, zone):<17} {p.display_name or '—'}")
    return True, "\n".join(lines)


async def people_deactivate(settings: Settings, person_id: int, *, force: bool, org_slug: str | None = None) -> tuple[bool, str]:
    from bot.clock import SystemClock
    from bot.services import roster

    async with operator_database(settings, org_slug) as (db, org):
        zone = zone_of(org)
        try:
            result = await roster.deactivate(db, org.id, person_id, actor=OPERATOR, now=SystemClock().now(),
                                             translate=translator(settings), zone=zone,
                                             allow_closing_route=force, allow_unreadable=force)
        except roster.WouldCloseRoute:
            return False, (f"people deactivate: #{person_id} is the last active reader of their route; deactivating "
                           "them closes it for new reports. Enrol a replacement first (python -m bot invite ...), "
                           "or repeat with --force to close the route.")
        except roster.CasesOnlyTheyRead as error:
            return False, (f"people deactivate: #{person_id} is the only staff reader of {len(error.public_ids)} open "
                           f"case(s): {', '.join(error.public_ids)}. Ask them to grant those cases to a colleague "
                           "first (case card → Grant access); with --force the cases stay readable only by their "
                           "reporters.")
        except ServiceError:
            return False, f"people deactivate: there is no person #{person_id} in this organization"
    lines = [f"#{person_id} deactivated: no more alerts or reminders, cannot unlock; "
             f"{result.removed_key_copies} case key copies deleted; the other staff were told."]
    if result.unreadable_cases:
        lines.append(f"No staff member can read these open cases any more: {', '.join(result.unreadable_cases)}")
    if result.closed_route:
        lines.append(f"The route '{result.closed_route}' now has no reader: it is closed for new reports "
                     "until someone is enrolled.")
    return True, "\n".join(lines)


async def people_reactivate(settings: Settings, person_id: int, org_slug: str | None = None) -> tuple[bool, str]:
    from bot.clock import SystemClock
    from bot.services import roster

    async with operator_database(settings, org_slug) as (db, org):
        zone = zone_of(org)
        try:
            await roster.reactivate(db, org.id, person_id, actor=OPERATOR, now=SystemClock().now(),
                                    translate=translator(settings), zone=zone)
        except ServiceError:
            return False, f"people reactivate: there is no person #{person_id} in this organization"
    return True, (f"#{person_id} is active again: they read new cases from now on; cases filed while they were "
                  "away can be granted to them by a colleague.")


async def invite_list(settings: Settings, org_slug: str | None = None) -> tuple[bool, str]:
    from bot.clock import SystemClock
    from bot.services import roster

    async with operator_database(settings, org_slug) as (db, org):
        zone = zone_of(org)
        invites = await roster.list_invites(db, org.id, SystemClock().now())
    if not invites:
        return True, "no invites yet"
    lines = [f"{'ID':>4}  {'ROLE':<8} {'STATE':<8} {'CREATED':<17} EXPIRES"]
    lines += [f"{i.id:>4}  {i.role:<8} {i.state:<8} {_local(i.created_at, zone):<17} {_local(i.expires_at, zone)}"
              for i in invites]
    return True, "\n".join(lines)


async def invite_revoke(settings: Settings, invite_id: int, org_slug: str | None = None) -> tuple[bool, str]:
    from bot.clock import SystemClock
    from bot.services import roster

    async with operator_database(settings, org_slug) as (db, org):
        zone = zone_of(org)
        try:
            await roster.revoke_invite(db, org.id, invite_id, actor=OPERATOR, now=SystemClock().now(),
                                       translate=translator(settings), zone=zone)
        except roster.InviteNotOpen as error:
            return False, f"invite revoke: invite #{invite_id} is {error.state}: nothing to revoke"
        except ServiceError:
            return False, f"invite revoke: there is no invite #{invite_id}"
    return True, f"invite #{invite_id} revoked: its link no longer works; the staff were told"
