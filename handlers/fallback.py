"""Last resort: unknown commands, stray messages, stale or forged buttons, and errors.

Errors are logged by type and code location only: an exception message may quote content.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_i18n import I18nContext

from bot.context import AppContext
from bot.i18n import AdalLocaleManager
from bot.services.errors import storage_unavailable
from handlers import keyboards
from handlers.keyboards import ReportCb
from handlers.util import UNLOCK_WITH_SECRET, try_delete
from storage.models import Person

log = logging.getLogger(__name__)
router = Router(name="fallback")


@router.message(F.text.startswith("/"))
async def unknown_command(message: Message, i18n: I18nContext) -> None:
    # Staff commands from someone not enrolled land here too: same answer, nothing revealed.
    if re.match(UNLOCK_WITH_SECRET, message.text):
        await try_delete(message)  # a passphrase typed where nobody handles it: gone all the same
    await message.answer(i18n.get("unknown-command"))


@router.message()
async def stray_message(message: Message, i18n: I18nContext, person: Person | None) -> None:
    if person is not None:
        await message.answer(i18n.get(f"help-{person.role}"))
        return
    # Possibly a draft that a restart forgot: say so, never pretend it was kept.
    await message.answer(i18n.get("stray-message"), reply_markup=keyboards.main_menu(i18n))


@router.callback_query(F.data.startswith(f"{ReportCb.__prefix__}:"))
async def forgotten_draft_button(query: CallbackQuery, i18n: I18nContext) -> None:
    # A draft's button whose draft is gone (idle too long, or a restart): say exactly that.
    await query.answer(i18n.get("draft-expired"), show_alert=True)


@router.callback_query()
async def unknown_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("button-expired"), show_alert=True)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    return " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}" for f in reversed(frames[-6:]))


@router.errors()
async def on_error(event: ErrorEvent, i18n: I18nContext | None = None, **data: Any) -> bool:
    log.error("handler failed: %s at %s", type(event.exception).__name__, _where(event.exception))
    key = "error-unavailable" if storage_unavailable(event.exception) else "error-generic"
    text = i18n.get(key) if i18n is not None else await _translate_without_database(key, data)
    if text is None:
        return True
    update = event.update
    try:
        if update.message is not None:
            await update.message.answer(text)
        elif update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
    except Exception as exc:  # noqa: BLE001 - the apology itself failed; nothing more to do
        log.error("could not report the failure: %s", type(exc).__name__)
    return True


async def _translate_without_database(key: str, data: dict[str, Any]) -> str | None:
    """The failure came before the language was chosen (the database did not answer when the
    update began): the language comes from the conversation or Telegram's language code."""
    ctx: AppContext | None = data.get("ctx")
    if ctx is None:
        return None
    manager = AdalLocaleManager(default_locale=ctx.settings.i18n.default_locale)
    locale = await manager.get_locale(event_from_user=data.get("event_from_user"), state=data.get("state"))
    return ctx.translate(locale, key)
