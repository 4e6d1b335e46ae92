"""Reading cases: which cases a person may see, and opening one with an unlocked key."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.errors import NotAllowed
from bot.services.reports import (
    PURPOSE_ATTACHMENT,
    PURPOSE_CASE_KEY,
    PURPOSE_REPORT,
    Attachment,
    case_scope,
    decode_attachment,
)
from storage import crypto
from storage.models import Case, CaseAccess, CaseItem, Person

PAGE_SIZE = 10


@dataclass(frozen=True)
class CaseView:
    case: Case
    text: str
    when: str
    where: str
    who: str
    attachments: list[Attachment]


async def list_cases(session: AsyncSession, person: Person, *, page: int = 0) -> tuple[list[Case], int]:
    """Cases this person holds a key for, newest first. Needs no content, so works while locked."""
    readable = select(CaseAccess.case_id).where(CaseAccess.person_id == person.id)
    total = await session.scalar(
        select(func.count(Case.id)).where(Case.org_id == person.org_id, Case.id.in_(readable))
    )
    rows = await session.scalars(
        select(Case)
        .where(Case.org_id == person.org_id, Case.id.in_(readable))
        .order_by(Case.created_at.desc(), Case.id.desc())
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
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


async def open_case(session: AsyncSession, person: Person, private_key: bytes, public_id: str) -> CaseView:
    case, access = await find_readable_case(session, person, public_id)
    scope = case_scope(case.id)
    case_private = crypto.unseal(private_key, access.sealed_case_key, scope=scope, purpose=PURPOSE_CASE_KEY)
    items = await session.scalars(select(CaseItem).where(CaseItem.case_id == case.id).order_by(CaseItem.id))
    report: dict[str, str] = {}
    attachments: list[Attachment] = []
    for item in items:
        if item.kind == "report":
            report = json.loads(crypto.unseal(case_private, item.sealed, scope=scope, purpose=PURPOSE_REPORT))
        elif item.kind == "attachment":
            attachments.append(
                decode_attachment(crypto.unseal(case_private, item.sealed, scope=scope, purpose=PURPOSE_ATTACHMENT))
            )
    return CaseView(
        case=case,
        text=report.get("text", ""),
        when=report.get("when", ""),
        where=report.get("where", ""),
        who=report.get("who", ""),
        attachments=attachments,
    )
