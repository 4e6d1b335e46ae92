"""Which cases a person may see. Listing needs no content, so it works while locked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
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


def _readable(person: Person, status_filter: str) -> list:  # type: ignore[type-arg]
    readable = select(CaseAccess.case_id).where(CaseAccess.person_id == person.id)
    condition = [Case.org_id == person.org_id, Case.id.in_(readable)]
    statuses = FILTERS.get(status_filter)
    if statuses is not None:
        condition.append(Case.status.in_(statuses))
    return condition


async def list_cases(
    session: AsyncSession, person: Person, *, page: int = 0, status_filter: str = "all"
) -> tuple[list[Case], int]:
    """Cases this person holds a key for, optionally filtered by status group: open cases first,
    the nearest deadline first (the acknowledgement until it is done, then the feedback), then
    closed cases, newest first. A Board-only case never appears for an officer: officers hold no
    key to it."""
    condition = _readable(person, status_filter)
    total = await session.scalar(select(func.count(Case.id)).where(*condition))
    open_first = case((Case.closed_at.is_(None), 0), else_=1)
    next_due = case((Case.closed_at.is_not(None), None), (Case.acknowledged_at.is_(None), Case.acknowledge_due_at),
                    else_=Case.feedback_due_at)
    rows = await session.scalars(
        select(Case).where(*condition)
        .order_by(open_first, next_due.asc().nulls_last(), Case.created_at.desc(), Case.id.desc())
        .offset(page * PAGE_SIZE).limit(PAGE_SIZE)
    )
    return list(rows), int(total or 0)


@dataclass(frozen=True)
class Summary:
    new: int
    acknowledgement_overdue: int
    feedback_overdue: int


async def summarize(session: AsyncSession, person: Person, now: datetime) -> Summary:
    """What needs attention among the cases this person can read, in one line's worth of counts."""
    is_open = Case.closed_at.is_(None)
    row = (await session.execute(select(
        func.coalesce(func.sum(case((Case.status == "new", 1), else_=0)), 0),
        func.coalesce(func.sum(case((is_open & Case.acknowledged_at.is_(None) & (Case.acknowledge_due_at < now), 1),
                                    else_=0)), 0),
        func.coalesce(func.sum(case((is_open & (Case.feedback_due_at < now), 1), else_=0)), 0),
    ).where(*_readable(person, "all")))).one()
    return Summary(new=int(row[0]), acknowledgement_overdue=int(row[1]), feedback_overdue=int(row[2]))


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
