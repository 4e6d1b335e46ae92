"""What officers and Board members do to a case: acknowledge, reply, note, change status,
escalate to the Board, grant access, read the timeline. Every action re-checks on the server
that the actor holds a key for the case, and is written to the audit log.

Every action needs the actor's unlocked private key: entries are tagged under the case's entry
key (bot/services/entries.py), so that nobody who holds only the database can write one.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, entries, outbox, retention
from bot.services.cases import find_readable_case
from bot.services.errors import ServiceError
from bot.services.people import active_people
from bot.services.notifications import NotificationKey, erase_on_close, queue_reporter_notice
from bot.services.reminders import CASE_KINDS, complete_case_deadlines
from bot.services.entries import PURPOSE_CASE_KEY, case_scope
from bot.services.reports import Attachment, decode_attachment, format_local_day, registration_of
from storage import crypto
from storage.models import Case, CaseAccess, CaseItem, Organization, Person

STATUSES = (
    "new", "acknowledged", "under_review", "investigation", "referred",
    "closed_substantiated", "closed_unsubstantiated", "closed_no_grounds",
)
CLOSED = frozenset(s for s in STATUSES if s.startswith("closed_"))
MAX_MESSAGE_CHARS = 4096  # what one Telegram message holds; longer is refused, never cut

Translate = Callable[..., str]
log = logging.getLogger(__name__)


class CaseClosed(ServiceError):
    key = "case-closed"


class NoBoardMember(ServiceError):
    key = "escalate-no-board"


class AlreadyEscalated(ServiceError):
    key = "escalate-already"


class GrantNotAllowed(ServiceError):
    key = "grant-not-allowed"


class CommentRequired(ServiceError):
    key = "status-comment-required"


class TextTooLong(ServiceError):
    key = "case-text-refused-long"


def _checked(text: str) -> str:
    if len(text) > MAX_MESSAGE_CHARS:
        raise TextTooLong()
    return text


@dataclass(frozen=True)
class Actions:
    """Shared dependencies of the actions, built once by the caller."""

    translate: Translate
    zone: tzinfo
    notification_key: NotificationKey | None = None
    retention_days: int = 0  # [cases] retention_days: a closed case's content goes after this; 0 keeps it


def message_body(text: str, at: datetime | None = None) -> bytes:
    """`at`: for a reporter's entry, whose row carries only the day, the precise time for the
    readers to order the timeline by."""
    body: dict[str, str] = {"text": text}
    if at is not None:
        body["at"] = at.isoformat()
    return json.dumps(body, ensure_ascii=False).encode()


@dataclass(frozen=True)
class OpenCase:
    """A case as one of its holders has it open: the row and the key that writes its entries."""

    case: Case
    entry_key: bytes

    def add(self, session: AsyncSession, kind: str, author: str, now: datetime, *, text: str | None = None,
            detail: str | None = None) -> CaseItem:
        item = entries.new_entry(self.case, self.entry_key, kind=kind, author=author, at=now, detail=detail,
                                 body=message_body(text) if text is not None else None)
        session.add(item)
        return item


async def _open(session: AsyncSession, person: Person, private_key: bytes, public_id: str) -> OpenCase:
    case, case_private = await _case_private_key(session, person, private_key, public_id)
    return OpenCase(case, entries.entry_key(case_private))


async def _writable(session: AsyncSession, person: Person, private_key: bytes, public_id: str) -> OpenCase:
    opened = await _open(session, person, private_key, public_id)
    if opened.case.closed_at is not None:
        raise CaseClosed()
    return opened


async def acknowledge(session: AsyncSession, person: Person, private_key: bytes, public_id: str, *, now: datetime,
                      actions: Actions) -> Case:
    """Record receipt (guideline 14.13; EU 2019/1937 art. 9: within 7 days). The reporter sees it with /check."""
    opened = await _writable(session, person, private_key, public_id)
    case = opened.case
    if case.acknowledged_at is None:
        case.acknowledged_at = now
        await complete_case_deadlines(session, case.id, ("case-ack",))
        if case.status == "new":
            case.status = "acknowledged"
        item = opened.add(session, "acknowledged", audit.person_actor(person.id), now)
        await session.flush()
        await audit.append(session, org_id=case.org_id, actor=audit.person_actor(person.id), action="acknowledged",
                           now=now, case_id=case.id)
        await queue_reporter_notice(session, case, key=actions.notification_key, event_key=f"item:{item.id}",
                                    now=now, translate=actions.translate)
    await session.commit()
    return case


async def change_status(session: AsyncSession, person: Person, private_key: bytes, public_id: str, status: str, *,
                        now: datetime, actions: Actions, comment: str = "") -> Case:
    if status not in STATUSES or status == "new":
        raise ValueError("unknown status")
    opened = await _writable(session, person, private_key, public_id)
    case = opened.case
    if status in CLOSED and not comment.strip():
        raise CommentRequired()
    _checked(comment)
    if status == case.status:
        return case
    case.status = status
    if status == "acknowledged" and case.acknowledged_at is None:
        case.acknowledged_at = now
        await complete_case_deadlines(session, case.id, ("case-ack",))
    item = opened.add(session, "status", audit.person_actor(person.id), now, text=comment.strip() or None,
                      detail=status)
    await session.flush()
    await audit.append(session, org_id=case.org_id, actor=audit.person_actor(person.id), action="status-changed",
                       now=now, case_id=case.id)
    await queue_reporter_notice(session, case, key=actions.notification_key, event_key=f"item:{item.id}",
                                now=now, translate=actions.translate)
    if status in CLOSED:
        case.closed_at = now
        retention.schedule(case, now=now, zone=actions.zone, retention_days=actions.retention_days)
        await complete_case_deadlines(session, case.id, CASE_KINDS)
        # The reporter's notification target is kept only while the case is open.
        await erase_on_close(session, case.id)
    await session.commit()
    return case


async def reply(session: AsyncSession, person: Person, private_key: bytes, public_id: str, text: str, *, now: datetime,
                actions: Actions) -> Case:
    """A message to the reporter. They read it with their receipt; it never reveals them to us."""
    opened = await _writable(session, person, private_key, public_id)
    case = opened.case
    item = opened.add(session, "reply", audit.person_actor(person.id), now, text=_checked(text))
    await session.flush()
    await audit.append(session, org_id=case.org_id, actor=audit.person_actor(person.id), action="replied",
                       now=now, case_id=case.id)
    await queue_reporter_notice(session, case, key=actions.notification_key, event_key=f"item:{item.id}",
                                now=now, translate=actions.translate)
    await session.commit()
    return case


async def add_note(session: AsyncSession, person: Person, private_key: bytes, public_id: str, text: str, *,
                   now: datetime) -> Case:
    """An internal note: part of the case for its readers, never shown to the reporter."""
    opened = await _open(session, person, private_key, public_id)
    case = opened.case
    opened.add(session, "note", audit.person_actor(person.id), now, text=_checked(text))
    await session.flush()
    await audit.append(session, org_id=case.org_id, actor=audit.person_actor(person.id), action="noted",
                       now=now, case_id=case.id)
    await session.commit()
    return case


async def _case_private_key(session: AsyncSession, person: Person, private_key: bytes, public_id: str) -> tuple[Case, bytes]:
    case, access = await find_readable_case(session, person, public_id)
    return case, crypto.unseal(private_key, access.sealed_case_key, scope=case_scope(case.id), purpose=PURPOSE_CASE_KEY)


def _grant_access(session: AsyncSession, case: Case, case_private: bytes, reader: Person, now: datetime) -> None:
    session.add(CaseAccess(
        org_id=case.org_id, case_id=case.id, person_id=reader.id, granted_at=now,
        sealed_case_key=crypto.seal(reader.public_key, case_private, scope=case_scope(case.id), purpose=PURPOSE_CASE_KEY),
    ))


def queue_staff_alert(session: AsyncSession, case: Case, org: Organization, reader: Person, key: str, now: datetime,
                      actions: Actions, event: str = "") -> None:
    """An alert without content ("alert-<key>") to one reader, with a button that opens the case."""
    translate = actions.translate
    outbox.enqueue(
        session, org_id=case.org_id, dedup_key=f"alert:{key}:{case.id}:{reader.id}:{event}", chat_id=reader.telegram_user_id,
        text=translate(reader.locale, f"alert-{key}", public_id=case.public_id, organization=html.escape(org.name),
                       category=translate(reader.locale, f"category-{case.category}"),
                       created=format_local_day(now, actions.zone)),
        reply_markup={"inline_keyboard": [[{"text": translate(reader.locale, "alert-open-button"),
                                            "callback_data": f"case:open:{case.public_id}"}]]},
        now=now,
    )


async def _holders(session: AsyncSession, case_id: int) -> set[int]:
    return set((await session.scalars(select(CaseAccess.person_id).where(CaseAccess.case_id == case_id))).all())


async def escalate(session: AsyncSession, person: Person, private_key: bytes, public_id: str, *, now: datetime,
                   actions: Actions) -> int:
    """Guideline 16.3: inform the Board. Re-seals the case key to every enrolled Board member.
    Returns how many Board members received it. Nothing takes a case back from the Board."""
    case, case_private = await _case_private_key(session, person, private_key, public_id)
    if case.escalated_at is not None or case.route == "board":
        raise AlreadyEscalated()
    board = await active_people(session, case.org_id, "board")
    if not board:
        raise NoBoardMember()
    holders = await _holders(session, case.id)
    org = await session.get(Organization, case.org_id)
    for member in board:
        if member.id not in holders:
            _grant_access(session, case, case_private, member, now)
        queue_staff_alert(session, case, org, member, "escalated", now, actions)
    case.escalated_at = now
    OpenCase(case, entries.entry_key(case_private)).add(session, "escalated", audit.person_actor(person.id), now)
    await session.flush()
    await audit.append(session, org_id=case.org_id, actor=audit.person_actor(person.id), action="escalated",
                       now=now, case_id=case.id)
    await session.commit()
    return len(board)


async def grant_candidates(session: AsyncSession, person: Person, public_id: str) -> list[Person]:
    """Enrolled people who could be given this case: same role as the route, not holding it yet.
    A Board-only case can never be granted to an officer."""
    case, _ = await find_readable_case(session, person, public_id)
    role = "board" if case.route == "board" else "officer"
    holders = await _holders(session, case.id)
    return [p for p in await active_people(session, case.org_id, role) if p.id not in holders]


async def grant(session: AsyncSession, person: Person, private_key: bytes, public_id: str, grantee_id: int, *,
                now: datetime, actions: Actions) -> Person:
    candidates = {p.id: p for p in await grant_candidates(session, person, public_id)}
    grantee = candidates.get(grantee_id)
    if grantee is None:
        raise GrantNotAllowed()
    case, case_private = await _case_private_key(session, person, private_key, public_id)
    _grant_access(session, case, case_private, grantee, now)
    OpenCase(case, entries.entry_key(case_private)).add(session, "granted", audit.person_actor(person.id), now,
                                                        detail=str(grantee.id))
    org = await session.get(Organization, case.org_id)
    queue_staff_alert(session, case, org, grantee, "granted", now, actions)
    await session.flush()
    await audit.append(session, org_id=case.org_id, actor=audit.person_actor(person.id), action="granted",
                       now=now, case_id=case.id)
    await session.commit()
    return grantee


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    author: str  # "reporter" | "person:<id>"; "" for an entry that did not verify
    at: datetime
    text: str = ""
    detail: str = ""
    attachment: Attachment | None = None
    genuine: bool = True  # False: it failed verification, so nothing of it is shown but the warning


@dataclass(frozen=True)
class CaseContent:
    case: Case
    report: dict[str, Any]
    attachments: list[Attachment]
    timeline: list[TimelineEntry]
    # The status as the genuine entries tell it; the row's own status column is the server's.
    status: str = "new"
    report_genuine: bool = True
    unverified: int = 0  # entries that failed verification

    @property
    def status_genuine(self) -> bool:
        return self.status == self.case.status

    @property
    def registration(self) -> dict[str, str]:
        """Category, recipients and due dates as the reporter's sealed report records them (the
        row's own copies for a report filed before they were sealed)."""
        sealed = self.report.get("registration")
        return sealed if isinstance(sealed, dict) else registration_of(self.case)

    @property
    def registration_genuine(self) -> bool:
        """The row's category, recipients and due dates are the ones sealed with the report (a
        report filed before they were sealed has nothing to compare with)."""
        sealed = self.report.get("registration")
        return not isinstance(sealed, dict) or sealed == registration_of(self.case)

    @property
    def tampered(self) -> bool:
        return (bool(self.unverified) or not self.report_genuine or not self.status_genuine
                or not self.registration_genuine)


