"""Filing a report: seal everything to a fresh case key, hand the key to the readers, queue alerts.

Nothing here knows about Telegram. The caller passes plain content (text and file bytes that
it already downloaded) and gets back the public id and the receipt, after the commit.
"""

from __future__ import annotations

import html
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, deployment, entries, outbox
from bot.services.calendar import WorkCalendar, day_start, format_day
from bot.services.errors import ChannelClosed, ServiceBusy
from bot.services.people import active_people
from bot.services.entries import PURPOSE_CASE_KEY, case_scope
from bot.services.reminders import add_case_deadlines
from storage import crypto
from storage.models import Case, CaseAccess, Mailbox, Organization, Person

CATEGORIES = (
    "bribery",
    "extortion",
    "conflict_of_interest",
    "gifts",
    "procurement",
    "academic_integrity",
    "abuse_of_office",
    "other",
)
ROUTES = {"officers": "officer", "board": "board"}  # route -> role that reads it
ATTACHMENT_KINDS = ("photo", "document", "voice", "audio", "video")

PURPOSE_REPORTER_KEY = "reporter-private-key"

# translate(locale, message_key, **arguments) -> text
Translate = Callable[..., str]


@dataclass(frozen=True)
class Attachment:
    kind: str
    file_name: str
    mime_type: str
    data: bytes
    # When the reporter sent it, sealed inside for the readers' ordering (the row has the day only).
    sealed_at: datetime | None = field(default=None, compare=False)


@dataclass
class ReportContent:
    category: str
    route: str
    text: str
    when: str = ""
    where: str = ""
    who: str = ""
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class Submission:
    case_id: int
    public_id: str
    receipt: str
    recipients: int
    acknowledge_due_at: datetime


def encode_attachment(attachment: Attachment) -> bytes:
    fields = {"kind": attachment.kind, "file_name": attachment.file_name, "mime_type": attachment.mime_type}
    if attachment.sealed_at is not None:
        fields["at"] = attachment.sealed_at.isoformat()
    header = json.dumps(fields).encode()
    return len(header).to_bytes(4, "big") + header + attachment.data


def decode_attachment(plain: bytes) -> Attachment:
    size = int.from_bytes(plain[:4], "big")
    header = json.loads(plain[4 : 4 + size])
    at = datetime.fromisoformat(header["at"]) if "at" in header else None
    return Attachment(header["kind"], header["file_name"], header["mime_type"], plain[4 + size :], at)


REGISTRATION = ("category", "route", "acknowledge_due_at", "feedback_due_at")


def registration_of(case: Case) -> dict[str, str]:
    """The columns of a case row that readers rely on and nobody changes after filing."""
    return {"category": case.category, "route": case.route, "acknowledge_due_at": case.acknowledge_due_at.isoformat(),
            "feedback_due_at": case.feedback_due_at.isoformat()}


