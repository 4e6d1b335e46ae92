"""Small Telegram helpers shared by handlers."""

from __future__ import annotations

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import Message

TELEGRAM_TEXT_LIMIT = 4096
# "/unlock <passphrase>" (or "/unlock@bot <passphrase>"): a secret wherever it was typed.
UNLOCK_WITH_SECRET = r"(?s)^/unlock(@\w+)?\s+\S"


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
