"""Small Telegram helpers shared by handlers."""

from __future__ import annotations

import html
from collections.abc import Iterable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import people
from storage.models import Organization, Person

TELEGRAM_TEXT_LIMIT = 4096
# "/unlock <passphrase>" (or "/unlock@bot <passphrase>"): a secret wherever it was typed.
UNLOCK_WITH_SECRET = r"(?s)^/unlock(@\w+)?\s+\S"


async def delete_messages(bot: Bot, chat_id: int, message_ids: Iterable[int]) -> int:
    """Delete messages of one chat; returns how many went. One that Telegram refuses (already
    gone, or older than the 48 h it allows) is skipped."""
    deleted = 0
    for message_id in message_ids:
        try:
            deleted += bool(await bot.delete_message(chat_id, message_id))
        except (TelegramBadRequest, TelegramForbiddenError):
            pass
    return deleted


async def try_delete(message: Message) -> bool:
    """Delete a message; False if Telegram refuses (too old, already gone). Never raises."""
    try:
        return bool(await message.delete())
    except (TelegramBadRequest, TelegramForbiddenError):
        return False


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Cut long text into message-sized chunks, preferring line breaks."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text:
        chunks.append(text)
    return chunks


async def remove_buttons(message: Message | None) -> None:
    """Take the buttons off a message (a confirmation or a preview that was answered), so it is
    not pressed twice. Best effort: a message older than 48 hours cannot be edited, and every
    action is re-checked on the server anyway."""
    if message is None:
        return
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramAPIError:
        pass


async def organization_heading(db: AsyncSession, person: Person) -> list[str]:
    """"🏢 <name>" above a staff member's lists when they serve more than one organization: the
    lists are the organization they act for (/org switches)."""
    if len(await people.memberships(db, person.telegram_user_id)) < 2:
        return []
    org = await db.get(Organization, person.org_id)
    return [f"🏢 <b>{html.escape(org.name)}</b>"]
