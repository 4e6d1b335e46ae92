"""Files sent by reporters: what we accept, and fetching them from Telegram at submission."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, F
from aiogram.types import Message

from bot.services import reports

log = logging.getLogger(__name__)
ACCEPTED_FILES = F.photo | F.document | F.voice | F.audio | F.video


def file_of(message: Message) -> dict[str, Any] | None:
    """The attachment in a message as plain data, or None if it carries none we accept."""
    if message.photo:
        largest = message.photo[-1]
        return {"kind": "photo", "file_id": largest.file_id, "size": largest.file_size or 0,
                "file_name": f"photo-{largest.file_unique_id}.jpg", "mime_type": "image/jpeg"}
    for kind in ("document", "voice", "audio", "video"):
        item = getattr(message, kind)
        if item is not None:
            default_names = {"voice": "voice.ogg", "audio": "audio", "video": "video.mp4", "document": "file"}
            return {"kind": kind, "file_id": item.file_id, "size": item.file_size or 0,
                    "file_name": getattr(item, "file_name", None) or default_names[kind],
                    "mime_type": item.mime_type or "application/octet-stream"}
    return None



async def accept_file(message: Message, i18n: Any, limits: Any, attached: int) -> dict[str, Any] | None:
    """The file in `message` if it is within the limits; otherwise answer why, and None.
    The caller's draft is untouched either way."""
    attachment = file_of(message)
    if attachment is None:
        return None
    if attachment["size"] > limits.max_file_bytes:
        await message.answer(i18n.get("report-file-too-big", limit_mb=str(limits.max_file_bytes // (1024 * 1024))))
        return None
    if attached >= limits.max_attachments:
        await message.answer(i18n.get("report-too-many-files", limit=str(limits.max_attachments)))
        return None
    return attachment


class DownloadFailed(Exception):
    """A file could not be fetched from Telegram; the caller keeps the draft."""


async def download(bot: Bot, item: dict[str, Any], max_bytes: int) -> reports.Attachment:
    try:
        file = await bot.get_file(item["file_id"])
        if file.file_size and file.file_size > max_bytes or not file.file_path:
            raise DownloadFailed()
        buffer = await bot.download_file(file.file_path)
    except DownloadFailed:
        raise
    except Exception as exc:  # network or API failure: keep the draft and let the reporter retry
        log.warning("attachment download failed: %s", type(exc).__name__)
        raise DownloadFailed() from None
    return reports.Attachment(item["kind"], item["file_name"], item["mime_type"], buffer.read())
