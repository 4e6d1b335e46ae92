"""Files sent by reporters: what we accept, and fetching them from Telegram.

A reporter's file is fetched twice: when it arrives, to tell the reporter what cleaning will
remove (or that it cannot be cleaned), and at submission, when it is cleaned for real and
sealed. Keeping the cleaned bytes in the draft instead would hold up to ten 20 MB files per
reporter in memory for as long as a draft lives.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot, F
from aiogram.types import Message

from bot.services import reports, scrub

log = logging.getLogger(__name__)
ACCEPTED_FILES = F.photo | F.document | F.voice | F.audio | F.video
# Names given to files that came without one: not the reporter's, nothing to keep.
_NAME_IF_NONE = {"photo": "photo.jpg", "voice": "voice.ogg", "audio": "audio", "video": "video.mp4", "document": "file"}
DEFAULT_NAMES = frozenset(_NAME_IF_NONE.values())


def file_of(message: Message) -> dict[str, Any] | None:
    """The attachment in a message as plain data, or None if it carries none we accept."""
    if message.photo:
        largest = message.photo[-1]
        return {"kind": "photo", "file_id": largest.file_id, "size": largest.file_size or 0,
                "file_name": _NAME_IF_NONE["photo"], "mime_type": "image/jpeg"}
    for kind in ("document", "voice", "audio", "video"):
        item = getattr(message, kind)
        if item is not None:
            return {"kind": kind, "file_id": item.file_id, "size": item.file_size or 0,
                    "file_name": getattr(item, "file_name", None) or _NAME_IF_NONE[kind],
                    "mime_type": item.mime_type or "application/octet-stream"}
    return None



async def accept_file(message: Message, i18n: Any, limits: Any, attached: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The file in `message` if it is within the limits, given the files `attached` already;
    otherwise answer why, and None. The caller's draft is untouched either way."""
    attachment = file_of(message)
    if attachment is None:
        return None
    if attachment["size"] > limits.max_file_bytes:
        await message.answer(i18n.get("report-file-too-big", limit_mb=str(limits.max_file_bytes // (1024 * 1024))))
        return None
    if len(attached) >= limits.max_attachments:
        await message.answer(i18n.get("report-too-many-files", limit=str(limits.max_attachments)))
        return None
    if attachment["size"] + sum(int(f.get("size") or 0) for f in attached) > limits.max_report_bytes:
        await message.answer(i18n.get("report-files-too-large", limit_mb=str(limits.max_report_bytes // (1024 * 1024))))
        return None
    return attachment


class DownloadFailed(Exception):
    """A file could not be fetched from Telegram; the caller keeps the draft."""


async def fetch(bot: Bot, item: dict[str, Any], max_bytes: int) -> bytes:
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
    return buffer.read()


async def download(bot: Bot, item: dict[str, Any], max_bytes: int) -> reports.Attachment:
    """A staff member's file, as sent (plan evidence)."""
    return reports.Attachment(item["kind"], item["file_name"], item["mime_type"], await fetch(bot, item, max_bytes))


async def prepare(bot: Bot, item: dict[str, Any], number: int, max_bytes: int) -> scrub.Prepared:
    """A reporter's file, fetched, cleaned (in a worker thread: it is CPU work) and named.
    Raises DownloadFailed, or scrub.CannotScrub unless the reporter chose to send it as it is."""
    data = await fetch(bot, item, max_bytes)
    return await asyncio.to_thread(
        scrub.prepare, data, kind=item["kind"], original_name=item["file_name"], original_mime=item["mime_type"],
        number=number, as_is=item.get("as_is", False), keep_name=item.get("keep_name", False))


async def download_clean(bot: Bot, items: list[dict[str, Any]], max_bytes: int) -> list[reports.Attachment]:
    """At submission: every file of a draft, cleaned as the reporter was told."""
    attachments = []
    for number, item in enumerate(items, start=1):
        try:
            prepared = await prepare(bot, item, number, max_bytes)
        except scrub.CannotScrub:
            raise DownloadFailed() from None  # it was cleanable when it arrived: never send it uncleaned
        attachments.append(reports.Attachment(item["kind"], prepared.file_name, prepared.mime_type, prepared.data))
    return attachments
