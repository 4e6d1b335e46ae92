"""The reporter's side: open a case with the receipt, read the answers, add a message or files."""

from __future__ import annotations

import html
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, deployment, entries, outbox, retention
from bot.services.calendar import day_start
from bot.services.case_actions import (
    Actions,
    CaseClosed,
    CaseContent,
    load_items,
    message_body,
    queue_staff_alert,
    read_items,
)
from bot.services.entries import PURPOSE_CASE_KEY, case_scope
from bot.services.errors import ServiceBusy, ServiceError
from bot.services.notifications import is_opted_in
from bot.services.reminders import CASE_KINDS, case_readers, complete_case_deadlines
from bot.services.reports import PURPOSE_REPORTER_KEY, Attachment, encode_attachment
from storage import crypto
from storage.models import AuditEntry, Case, CaseItem, Mailbox, Organization


@dataclass(frozen=True)
class ReporterAccess:
    """What the reporter's conversation keeps (in memory) after the receipt opened the case: its
    id and its entry key, which lets a follow-up be written as theirs (it cannot read the case)."""

    case_id: int
    entry_key: bytes


@dataclass(frozen=True)
class ReporterView:
    content: CaseContent  # without internal notes
    notifications_on: bool
    access: ReporterAccess
    can_withdraw: bool = False  # open, and nobody at the organization has read it yet


async def open_by_receipt(session: AsyncSession, receipt: str, *, cost: crypto.Argon2Cost, now: datetime,
                          zone: tzinfo = UTC) -> ReporterView | None:
    """None for every kind of failure (malformed, unknown, corrupt): one generic answer.
    ServiceBusy when too many derivations wait (not a failed attempt: try again)."""
    local_day = now.astimezone(zone).date()
    normalized = crypto.normalize_receipt(receipt)
    if normalized is None:
        return None
    salt = await deployment.receipt_tag_salt(session)
    await session.commit()  # never hold a transaction across Argon2id
    try:
        tag = await crypto.receipt_tag(normalized, cost, salt)
    except crypto.KdfBusy:
        raise ServiceBusy() from None
    mailbox = await session.scalar(select(Mailbox).where(Mailbox.receipt_tag == tag))
    if mailbox is None:
        return None
    case = await session.get(Case, mailbox.case_id)
    await session.commit()  # end the read before the second derivation
    try:
        wrap_key = await crypto.receipt_key(normalized, mailbox.key_salt, cost)
    except crypto.KdfBusy:
        raise ServiceBusy() from None
    try:
        reporter_private = crypto.unwrap(wrap_key, mailbox.private_key_by_receipt, purpose=PURPOSE_REPORTER_KEY)
        case_private = crypto.unseal(reporter_private, mailbox.sealed_case_key, scope=case_scope(case.id),
                                     purpose=PURPOSE_CASE_KEY)
    except crypto.CryptoError:
        return None
    content = read_items(case, case_private, await load_items(session, case.id), include_notes=False)
    audit.defer_reporter_action(session, org_id=case.org_id, action="reporter-checked", day=local_day, case_id=case.id)
    if content.tampered:
        audit.defer_reporter_action(session, org_id=case.org_id, action="entries-unverified", day=local_day,
                                    case_id=case.id)
    await session.commit()
    can_withdraw = case.closed_at is None and not await opened_by_staff(session, case)
    return ReporterView(content=content, notifications_on=await is_opted_in(session, case.id),
                        access=ReporterAccess(case.id, entries.entry_key(case_private)), can_withdraw=can_withdraw)


async def add_reporter_message(session: AsyncSession, access: ReporterAccess, *, text: str,
                               attachments: list[Attachment], now: datetime, actions: Actions) -> Case:
    """Seal a follow-up to the case's public key (the bot cannot read it back), tag it as the
    reporter's, and alert the readers."""
    case = await session.get(Case, access.case_id)
    if case is None or case.closed_at is not None:
        raise CaseClosed()
    day = day_start(now, actions.zone)  # a reporter's action: dated by the day only
    if text:
        session.add(entries.new_entry(case, access.entry_key, kind="message", author="reporter", at=day,
                                      body=message_body(text, at=now)))
    for number, attachment in enumerate(attachments, start=1):  # after the text, in the order sent
        ordered = replace(attachment, sealed_at=now + timedelta(microseconds=number))
        session.add(entries.new_entry(case, access.entry_key, kind="attachment", author="reporter", at=day,
                                      detail="follow-up", body=encode_attachment(ordered)))
    case.updated_at = day
    audit.defer_reporter_action(session, org_id=case.org_id, action="reporter-message", day=day.astimezone(actions.zone).date(),
                                case_id=case.id)
    event = secrets.token_hex(6)  # tells this follow-up's alerts apart from the next one's
    org = await session.get(Organization, case.org_id)
    for reader in await case_readers(session, case.id):
        queue_staff_alert(session, case, org, reader, "reporter-message", now, actions, event=event)
    await session.commit()
    return case


class AlreadyOpened(ServiceError):
    key = "withdraw-too-late"


async def opened_by_staff(session: AsyncSession, case: Case) -> bool:
    """Has anyone at the organization read this case yet (opened, exported or acknowledged it)?"""
    if case.acknowledged_at is not None:
        return True
    viewed = await session.scalar(select(AuditEntry.id).where(
        AuditEntry.case_id == case.id, AuditEntry.action.in_(("viewed", "exported"))).limit(1))
    return viewed is not None


async def withdraw(session: AsyncSession, access: ReporterAccess, *, now: datetime, actions: Actions) -> Case:
    """The reporter takes back a report nobody has opened yet: its content and keys are deleted
    at once (retention.delete_content), and its readers are told, without content."""
    case = await session.get(Case, access.case_id)
    if case is None or case.closed_at is not None:
        raise CaseClosed()
    report = await session.scalar(select(CaseItem).where(CaseItem.case_id == case.id, CaseItem.kind == "report"))
    if report is None or not entries.is_genuine(access.entry_key, report):
        raise CaseClosed()  # only the receipt's holder, who has the entry key, can withdraw
    if await opened_by_staff(session, case):
        raise AlreadyOpened()
    day = day_start(now, actions.zone)  # a reporter's action: dated by the day only
    org = await session.get(Organization, case.org_id)
    for reader in await case_readers(session, case.id):
        outbox.enqueue(session, org_id=case.org_id, chat_id=reader.telegram_user_id, now=now,
                       dedup_key=f"alert:withdrawn:{case.id}:{reader.id}",
                       text=actions.translate(reader.locale, "alert-withdrawn", public_id=case.public_id,
                                              organization=html.escape(org.name)))
    await retention.delete_content(session, case, today=day.astimezone(actions.zone).date())
    case.status, case.closed_at, case.updated_at = "withdrawn", day, day
    await complete_case_deadlines(session, case.id, CASE_KINDS)
    audit.defer_reporter_action(session, org_id=case.org_id, action="withdrawn",
                                day=day.astimezone(actions.zone).date(), case_id=case.id)
    await session.commit()
    return case
