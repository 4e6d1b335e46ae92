"""The audit chain's head, anchored outside the server.

Whoever holds the server secret can delete audit entries and recompute the keyed chain. They
cannot reach into the Board members' Telegram chats: every day each Board member receives the
current head (entry count and hash) there, and later `python -m bot audit verify --head
COUNT:HASH` proves that the log still holds that entry at that place, so that nothing before
it was removed, reordered or rewritten and the log was not cut short. The message is
content-free: a count and a hash.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, deployment, outbox
from bot.services.calendar import format_day
from bot.services.people import active_people
from storage.models import Organization

_SENT_ON = "audit-head-sent-on"  # the last day the heads went out (sent outbox rows are deleted)

Translate = Callable[..., str]


@dataclass(frozen=True)
class Checkpoint:
    """The head, and how many people can read new reports: a reader added behind the Board's
    back (say, a row written straight into the database) shows up as a number that changed."""

    head: audit.Head
    officers: int
    board: int

    def render(self, translate: Translate, locale: str, organization: str, day: date) -> str:
        return (translate(locale, "audit-head", head=str(self.head), organization=html.escape(organization),
                          date=format_day(day))
                + "\n\n" + translate(locale, "audit-head-readers", officers=str(self.officers), board=str(self.board)))


async def checkpoint(session: AsyncSession, org_id: int, current: audit.Head | None = None) -> Checkpoint | None:
    """`current`: the head, when the caller has just read it (one read for every organization)."""
    current = current or await audit.head(session)
    if current is None:
        return None
    return Checkpoint(current, len(await active_people(session, org_id, "officer")),
                      len(await active_people(session, org_id, "board")))


async def queue_daily_heads(session: AsyncSession, *, day: date, now: datetime, translate: Translate) -> int:
    """Queue the head to every active Board member of every organization, once per `day`.
    Commits; returns how many were queued."""
    current = await audit.head(session)
    if current is None or not await deployment.claim_once(session, _SENT_ON, day.isoformat()):
        await session.commit()
        return 0
    queued = 0
    for org in list(await session.scalars(select(Organization))):
        point = await checkpoint(session, org.id, current)
        for member in await active_people(session, org.id, "board"):
            outbox.enqueue(session, org_id=org.id, dedup_key=f"audit-head:{day:%Y-%m-%d}:{member.id}",
                           chat_id=member.telegram_user_id, now=now,
                           text=point.render(translate, member.locale, org.name, day))
            queued += 1
    await session.commit()
    return queued
