"""Operator commands for organizations: `org add|list|rename|disable|enable|link`.

Each returns (ok, text) for bot.cli to print. `add` and `link` print the organization's deep
link and write its QR code as a PNG, for posters.
"""

from __future__ import annotations

from pathlib import Path

from bot.cli_people import operator_database
from bot.config import Settings
from bot.services import organizations


async def org_add(settings: Settings, slug: str, *, name: str, kind: str, timezone: str | None,
                  governing_body: str, qr: str | None) -> tuple[bool, str]:
    from bot.clock import SystemClock

    async with operator_database(settings) as (db, _home):
        try:
            org = await organizations.add(db, slug=slug, name=name, kind=kind, now=SystemClock().now(),
                                          timezone=timezone or settings.organization.timezone,
                                          governing_body=governing_body)
        except organizations.OrganizationError as error:
            return False, f"org add: {error}"
        # Its action plan (the HEI measures when kind is hei) and the plan's first occurrences.
        from bot.services import plan

        today = SystemClock().now().astimezone(organizations.zone_of(org)).date()
        await plan.seed_builtin_plan(db, org, today=today, now=SystemClock().now())
        await plan.ensure_occurrences(db, org.id, today=today, now=SystemClock().now())
    lines = [f"organization #{org.id} {org.slug} added: {org.name} ({org.kind}, {org.timezone})",
             "  its staff: python -m bot invite officer --org " + org.slug,
             "            python -m bot invite board --org " + org.slug]
    lines += await _link_lines(settings, org, qr)
    return True, "\n".join(lines)


async def org_list(settings: Settings) -> tuple[bool, str]:
    async with operator_database(settings) as (db, home):
        orgs = await organizations.list_all(db)
        home_id = home.id
    lines = [f"{'ID':>4}  {'SLUG':<20} {'KIND':<6} {'STATE':<9} {'TIME ZONE':<18} NAME"]
    for org in orgs:
        state = "disabled" if org.disabled_at else ("home" if org.id == home_id else "enabled")
        body = f" ({org.governing_body})" if org.governing_body else ""
        lines.append(f"{org.id:>4}  {org.slug:<20} {org.kind:<6} {state:<9} {org.timezone:<18} {org.name}{body}")
    return True, "\n".join(lines)


async def org_rename(settings: Settings, slug: str, *, name: str | None, governing_body: str | None) -> tuple[bool, str]:
    from bot.clock import SystemClock

    if name is None and governing_body is None:
        return False, "org rename: give --name, --governing-body or both"
    if slug == settings.organization.slug and name is not None:
        return False, "org rename: the home organization's name comes from the config ([organization] name)"
    async with operator_database(settings) as (db, _home):
        try:
            org = await organizations.rename(db, slug, name=name, governing_body=governing_body, now=SystemClock().now())
        except organizations.OrganizationError as error:
            return False, f"org rename: {error}"
    return True, f"organization {org.slug} is now: {org.name}" + (f" (governing body: {org.governing_body})"
                                                                 if org.governing_body else "")


async def org_enable(settings: Settings, slug: str, *, enabled: bool) -> tuple[bool, str]:
    from bot.clock import SystemClock

    verb = "enable" if enabled else "disable"
    if slug == settings.organization.slug and not enabled:
        return False, "org disable: the home organization cannot be disabled (the config names it)"
    async with operator_database(settings) as (db, _home):
        try:
            org = await organizations.set_enabled(db, slug, enabled=enabled, now=SystemClock().now())
        except organizations.OrganizationError as error:
            return False, f"org {verb}: {error}"
    if enabled:
        return True, f"organization {org.slug} takes reports again"
    return True, (f"organization {org.slug} disabled: it takes no new reports and gets no reminders; its cases, "
                  "people and plan are kept, and its staff can still handle what was filed")


async def org_link(settings: Settings, slug: str, qr: str | None) -> tuple[bool, str]:
    async with operator_database(settings) as (db, _home):
        try:
            org = await organizations.require(db, slug)
        except organizations.OrganizationError as error:
            return False, f"org link: {error}"
    return True, "\n".join([f"{org.name}:", *await _link_lines(settings, org, qr)])


async def _link_lines(settings: Settings, org, qr: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    from bot.cli import bot_username

    username, why_not = await bot_username(settings)
    if not username:
        return [f"  employees: /start {organizations.LINK_PREFIX}{org.slug} in the bot, or its name in the bot's search",
                f"  (no t.me link or QR code: the bot's username is needed for them, and {why_not or 'Telegram did not give it'})"]
    link = organizations.deep_link(username, org)
    target = Path(qr or f"{org.slug}-qr.png")
    target.write_bytes(organizations.qr_png(link))
    return [f"  employees' link: {link}", f"  its QR code for posters: {target}"]
