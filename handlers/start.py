"""/start, /language, /help and the privacy note. Private chats only."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import AppContext
from bot.services import organizations
from bot.i18n import speaks
from bot.menus import set_person_commands
from handlers import keyboards
from handlers.keyboards import LanguageCb, ReportCb
from handlers.states import ReportForm
from handlers.util import try_delete
from storage.models import Person

router = Router(name="start")
router.message.filter(F.chat.type == "private")

DRAFT_STATES = {state.state for state in ReportForm.__all_states__}


@router.message(CommandStart(deep_link=False))
@router.message(CommandStart(deep_link=True, magic=F.args.regexp(r"^(?!inv_)")))
async def start(message: Message, command: CommandObject, state: FSMContext, i18n: I18nContext,
                person: Person | None, db: AsyncSession) -> None:
    if await state.get_state() in DRAFT_STATES:
        await message.answer(i18n.get("draft-resume-question"), reply_markup=keyboards.resume_or_discard(i18n))
        return
    await state.clear()
    if person is not None:
        await message.answer(i18n.get(f"help-{person.role}"))
        return
    chosen = await _organization_of_link(command.args, state, db)
    if message.from_user is not None and speaks(message.from_user.language_code):
        # Telegram's language is one of ours: straight to the menu (its 🌐 button changes it).
        await message.answer(i18n.get("privacy-note"))
        if chosen is not None:
            await message.answer(chosen(i18n))
        await message.answer(i18n.get("main-menu"), reply_markup=keyboards.main_menu(i18n))
        return
    await message.answer(i18n.get("welcome-choose-language"), reply_markup=keyboards.languages())


async def _organization_of_link(payload: str | None, state: FSMContext, db: AsyncSession):  # type: ignore[no-untyped-def]
    """An organization's own link (?start=o_<slug>) chooses it for this conversation, in memory
    only. Returns what to say about it (a function of the language), or None for a plain /start."""
    slug = organizations.slug_of_payload(payload or "")
    if slug is None:
        return None
    org = await organizations.by_slug(db, slug)
    if org is None:
        return lambda i18n: i18n.get("org-link-unknown")
    await state.set_data({"org": org.id})
    return lambda i18n: i18n.get("org-report-goes-to", organization=html.escape(org.name))


@router.message(Command("language"))
async def choose_language(message: Message) -> None:
    await message.answer("🌐", reply_markup=keyboards.languages())


@router.callback_query(ReportCb.filter(F.action == "language"))
async def choose_language_button(query: CallbackQuery) -> None:
    await query.answer()
    if query.message:
        await query.message.answer("🌐", reply_markup=keyboards.languages())


@router.callback_query(LanguageCb.filter())
async def language_chosen(
    query: CallbackQuery, callback_data: LanguageCb, i18n: I18nContext, person: Person | None, ctx: AppContext
) -> None:
    if callback_data.code not in ("kk", "ru", "en"):
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    await i18n.set_locale(callback_data.code)
    await query.answer(i18n.get("language-set"))
    if query.message is None:
        return
    if person is not None:
        await set_person_commands(query.bot, person, ctx)
        await query.message.answer(i18n.get(f"help-{person.role}"))
    else:
        await query.message.answer(i18n.get("privacy-note"))
        await query.message.answer(i18n.get("main-menu"), reply_markup=keyboards.main_menu(i18n))


@router.message(Command("help"))
async def help_(message: Message, i18n: I18nContext, person: Person | None) -> None:
    if person is not None:
        await message.answer(i18n.get(f"help-{person.role}"))
    else:
        await message.answer(i18n.get("help-reporter"), reply_markup=keyboards.main_menu(i18n))


@router.message(Command("privacy"))
async def privacy(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("privacy-note"))


@router.callback_query(F.data == keyboards.DELETE_MESSAGE)
async def delete_message(query: CallbackQuery, i18n: I18nContext) -> None:
    # Offered under receipts and recovery keys: the person saved it and wants it gone.
    deleted = isinstance(query.message, Message) and await try_delete(query.message)
    await query.answer(i18n.get("message-deleted" if deleted else "message-delete-failed"), show_alert=not deleted)
