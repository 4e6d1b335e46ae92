"""Database models. Every row carries an organization id.

Nothing here ever holds a reporter's Telegram identifier or report content in clear: case
content lives only in sealed blobs (`CaseItem.sealed`), and the only Telegram ids stored are
those of enrolled officers and Board members, who must be reachable for alerts.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class Base(DeclarativeBase):
    pass


def random_row_id() -> int:
    """A row id that says nothing about when the row was written (2^62 values: no collisions)."""
    return secrets.randbelow(2**62) + 1


class UtcDateTime(TypeDecorator[datetime]):
    """Stored in UTC; SQLite drops the zone, so it is put back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="other")  # "hei" | "other": which plan
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Its own local day: deadlines, reminders and the reports' periods are counted in it.
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Almaty", server_default="Asia/Almaty")
    # What its Board is called (Board of Directors, Supervisory Board...); "" for "the Board".
    governing_body: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # A disabled organization takes no new reports and sends no reminders; its data stays.
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Person(Base):
    """An enrolled officer or Board member, with their key pair (private key wrapped twice)."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("org_id", "telegram_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    # "officer" | "board" | "overseer" (the Ministry's statistics only: no key material at all,
    # its key columns are empty, so nothing can ever be sealed to it)
    role: Mapped[str] = mapped_column(String(16))
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    # Shown to colleagues (grant access, timeline). Staff only: never a reporter's name.
    display_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    locale: Mapped[str] = mapped_column(String(8))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    passphrase_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    private_key_by_passphrase: Mapped[bytes] = mapped_column(LargeBinary)
    recovery_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    private_key_by_recovery: Mapped[bytes] = mapped_column(LargeBinary)
    failed_unlocks: Mapped[int] = mapped_column(Integer, default=0)
    failed_unlocks_unreported: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime())
    active: Mapped[bool] = mapped_column(default=True)
    last_unlock_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Deactivated people are never identified, alerted or sealed to; their key copies are gone.
    deactivated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Someone who serves several organizations has a row (and a key pair) in each; the one they
    # chose last (/org) is the one they act as.
    selected_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Invite(Base):
    """A one-time enrolment link. Only a hash of its token is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    used_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Case(Base):
    """A report. Holds a random public id, category, route, status, times and the case's public key."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    category: Mapped[str] = mapped_column(String(32))
    route: Mapped[str] = mapped_column(String(16))  # "officers" | "board"
    status: Mapped[str] = mapped_column(String(32), default="new")
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    # Reporter actions are dated by the organization's local day (midnight, in UTC), never to
    # the second: created_at is the day the report was filed, updated_at the day of the
    # reporter's latest follow-up. Staff actions have their own precise times (acknowledged_at...).
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    acknowledge_due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    feedback_due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Retention (bot/services/retention.py): the local day a closed case's content is deleted,
    # the last warning its readers had (days before: 14, 3; 0 for none yet), and the day it was.
    purge_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    purge_warned: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    purged_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    items: Mapped[list[CaseItem]] = relationship(back_populates="case", order_by="CaseItem.created_at")


class CaseAccess(Base):
    """The case's private key sealed to one person who may read the case."""

    __tablename__ = "case_access"
    __table_args__ = (UniqueConstraint("case_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    sealed_case_key: Mapped[bytes] = mapped_column(LargeBinary)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Mailbox(Base):
    """The reporter's side of a case, found only through the receipt's Argon2id tag.

    The reporter's private key is wrapped under a second, independent derivation of the
    receipt; the case's private key is sealed to the reporter's public key.
    """

    __tablename__ = "mailboxes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    receipt_tag: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    key_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    private_key_by_receipt: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_case_key: Mapped[bytes] = mapped_column(LargeBinary)
    # Opt-in notifications: {chat id, locale} encrypted under the server notification key
    # (config, never the database). Erased when the case closes.
    notify_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class CaseItem(Base):
    """One entry of a case's timeline. Content is always sealed to the case key; `detail` holds
    only non-content facts (a status name, a person id) for entries that carry no content."""

    __tablename__ = "case_items"

    # Random, not sequential: in id order, a reporter's follow-up would sit between two staff
    # entries whose times the audit log has to the second, and be dated by them. The readers
    # order entries by the precise time sealed inside each of the reporter's entries.
    # (SQLite's INTEGER primary key is 64-bit already.)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=False, default=random_row_id)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # report | attachment | message | reply | note | status | acknowledged | escalated | granted
    kind: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(32))  # "reporter" | "person:<id>"
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())  # the reporter's entries: the day only
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    detail: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # HMAC under the case's entry key (bot/services/entries.py): only a holder of the case's
    # private key could have written it. Entries without one (written before 0010) or with a
    # wrong one are shown as unverified.
    tag: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)

    case: Mapped[Case] = relationship(back_populates="items")