def _status_from(timeline: list[TimelineEntry]) -> str:
    status = "new"
    for entry in timeline:
        if not entry.genuine:
            continue
        if entry.kind == "acknowledged" and status == "new":
            status = "acknowledged"
        elif entry.kind == "status":
            status = entry.detail
    return status


def read_items(case: Case, case_private: bytes, items: list[CaseItem], *, include_notes: bool) -> CaseContent:
    """Verify and decrypt a case's items into the report, its files and the timeline of
    everything after it. An item that fails verification is neither opened nor trusted."""
    key = entries.entry_key(case_private)
    report: dict[str, Any] = {}
    report_genuine = False
    unverified = 0
    attachments: list[Attachment] = []
    timeline: list[TimelineEntry] = []
    for item in items:
        if item.case_id != case.id or not entries.is_genuine(key, item):
            unverified += 1
            if item.kind != "report" and (include_notes or item.kind != "note"):
                timeline.append(TimelineEntry(item.kind, "", item.created_at, genuine=False))
            continue
        if item.kind == "note" and not include_notes:
            continue
        if item.kind == "report":
            report, report_genuine = json.loads(entries.open_entry(case_private, item)), True
            continue
        if item.kind == "attachment":
            attachment = decode_attachment(entries.open_entry(case_private, item))
            if item.detail is None:  # filed with the report; follow-ups carry detail "follow-up"
                attachments.append(attachment)
            else:
                at = attachment.sealed_at or item.created_at
                timeline.append(TimelineEntry("attachment", item.author, at, attachment=attachment))
            continue
        text, at = "", item.created_at
        if item.sealed is not None:
            body = json.loads(entries.open_entry(case_private, item))
            text = body["text"]
            at = datetime.fromisoformat(body["at"]) if "at" in body else at
        timeline.append(TimelineEntry(item.kind, item.author, at, text=text, detail=item.detail or ""))
    # Rows are stored in random order, and a reporter's row says only its day: the precise
    # order comes from the times sealed inside (Python's sort is stable for equal times).
    timeline.sort(key=lambda entry: entry.at)
    attachments.sort(key=lambda attachment: attachment.sealed_at or case.created_at)
    return CaseContent(case=case, report=report, attachments=attachments, timeline=timeline,
                       status=_status_from(timeline), report_genuine=report_genuine, unverified=unverified)