def new_public_id() -> str:
    # 40 random bits: short enough to read aloud, and reveals nothing (not even order).
    chars = "".join(secrets.choice(crypto.CROCKFORD) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


async def readers_for_route(session: AsyncSession, org_id: int, route: str) -> list[Person]:
    return await active_people(session, org_id, ROUTES[route])


async def open_routes(session: AsyncSession, org_id: int) -> set[str]:
    """Routes that have at least one enrolled reader right now."""
    rows = await session.scalars(
        select(Person.role).where(Person.org_id == org_id, Person.active.is_(True)).distinct()
    )
    roles = set(rows)
    return {route for route, role in ROUTES.items() if role in roles}


async def submit_report(
    session: AsyncSession,
    *,
    org: Organization,
    content: ReportContent,
    now: datetime,
    cost: crypto.Argon2Cost,
    acknowledge_days: int,
    feedback_days: int,
    translate: Translate,
    zone: tzinfo,
) -> Submission:
    """Store the sealed case, the readers' key copies, the mailbox and the alerts in one commit."""
    if content.category not in CATEGORIES or content.route not in ROUTES:
        raise ValueError("unknown category or route")
    readers = await readers_for_route(session, org.id, content.route)
    if not readers:
        raise ChannelClosed()
    tag_salt = await deployment.receipt_tag_salt(session)
    await session.commit()  # end the read before the slow derivations (SQLite: it holds the write lock)

    receipt = crypto.new_receipt()
    key_salt = crypto.new_salt()
    try:
        tag = await crypto.receipt_tag(receipt, cost, tag_salt, crypto.Priority.FILING)
        wrap_key = await crypto.receipt_key(receipt, key_salt, cost, crypto.Priority.FILING)
    except crypto.KdfBusy:
        raise ServiceBusy() from None

    for _attempt in range(5):
        try:
            submission = await _store_case(
                session, org, content, readers, receipt, tag, key_salt, wrap_key, now,
                acknowledge_days, feedback_days, translate, zone,
            )
            await session.commit()
            return submission
        except IntegrityError:
            # A public id collision (1 in 2^40 per pair): roll back and draw another.
            await session.rollback()
    raise RuntimeError("could not allocate a unique public id")


async def _store_case(
    session: AsyncSession,
    org: Organization,
    content: ReportContent,
    readers: list[Person],
    receipt: str,
    tag: bytes,
    key_salt: bytes,
    wrap_key: bytes,
    now: datetime,
    acknowledge_days: int,
    feedback_days: int,
    translate: Translate,
    zone: tzinfo,
) -> Submission:
    case_keys = crypto.generate_keypair()
    day = day_start(now, zone)  # a reporter's action: dated by the day, never to the second
    case = Case(
        org_id=org.id,
        public_id=new_public_id(),
        category=content.category,
        route=content.route,
        status="new",
        public_key=case_keys.public,
        created_at=day,
        updated_at=day,
        acknowledge_due_at=day + timedelta(days=acknowledge_days),
        feedback_due_at=day + timedelta(days=feedback_days),
    )
    session.add(case)
    await session.flush()
    scope = case_scope(case.id)
    add_case_deadlines(session, case, WorkCalendar(zone))

    # The case's registration (category, recipients, due dates) is sealed with the report too: the
    # row's plain copies serve lists and reminders, and the readers' view checks them against it.
    report = json.dumps(
        {"text": content.text, "when": content.when, "where": content.where, "who": content.who,
         "registration": registration_of(case)},
        ensure_ascii=False,
    ).encode()
    key = entries.entry_key(case_keys.private)
    session.add(entries.new_entry(case, key, kind="report", author="reporter", at=day, body=report))
    for number, attachment in enumerate(content.attachments, start=1):
        # The row says only the day and its id is random; the sealed time keeps the files' order.
        ordered = replace(attachment, sealed_at=now + timedelta(microseconds=number))
        session.add(entries.new_entry(case, key, kind="attachment", author="reporter", at=day,
                                      body=encode_attachment(ordered)))
    for reader in readers:
        session.add(
            CaseAccess(
                org_id=org.id, case_id=case.id, person_id=reader.id, granted_at=day,
                sealed_case_key=crypto.seal(reader.public_key, case_keys.private, scope=scope, purpose=PURPOSE_CASE_KEY),
            )
        )

    reporter_keys = crypto.generate_keypair()
    session.add(
        Mailbox(
            org_id=org.id,
            case_id=case.id,
            receipt_tag=tag,
            key_salt=key_salt,
            public_key=reporter_keys.public,
            private_key_by_receipt=crypto.wrap(wrap_key, reporter_keys.private, purpose=PURPOSE_REPORTER_KEY),
            sealed_case_key=crypto.seal(reporter_keys.public, case_keys.private, scope=scope, purpose=PURPOSE_CASE_KEY),
        )
    )

    for reader in readers:
        outbox.enqueue(
            session,
            org_id=org.id,
            dedup_key=f"alert:new-case:{case.id}:{reader.id}",
            chat_id=reader.telegram_user_id,
            text=render_alert(translate, reader.locale, case, org, zone),
            reply_markup={
                "inline_keyboard": [
                    [{"text": translate(reader.locale, "alert-open-button"), "callback_data": f"case:open:{case.public_id}"}]
                ]
            },
            now=now,
        )
    await session.flush()
    # The reporter is not an actor with an id: the entry says only that a case was created, and
    # joins the audit chain the next day (audit.defer_reporter_action says why).
    audit.defer_reporter_action(session, org_id=org.id, action="case-created", day=day.astimezone(zone).date(),
                                case_id=case.id)
    return Submission(case_id=case.id, public_id=case.public_id, receipt=receipt, recipients=len(readers),
                      acknowledge_due_at=case.acknowledge_due_at)


def render_alert(translate: Translate, locale: str, case: Case, org: Organization, zone: tzinfo) -> str:
    """An alert carries no content: id, category, time, route and how to unlock."""
    return translate(
        locale,
        "alert-new-case",
        public_id=case.public_id,
        category=translate(locale, f"category-{case.category}"),
        route=translate(locale, f"route-{case.route}"),
        created=format_local_day(case.created_at, zone),
        organization=html.escape(org.name),  # messages are HTML: a name may hold & or <
    )


def format_local_day(moment: datetime, zone: tzinfo) -> str:
    """A reporter's action is known only by its day."""
    return format_day(moment.astimezone(zone).date())


def format_entry_time(moment: datetime, zone: tzinfo, *, by_reporter: bool) -> str:
    """A timeline or audit entry's time: the day for the reporter's (all that is stored)."""
    return format_local_day(moment, zone) if by_reporter else format_local(moment, zone)


def format_local(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{format_day(local.date())} {local:%H:%M} ({local.tzname()})"
