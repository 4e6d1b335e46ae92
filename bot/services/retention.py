"""Retention: a closed case's content is deleted when its time is up, and a report nobody has
opened yet can be withdrawn by its reporter.

Deleting is crypto-shredding: the sealed entries and files go, and with them every copy of the
case's private key (the readers' and the reporter's mailbox). From then on nothing of the case's
content can be opened, not even from a backup made after that day, because no key to it exists
anywhere. The case row stays (public id, category, route, status, dates: what the statistics
and the §18/§19 reports count), and so do its audit entries, which never held content.

Readers are warned 14 and 3 days before, with a button to export the hand-over package first,
and may extend once per warning by giving one of a fixed set of reasons (the audit log records
the reason; it never holds free text).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.services import audit, outbox
from bot.services.cases import find_readable_case
from bot.services.errors import ServiceError
from bot.services.reminders import case_readers
from bot.services.calendar import format_day
from bot.services.reports import format_local_day
from storage.models import Case, CaseAccess, CaseItem, Mailbox, Organization, Person

log = logging.getLogger(__name__)
Translate = Callable[..., str]
WARNING_DAYS = (14, 3)
REASONS = ("investigation", "authorities", "legal-hold", "court")


class NothingToExtend(ServiceError):
    key = "retention-nothing-to-extend"


class AlreadyExtended(ServiceError):
    key = "retention-already-extended"


def schedule(case: Case, *, now: datetime, zone: tzinfo, retention_days: int) -> None:
    """When a case closes: the day its content goes (none when retention_days is 0)."""
    case.purge_on = now.astimezone(zone).date() + timedelta(days=retention_days) if retention_days else None
    case.purge_warned = 0


async def delete_content(session: AsyncSession, case: Case, *, today: date) -> None:
    """The report, messages, files, every key copy and the reporter's mailbox. Part of the
    caller's transaction."""
    for model in (CaseItem, CaseAccess, Mailbox):
        await session.execute(delete(model).where(model.case_id == case.id))
    case.purged_on = today
    case.purge_on = None


@dataclass(frozen=True)
class RetentionRun:
    purged: int
    warned: int


async def run_daily(session: AsyncSession, *, today: date, now: datetime, translate: Translate, zone: tzinfo,
                    extension_days: int) -> RetentionRun:
    """Delete what is due, then warn the readers of what is coming. Commits. Safe to repeat:
    a case is deleted once, and each warning is recorded on the case before it is queued."""
    due = list(await session.scalars(select(Case).where(Case.purge_on <= today, Case.purged_on.is_(None))))
    for case in due:
        await delete_content(session, case, today=today)
        await audit.append(session, org_id=case.org_id, actor="system", action="purged", now=now, case_id=case.id)
    warned = 0
    for days in WARNING_DAYS:  # 14 first: a case 3 days away that never had the first gets the second only
        coming = await session.scalars(select(Case).where(
            Case.purged_on.is_(None), Case.purge_on <= today + timedelta(days=days), Case.purge_on > today,
            (Case.purge_warned == 0) | (Case.purge_warned > days)))
        for case in list(coming):
            case.purge_warned = days
            warned += await _warn(session, case, now=now, translate=translate, zone=zone, extension_days=extension_days)
    await session.commit()
    if due:
        log.info("retention: %d case(s) deleted", len(due))
    return RetentionRun(purged=len(due), warned=warned)


async def _warn(session: AsyncSession, case: Case, *, now: datetime, translate: Translate, zone: tzinfo,
                extension_days: int) -> int:
    org = await session.get(Organization, case.org_id)
    readers = await case_readers(session, case.id)
    for reader in readers:
        t = lambda key, **kw: translate(reader.locale, key, **kw)  # noqa: E731
        outbox.enqueue(
            session, org_id=case.org_id, chat_id=reader.telegram_user_id, now=now,
            dedup_key=f"retention:{case.id}:{case.purge_on}:{case.purge_warned}:{reader.id}",
            text=t("retention-warning", public_id=case.public_id, organization=html.escape(org.name),
                   category=t(f"category-{case.category}"), date=format_day(case.purge_on),
                   closed=format_local_day(case.closed_at, zone) if case.closed_at else "—"),
            reply_markup={"inline_keyboard": [
                [{"text": t("retention-button-export"), "callback_data": f"case:export:{case.public_id}"}],
                [{"text": t("retention-button-extend", days=str(extension_days)),
                  "callback_data": f"ret:ask:{case.public_id}"}],
            ]},
        )
    return len(readers)


async def extend(session: AsyncSession, person: Person, public_id: str, reason: str, *, now: datetime,
                 extension_days: int) -> Case:
    """Keep the case `extension_days` longer. Allowed once per warning: it resets the warnings,
    and the next one (14 days before the new date) allows the next extension."""
    if reason not in REASONS:
        raise ValueError("unknown reason")
    case, _ = await find_readable_case(session, person, public_id)
    if case.purge_on is None or case.purged_on is not None:
        raise NothingToExtend()
    if case.purge_warned == 0:
        raise AlreadyExtended()
    case.purge_on += timedelta(days=extension_days)
    case.purge_warned = 0
    await audit.append(session, org_id=case.org_id, actor=audit.person_actor(person.id), action="retention-extended",
                       now=now, case_id=case.id, subject=f"reason:{reason}")
    await session.commit()
    return case


async def reclaim_space(engine: AsyncEngine) -> None:
    """After deleting: give the space back, and leave no copy of the deleted rows in the WAL.
    SQLite already zeroes freed pages (PRAGMA secure_delete); PostgreSQL's VACUUM makes the
    dead rows' space reusable (a logical backup, pg_dump, never contains them). A failure is
    logged and retried with the next deletion; the content is gone either way."""
    try:
        await _reclaim(engine)
    except Exception as exc:  # noqa: BLE001 - never let housekeeping stop the reminders
        log.error("reclaiming space after deletion failed: %s", type(exc).__name__)


async def _reclaim(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            raw = await connection.get_raw_connection()
            driver = raw.driver_connection
            await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await driver.execute("VACUUM")
            await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            for table in ("case_items", "case_access", "mailboxes"):
                await autocommit.execute(text(f"VACUUM {table}"))
