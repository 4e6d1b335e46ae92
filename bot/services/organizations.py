"""The organizations one deployment serves: adding, renaming, disabling, finding.

The config names the home organization (made on first start; a deployment with one organization
never needs more than this). The others are added by the operator (`python -m bot org add`).
A reporter reaches an organization by its deep link (`?start=o_<slug>`) or by its name; the
choice lives in the conversation's memory only, never in a row.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit
from storage.models import Organization

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
LINK_PREFIX = "o_"  # the deep-link payload: o_<slug> (Telegram allows 64 characters of [A-Za-z0-9_-])
KINDS = ("hei", "other")
SEARCH_RESULTS = 8  # as many buttons as fit a phone screen


class OrganizationError(ValueError):
    """An operator's request that cannot be carried out; the message says why."""


def zone_of(org: Organization) -> ZoneInfo:
    return ZoneInfo(org.timezone)


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise OrganizationError(f"unknown time zone {name!r}") from None
    return name


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 200:
        raise OrganizationError("the name must be 1 to 200 characters")
    return name


async def ensure_organization(session: AsyncSession, *, slug: str, name: str, kind: str, now: datetime,
                              timezone: str = "Asia/Almaty") -> Organization:
    """The home organization, as the config describes it."""
    org = await session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None:
        org = Organization(slug=slug, name=name, kind=kind, timezone=timezone, created_at=now)
        session.add(org)
    else:
        # The config is the source of truth for the home organization's name, type and zone.
        org.name, org.kind, org.timezone = name, kind, timezone
    await session.commit()
    return org


async def add(session: AsyncSession, *, slug: str, name: str, kind: str, timezone: str, now: datetime,
              governing_body: str = "") -> Organization:
    if not SLUG_PATTERN.match(slug):
        raise OrganizationError("the slug is 1 to 63 lowercase letters, digits and hyphens, starting with a letter or digit")
    if kind not in KINDS:
        raise OrganizationError(f"the kind is one of {', '.join(KINDS)}")
    if await by_slug(session, slug, enabled_only=False) is not None:
        raise OrganizationError(f"an organization with the slug {slug!r} exists already")
    org = Organization(slug=slug, name=_check_name(name), kind=kind, timezone=check_timezone(timezone),
                       governing_body=" ".join(governing_body.split())[:200], created_at=now)
    session.add(org)
    await session.flush()
    await audit.append(session, org_id=org.id, actor="operator", action="org-added", now=now)
    await session.commit()
    return org


async def by_slug(session: AsyncSession, slug: str, *, enabled_only: bool = True) -> Organization | None:
    org = await session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None or (enabled_only and org.disabled_at is not None):
        return None
    return org


async def require(session: AsyncSession, slug: str) -> Organization:
    org = await by_slug(session, slug, enabled_only=False)
    if org is None:
        raise OrganizationError(f"no organization with the slug {slug!r} (see `org list`)")
    return org


async def list_all(session: AsyncSession, *, enabled_only: bool = False) -> list[Organization]:
    query = select(Organization).order_by(Organization.name, Organization.id)
    if enabled_only:
        query = query.where(Organization.disabled_at.is_(None))
    return list(await session.scalars(query))


async def rename(session: AsyncSession, slug: str, *, name: str | None, governing_body: str | None,
                 now: datetime) -> Organization:
    org = await require(session, slug)
    if name is not None:
        org.name = _check_name(name)
    if governing_body is not None:
        org.governing_body = " ".join(governing_body.split())[:200]
    await audit.append(session, org_id=org.id, actor="operator", action="org-renamed", now=now)
    await session.commit()
    return org


async def set_enabled(session: AsyncSession, slug: str, *, enabled: bool, now: datetime) -> Organization:
    """A disabled organization takes no new reports and gets no reminders. Its cases, people and
    plan stay, and its staff can still read and answer what was filed before."""
    org = await require(session, slug)
    org.disabled_at = None if enabled else (org.disabled_at or now)
    await audit.append(session, org_id=org.id, actor="operator", action="org-enabled" if enabled else "org-disabled",
                       now=now)
    await session.commit()
    return org


def _folded(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def matches(orgs: list[Organization], query: str, limit: int = SEARCH_RESULTS) -> list[Organization]:
    """Organizations whose name (or slug) holds every word of the query, case and ё/е aside; the
    ones whose name starts with the query first. Done here, not in SQL: SQLite's LIKE folds ASCII
    only, and the names are Kazakh and Russian."""
    words = _folded(query).split()
    if not words:
        return []
    found = [o for o in orgs if all(w in _folded(o.name) or w in o.slug for w in words)]
    found.sort(key=lambda o: (not _folded(o.name).startswith(words[0]), _folded(o.name)))
    return found[:limit]


def deep_link(bot_username: str, org: Organization) -> str:
    return f"https://t.me/{bot_username}?start={LINK_PREFIX}{org.slug}"


def slug_of_payload(payload: str) -> str | None:
    if not payload.startswith(LINK_PREFIX):
        return None
    slug = payload[len(LINK_PREFIX):]
    return slug if SLUG_PATTERN.match(slug) else None


def qr_png(link: str) -> bytes:
    """The deep link as a QR code for posters: PNG, error correction M, 10 px modules."""
    import segno

    buffer = io.BytesIO()
    segno.make_qr(link, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


@dataclass(frozen=True)
class Directory:
    """What the reporter's side needs to know: how many organizations take reports."""

    enabled: list[Organization]

    @property
    def single(self) -> Organization | None:
        return self.enabled[0] if len(self.enabled) == 1 else None


async def directory(session: AsyncSession) -> Directory:
    return Directory(await list_all(session, enabled_only=True))
