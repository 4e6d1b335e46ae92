"""Which cases a person may see. Listing needs no content, so it works while locked."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import NotAllowed
from storage.models import Case, CaseAccess, Person

PAGE_SIZE = 10
OPEN_STATUSES = ("new", "acknowledged", "under_review", "investigation", "referred")
FILTERS = {
    "all": None,
    "open": OPEN_STATUSES,
    "new": ("new",),
    "progress": ("acknowledged", "under_review", "investigation", "referred"),
    "closed": ("closed_substantiated", "closed_unsubstantiated", "closed_no_grounds"),
}


async def list_cases(
    session: AsyncSession, person: Person, *, page: int = 0, status_filter: str = "all"
) -> tuple[list[Case], int]:
    """Cases this person holds a key for, newest first, optionally filtered by status group.
    A Board-only case never appears for an officer: officers hold no key to it."""
    readable = select(CaseAccess.case_id).where(CaseAccess.person_id == person.id)
    condition = [Case.org_id == person.org_id, Case.id.in_(readable)]
    statuses = FILTERS.get(status_filter)
    if statuses is not None:
        condition.append(Case.status.in_(statuses))
    total = await session.scalar(select(func.count(Case.id)).where(*condition))
    rows = await session.scalars(
        select(Case).where(*condition).order_by(Case.created_at.desc(), Case.id.desc())
        .offset(page * PAGE_SIZE).limit(PAGE_SIZE)
    )
    return list(rows), int(total or 0)


async def find_readable_case(session: AsyncSession, person: Person, public_id: str) -> tuple[Case, CaseAccess]:
    """The case and this person's key copy; NotAllowed when either is missing (same answer for both)."""
    row = (
        await session.execute(
            select(Case, CaseAccess)
            .join(CaseAccess, CaseAccess.case_id == Case.id)
            .where(Case.public_id == public_id, Case.org_id == person.org_id, CaseAccess.person_id == person.id)
        )
    ).first()
    if row is None:
        raise NotAllowed()
    return row[0], row[1]
