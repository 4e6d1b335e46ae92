"""Group chats: the bot never takes reports where others can read along, and says why."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.util import UNLOCK_WITH_SECRET, try_delete

router = Router(name="groups")
router.message.filter(F.chat.type != "private")
router.callback_query.filter(F.message.chat.type != "private")


@router.message(F.text.regexp(UNLOCK_WITH_SECRET))
async def passphrase_in_group(message: Message, i18n: I18nContext) -> None:
    # Deleting needs the bot to be a group admin; if it cannot, the person must know at once.
    deleted = await try_delete(message)
    await message.answer(i18n.get("group-secret-deleted" if deleted else "group-secret-not-deleted"))


@router.message(F.text.startswith("/"))
async def command_in_group(message: Message, i18n: I18nContext) -> None:
    await message.reply(i18n.get("group-refused"))


@router.message()
async def other_group_message(message: Message) -> None:
    # Ordinary group traffic is none of the bot's business: ignore it silently.
    return None


@router.callback_query()
async def callback_in_group(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("group-refused"), show_alert=True)
