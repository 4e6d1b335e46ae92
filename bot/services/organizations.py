"""The organization rows. The config names the default organization; it is created on first start."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Organization


async def ensure_organization(session: AsyncSession, *, slug: str, name: str, kind: str, now: datetime) -> Organization:
    org = await session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None:
        org = Organization(slug=slug, name=name, kind=kind, created_at=now)
        session.add(org)
    else:
        # The config is the source of truth for the display name and type.
        org.name, org.kind = name, kind
    await session.commit()
    return org