class OutboxMessage(Base):
    """A message the bot must send, written in the same transaction as its cause."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "sent_at", "failed_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    dedup_key: Mapped[str] = mapped_column(String(128), unique=True)
    # Staff chats are stored in clear; a reporter's chat id only ever as `sealed_chat_id`
    # (under the server notification key), wiped once the message is sent.
    chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    sealed_chat_id: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    # Inline keyboard as Bot API JSON; never carries content, only commands and case ids.
    reply_markup: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)


class AuditEntry(Base):
    """Append-only, hash-chained: who did what to which case, never what the case says.

    `prev_hash` is unique, so two writers can never both extend the same entry (no forks).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(32))  # "person:<id>" | "reporter" | "operator" | "system"
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    subject: Mapped[str | None] = mapped_column(String(32), nullable=True)  # "person:<id>" | "invite:<id>"
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class PendingAuditEntry(Base):
    """A reporter's action, waiting for the next day to join the audit chain.

    Written into the chain at once, it would sit between staff entries stamped to the second,
    and its place would date the reporter's action to the minutes between them. So it waits
    here with only its day, and the next day the day's entries join the chain together, in
    random order, stamped with the day alone.
    """

    __tablename__ = "audit_pending"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    day: Mapped[date] = mapped_column(Date, index=True)  # the organization's local date


class ScheduledDeletion(Base):
    """A bot message showing decrypted content in a staff chat, to be deleted at `delete_at`."""

    __tablename__ = "scheduled_deletions"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    delete_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class Deadline(Base):
    """A dated obligation the reminder engine watches: a case's acknowledgement or feedback due
    date, or (later) a plan item's occurrence. `next_remind_at` is the next moment the engine
    must look at it, so a tick is one indexed range query however many deadlines exist."""

    __tablename__ = "deadlines"
    __table_args__ = (Index("ix_deadlines_due", "status", "next_remind_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    key: Mapped[str] = mapped_column(String(64), unique=True)  # "case-ack:12", "plan:7:2026-12-05"
    kind: Mapped[str] = mapped_column(String(16))  # "case-ack" | "case-feedback" | "plan"
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id"), nullable=True, index=True)
    due_date: Mapped[date] = mapped_column(Date)  # a local calendar date
    status: Mapped[str] = mapped_column(String(16), default="open")  # "open" | "done" | "na"
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    next_remind_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Plan occurrences: how they were completed. Plan data, not report content.
    snoozed_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    evidence: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class PlanItem(Base):
    """A measure of the organization's anti-corruption plan: built in (Appendix 2 of Order 178,
    the §18/§19 reports) or imported. Texts are {locale: text} JSON."""

    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("org_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(16))  # "builtin" | "import"
    rule: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    event: Mapped[str | None] = mapped_column(String(32), nullable=True)  # event this item's approval records
    # "active" | "confirm" (a past one-off: done already?) | "done" | "na"
    state: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReminderMark(Base):
    """One reminder, sent once: unique per (deadline, slot, recipient). Written in the same
    transaction as its outbox row, so a crash either keeps both or neither."""

    __tablename__ = "reminder_marks"
    __table_args__ = (UniqueConstraint("deadline_id", "slot", "recipient_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"))
    slot: Mapped[str] = mapped_column(String(24))  # "lead:7" | "overdue:2" | "escalation"
    recipient_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProcessedUpdate(Base):
    """Telegram update ids already taken, for a window: a webhook retry has no second effect."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Midnight UTC of the day it was taken: a burst of a reporter's updates stamped to the second
    # would date their report. Kept until the day after next, which covers Telegram's retries.
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class DeploymentSetting(Base):
    """A setting the data depends on, recorded when data first depended on it. Today: the
    Argon2id cost, which every wrapped private key and every receipt tag was derived with."""

    __tablename__ = "deployment_settings"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class LoopStatus(Base):
    """How a background loop fares (bot/supervision.py), for `python -m bot status`: times and
    error type names only."""

    __tablename__ = "loop_status"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    failures_in_row: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
