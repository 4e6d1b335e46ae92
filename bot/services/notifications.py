"""Opt-in reporter notifications. The reporter's chat id exists in the database only encrypted
under the server notification key (from the config, never the database), and is erased when the
case closes. A notification says only "new reply in case X; use /check"."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, outbox
from storage import crypto
from storage.models import Case, Mailbox

_PURPOSE = "notify-chat"


@dataclass(frozen=True)
class NotificationKey:
    """The server secret turned into an AEAD key."""

    key: bytes

    @classmethod
    def from_secret(cls, secret: str) -> NotificationKey:
        return cls(hashlib.sha256(b"adal/notify/v1:" + secret.encode()).digest())

    def seal_target(self, chat_id: int, locale: str) -> bytes:
        return crypto.wrap(self.key, json.dumps({"chat": chat_id, "locale": locale}).encode(), purpose=_PURPOSE)

    def open_target(self, blob: bytes) -> tuple[int, str]:
        target = json.loads(crypto.unwrap(self.key, blob, purpose=_PURPOSE))
        return int(target["chat"]), str(target["locale"])

    def seal_chat(self, chat_id: int) -> bytes:
        return crypto.wrap(self.key, str(chat_id).encode(), purpose=_PURPOSE + "/outbox")

    def open_chat(self, blob: bytes) -> int:
        return int(crypto.unwrap(self.key, blob, purpose=_PURPOSE + "/outbox"))


async def set_opt_in(session: AsyncSession, case_id: int, key: NotificationKey, chat_id: int | None, locale: str,
                     now: datetime, zone: tzinfo = UTC) -> None:
    """Turn notifications on (chat id given) or off (None) for a case's mailbox."""
    mailbox = await session.scalar(select(Mailbox).where(Mailbox.case_id == case_id))
    case = await session.get(Case, case_id)
    if mailbox is None or case is None:
        return
    turn_on = chat_id is not None and case.closed_at is None
    mailbox.notify_sealed = key.seal_target(chat_id, locale) if turn_on else None
    audit.defer_reporter_action(session, org_id=case.org_id, action="notifications-on" if turn_on else "notifications-off",
                                day=now.astimezone(zone).date(), case_id=case.id)
    await session.commit()


async def is_opted_in(session: AsyncSession, case_id: int) -> bool:
    sealed = await session.scalar(select(Mailbox.notify_sealed).where(Mailbox.case_id == case_id))
    return sealed is not None


async def queue_reporter_notice(
    session: AsyncSession, case: Case, *, key: NotificationKey | None, event_key: str, now: datetime, translate
) -> bool:  # type: ignore[no-untyped-def]
    """If the reporter opted in, queue "new reply in case X" in their language. Part of the caller's transaction."""
    if key is None:
        return False
    sealed = await session.scalar(select(Mailbox.notify_sealed).where(Mailbox.case_id == case.id))
    if sealed is None:
        return False
    try:
        chat_id, locale = key.open_target(sealed)
    except crypto.CryptoError:
        # Sealed under a notification key that has since changed: the reporter's opt-in is gone
        # with it. Forget it; the officer's action goes on.
        await erase_on_close(session, case.id)
        return False
    outbox.enqueue(
        session, org_id=case.org_id, dedup_key=f"{NOTICE_PREFIX}{case.id}:{event_key}", chat_id=None,
        sealed_chat_id=key.seal_chat(chat_id), text=translate(locale, "notify-reporter", public_id=case.public_id),
        now=now,
    )
    return True


NOTICE_PREFIX = "notify:"


def case_of_notice(dedup_key: str) -> int | None:
    """The case a reporter notice row belongs to, from its key (`notify:<case id>:<event>`)."""
    if not dedup_key.startswith(NOTICE_PREFIX):
        return None
    case_id = dedup_key[len(NOTICE_PREFIX):].split(":", 1)[0]
    return int(case_id) if case_id.isdigit() else None


async def forget_target(session: AsyncSession, dedup_key: str) -> None:
    """A notice failed for good (the reporter blocked the bot, deleted the chat, or the key
    changed): the sealed chat id of that case's mailbox goes too. Commits."""
    case_id = case_of_notice(dedup_key)
    if case_id is not None:
        await erase_on_close(session, case_id)
        await session.commit()


async def erase_on_close(session: AsyncSession, case_id: int) -> None:
    mailbox = await session.scalar(select(Mailbox).where(Mailbox.case_id == case_id))
    if mailbox is not None:
        mailbox.notify_sealed = None