async def load_items(session: AsyncSession, case_id: int) -> list[CaseItem]:
    return list(await session.scalars(
        select(CaseItem).where(CaseItem.case_id == case_id).order_by(CaseItem.created_at, CaseItem.id)))


async def read_case(session: AsyncSession, person: Person, private_key: bytes, public_id: str, *, now: datetime) -> CaseContent:
    """Open a case for a reader; the view is audited."""
    case, case_private = await _case_private_key(session, person, private_key, public_id)
    content = read_items(case, case_private, await load_items(session, case.id), include_notes=True)
    actor = audit.person_actor(person.id)
    await audit.append(session, org_id=case.org_id, actor=actor, action="viewed", now=now, case_id=case.id)
    if content.tampered:
        log.warning("a case's entries failed verification; recorded in the audit log")
        await audit.append(session, org_id=case.org_id, actor=actor, action="entries-unverified", now=now,
                           case_id=case.id)
    await session.commit()
    return content


async def people_names(session: AsyncSession, org_id: int) -> dict[str, str]:
    """Actor labels for timelines: "person:<id>" -> display name (staff only)."""
    rows = await session.execute(select(Person.id, Person.display_name, Person.role).where(Person.org_id == org_id))
    return {audit.person_actor(pid): (name or f"#{pid}") for pid, name, _ in rows}
